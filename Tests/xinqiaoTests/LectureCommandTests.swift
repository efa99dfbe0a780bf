import App
import Foundation
import Lectures
import OutreachCore
import Store
import Testing
import TestSupport

/// `xinqiao lecture …` end to end on a database file: 200 parents registering at once from separate
/// processes, double-booking and bad input through the real binary.
@Suite(.serialized) struct LectureCommandTests {
    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("xq-lectures-\(UUID().uuidString)/x.sqlite").path
    }

    /// A database file with 200 parents (`bench-0` … `bench-199`), a venue and a 50-seat lecture a year ahead.
    private func prepare(_ db: String) async throws -> App {
        let database = try AppDatabase.open(path: db)
        let app = App(config: AppConfig(databasePath: db, bcryptCost: 4), database: database, clock: .system)
        try await database.insertSyntheticParents(count: 200, at: Date())
        _ = try await app.lectures.addVenue(Venue(id: "hall", name: "文化站多功能厅", region: "浙江杭州", capacity: 60), actor: .localOperator)
        let start = Date().addingTimeInterval(365 * 86_400)
        _ = try await app.lectures.add(
            .init(id: "big", title: "考试焦虑怎么办", venue: "hall", start: start, end: start.addingTimeInterval(5400), capacity: 50), actor: .localOperator)
        return app
    }

    @discardableResult
    private func run(_ arguments: [String], status: Int32 = 0) throws -> Executable.Result {
        let result = try Executable.run(arguments, cwd: Repository.root)
        #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    @Test func twoHundredParentsAtOnceFillFiftySeatsAndAWaitlistInADefiniteOrder() async throws {
        let db = temporaryDatabase()
        let app = try await prepare(db)
        let folder = URL(fileURLWithPath: db).deletingLastPathComponent()

        // When 200 processes register 200 different parents at once
        var processes: [(Process, URL)] = []
        for index in 0..<200 {
            let output = folder.appendingPathComponent("out-\(index).json")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = Executable.url
            process.arguments = ["lecture", "register", "big", "--parent", "bench-\(index)", "--db", db, "--json"]
            process.currentDirectoryURL = Repository.root
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: output)
            processes.append((process, output))
        }
        for (process, _) in processes { try process.run() }
        for (process, _) in processes { process.waitUntilExit() }

        // Then every process succeeded, and its answer agrees with a definite order
        var seats: [Int] = []
        var waits: [Int] = []
        for (index, (process, output)) in processes.enumerated() {
            let text = try String(contentsOf: output, encoding: .utf8)
            #expect(process.terminationStatus == 0, "bench-\(index): \(text)")
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let position = try #require(json?["position"] as? Int)
            if json?["status"] as? String == "registered" { seats.append(position) } else { waits.append(position) }
        }
        #expect(seats.sorted() == Array(1...50))
        #expect(waits.sorted() == Array(1...150))
        let roster = try await app.database.roster(lecture: "big")
        #expect(roster.registered.count == 50 && roster.waitlist.count == 150)
        #expect(Set((roster.registered + roster.waitlist).map(\.parent)).count == 200)
        #expect((roster.registered + roster.waitlist).map(\.sequence).sorted() == Array(1...200))
        #expect(roster.waitlist.map(\.position) == Array(1...150))
        // Nobody twice: a second registration is refused and changes nothing
        let again = try run(["lecture", "register", "big", "--parent", roster.registered[0].parent.rawValue, "--db", db], status: 1)
        #expect(again.stderr.contains("already registered"))

        // When 5 registered parents cancel, the first 5 of the waitlist take their seats, in order
        let firstFive = roster.waitlist.prefix(5).map(\.parent.rawValue)
        for registration in roster.registered.prefix(5) {
            try run(["lecture", "cancel", "big", "--parent", registration.parent.rawValue, "--db", db])
        }
        let show = try run(["lecture", "show", "big", "--db", db, "--json"])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let registered = try #require(shown["registered"] as? [String])
        let waitlist = try #require(shown["waitlist"] as? [String])
        #expect(registered.count == 50 && waitlist.count == 145)
        #expect(Array(registered.suffix(5)).sorted() == firstFive.sorted())
        #expect(waitlist == roster.waitlist.dropFirst(5).map(\.parent.rawValue))
        #expect(try await app.database.integrityCheck() == "ok")
    }

    @Test func killingRegistrationsLosesNoConfirmedSeat() async throws {
        // Given 100 parents registering at once
        let db = temporaryDatabase()
        let app = try await prepare(db)
        let folder = URL(fileURLWithPath: db).deletingLastPathComponent()
        var processes: [(Process, URL, String)] = []
        for index in 0..<100 {
            let output = folder.appendingPathComponent("kill-\(index).json")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = Executable.url
            process.arguments = ["lecture", "register", "big", "--parent", "bench-\(index)", "--db", db, "--json"]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            processes.append((process, output, "bench-\(index)"))
        }
        for (process, _, _) in processes { try process.run() }
        // When those still running are killed with SIGKILL part-way
        try await Task.sleep(for: .milliseconds(1500))
        for (process, _, _) in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for (process, _, _) in processes { process.waitUntilExit() }

        // Then the database is healthy, every registration a process confirmed is there with the status
        // it was told, and seats and waitlist are consistent
        #expect(try await app.database.integrityCheck() == "ok")
        let roster = try await app.database.roster(lecture: "big")
        let stored = Dictionary(uniqueKeysWithValues: (roster.registered + roster.waitlist).map { ($0.parent.rawValue, $0.status.rawValue) })
        var confirmed = 0
        for (_, output, parent) in processes {
            let text = try String(contentsOf: output, encoding: .utf8)
            guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
            confirmed += 1
            #expect(stored[parent] == json["status"] as? String, "\(parent)")
        }
        #expect(stored.count >= confirmed)
        #expect(roster.registered.count == min(50, stored.count))
        #expect((roster.registered + roster.waitlist).map(\.sequence).sorted() == Array(1...stored.count))
    }

    @Test func doubleBookingAndBadInputAreOneLineErrorsThatChangeNothing() async throws {
        let db = temporaryDatabase()
        let app = try await prepare(db)
        let big = try #require(try await app.database.lecture(id: "big"))
        let iso = ISO8601DateFormatter()
        let start = iso.string(from: big.start.addingTimeInterval(1800))
        let end = iso.string(from: big.end.addingTimeInterval(1800))
        let conflict = try run(
            ["lecture", "add", "--db", db, "--id", "clash", "--title", "t", "--venue", "hall", "--start", start, "--end", end, "--capacity", "10"],
            status: 1)
        #expect(conflict.stderr.contains("lecture 'big'"), "\(conflict.stderr)")
        #expect(conflict.stderr.split(separator: "\n").count == 1)
        let cases: [[String]] = [
            ["lecture", "add", "--id", "x", "--title", "t", "--venue", "hall", "--start", end, "--end", start, "--capacity", "10"],
            ["lecture", "add", "--id", "x", "--title", "t", "--venue", "hall", "--start", "2030-01-01T10:00:00+08:00", "--end", "2030-01-01T11:00:00+08:00", "--capacity", "0"],
            ["lecture", "add", "--id", "x", "--title", "t", "--venue", "hall", "--start", "2030-01-01T10:00:00+08:00", "--end", "2030-01-01T11:00:00+08:00", "--capacity=-4"],
            ["lecture", "add", "--id", "x", "--title", "t", "--venue", "moon", "--start", "2030-01-01T10:00:00+08:00", "--end", "2030-01-01T11:00:00+08:00", "--capacity", "4"],
            ["lecture", "add", "--id", "x", "--title", "t", "--venue", "hall", "--lecturer", "nobody", "--start", "2030-01-01T10:00:00+08:00", "--end", "2030-01-01T11:00:00+08:00"],
            ["lecture", "venue", "add", "--id", "v", "--name", "n", "--capacity", "0"],
            ["lecture", "checkin", "big", "--code", "NOPE2345"],
            ["lecture", "register", "big", "--parent", "ghost"],
        ]
        for arguments in cases {
            let result = try run(arguments + ["--db", db], status: 1)
            #expect(!result.stderr.isEmpty && result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try await app.database.lectures().map(\.lecture.id.rawValue) == ["big"])
        #expect(try await app.database.venues().map(\.id.rawValue) == ["hall"])
        #expect(try await app.database.roster(lecture: "big").registered.isEmpty)
        // And the happy path prints JSON, an ics, a list
        let registered = try run(["lecture", "register", "big", "--parent", "bench-1", "--db", db, "--json"])
        #expect(registered.stdout.contains(#""status":"registered""#) && registered.stdout.contains(#""position":1"#))
        let ics = try run(["lecture", "ics", "big", "--db", db])
        #expect(ics.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.stdout.contains("UID:lecture-big@xinqiao\r\n"))
        let mine = try run(["lecture", "ics", "--parent", "bench-1", "--db", db])
        #expect(mine.stdout.contains("BEGIN:VEVENT"))
        let list = try run(["lecture", "list", "--region", "浙江", "--db", db, "--json"])
        #expect(list.stdout.contains(#""id":"big""#))
    }
}
