public import Foundation
public import OutreachCore

/// Where an order (点单) stands.
///
/// `open → proposed → confirmed → accepted → scheduled`; the lecturer may decline a confirmed order
/// (`declined`), after which XinQiao proposes again without them; any order not yet scheduled can be
/// `cancelled`.
public enum OrderState: String, Codable, CaseIterable, Sendable {
    case open, proposed, confirmed, accepted, declined, scheduled, cancelled
}

/// A step of an order's lifecycle, as the audit log and the CLI name it.
public enum OrderAction: String, Codable, CaseIterable, Sendable {
    case propose, confirm, accept, decline, schedule, cancel
}

/// A lecturer XinQiao proposes for an order, with the preferred dates they can take.
public struct Proposal: Codable, Equatable, Sendable {
    public var lecturer: Lecturer.ID
    public var name: String
    public var dates: [String]
    /// Whether one of the lecturer's regions names the order's region (rather than serving everywhere).
    public var regionMatch: Bool

    public init(lecturer: Lecturer.ID, name: String, dates: [String], regionMatch: Bool) {
        self.lecturer = lecturer
        self.name = name
        self.dates = dates
        self.regionMatch = regionMatch
    }
}

/// A school's or community's order of a lecture from the topic menu.
public struct LectureOrder: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<LectureOrder>

    public var id: ID
    /// The school or community that ordered it.
    public var requester: String
    public var topic: String
    /// Preferred days, `YYYY-MM-DD`, most preferred first.
    public var preferredDates: [String]
    /// Start time (`HH:mm`, Beijing) and length of the session asked for.
    public var time: String
    public var minutes: Int
    public var audience: Int
    public var region: String
    public var state: OrderState
    public var proposals: [Proposal]
    /// The lecturer and day the organiser confirmed.
    public var lecturer: Lecturer.ID?
    public var date: String?
    /// Lecturers who declined it (not proposed again).
    public var declinedBy: [Lecturer.ID]
    /// The lecture it became.
    public var lecture: Lecture.ID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, requester: String, topic: String, preferredDates: [String], time: String = "19:00", minutes: Int = 90, audience: Int,
        region: String, state: OrderState = .open, proposals: [Proposal] = [], lecturer: Lecturer.ID? = nil, date: String? = nil,
        declinedBy: [Lecturer.ID] = [], lecture: Lecture.ID? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.requester = requester
        self.topic = topic
        self.preferredDates = preferredDates
        self.time = time
        self.minutes = minutes
        self.audience = audience
        self.region = region
        self.state = state
        self.proposals = proposals
        self.lecturer = lecturer
        self.date = date
        self.declinedBy = declinedBy
        self.lecture = lecture
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Checks a new order.
    public func validate() throws(LectureError) {
        guard Account.isValidID(id.rawValue) else { throw .invalidID(kind: "order", id.rawValue) }
        guard !requester.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyName(kind: "order requester") }
        _ = try Topic.require(topic)
        guard !preferredDates.isEmpty else { throw .noPreferredDates }
        if let day = preferredDates.first(where: { !BeijingTime.isDay($0) }) { throw .invalidDate(day) }
        guard let start = BeijingTime.minutes(time), start < 24 * 60 else { throw .invalidDate(time) }
        guard (15...480).contains(minutes), start + minutes <= 24 * 60 else { throw .invalidLength(minutes) }
        guard audience > 0 else { throw .invalidCapacity(audience) }
    }

    /// The session on one of its preferred days.
    public func slot(on day: String) -> (start: Date, end: Date)? {
        guard let minute = BeijingTime.minutes(time), let start = BeijingTime.date(day: day, minutes: minute) else { return nil }
        return (start, start.addingTimeInterval(TimeInterval(minutes * 60)))
    }

    /// The state `action` leads to, or why it may not happen.
    public func next(_ action: OrderAction) throws(LectureError) -> OrderState {
        switch (action, state) {
        case (.propose, .open), (.propose, .proposed), (.propose, .declined): return .proposed
        case (.confirm, .proposed): return .confirmed
        case (.accept, .confirmed): return .accepted
        case (.decline, .confirmed): return .declined
        case (.schedule, .accepted): return .scheduled
        case (.cancel, .open), (.cancel, .proposed), (.cancel, .confirmed), (.cancel, .accepted), (.cancel, .declined): return .cancelled
        default: throw .invalidTransition(order: id.rawValue, from: state, action: action)
        }
    }
}
