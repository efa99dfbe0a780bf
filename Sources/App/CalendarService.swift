import Foundation
import Library
public import SchoolCalendar

/// The year's calendar: computed festivals, the 24 solar terms (清明 also as a festival) and observances; the official holiday schedule from
/// `Content/calendar/holidays.yaml`, or a provisional one estimated from the law for later years; and, for
/// a region, its school calendar from `Content/calendar/regions/*.yaml`.
public struct CalendarService: Sendable {
    let contentRoot: String
    /// 清明's April day for provisional holidays (from the solar-term computation by default).
    var qingming: ProvisionalHolidays.QingmingDay

    /// The calendar over a content folder; `qingming` gives 清明's April day for provisional years.
    public init(contentRoot: String, qingming: @escaping ProvisionalHolidays.QingmingDay = SolarTerms.qingmingDay) {
        self.contentRoot = contentRoot
        self.qingming = qingming
    }

    /// Every event of a year, by date. Without a region there are no school dates; an unknown region is
    /// `CalendarError.unknownRegion`, and a broken data file a `ContentError`.
    public func events(year: Int, region: String? = nil) throws -> [CalendarEvent] {
        var events = try LunarFestivals.festivals(year: year) + [SolarTerms.qingming(year: year)]
        events += try SolarTerms.terms(year: year) + Observances.observances(year: year)
        events += try holidaySchedule(year: year)?.events ?? []
        if let region {
            events += try schoolCalendar(region: region).events(year: year)
        }
        return events.sorted { $0.date != $1.date ? $0.date < $1.date : $0.key < $1.key }
    }

    /// The year's holidays: the official schedule when it is on file; for a year after the last one on
    /// file (and from 2025, the amended law), a provisional estimate; otherwise none.
    public func holidaySchedule(year: Int) throws -> HolidaySchedule? {
        let official = try holidaySchedules()
        if let schedule = official.first(where: { $0.year == year }) { return schedule }
        let lastOfficial = official.map(\.year).max() ?? (ProvisionalHolidays.firstYear - 1)
        guard year > lastOfficial, year >= ProvisionalHolidays.firstYear else { return nil }
        return try ProvisionalHolidays.schedule(year: year, qingming: qingming)
    }

    /// The official schedules on file (empty when the file is absent).
    public func holidaySchedules() throws -> [HolidaySchedule] {
        let path = (contentRoot as NSString).appendingPathComponent("calendar/holidays.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try HolidayFile.parse(data: data, path: path)
    }

    /// The regional school calendars on file (empty when the folder is absent).
    public func schoolCalendars() throws -> [RegionalSchoolCalendar] {
        try SchoolCalendarFile.load(directory: (contentRoot as NSString).appendingPathComponent("calendar/regions"))
    }

    /// The school calendar of a region, by Chinese name (`浙江`) or code (`zhejiang`).
    public func schoolCalendar(region: String) throws -> RegionalSchoolCalendar {
        try RegionalSchoolCalendar.named(region, in: schoolCalendars())
    }
}
