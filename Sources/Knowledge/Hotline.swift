public import OutreachCore

/// A crisis or help line. The chat, the web crisis banner and letters read them from
/// `Content/hotlines.yaml`, never from code.
public struct Hotline: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Hotline>

    public var id: ID
    public var number: String
    public var name: String
    public var purpose: String
    /// `national`, or the region (province or city) the line serves.
    public var scope: String
    /// Whether this is an emergency number (110, 120) rather than a counselling line.
    public var emergency: Bool
    public var hours: String
    public var source: String

    public init(
        id: ID, number: String, name: String, purpose: String, scope: String, emergency: Bool, hours: String,
        source: String
    ) {
        self.id = id
        self.number = number
        self.name = name
        self.purpose = purpose
        self.scope = scope
        self.emergency = emergency
        self.hours = hours
        self.source = source
    }

    /// Whether the line serves a parent in `region` (national lines serve everyone).
    public func serves(region: String?) -> Bool {
        if scope == "national" { return true }
        guard let region, !region.isEmpty else { return false }
        return region.hasPrefix(scope) || scope.hasPrefix(region)
    }
}
