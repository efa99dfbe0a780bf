/// A province's school calendar, school year by school year: 高考 (with the province's last exam day),
/// 中考, term starts and ends, winter and summer vacations.
///
/// A region is named as letters' audiences and `hotlines.yaml` name it, in Chinese (`浙江`); the ASCII
/// `code` (`zhejiang`) is an alias for the command line. Events carry the Chinese name.
public struct RegionalSchoolCalendar: Equatable, Sendable {
    /// The region as written in Chinese: `浙江`, `广东`, `江西`.
    public var region: String
    /// Lowercase ASCII alias: `zhejiang`.
    public var code: String
    /// The school years in the order they were added.
    public private(set) var schoolYears: [SchoolYear] = []

    /// A region without school years; they come through `add(_:)`.
    public init(region: String, code: String) {
        self.region = region
        self.code = code
    }

    /// Adds a school year; each may be entered once.
    public mutating func add(_ schoolYear: SchoolYear) throws(CalendarError) {
        if schoolYears.contains(where: { $0.startYear == schoolYear.startYear }) {
            throw .duplicateEntry("school year \(schoolYear.label) for \(region)")
        }
        schoolYears.append(schoolYear)
    }

    /// Whether `name` is this region's Chinese name or its code (any case).
    public func matches(_ name: String) -> Bool {
        name == region || name.lowercased() == code
    }

    /// The events that touch a calendar year. A school year spans two calendar years, so a year's events
    /// come from the school year ending in it (winter vacation, spring term, exams) and the one starting
    /// in it (autumn term).
    public func events(year: Int) -> [CalendarEvent] {
        let first = "\(year)-01-01"
        let last = "\(year)-12-31"
        return schoolYears.flatMap { $0.events(region: region) }.filter { $0.date <= last && ($0.end ?? $0.date) >= first }
    }

    /// The calendar for a name or code among `calendars`, or `CalendarError.unknownRegion` listing the known ones.
    public static func named(_ name: String, in calendars: [RegionalSchoolCalendar]) throws(CalendarError) -> RegionalSchoolCalendar {
        let wanted = name.trimmingSpaces
        guard let calendar = calendars.first(where: { $0.matches(wanted) }) else {
            throw .unknownRegion(wanted, known: calendars.map { "\($0.region) (\($0.code))" })
        }
        return calendar
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
