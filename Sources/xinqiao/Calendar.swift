import ArgumentParser
import Foundation
import App
import SchoolCalendar

extension XinQiaoCommand {
    /// The year's events letters are timed to.
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Lunar festivals, solar terms, observances, holidays and a region's school dates for a year.",
            discussion: """
                Holidays come from Content/calendar/holidays.yaml (official, 2024–2026); later years are \
                provisional, estimated from the holiday law without 调休. With --region, the region's school \
                calendar from Content/calendar/regions/ is added (高考, 中考, terms, vacations; source \
                "configured"). Lunar festivals (Foundation's Chinese calendar) and the 24 solar terms (the Sun's \
                apparent longitude, Beijing time; 清明 also as the festival "qingming") are computed.
                """)

        @Option(help: "Gregorian year, 1900–2100.") var year: Int
        @Option(help: "Region whose school dates to add, by name or code: 浙江/zhejiang, 广东/guangdong, 江西/jiangxi.")
        var region: String?
        @Flag(help: "Print a JSON list.") var json = false

        func validate() throws {
            guard (1900...2100).contains(year) else { throw ValidationError("--year must be between 1900 and 2100") }
        }

        func run() async throws {
            let events = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
                .resolvingBundledPaths(executable: CommandLine.arguments[0]).calendarService.events(year: year, region: region)
            if json {
                try printJSON(events)
            } else {
                for event in events {
                    let tags = [event.region, event.source == .computed ? nil : event.source.rawValue].compactMap(\.self)
                    let range = event.date + (event.end.flatMap { $0 == event.date ? nil : "–\($0)" } ?? "")
                    print("\(range)  \(event.name)\(tags.isEmpty ? "" : "  [\(tags.joined(separator: ", "))]")")
                }
            }
        }
    }
}
