/// A problem in one content file, reported as `path:line: message`.
public struct ContentError: Error, Equatable, Sendable, CustomStringConvertible, Codable {
    public var path: String
    /// 1-based line; 1 when the problem concerns the whole file.
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = max(1, line)
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// A problem found while reading fields; the parser adds the path.
struct FieldError: Error {
    var line: Int
    var message: String
}
