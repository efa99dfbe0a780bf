public import Foundation
public import SchoolCalendar
import Yams

/// Reads `Content/calendar/regions/*.yaml`: one region's school calendar per file (高考, 中考, terms,
/// vacations per school year), entered by an operator from the official notices.
///
/// ```yaml
/// region: 浙江            # the Chinese name events and letter audiences use
/// code: zhejiang          # ASCII alias for the command line
/// school_years:
///   - school_year: 2025-2026   # or 2025—2026, or Zhejiang's 2025学年
///     source: 浙江省教育厅关于2025学年校历的通知   # optional: the notice, once entered from it
///     events:
///       - {kind: term_start, term: 1, date: 2025-09-01, verify: true, note: 估计值}
///       - {kind: gaokao, date: 2026-06-07, end: 2026-06-10, verify: true}
/// ```
///
/// `kind` is one of `SchoolYear.Kind`; ranges (gaokao, zhongkao, winter_vacation, summer_vacation) need
/// `end`, term_start and term_end need `term` (1 or 2). `verify: true` marks an estimate still to be
/// checked against the official notice. Problems are `path:line: message`.
public enum SchoolCalendarFile {
    /// Parses one region's file.
    public static func parse(data: Data, path: String) throws(ContentError) -> RegionalSchoolCalendar {
        try parseLocated(data: data, path: path).calendar
    }

    /// Every `*.yaml` file of a folder, in name order (empty when the folder is absent). A region (or code)
    /// defined by two files is an error on the second.
    public static func load(directory: String) throws(ContentError) -> [RegionalSchoolCalendar] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var calendars: [RegionalSchoolCalendar] = []
        var firstPath: [String: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ContentError(path: path, line: 1, message: "file cannot be read")
            }
            let (calendar, regionLine) = try parseLocated(data: data, path: path)
            for key in [calendar.region, calendar.code] {
                if let other = firstPath[key] {
                    throw ContentError(path: path, line: regionLine, message: "duplicate region \(key): also defined in \(other)")
                }
                firstPath[key] = path
            }
            calendars.append(calendar)
        }
        return calendars
    }

    private static func parseLocated(data: Data, path: String) throws(ContentError) -> (calendar: RegionalSchoolCalendar, regionLine: Int) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ContentError(path: path, line: 1, message: "file is not valid UTF-8")
        }
        do throws(FieldError) {
            var top = try Fields(try ContentParser.parseYAML(text), lineOffset: 0, what: "a school calendar file")
            let region = try top.string("region")
            let regionLine = top.mapping["region"].map { top.line(of: $0) } ?? top.line
            let code = try top.string("code")
            guard code.allSatisfy({ ("a"..."z").contains($0) }) else {
                throw FieldError(line: top.line(of: top.mapping["code"]!), message: "'code' must be lowercase ASCII letters, got '\(code)'")
            }
            var calendar = RegionalSchoolCalendar(region: region, code: code)
            for yearNode in try top.list("school_years", required: true) {
                var fields = try Fields(yearNode, lineOffset: 0, what: "each school year")
                let label = try fields.string("school_year")
                guard let startYear = SchoolYear.startYear(parsing: label) else {
                    throw FieldError(
                        line: fields.line(of: fields.mapping["school_year"]!),
                        message: "'school_year' must look like 2025-2026 or 2025学年, got '\(label)'")
                }
                var schoolYear = SchoolYear(startYear: startYear, source: try fields.optionalString("source"))
                for entryNode in try fields.list("events", required: true) {
                    var eventFields = try Fields(entryNode, lineOffset: 0, what: "each event")
                    let entry = try readEntry(&eventFields)
                    try schoolYear.add(entry, line: eventFields.line)
                }
                try fields.finish()
                do {
                    try calendar.add(schoolYear)
                } catch {
                    throw FieldError(line: fields.line, message: error.description)
                }
            }
            try top.finish()
            return (calendar, regionLine)
        } catch {
            throw ContentError(path: path, line: error.line, message: error.message)
        }
    }

    private static func readEntry(_ fields: inout Fields) throws(FieldError) -> SchoolYear.Entry {
        let kindText = try fields.string("kind")
        guard let kind = SchoolYear.Kind(rawValue: kindText) else {
            let kinds = SchoolYear.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError(line: fields.line(of: fields.mapping["kind"]!), message: "unknown kind '\(kindText)' (use \(kinds))")
        }
        // Reading `term` and `end` only where the kind has them lets `finish()` reject them elsewhere.
        let term = kind.hasTerm ? try fields.int("term", in: 1...2) : nil
        let date = try fields.date("date")
        let end = kind.isRange ? try fields.date("end") : nil
        let verify = try fields.optionalBool("verify") ?? false
        let note = try fields.optionalString("note")
        try fields.finish()
        do {
            return try SchoolYear.Entry(kind: kind, term: term, date: date, end: end, verify: verify, note: note)
        } catch {
            throw FieldError(line: fields.line, message: error.description)
        }
    }
}

extension SchoolYear {
    /// `add(_:)` with the entry's line on failure.
    fileprivate mutating func add(_ entry: Entry, line: Int) throws(FieldError) {
        do {
            try add(entry)
        } catch {
            throw FieldError(line: line, message: error.description)
        }
    }
}
