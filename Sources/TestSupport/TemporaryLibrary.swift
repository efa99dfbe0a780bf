public import Foundation

/// A throwaway folder holding a `Content/` and a `Lessons/` tree, removed on deinit.
public final class TemporaryLibrary: @unchecked Sendable {
    public let root: URL
    public var content: String { root.appendingPathComponent("Content").path }
    public var lessons: String { root.appendingPathComponent("Lessons").path }
    public var roots: [String] { [content, lessons] }

    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("xinqiao-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes text to a path relative to the root (`Content/faq/x.md`), creating folders.
    @discardableResult
    public func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, data: Data(text.utf8))
    }

    @discardableResult
    public func write(_ relativePath: String, data: Data) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }

    public func path(_ relativePath: String) -> String { root.appendingPathComponent(relativePath).path }

    /// A copy of the repository's bundled library.
    public static func copyOfBundled() throws -> TemporaryLibrary {
        let library = try TemporaryLibrary()
        for name in ["Content", "Lessons"] {
            let target = library.root.appendingPathComponent(name)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(name), to: target)
        }
        return library
    }

    /// A minimal valid library: one of every kind, cross-referenced.
    public static func minimal() throws -> TemporaryLibrary {
        let library = try TemporaryLibrary()
        for (path, text) in Fixtures.minimalLibrary { try library.write(path, text) }
        return library
    }
}
