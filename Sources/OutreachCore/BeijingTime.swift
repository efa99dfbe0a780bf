public import Foundation

/// Day and time arithmetic in Beijing time (UTC+8, no daylight saving), where every lecture, weekday
/// and blocked date is meant.
public enum BeijingTime {
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .beijing
        return calendar
    }

    /// `2027-03-06` for an instant.
    public static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `2027-03-06 19:00` for an instant (for messages).
    public static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return day(date) + String(format: " %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// ISO 8601 with the +08:00 offset, e.g. `2027-03-06T19:00:00+08:00`.
    public static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .beijing
        return formatter.string(from: date)
    }

    /// ISO weekday: 1 Monday … 7 Sunday.
    public static func weekday(_ date: Date) -> Int {
        let sundayFirst = calendar.component(.weekday, from: date)
        return sundayFirst == 1 ? 7 : sundayFirst - 1
    }

    /// Minutes since Beijing midnight.
    public static func minuteOfDay(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// The instant of `day` (`YYYY-MM-DD`) at `minutes` after Beijing midnight; nil for a bad day.
    public static func date(day: String, minutes: Int = 0) -> Date? {
        guard isDay(day) else { return nil }
        let d = day.split(separator: "-").compactMap { Int($0) }
        let components = DateComponents(year: d[0], month: d[1], day: d[2], hour: minutes / 60, minute: minutes % 60)
        guard let date = calendar.date(from: components), Self.day(date) == day || minutes >= 24 * 60 else { return nil }
        return date
    }

    /// Whether `text` is a real calendar day written `YYYY-MM-DD`.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2100).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return false }
        let components = DateComponents(year: year, month: month, day: day, hour: 12)
        guard let date = calendar.date(from: components) else { return false }
        return calendar.component(.day, from: date) == day && calendar.component(.month, from: date) == month
    }

    /// `HH:mm` → minutes since midnight (`24:00` allowed as the end of a day); nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }

    /// `HH:mm` for minutes since midnight.
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    /// Parses an ISO 8601 instant with a time zone (`2027-03-06T19:00:00+08:00`, `…Z`), with or
    /// without fractional seconds.
    public static func parseInstant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
