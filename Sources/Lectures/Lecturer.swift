public import Foundation
public import OutreachCore

/// A member of the lecturer pool (讲师团).
public struct Lecturer: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Lecturer>

    public var id: ID
    public var name: String
    /// Topic ids from `Topic.menu`.
    public var topics: [String]
    /// Regions served (prefix match both ways, so 浙江 serves 浙江杭州); empty serves everywhere.
    public var regions: [String]
    public var availability: Availability
    /// The account the lecturer signs in with, to accept or decline orders themselves.
    public var account: Account.ID?

    public init(
        id: ID, name: String, topics: [String], regions: [String] = [], availability: Availability = Availability(),
        account: Account.ID? = nil
    ) {
        self.id = id
        self.name = name
        self.topics = topics
        self.regions = regions
        self.availability = availability
        self.account = account
    }

    /// Checks the id, the name, the topics (on the menu, at least one) and the availability.
    public func validate() throws(LectureError) {
        guard Account.isValidID(id.rawValue) else { throw .invalidID(kind: "lecturer", id.rawValue) }
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyName(kind: "lecturer") }
        guard !topics.isEmpty else { throw .noTopics }
        for topic in topics { _ = try Topic.require(topic) }
        try availability.validate()
    }

    /// Whether the lecturer serves `region` (a venue's or an order's).
    public func serves(_ region: String) -> Bool {
        regions.isEmpty || region.isEmpty || regions.contains { region.hasPrefix($0) || $0.hasPrefix(region) }
    }
}

/// When a lecturer can speak: weekly windows minus blocked dates, in Beijing time.
///
/// Chosen over free-form calendars because lecturers state it this way ("weekday evenings and
/// Saturdays, not during the exam weeks"), and it can be checked without a calendar service: a lecture
/// fits when it starts and ends on one day whose ISO weekday is allowed, inside the hours, on a day
/// not blocked.
public struct Availability: Codable, Equatable, Sendable {
    /// ISO weekdays 1 (Monday) … 7 (Sunday); empty means every day.
    public var weekdays: [Int]
    /// Earliest start and latest end, `HH:mm`.
    public var from: String
    public var to: String
    /// Days (`YYYY-MM-DD`) the lecturer cannot take.
    public var blocked: [String]

    public init(weekdays: [Int] = [], from: String = "08:00", to: String = "21:30", blocked: [String] = []) {
        self.weekdays = weekdays
        self.from = from
        self.to = to
        self.blocked = blocked
    }

    public func validate() throws(LectureError) {
        if let day = weekdays.first(where: { !(1...7).contains($0) }) { throw .invalidAvailability("weekday \(day) is not 1 (Monday) … 7 (Sunday)") }
        guard let start = BeijingTime.minutes(from), let end = BeijingTime.minutes(to) else {
            throw .invalidAvailability("hours '\(from)-\(to)' are not HH:mm-HH:mm")
        }
        guard start < end else { throw .invalidAvailability("hours '\(from)-\(to)' end before they start") }
        if let day = blocked.first(where: { !BeijingTime.isDay($0) }) { throw .invalidAvailability("blocked date '\(day)' is not YYYY-MM-DD") }
    }

    /// Whether a session from `start` to `end` fits.
    public func allows(start: Date, end: Date) -> Bool {
        let day = BeijingTime.day(start)
        guard !blocked.contains(day) else { return false }
        guard weekdays.isEmpty || weekdays.contains(BeijingTime.weekday(start)) else { return false }
        guard let earliest = BeijingTime.minutes(from), let latest = BeijingTime.minutes(to) else { return false }
        // Minutes are counted from the start's midnight, so a session past midnight ends after `to`.
        let startMinute = BeijingTime.minuteOfDay(start)
        let endMinute = startMinute + Int((end.timeIntervalSince(start) / 60).rounded(.up))
        return startMinute >= earliest && endMinute <= latest
    }

    /// A one-line description such as `周六、周日 09:00–17:00，除 2027-03-13`.
    public var summary: String {
        let names = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        let days = weekdays.isEmpty ? "每天" : weekdays.sorted().map { names[$0] }.joined(separator: "、")
        return "\(days) \(from)–\(to)" + (blocked.isEmpty ? "" : "，除 " + blocked.joined(separator: "、"))
    }
}
