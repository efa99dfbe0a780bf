import ArgumentParser
import Foundation
import SchoolCalendar

extension XinQiaoCommand {
    /// The year's events letters are timed to.
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Lunar festivals and observances of a year (solar terms, holidays and school dates: work in progress).")

        @Option(help: "Gregorian year, 1900–2100.") var year: Int
        @Option(help: "Region (regional school dates are not yet loaded).") var region: String?
        @Flag(help: "Print a JSON list.") var json = false

        func validate() throws {
            guard (1900...2100).contains(year) else { throw ValidationError("--year must be between 1900 and 2100") }
        }

        func run() async throws {
            let events = (try LunarFestivals.festivals(year: year) + Observances.observances(year: year)).sorted { $0.date < $1.date }
            if json {
                try printJSON(events)
            } else {
                for event in events { print("\(event.date)  \(event.name)") }
            }
        }
    }
}
