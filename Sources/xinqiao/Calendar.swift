import ArgumentParser
import Foundation
import App
import SchoolCalendar

extension XinQiaoCommand {
    /// The year's events letters are timed to.
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Lunar festivals, observances and official holidays of a year (solar terms and school dates: work in progress).")

        @Option(help: "Gregorian year, 1900–2100.") var year: Int
        @Option(help: "Region (regional school dates are not yet loaded).") var region: String?
        @Flag(help: "Print a JSON list.") var json = false

        func validate() throws {
            guard (1900...2100).contains(year) else { throw ValidationError("--year must be between 1900 and 2100") }
        }

        func run() async throws {
            let events = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
                .resolvingBundledPaths(executable: CommandLine.arguments[0]).calendarService.events(year: year)
            if json {
                try printJSON(events)
            } else {
                for event in events { print("\(event.date)\(event.end.map { "–\($0)" } ?? "")  \(event.name)") }
            }
        }
    }
}
