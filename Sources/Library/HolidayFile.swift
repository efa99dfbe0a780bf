public import Foundation
public import SchoolCalendar
import Yams

/// Reads `Content/calendar/holidays.yaml`: official holiday schedules per year.
public enum HolidayFile {
    /// Parses the file; problems are `path:line: message`.
    public static func parse(data: Data, path: String) throws(ContentError) -> [HolidaySchedule] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ContentError(path: path, line: 1, message: "file is not valid UTF-8")
        }
        do {
            guard let root = try Yams.compose(yaml: text) else { return [] }
            var top = try Fields(root, lineOffset: 0, what: "holidays.yaml")
            var schedules: [HolidaySchedule] = []
            for node in try top.list("years", required: true) {
                var fields = try Fields(node, lineOffset: 0, what: "each year")
                let year = try fields.int("year", in: 1900...2100)
                var blocks: [HolidaySchedule.Block] = []
                for blockNode in try fields.list("holidays", required: true) {
                    var block = try Fields(blockNode, lineOffset: 0, what: "each holiday")
                    let start = try block.date("start")
                    let end = try block.date("end")
                    guard start <= end, start.hasPrefix("\(year)") || end.hasPrefix("\(year)") else {
                        throw FieldError(line: block.line, message: "holiday \(start)–\(end) does not fit the year \(year)")
                    }
                    blocks.append(.init(name: try block.string("name"), start: start, end: end))
                    try block.finish()
                }
                let workdays = try fields.stringList("workdays")
                for day in workdays where !Fields.isISODate(day) {
                    throw FieldError(line: fields.line, message: "workday '\(day)' is not a date YYYY-MM-DD")
                }
                schedules.append(HolidaySchedule(year: year, source: try fields.string("source"), holidays: blocks, workdays: workdays))
                try fields.finish()
            }
            try top.finish()
            return schedules
        } catch let error as FieldError {
            throw ContentError(path: path, line: error.line, message: error.message)
        } catch {
            throw ContentError(path: path, line: 1, message: "invalid YAML")
        }
    }
}
