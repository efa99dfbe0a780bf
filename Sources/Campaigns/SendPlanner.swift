public import Foundation
public import SchoolCalendar
import OutreachCore

/// When letters may go out, as data (`Content/calendar/send-rules.yaml`).
public struct SendRules: Codable, Equatable, Sendable {
    /// No sends from `quietFrom`:00 to `quietUntil`:00 Beijing time; a send in that window moves to
    /// `quietUntil`:00 (the next morning when it falls in the evening).
    public var quietFrom: Int
    public var quietUntil: Int
    /// Exam sessions during which nothing is sent, on every day of the named events.
    public var blackouts: [Blackout]
    /// What happens when two letters fall on one day for the same parents.
    public var collision: Collision

    public struct Blackout: Codable, Equatable, Sendable {
        /// A calendar event key (`gaokao`, `zhongkao`).
        public var event: String
        /// Sessions as minutes after midnight, `[start, end)`.
        public var sessions: [Range<Int>]

        public init(event: String, sessions: [Range<Int>]) {
            self.event = event
            self.sessions = sessions
        }
    }

    public enum Collision: String, Codable, Sendable {
        /// The letter of lower priority moves to the next free day.
        case stagger
        /// Both stay on the day (the parent gets them together in the inbox).
        case merge
    }

    public init(quietFrom: Int = 22, quietUntil: Int = 7, blackouts: [Blackout] = SendRules.gaokaoSessions, collision: Collision = .stagger) {
        self.quietFrom = quietFrom
        self.quietUntil = quietUntil
        self.blackouts = blackouts
        self.collision = collision
    }

    /// 高考 sessions as most provinces hold them: 9:00–11:30 and 15:00–17:30 (with time to spare).
    public static let gaokaoSessions = [Blackout(event: "gaokao", sessions: [540..<690, 900..<1050])]

    /// Priority when two letters collide: exams first, then school dates, holidays and festivals,
    /// observances last.
    public static func priority(of event: String) -> Int {
        switch event {
        case "gaokao", "gaokao_end", "zhongkao", "zhongkao_end": 3
        case "term_start", "term_end", "winter_vacation", "summer_vacation": 2
        case "observance_525", "observance_910", "observance_1010", "safety_education_day": 0
        default: 1
        }
    }
}

/// One planned send of a template: the answer of `xinqiao campaign plan`.
public struct PlannedSend: Codable, Equatable, Sendable {
    public var template: String
    public var event: String
    public var eventDate: String
    public var offsetDays: Int
    /// The day it goes out, after the collision rule.
    public var sendDate: String
    /// `HH:MM`, after quiet hours and exam sessions.
    public var sendTime: String
    public var audience: LetterTemplate.Audience
    public var region: String?
    /// The day it would have gone out before the collision rule moved it.
    public var staggeredFrom: String?

    enum CodingKeys: String, CodingKey {
        case template, event, eventDate = "event_date", offsetDays = "offset_days", sendDate = "send_date"
        case sendTime = "send_time", audience, region, staggeredFrom = "staggered_from"
    }
}

/// Works out when each letter goes out from the year's calendar and the send rules.
public enum SendPlanner {
    /// Every occurrence of `key` in a year's events: its first day and, for ranges, its last.
    /// Term dates occur twice a year; 高考 falls back to the national June 7 when no region is given.
    public static func occurrences(of key: EventKey, year: Int, in events: [CalendarEvent]) -> [(date: String, end: String?)] {
        func keyed(_ name: String) -> [(date: String, end: String?)] {
            events.filter { $0.key == name && $0.date.hasPrefix("\(year)-") }.map { ($0.date, $0.end) }
        }
        func holiday(_ name: String, fallback: String) -> [(date: String, end: String?)] {
            let found = events.filter { $0.key == "holiday" && $0.name.hasPrefix(name) && $0.date.hasPrefix("\(year)-") }
            return found.isEmpty ? [(String(format: "%04d-%@", year, fallback), nil)] : found.map { ($0.date, $0.end) }
        }
        func observance(_ suffix: String) -> [(date: String, end: String?)] {
            events.filter { $0.key == "observance" && $0.date == "\(year)-\(suffix)" }.map { ($0.date, $0.end) }
        }
        switch key {
        case .chuxi, .chunjie, .yuanxiao, .qingming, .duanwu, .qixi, .zhongqiu, .chongyang,
            .zhongkao, .termStart, .termEnd, .winterVacation, .summerVacation:
            return keyed(key.rawValue)
        case .gaokao:
            let found = keyed("gaokao")
            return found.isEmpty ? [(String(format: "%04d-06-07", year), String(format: "%04d-06-08", year))] : found
        case .gaokaoEnd:
            let found = keyed("gaokao").map { (date: $0.end ?? $0.date, end: String?.none) }
            return found.isEmpty ? [(String(format: "%04d-06-08", year), nil)] : found
        case .zhongkaoEnd:
            return keyed("zhongkao").map { (date: $0.end ?? $0.date, end: String?.none) }
        case .labourDay: return holiday("劳动节", fallback: "05-01")
        case .nationalDay: return holiday("国庆节", fallback: "10-01")
        case .observance525: return observance("05-25")
        case .observance910: return observance("09-10")
        case .observance1010: return observance("10-10")
        case .safetyEducationDay:
            return events.filter { $0.key == "observance" && $0.name.contains("安全教育日") && $0.date.hasPrefix("\(year)-") }
                .map { ($0.date, $0.end) }
        }
    }

    /// Plans every template for a year (and region): one send per occurrence of its event, moved out of
    /// quiet hours and exam sessions, then staggered where two fall on one day for the same parents.
    /// Templates whose event has no date (school dates without a region) come back as warnings.
    public static func plan(
        templates: [LetterTemplate], year: Int, region: String?, events: [CalendarEvent], rules: SendRules
    ) -> (sends: [PlannedSend], warnings: [String]) {
        var sends: [PlannedSend] = []
        var warnings: [String] = []
        for template in templates.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            switch template.trigger {
            case .event(let key, let offsetDays, let sendHour):
                let found = occurrences(of: key, year: year, in: events)
                if found.isEmpty {
                    warnings.append("\(template.id.rawValue): \(CampaignError.eventNotInCalendar(event: key.rawValue, year: year, region: region))")
                }
                for occurrence in found {
                    let moment = sendMoment(eventDate: occurrence.date, offsetDays: offsetDays, sendHour: sendHour, rules: rules, events: events)
                    sends.append(
                        PlannedSend(
                            template: template.id.rawValue, event: key.rawValue, eventDate: occurrence.date, offsetDays: offsetDays,
                            sendDate: moment.date, sendTime: moment.time, audience: template.audience, region: region))
                }
            case .date(let date, let sendHour):
                guard date.hasPrefix("\(year)-") else { continue }
                let moment = sendMoment(eventDate: date, offsetDays: 0, sendHour: sendHour, rules: rules, events: events)
                sends.append(
                    PlannedSend(
                        template: template.id.rawValue, event: "date", eventDate: date, offsetDays: 0, sendDate: moment.date,
                        sendTime: moment.time, audience: template.audience, region: region))
            }
        }
        return (applyCollisions(sends, rules: rules, events: events), warnings)
    }

    /// The day and time a letter goes out: the event's day plus the offset at the send hour, moved
    /// out of quiet hours and then out of exam sessions.
    public static func sendMoment(
        eventDate: String, offsetDays: Int, sendHour: Int, rules: SendRules, events: [CalendarEvent]
    ) -> (date: String, time: String) {
        var day = DayArithmetic.adding(offsetDays, to: eventDate)
        var minute = sendHour * 60
        if sendHour >= rules.quietFrom {
            day = DayArithmetic.adding(1, to: day)
            minute = rules.quietUntil * 60
        } else if sendHour < rules.quietUntil {
            minute = rules.quietUntil * 60
        }
        for blackout in rules.blackouts {
            let days = events.filter { $0.key == blackout.event }.flatMap { DayArithmetic.days(from: $0.date, to: $0.end ?? $0.date) }
            guard days.contains(day) else { continue }
            for session in blackout.sessions where session.contains(minute) { minute = session.upperBound }
        }
        if minute >= rules.quietFrom * 60 {
            day = DayArithmetic.adding(1, to: day)
            minute = rules.quietUntil * 60
        }
        return (day, String(format: "%02d:%02d", minute / 60, minute % 60))
    }

    /// Moves the letter of lower priority to the next day when two fall on one day for overlapping
    /// audiences (with `stagger`); with `merge` they stay together.
    static func applyCollisions(_ sends: [PlannedSend], rules: SendRules, events: [CalendarEvent]) -> [PlannedSend] {
        guard rules.collision == .stagger else { return sends.sorted(by: order) }
        var placed: [PlannedSend] = []
        let byPriority = sends.sorted {
            let (a, b) = (SendRules.priority(of: $0.event), SendRules.priority(of: $1.event))
            return a != b ? a > b : ($0.sendDate, $0.template) < ($1.sendDate, $1.template)
        }
        for var send in byPriority {
            var moves = 0
            while moves < 7, placed.contains(where: { $0.sendDate == send.sendDate && $0.audience.overlaps(send.audience) }) {
                if send.staggeredFrom == nil { send.staggeredFrom = send.sendDate }
                send.sendDate = DayArithmetic.adding(1, to: send.sendDate)
                moves += 1
            }
            placed.append(send)
        }
        return placed.sorted(by: order)
    }

    private static func order(_ a: PlannedSend, _ b: PlannedSend) -> Bool {
        (a.sendDate, a.sendTime, a.template) < (b.sendDate, b.sendTime, b.template)
    }
}

extension LetterTemplate.Audience {
    /// Whether some parent could be in both audiences (an empty list means everyone).
    public func overlaps(_ other: LetterTemplate.Audience) -> Bool {
        func meet<T: Equatable>(_ a: [T], _ b: [T]) -> Bool { a.isEmpty || b.isEmpty || a.contains(where: b.contains) }
        return meet(regions, other.regions) && meet(allowedGrades.map(Array.init) ?? [], other.allowedGrades.map(Array.init) ?? [])
    }

    /// The grades the audience reaches (its stages' grades, narrowed by its grade list), nil for all.
    public var allowedGrades: Set<Int>? {
        var grades: Set<Int>? = stages.isEmpty ? nil : Set(stages.flatMap { Array($0.grades) })
        if !self.grades.isEmpty { grades = (grades ?? Set(Grade.range)).intersection(self.grades) }
        return grades
    }

    /// Whether a parent is in the audience: `region` (prefix match, so 浙江宁波 is in 浙江) and the
    /// child's grade as of the send date (nil when unknown: reached only by audiences without grades).
    public func includes(region: String?, grade: Int?) -> Bool {
        if !regions.isEmpty {
            guard let region, regions.contains(where: { region.hasPrefix($0) }) else { return false }
        }
        guard let allowed = allowedGrades else { return true }
        guard let grade else { return false }
        return allowed.contains(grade)
    }
}

/// The school year a day belongs to (it starts on September 1), for rolling a child's grade over.
public enum SchoolYear {
    /// `2026` for any day from 2026-09-01 to 2027-08-31.
    public static func of(_ day: String) -> Int {
        let year = Int(day.prefix(4)) ?? 0
        let month = Int(day.dropFirst(5).prefix(2)) ?? 1
        return month >= 9 ? year : year - 1
    }

    /// The grade a child recorded in grade `grade` during school year `recorded` is in on `day`.
    public static func grade(_ grade: Int, recordedIn recorded: Int, on day: String) -> Int {
        grade + of(day) - recorded
    }
}

/// Calendar-day arithmetic on `YYYY-MM-DD` strings (proleptic Gregorian, no time zones involved).
public enum DayArithmetic {
    public static func adding(_ days: Int, to day: String) -> String {
        guard let start = ordinal(day) else { return day }
        return string(start + days)
    }

    public static func days(from start: String, to end: String) -> [String] {
        guard let first = ordinal(start), let last = ordinal(end), first <= last, last - first < 400 else { return [start] }
        return (first...last).map(string)
    }

    /// Days since 0000-03-01 (a civil-from-days algorithm).
    static func ordinal(_ day: String) -> Int? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let y = parts[1] <= 2 ? parts[0] - 1 : parts[0]
        let m = parts[1]
        let d = parts[2]
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    static func string(_ ordinal: Int) -> String {
        let era = (ordinal >= 0 ? ordinal : ordinal - 146_096) / 146_097
        let doe = ordinal - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
