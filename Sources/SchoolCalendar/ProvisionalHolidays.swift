import Foundation

/// Holiday blocks for a year whose State Council notice (《关于20XX年部分节假日安排的通知》) is not out yet,
/// estimated from 《全国年节及纪念日放假办法》 as amended in 2024 (in force from 2025). Schedules built here
/// are `isProvisional`, and their events have source `provisional`.
///
/// What is computed from the law:
/// - The 13 statutory days: 元旦 Jan 1; 春节 4 days, 除夕 to 初三; 清明 1 day; 劳动节 May 1–2; 端午 1 day;
///   中秋 1 day; 国庆 Oct 1–3. Lunar dates come from `LunarFestivals`; 清明 from the `qingming` closure.
/// - A substitute day off (补假) on the next working day for each statutory day that falls on a Saturday or a
///   Sunday (the law: 全体公民放假的假日适逢星期六、星期日，应当在工作日补假) or on another holiday's day
///   (中秋 on Oct 1–3). This rule is the law's, known [B]; calendar-facts.md does not spell it out.
/// - The block: the run of consecutive days off around those days, weekends included. Blocks that touch
///   merge into one named after both (国庆节、中秋节, as in 2025).
///
/// What is not estimated: the 调休 swaps. Each notice moves weekend days to stretch 春节 and 国庆 to 8–9 days
/// and keeps article 7's "no more than 6 working days in a row", but no rule predicts which weekend day
/// becomes a working day, so `workdays` stays empty. The blocks are therefore the shortest the law allows:
/// the notice usually lengthens them, and may turn a weekend day at a block's edge into a working day.
public enum ProvisionalHolidays {
    /// The day in April on which 清明 falls in a year (4 or 5 in 1900–2100).
    public typealias QingmingDay = @Sendable (_ year: Int) -> Int

    /// The first year the amended law (除夕 a day off, 劳动节 2 days) applies to.
    public static let firstYear = 2025

    /// 清明 by the 寿星 formula `[Y·0.2422 + C] − [Y/4]` (Y = year mod 100, C = 4.81 for 2000–2099 and 5.59
    /// for the 1900s and 2100), in exact integer arithmetic.
    ///
    /// An approximation until the solar-term computation plugs in through the `qingming` parameter. It
    /// agrees with the oracle table of calendar-facts.md (2024–2030) and with sxtwl 2.0.7 for every year
    /// 1900–2100; the simpler "Apr 4 when year % 4 is 0 or 1" rule fails in 2001, 2005 and every fourth year from 2042.
    public static let approximateQingming: QingmingDay = { year in
        let y = year % 100
        let c = (2000...2099).contains(year) ? 48_100 : 55_900
        return (y * 2_422 + c) / 10_000 - y / 4
    }

    /// The provisional schedule of `year`: one block per holiday (or merged pair), no 调休 workdays.
    public static func schedule(year: Int, qingming: QingmingDay = approximateQingming) throws(CalendarError) -> HolidaySchedule {
        guard (1900...2100).contains(year) else { throw .yearOutOfRange(year) }
        let calendar = LunarFestivals.gregorian
        func day(_ month: Int, _ day: Int) -> Date {
            calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        }
        func adding(_ days: Int, to date: Date) -> Date { calendar.date(byAdding: .day, value: days, to: date)! }
        func isWeekend(_ date: Date) -> Bool { [1, 7].contains(calendar.component(.weekday, from: date)) }

        guard let springFestival = LunarFestivals.lunarDate(month: 1, day: 1, inGregorianYear: year),
            let dragonBoat = LunarFestivals.lunarDate(month: 5, day: 5, inGregorianYear: year),
            let midAutumn = LunarFestivals.lunarDate(month: 8, day: 15, inGregorianYear: year)
        else { throw .computationFailed("holidays \(year)") }
        let qingmingDay = qingming(year)
        guard (3...6).contains(qingmingDay) else { throw .computationFailed("清明 \(year) (April \(qingmingDay))") }

        let statutory: [(name: String, days: [Date])] = [
            ("元旦", [day(1, 1)]),
            ("春节", (-1...2).map { adding($0, to: springFestival) }),
            ("清明节", [day(4, qingmingDay)]),
            ("劳动节", [day(5, 1), day(5, 2)]),
            ("端午节", [dragonBoat]),
            ("中秋节", [midAutumn]),
            ("国庆节", [day(10, 1), day(10, 2), day(10, 3)]),
        ]
        let ordered = statutory.enumerated().sorted { ($0.element.days[0], $0.offset) < ($1.element.days[0], $1.offset) }.map(\.element)

        // Statutory days, then a substitute for each one lost to a weekend or to another holiday.
        var off: Set<String> = []
        var spans: [(names: [String], first: Date, last: Date)] = []
        for (name, days) in ordered {
            var owed = 0
            for date in days {
                if isWeekend(date) || off.contains(LunarFestivals.isoDay(date)) { owed += 1 }
                off.insert(LunarFestivals.isoDay(date))
            }
            var last = days[days.count - 1]
            var cursor = last
            while owed > 0 {
                cursor = adding(1, to: cursor)
                let key = LunarFestivals.isoDay(cursor)
                guard !isWeekend(cursor), !off.contains(key) else { continue }
                off.insert(key)
                last = cursor
                owed -= 1
            }
            spans.append(([name], days[0], last))
        }

        // Each block is the whole run of days off around its holiday; runs shared by two holidays merge.
        func isOff(_ date: Date) -> Bool { isWeekend(date) || off.contains(LunarFestivals.isoDay(date)) }
        var blocks: [(names: [String], first: Date, last: Date)] = []
        for span in spans {
            var first = span.first
            while isOff(adding(-1, to: first)) { first = adding(-1, to: first) }
            var last = span.last
            while isOff(adding(1, to: last)) { last = adding(1, to: last) }
            if let previous = blocks.last, first <= previous.last {
                blocks[blocks.count - 1] = (previous.names + span.names, min(previous.first, first), max(previous.last, last))
            } else {
                blocks.append((span.names, first, last))
            }
        }
        return HolidaySchedule(
            year: year, source: "按《全国年节及纪念日放假办法》推算（未含调休），以国务院办公厅\(year)年节假日安排通知为准",
            holidays: blocks.map {
                .init(name: $0.names.joined(separator: "、"), start: LunarFestivals.isoDay($0.first), end: LunarFestivals.isoDay($0.last))
            },
            workdays: [], isProvisional: true)
    }
}
