/// A typed, string-backed identifier: `Identifier<Article>` and `Identifier<Quiz>` do not mix.
///
/// Content ids are stable, human-chosen slugs (`sleep-hours`, `kp-sleep-needs`), so the raw value is a
/// string. Types expose theirs as a nested `ID` typealias.
public struct Identifier<Owner>: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether a string is a valid content id: lowercase ASCII letters, digits and `-`, starting with a
    /// letter or digit, at most 100 characters.
    public static func isValidSlug(_ string: String) -> Bool {
        guard let first = string.utf8.first, string.utf8.count <= 100 else { return false }
        func allowed(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        return allowed(first) && string.utf8.allSatisfy { allowed($0) || $0 == 0x2D }
    }
}
