public import Foundation
public import OutreachCore

/// One session of a community lecture at a venue, with seats parents register for.
public struct Lecture: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Lecture>

    public var id: ID
    public var title: String
    public var venue: Venue.ID
    public var lecturer: Lecturer.ID?
    public var start: Date
    public var end: Date
    public var capacity: Int
    /// The venue's region, copied when the lecture is scheduled (lists and coverage filter on it).
    public var region: String
    public var topic: String?
    /// The id shared by the sessions of a weekly series (`lecture add --repeat weekly`).
    public var series: String?
    /// The quiz parents take after the lecture (its awareness is compared before and after).
    public var quiz: String?
    /// The order (点单) it was scheduled from.
    public var order: String?

    public init(
        id: ID, title: String, venue: Venue.ID, lecturer: Lecturer.ID? = nil, start: Date, end: Date, capacity: Int, region: String = "",
        topic: String? = nil, series: String? = nil, quiz: String? = nil, order: String? = nil
    ) {
        self.id = id
        self.title = title
        self.venue = venue
        self.lecturer = lecturer
        self.start = start
        self.end = end
        self.capacity = capacity
        self.region = region
        self.topic = topic
        self.series = series
        self.quiz = quiz
        self.order = order
    }

    /// Checks what does not need the store: id, title, times, capacity, topic.
    public func validate() throws(LectureError) {
        guard Account.isValidID(id.rawValue) else { throw .invalidID(kind: "lecture", id.rawValue) }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyName(kind: "lecture") }
        guard end > start else { throw .endBeforeStart(start: BeijingTime.text(start), end: BeijingTime.text(end)) }
        guard end.timeIntervalSince(start) <= 24 * 3600 else { throw .tooLong(BeijingTime.text(start), BeijingTime.text(end)) }
        guard capacity > 0 else { throw .invalidCapacity(capacity) }
        if let topic { _ = try Topic.require(topic) }
    }

    /// Whether the two sessions overlap in time (touching ends do not).
    public func overlaps(_ other: Lecture) -> Bool { start < other.end && other.start < end }

    /// The sessions of a weekly series: `count` copies a week apart, ids `ID-1` … `ID-N`, sharing the
    /// series id `ID`. Weeks are counted in Beijing calendar days, so the local time stays the same.
    public func weekly(count: Int) throws(LectureError) -> [Lecture] {
        guard (1...52).contains(count) else { throw .invalidCount(count) }
        var sessions: [Lecture] = []
        for week in 0..<count {
            var session = self
            session.id = ID("\(id.rawValue)-\(week + 1)")
            session.series = id.rawValue
            guard let start = BeijingTime.calendar.date(byAdding: .day, value: 7 * week, to: start),
                let end = BeijingTime.calendar.date(byAdding: .day, value: 7 * week, to: end)
            else { throw .invalidCount(count) }
            session.start = start
            session.end = end
            sessions.append(session)
        }
        return sessions
    }
}

/// Where a parent's registration for a lecture stands.
public enum RegistrationStatus: String, Codable, CaseIterable, Sendable {
    case registered, waitlisted, cancelled
}

/// A parent's registration for one lecture.
///
/// `sequence` is the lecture's registration counter when the parent registered: it gives the seat
/// list and the waitlist one definite order. `position` is the 1-based place within the current
/// status (seat number among the registered, place in the waitlist).
public struct Registration: Codable, Equatable, Sendable {
    public var lecture: Lecture.ID
    public var parent: Account.ID
    public var status: RegistrationStatus
    public var sequence: Int
    public var position: Int
    /// The per-registration code shown at the door (check-in).
    public var code: String
    public var registeredAt: Date
    public var checkedInAt: Date?
    public var remindedAt: Date?

    public init(
        lecture: Lecture.ID, parent: Account.ID, status: RegistrationStatus, sequence: Int, position: Int, code: String, registeredAt: Date,
        checkedInAt: Date? = nil, remindedAt: Date? = nil
    ) {
        self.lecture = lecture
        self.parent = parent
        self.status = status
        self.sequence = sequence
        self.position = position
        self.code = code
        self.registeredAt = registeredAt
        self.checkedInAt = checkedInAt
        self.remindedAt = remindedAt
    }

    /// A new check-in code: 8 characters without look-alikes (0/O, 1/I/L), about 40 bits.
    public static func makeCode() -> String {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
