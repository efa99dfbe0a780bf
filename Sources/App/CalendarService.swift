public import Foundation
import Library
public import SchoolCalendar

/// The year's calendar: computed festivals and observances, and the official holiday schedule from
/// `Content/calendar/holidays.yaml`.
public struct CalendarService: Sendable {
    let contentRoot: String

    /// Every event of a year, by date.
    public func events(year: Int) throws -> [CalendarEvent] {
        var events = try LunarFestivals.festivals(year: year) + Observances.observances(year: year)
        events += try holidaySchedules().filter { $0.year == year }.flatMap(\.events)
        return events.sorted { $0.date != $1.date ? $0.date < $1.date : $0.key < $1.key }
    }

    /// The official schedules on file (empty when the file is absent).
    public func holidaySchedules() throws -> [HolidaySchedule] {
        let path = (contentRoot as NSString).appendingPathComponent("calendar/holidays.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try HolidayFile.parse(data: data, path: path)
    }
}
