import Foundation
public import OutreachCore

/// A place where lectures are held: a community centre, a school hall, a library room.
public struct Venue: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Venue>

    public var id: ID
    public var name: String
    public var address: String
    /// The region (省/市/区县 or community name) the venue serves; a lecture takes its region from here.
    public var region: String
    /// Seats; a lecture at the venue may not offer more.
    public var capacity: Int
    /// Step-free access, hearing loop, sign language … as free text.
    public var accessibility: String

    public init(id: ID, name: String, address: String = "", region: String = "", capacity: Int, accessibility: String = "") {
        self.id = id
        self.name = name
        self.address = address
        self.region = region
        self.capacity = capacity
        self.accessibility = accessibility
    }

    /// Checks the id, name and capacity.
    public func validate() throws(LectureError) {
        guard Account.isValidID(id.rawValue) else { throw .invalidID(kind: "venue", id.rawValue) }
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyName(kind: "venue") }
        guard capacity > 0 else { throw .invalidCapacity(capacity) }
    }
}
