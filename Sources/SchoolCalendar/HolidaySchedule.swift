/// One year's holiday blocks and make-up workdays (调休): from the State Council notice, or estimated from the
/// holiday law while the notice is not out (`isProvisional`, see `ProvisionalHolidays`).
public struct HolidaySchedule: Equatable, Sendable {
    public struct Block: Equatable, Sendable {
        public var name: String
        /// `YYYY-MM-DD`, first and last day off.
        public var start: String
        public var end: String
        public init(name: String, start: String, end: String) {
            self.name = name
            self.start = start
            self.end = end
        }
    }

    public var year: Int
    public var source: String
    public var holidays: [Block]
    /// Weekend days that are school and work days.
    public var workdays: [String]
    /// Estimated from the law, not taken from a notice.
    public var isProvisional: Bool

    public init(year: Int, source: String, holidays: [Block], workdays: [String], isProvisional: Bool = false) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.workdays = workdays
        self.isProvisional = isProvisional
    }

    /// The schedule's calendar entries: a `holiday` per block (source `official`, or `provisional`).
    public var events: [CalendarEvent] {
        holidays.map {
            CalendarEvent(key: "holiday", name: $0.name, date: $0.start, end: $0.end, source: isProvisional ? .provisional : .official)
        }
    }
}
