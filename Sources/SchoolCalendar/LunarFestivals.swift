public import Foundation
import OutreachCore

/// A day in the calendar of events letters are timed to.
public struct CalendarEvent: Equatable, Sendable, Codable {
    /// Where a date comes from.
    public enum Source: String, Codable, Sendable {
        /// Computed (lunar calendar, astronomy, a fixed rule).
        case computed
        /// From an official notice (State Council holiday schedule, exam authority).
        case official
        /// Entered for a region by an operator.
        case configured
        /// Estimated for a year whose notice is not out yet.
        case provisional
    }

    public var key: String
    public var name: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var end: String?
    public var region: String?
    public var source: Source

    public init(key: String, name: String, date: String, end: String? = nil, region: String? = nil, source: Source) {
        self.key = key
        self.name = name
        self.date = date
        self.end = end
        self.region = region
        self.source = source
    }
}

/// Lunar festivals through Foundation's Chinese calendar in Beijing time.
///
/// System ICU 72's `ucal` puts 春节 2027 on 02-07, a day late (the new moon falls at 23:56 on 02-06);
/// Foundation's own ICU gets it right, which is why this module uses `Calendar(identifier: .chinese)`.
/// 除夕 is the day before 春节 — lunar 12/29 in some years, 12/30 in others — never "12/30".
public enum LunarFestivals {
    /// The festivals of a Gregorian year: chuxi, chunjie, yuanxiao, duanwu, qixi, zhongqiu, chongyang.
    public static func festivals(year: Int) throws(CalendarError) -> [CalendarEvent] {
        guard (1900...2100).contains(year) else { throw .yearOutOfRange(year) }
        var events: [CalendarEvent] = []
        guard let springFestival = lunarDate(month: 1, day: 1, inGregorianYear: year) else { throw .computationFailed("春节 \(year)") }
        let eve = gregorian.date(byAdding: .day, value: -1, to: springFestival)!
        events.append(event("chuxi", "除夕", eve))
        events.append(event("chunjie", "春节", springFestival))
        let list: [(String, String, Int, Int)] = [
            ("yuanxiao", "元宵节", 1, 15), ("duanwu", "端午节", 5, 5), ("qixi", "七夕", 7, 7), ("zhongqiu", "中秋节", 8, 15),
            ("chongyang", "重阳节", 9, 9),
        ]
        for (key, name, month, day) in list {
            guard let date = lunarDate(month: month, day: day, inGregorianYear: year) else { throw .computationFailed("\(name) \(year)") }
            events.append(event(key, name, date))
        }
        return events
    }

    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .beijing
        return calendar
    }()

    static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = .beijing
        return calendar
    }()

    /// The Gregorian date of lunar month/day (non-leap month) whose lunar year starts in `year`.
    static func lunarDate(month: Int, day: Int, inGregorianYear year: Int) -> Date? {
        // The lunar year that begins in Gregorian `year` has its 春节 between Jan 21 and Feb 20.
        guard let midYear = gregorian.date(from: DateComponents(year: year, month: 7, day: 1)) else { return nil }
        let lunarYear = chinese.component(.year, from: midYear)
        let era = chinese.component(.era, from: midYear)
        var components = DateComponents()
        components.era = era
        components.year = lunarYear
        components.month = month
        components.day = day
        components.isLeapMonth = false
        components.hour = 12
        return chinese.date(from: components)
    }

    static func event(_ key: String, _ name: String, _ date: Date) -> CalendarEvent {
        CalendarEvent(key: key, name: name, date: isoDay(date), source: .computed)
    }

    static func isoDay(_ date: Date) -> String {
        let parts = gregorian.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

/// Fixed-rule observances schools mark with a letter.
public enum Observances {
    public static func observances(year: Int) throws(CalendarError) -> [CalendarEvent] {
        guard (1900...2100).contains(year) else { throw .yearOutOfRange(year) }
        let calendar = LunarFestivals.gregorian
        // 全国中小学生安全教育日: the last Monday of March (weekday 2 in Foundation's numbering).
        var safetyDay = calendar.date(from: DateComponents(year: year, month: 3, day: 31))!
        while calendar.component(.weekday, from: safetyDay) != 2 {
            safetyDay = calendar.date(byAdding: .day, value: -1, to: safetyDay)!
        }
        return [
            CalendarEvent(key: "observance", name: "全国中小学生安全教育日", date: LunarFestivals.isoDay(safetyDay), source: .computed),
            CalendarEvent(key: "observance", name: "5·25心理健康日", date: String(format: "%04d-05-25", year), source: .computed),
            CalendarEvent(key: "observance", name: "世界预防自杀日", date: String(format: "%04d-09-10", year), source: .computed),
            CalendarEvent(key: "observance", name: "世界精神卫生日", date: String(format: "%04d-10-10", year), source: .computed),
        ]
    }
}

/// A calendar computation that cannot be done, or calendar data that does not hold together.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case yearOutOfRange(Int)
    case computationFailed(String)
    /// A range whose last day comes before its first.
    case endBeforeStart(start: String, end: String)
    /// A school-calendar entry that is not shaped for its kind (a range without an end, a term start without a term).
    case invalidEntry(String)
    /// A date that does not belong to the school year it is entered under.
    case outsideSchoolYear(date: String, schoolYear: String, window: ClosedRange<String>)
    /// The same entry (or school year, or region) entered twice.
    case duplicateEntry(String)
    /// A region with no school calendar on file.
    case unknownRegion(String, known: [String])

    public var description: String {
        switch self {
        case .yearOutOfRange(let year): "year \(year) is outside 1900–2100"
        case .computationFailed(let what): "could not compute \(what)"
        case .endBeforeStart(let start, let end): "end \(end) is before the start \(start)"
        case .invalidEntry(let message): message
        case .outsideSchoolYear(let date, let schoolYear, let window):
            "\(date) is outside the school year \(schoolYear) (\(window.lowerBound) to \(window.upperBound))"
        case .duplicateEntry(let what): "duplicate \(what)"
        case .unknownRegion(let region, let known):
            known.isEmpty
                ? "unknown region '\(region)': no regional school calendars on file (calendar/regions/*.yaml)"
                : "unknown region '\(region)' (known: \(known.joined(separator: ", ")))"
        }
    }
}
