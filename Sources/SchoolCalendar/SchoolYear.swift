/// One school year (学年) of a region's school calendar: exam dates, term starts and ends, vacations.
///
/// Exam dates and school calendars are published every year by the province (教育厅 校历, 教育考试院), so
/// they are entered by an operator, never derived (calendar-facts §7). This type only keeps what was entered
/// coherent: a range ends on or after its first day, every date falls inside the school year, and each kind
/// (per term, for term starts and ends) is entered once.
public struct SchoolYear: Equatable, Sendable {
    /// What an entry marks; the raw value is the calendar event key letters are timed to.
    public enum Kind: String, CaseIterable, Sendable {
        /// 高考: June 7 to the province's last exam day.
        case gaokao
        /// 中考 (初中学业水平考试): set by the province or city.
        case zhongkao
        /// 开学: the first school day of a term.
        case termStart = "term_start"
        /// The last school day of a term.
        case termEnd = "term_end"
        /// 寒假, anchored on 春节.
        case winterVacation = "winter_vacation"
        /// 暑假, from early July to the day before the autumn term.
        case summerVacation = "summer_vacation"

        /// Exams and vacations span several days and carry an `end`; a term starts and ends on one day.
        public var isRange: Bool {
            switch self {
            case .gaokao, .zhongkao, .winterVacation, .summerVacation: true
            case .termStart, .termEnd: false
            }
        }

        /// Term starts and ends belong to term 1 (autumn, 第一学期) or term 2 (spring, 第二学期).
        public var hasTerm: Bool { self == .termStart || self == .termEnd }
    }

    /// One dated entry, as read from the region's file.
    public struct Entry: Equatable, Sendable {
        public var kind: Kind
        /// 1 or 2 for term starts and ends, nil otherwise.
        public var term: Int?
        /// `YYYY-MM-DD`, the first day.
        public var date: String
        /// `YYYY-MM-DD`, the last day of a range (inclusive); nil for single days.
        public var end: String?
        /// The dates are an estimate still to be checked against the official notice.
        public var verify: Bool
        /// Where the dates come from, or how they were estimated.
        public var note: String?

        /// An entry shaped for its kind: ranges have an end on or after their start, single days have none,
        /// and only term starts and ends name a term (1 or 2).
        public init(kind: Kind, term: Int? = nil, date: String, end: String? = nil, verify: Bool = false, note: String? = nil)
            throws(CalendarError)
        {
            if kind.isRange, end == nil { throw .invalidEntry("\(kind.rawValue) needs an end date (it spans several days)") }
            if !kind.isRange, end != nil { throw .invalidEntry("\(kind.rawValue) is a single day and takes no end date") }
            if kind.hasTerm, !(term == 1 || term == 2) { throw .invalidEntry("\(kind.rawValue) needs term 1 or 2") }
            if !kind.hasTerm, term != nil { throw .invalidEntry("\(kind.rawValue) takes no term") }
            if let end, end < date { throw .endBeforeStart(start: date, end: end) }
            self.kind = kind
            self.term = term
            self.date = date
            self.end = end
            self.verify = verify
            self.note = note
        }

        /// The name shown in the calendar: 高考, 中考, 第一学期开学, 第二学期结束, 寒假, 暑假.
        public var name: String {
            let termName = term == 2 ? "第二学期" : "第一学期"
            switch kind {
            case .gaokao: return "高考"
            case .zhongkao: return "中考"
            case .termStart: return termName + "开学"
            case .termEnd: return termName + "结束"
            case .winterVacation: return "寒假"
            case .summerVacation: return "暑假"
            }
        }
    }

    /// The calendar year the school year starts in: 2025 for 2025—2026 (Zhejiang's "2025学年").
    public var startYear: Int
    /// The official notice the dates were taken from; nil while they are estimates.
    public var source: String?
    /// The entries in the order they were added.
    public private(set) var entries: [Entry] = []

    /// An empty school year; entries come through `add(_:)`, which checks them.
    public init(startYear: Int, source: String? = nil) {
        self.startYear = startYear
        self.source = source
    }

    /// The national form of the name, "2025—2026学年".
    public var label: String { "\(startYear)—\(startYear + 1)学年" }

    /// The days a date of this school year may fall on: Aug 1 to Sep 15 of the next year. Autumn term
    /// check-in can be Aug 30–31, and the summer vacation runs to Aug 31 — or to Sep 1 when that is a Sunday.
    public var window: ClosedRange<String> { "\(startYear)-08-01"..."\(startYear + 1)-09-15" }

    /// Adds an entry, rejecting dates outside the school year and a second entry of the same kind (and term).
    public mutating func add(_ entry: Entry) throws(CalendarError) {
        for day in [entry.date, entry.end].compactMap(\.self) where !window.contains(day) {
            throw .outsideSchoolYear(date: day, schoolYear: label, window: window)
        }
        if entries.contains(where: { $0.kind == entry.kind && $0.term == entry.term }) {
            throw .duplicateEntry("\(entry.kind.rawValue)\(entry.term.map { " (term \($0))" } ?? "") in \(label)")
        }
        entries.append(entry)
    }

    /// The entries as calendar events of a region (source `configured`: entered by an operator).
    public func events(region: String) -> [CalendarEvent] {
        entries.map {
            CalendarEvent(key: $0.kind.rawValue, name: $0.name, date: $0.date, end: $0.end, region: region, source: .configured)
        }
    }

    /// The start year named by "2025-2026", "2025—2026", "2025–2026" (optionally followed by 学年), or
    /// Zhejiang's "2025学年"; nil for anything else, including two years that do not follow each other.
    public static func startYear(parsing text: String) -> Int? {
        var rest = Substring(text)
        let hasSuffix = rest.hasSuffix("学年")
        if hasSuffix { rest = rest.dropLast(2) }
        let parts = rest.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "—" || $0 == "–" }
        guard parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isASCII) }), let first = Int(parts[0]),
            (1900...2099).contains(first)
        else { return nil }
        switch parts.count {
        case 1: return hasSuffix ? first : nil
        case 2: return Int(parts[1]) == first + 1 ? first : nil
        default: return nil
        }
    }
}
