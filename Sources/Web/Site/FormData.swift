import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or a query string), decoded strictly:
/// a broken %-escape, invalid UTF-8 or a NUL byte is refused (a 400 page), never replaced silently.
///
/// Repeated names keep every value in order (`values(of:)`, for checkboxes); `subscript` gives the
/// first. Values are raw user text: templates escape them when they are shown.
public struct FormData: Sendable, Equatable {
    /// Name–value pairs in the order they came.
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    /// Parses `a=1&b=%E4%BD%A0` (`+` is a space).
    public init(urlEncoded text: String) throws(PageError) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    public func values(of name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first value of `name`, trimmed, or nil when missing or blank.
    public func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    public static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.pairs.map(\.name) == rhs.pairs.map(\.name) && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
    }

    /// Percent-decodes one component; `+` is a space.
    static func decode(_ component: Substring) throws(PageError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Self.hex), let low = iterator.next().flatMap(Self.hex) else {
                    throw PageError.badRequest("表单或网址里有不完整的 % 转义，请返回重新填写。")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw PageError.badRequest("表单或网址里有无法识别的文字编码（不是 UTF-8），请返回重新填写。")
        }
        guard !string.unicodeScalars.contains("\u{0}") else { throw PageError.badRequest("表单或网址里有不允许的控制字符。") }
        return string
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
