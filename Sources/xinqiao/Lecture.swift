import App
import ArgumentParser
import Awareness
import Foundation
import Lectures
import OutreachCore
import Store

extension StoreOptions {
    /// The application core without preparing the search index: lecture commands never search, and
    /// hundreds of parents registering at once should each open the database and nothing else.
    func appWithoutSearch() throws -> App {
        let config = config()
        do {
            return App(config: config, database: try AppDatabase.open(path: config.databasePath), clock: .system)
        } catch {
            throw AppError.databaseUnavailable(path: config.databasePath, reason: "\(error)")
        }
    }
}

/// Splits `a,b, c` into trimmed, non-empty parts.
func commaList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Parses an ISO 8601 instant option; a bad one is a one-line error (exit 1), like every bad input.
func instant(_ text: String, option: String) throws -> Date {
    guard let date = BeijingTime.parseInstant(text) else { throw LectureError.invalidDate(text) }
    return date
}

/// `lecture show`: the lecture with its seat list and waitlist in order.
struct LectureDetailView: Encodable {
    var id, title, venue: String
    var venue_name: String?
    var address: String?
    var accessibility: String?
    var lecturer: String?
    var lecturer_name: String?
    var start, end: String
    var capacity: Int
    var region: String
    var topic, series, quiz, order: String?
    var registered: [String]
    var waitlist: [String]
    var checked_in: Int
    var seats_left: Int

    init(_ detail: LectureService.Detail) {
        let lecture = detail.lecture
        id = lecture.id.rawValue
        title = lecture.title
        venue = lecture.venue.rawValue
        venue_name = detail.venue?.name
        address = detail.venue?.address
        accessibility = detail.venue?.accessibility
        lecturer = lecture.lecturer?.rawValue
        lecturer_name = detail.lecturer?.name
        start = BeijingTime.iso(lecture.start)
        end = BeijingTime.iso(lecture.end)
        capacity = lecture.capacity
        region = lecture.region
        topic = lecture.topic
        series = lecture.series
        quiz = lecture.quiz
        order = lecture.order
        registered = detail.roster.registered.map(\.parent.rawValue)
        waitlist = detail.roster.waitlist.map(\.parent.rawValue)
        checked_in = detail.roster.checkedIn
        seats_left = max(0, lecture.capacity - registered.count)
    }
}

/// A registration as the CLI prints it.
/// An order as the CLI prints it.
struct OrderView: Encodable {
    var id, requester, topic, state: String
    var preferred_dates: [String]
    var time: String
    var minutes, audience: Int
    var region: String
    var proposals: [ProposalView]
    var lecturer, date, lecture: String?
    var declined_by: [String]

    struct ProposalView: Encodable {
        var lecturer, name: String
        var dates: [String]
        var region_match: Bool
    }

    init(_ order: LectureOrder) {
        id = order.id.rawValue
        requester = order.requester
        topic = order.topic
        state = order.state.rawValue
        preferred_dates = order.preferredDates
        time = order.time
        minutes = order.minutes
        audience = order.audience
        region = order.region
        proposals = order.proposals.map { ProposalView(lecturer: $0.lecturer.rawValue, name: $0.name, dates: $0.dates, region_match: $0.regionMatch) }
        lecturer = order.lecturer?.rawValue
        date = order.date
        lecture = order.lecture?.rawValue
        declined_by = order.declinedBy.map(\.rawValue)
    }

    func printText() {
        print("\(id)  [\(state)]  \(requester)  \(topic)  \(preferred_dates.joined(separator: ",")) \(time) \(minutes)分钟  \(audience)人\(region.isEmpty ? "" : "  \(region)")")
        for proposal in proposals {
            print("  proposed: \(proposal.lecturer) \(proposal.name)  \(proposal.dates.joined(separator: ","))\(proposal.region_match ? "  (本地区)" : "")")
        }
        if let lecturer, let date { print("  confirmed: \(lecturer) on \(date)") }
        if let lecture { print("  lecture: \(lecture)") }
    }
}

extension XinQiaoCommand {
    /// Community lectures: venues, lecturers, orders, scheduling, registration, check-in.
    struct LectureCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lecture",
            abstract: "社区家庭教育讲座: venues, the lecturer pool, orders (点单), scheduling, registration with a waitlist, check-in.",
            discussion: """
                Organisers act with --as ACCOUNT (an organiser or admin); without it the local operator acts. A parent \
                may register or cancel only for themselves. Times are ISO 8601 with a time zone; days are Beijing days.
                """,
            subcommands: [
                VenueCommand.self, LecturerCommand.self, Topics.self, OrderCommand.self, Add.self, Register.self, Cancel.self, Show.self,
                CheckIn.self, List.self, ICS.self, RemindDue.self, LinkQuiz.self, AwarenessCommand.self, Coverage.self,
            ])
    }
}

extension XinQiaoCommand.LectureCommand {
    struct VenueCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "venue", abstract: "Venues.", subcommands: [AddVenue.self, ListVenues.self])
    }

    struct AddVenue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a venue.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Venue id (letters, digits, - _ . @).") var id: String
        @Option(help: "Name, e.g. 西湖区文化站多功能厅.") var name: String
        @Option(help: "Seats (a positive number).") var capacity: Int
        @Option(help: "Region, e.g. 浙江杭州西湖区.") var region: String = ""
        @Option(help: "Street address.") var address: String = ""
        @Option(help: "Accessibility notes (step-free access, hearing loop …).") var accessibility: String = ""
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let venue = try await app.lectures.addVenue(
                Venue(id: Venue.ID(id), name: name, address: address, region: region, capacity: capacity, accessibility: accessibility),
                actor: try await staffActor(app, account))
            if json { try printJSON(venue) } else { print("added venue \(venue.id) (\(venue.capacity) seats)") }
        }
    }

    struct ListVenues: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List venues.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let venues = try await store.appWithoutSearch().lectures.venues()
            if json { return try printJSON(venues) }
            for venue in venues { print("\(venue.id)  \(venue.name)  \(venue.region)  \(venue.capacity) 座\(venue.accessibility.isEmpty ? "" : "  无障碍：\(venue.accessibility)")") }
        }
    }

    struct LecturerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lecturer", abstract: "The lecturer pool (讲师团).", subcommands: [AddLecturer.self, ListLecturers.self])
    }

    struct AddLecturer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a lecturer.",
            discussion: "Availability is weekly: --weekdays (1 Monday … 7 Sunday, default every day), --hours (default 08:00-21:30), minus --blocked days; all in Beijing time.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Lecturer id.") var id: String
        @Option(help: "Name.") var name: String
        @Option(help: "Topic ids, comma-separated (see `xinqiao lecture topics`).") var topics: String
        @Option(help: "Regions served, comma-separated (default: everywhere).") var regions: String?
        @Option(help: "ISO weekdays available, e.g. 6,7.") var weekdays: String?
        @Option(help: "Hours available, HH:mm-HH:mm.") var hours: String?
        @Option(help: "Days not available, YYYY-MM-DD, comma-separated.") var blocked: String?
        @Option(name: .customLong("account"), help: "The lecturer's own account (to accept or decline orders).") var lecturerAccount: String?
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var availability = Availability()
            var days: [Int] = []
            for part in commaList(weekdays) {
                guard let day = Int(part) else { throw LectureError.invalidAvailability("weekday '\(part)' is not 1 (Monday) … 7 (Sunday)") }
                days.append(day)
            }
            availability.weekdays = days
            if let hours {
                let parts = hours.split(separator: "-").map(String.init)
                guard parts.count == 2 else { throw LectureError.invalidAvailability("hours '\(hours)' are not HH:mm-HH:mm") }
                (availability.from, availability.to) = (parts[0], parts[1])
            }
            availability.blocked = commaList(blocked)
            let app = try store.appWithoutSearch()
            let lecturer = try await app.lectures.addLecturer(
                Lecturer(
                    id: Lecturer.ID(id), name: name, topics: commaList(topics), regions: commaList(regions), availability: availability,
                    account: lecturerAccount.map { Account.ID($0) }),
                actor: try await staffActor(app, account))
            if json { try printJSON(lecturer) } else { print("added lecturer \(lecturer.id): \(lecturer.topics.joined(separator: ", ")); \(lecturer.availability.summary)") }
        }
    }

    struct ListLecturers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List lecturers.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lecturers = try await store.appWithoutSearch().lectures.lecturers()
            if json { return try printJSON(lecturers) }
            for lecturer in lecturers {
                print("\(lecturer.id)  \(lecturer.name)  \(lecturer.topics.joined(separator: ","))  \(lecturer.regions.isEmpty ? "各地" : lecturer.regions.joined(separator: ","))  \(lecturer.availability.summary)")
            }
        }
    }

    struct Topics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The topic menu (点单菜单).")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            if json { return try printJSON(Topic.menu) }
            for topic in Topic.menu { print("\(topic.id)  \(topic.name)") }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule a lecture (or a weekly series) at a venue; double-booking a venue or lecturer is refused.",
            discussion: "With --repeat weekly --count N the sessions are ID-1 … ID-N, checked as a whole: one conflict adds none.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Lecture id.") var id: String
        @Option(help: "Title.") var title: String
        @Option(help: "Venue id.") var venue: String
        @Option(help: "Start, ISO 8601, e.g. 2027-03-06T19:00:00+08:00.") var start: String
        @Option(help: "End, ISO 8601.") var end: String
        @Option(help: "Seats (default: the venue's).") var capacity: Int?
        @Option(help: "Lecturer id.") var lecturer: String?
        @Option(help: "Topic id from the menu.") var topic: String?
        @Option(help: "Post-lecture quiz id.") var quiz: String?
        @Option(name: .customLong("repeat"), help: "weekly: a series.") var repetition: String?
        @Option(help: "Sessions in the series (1–52).") var count: Int?
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let repetition, repetition != "weekly" { throw ValidationError("--repeat takes weekly") }
            if count != nil && repetition == nil { throw ValidationError("--count needs --repeat weekly") }
            if repetition != nil && count == nil { throw ValidationError("--repeat weekly needs --count N") }
        }

        func run() async throws {
            let app = try store.appWithoutSearch()
            let lectures = try await app.lectures.add(
                .init(
                    id: id, title: title, venue: venue, lecturer: lecturer, start: try instant(start, option: "--start"),
                    end: try instant(end, option: "--end"), capacity: capacity, topic: topic, quiz: quiz, weekly: count),
                actor: try await staffActor(app, account))
            let views = lectures.map { LectureView($0) }
            if json { return try printJSON(repetition == nil ? AnyEncodable(views[0]) : AnyEncodable(views)) }
            for view in views { print("added \(view.line)") }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a parent: a seat while there is one, else the waitlist.",
            discussion: "JSON: {\"status\":\"registered\"|\"waitlisted\",\"position\",\"code\",\"lecture\",\"parent\"}.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(help: "The parent's account.") var parent: String
        @Option(name: .customLong("as"), help: "The account acting (the parent, or an organiser).") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let registration = try await app.lectures.register(Lecture.ID(lecture), parent: parent, actor: try await staffActor(app, account))
            let view = RegistrationView(registration)
            if json { try printJSON(view) } else { print(view.line) }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a parent's registration; a freed seat goes to the first of the waitlist.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(help: "The parent's account.") var parent: String
        @Option(name: .customLong("as"), help: "The account acting (the parent, or an organiser).") var account: String?
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var status: String
            var lecture, parent: String
            var promoted: String?
        }

        func run() async throws {
            let app = try store.appWithoutSearch()
            let result = try await app.lectures.cancel(Lecture.ID(lecture), parent: parent, actor: try await staffActor(app, account))
            let output = Output(status: "cancelled", lecture: lecture, parent: parent, promoted: result.promoted?.parent.rawValue)
            if json { return try printJSON(output) }
            print("\(parent): cancelled for \(lecture)\(output.promoted.map { "; \($0) moves from the waitlist to a seat" } ?? "")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A lecture as JSON, with its seat list and waitlist in order.",
            discussion: "{…,\"registered\":[account ids in order],\"waitlist\":[account ids in order],\"checked_in\",\"seats_left\"}")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON (the default; accepted for symmetry).") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            try printJSON(LectureDetailView(try await app.lectures.detail(Lecture.ID(lecture), actor: try await staffActor(app, account))))
        }
    }

    struct CheckIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", abstract: "Check a parent in with their registration's code (once).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(help: "The check-in code.") var code: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let registration = try await app.lectures.checkIn(Lecture.ID(lecture), code: code, actor: try await staffActor(app, account))
            if json { return try printJSON(RegistrationView(registration)) }
            print("checked in \(registration.parent) for \(lecture)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lectures by start, or with --parent a parent's registrations (status, position, code, reminder).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Region (prefix), e.g. 浙江杭州.") var region: String?
        @Option(help: "First day, YYYY-MM-DD (Beijing).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD (Beijing).") var to: String?
        @Option(help: "A parent's account: list their registrations instead.") var parent: String?
        @Option(name: .customLong("as"), help: "The account acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            if let parent {
                let registrations = try await app.lectures.registrations(parent: parent, actor: try await staffActor(app, account))
                let views = registrations.map { RegistrationView($0.0, lecture: $0.1) }
                if json { return try printJSON(views) }
                if views.isEmpty { print("no registrations") }
                for view in views { print("\(view.start ?? "")  \(view.title ?? "")  \(view.line)\(view.reminded ? "  (reminded)" : "")") }
                return
            }
            let listings = try await app.lectures.list(region: region, from: from, to: to)
            let views = listings.map { LectureView($0.lecture, registered: $0.registered, waitlisted: $0.waitlisted) }
            if json { return try printJSON(views) }
            if views.isEmpty { print("no lectures") }
            for view in views { print(view.line) }
        }
    }

    struct ICS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ics", abstract: "iCalendar (RFC 5545) of one lecture, or with --parent of a parent's lectures.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String?
        @Option(help: "A parent's account: all their lectures.") var parent: String?
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Option(name: .customLong("as"), help: "The account acting.") var account: String?

        func validate() throws {
            if (lecture == nil) == (parent == nil) { throw ValidationError("give a lecture id or --parent ACCOUNT (one of them)") }
        }

        func run() async throws {
            let app = try store.appWithoutSearch()
            let text: String
            if let lecture {
                text = try await app.lectures.ics(Lecture.ID(lecture))
            } else {
                text = try await app.lectures.ics(parent: parent!, actor: try await staffActor(app, account))
            }
            if let out {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    throw ValidationError("cannot write \(out)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct RemindDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind-due", abstract: "Record the day-before reminder for every seat of tomorrow's lectures (once each).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The moment to run at, ISO 8601 (default: now).") var now: String?
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let moment = try now.map { try instant($0, option: "--now") } ?? Date()
            let app = try store.appWithoutSearch()
            let count = try await app.lectures.remindDue(now: moment, actor: try await staffActor(app, account))
            if json { try printJSON(["reminded": count]) } else { print("reminded \(count) parents") }
        }
    }

    struct LinkQuiz: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link-quiz", abstract: "Link the quiz parents take after the lecture.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(help: "Quiz id (imported from Lessons/quizzes).") var quiz: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?

        func run() async throws {
            let app = try store.appWithoutSearch()
            let linked = try await app.lectures.linkQuiz(Lecture.ID(lecture), quiz: quiz, actor: try await staffActor(app, account))
            print("linked quiz \(linked.quiz ?? "") to \(linked.id)")
        }
    }

    struct AwarenessCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "awareness",
            abstract: "Awareness of the post-lecture quiz among the lecture's parents, before the start and after the end.",
            discussion: "JSON: {\"quiz\",\"seats\",\"before\":{…},\"after\":{…},\"paired\"}; a side with fewer than --min respondents is suppressed.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lecture id.") var lecture: String
        @Option(help: "Suppress a rate below this many respondents.") var min: Int = 10
        @Option(name: .customLong("as"), help: "The organiser or analyst acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        struct Side: Encodable {
            var respondents, aware: Int?
            var rate, lower, upper: Double?
            var suppressed: Bool

            init(_ cell: RateCell) {
                respondents = cell.respondents
                aware = cell.aware
                rate = cell.rate
                lower = cell.interval?.lower
                upper = cell.interval?.upper
                suppressed = cell.suppressed
            }

            var text: String {
                guard !suppressed, let rate, let respondents else { return "<\(respondents ?? 0) (suppressed)" }
                return String(format: "%.1f%% (n=%d, 95%% CI %.1f–%.1f%%)", rate * 100, respondents, (lower ?? 0) * 100, (upper ?? 0) * 100)
            }
        }

        struct Output: Encodable {
            var quiz: String
            var seats: Int
            var before, after: Side
            var paired: Int
            var paired_aware_before, paired_aware_after: Int?
        }

        func run() async throws {
            guard min >= 1 else { throw ValidationError("--min must be at least 1") }
            let app = try store.appWithoutSearch()
            let change = try await app.lectures.awareness(Lecture.ID(lecture), threshold: min, actor: try await staffActor(app, account))
            let output = Output(
                quiz: change.quiz, seats: change.seats, before: Side(change.before), after: Side(change.after), paired: change.paired,
                paired_aware_before: change.pairedAwareBefore, paired_aware_after: change.pairedAwareAfter)
            if json { return try printJSON(output) }
            print("\(lecture): quiz \(change.quiz), \(change.seats) seats")
            print("before: \(output.before.text)")
            print("after:  \(output.after.text)")
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regions and venues with no mental-health lecture in a year (plans ask for at least one a year).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Year.") var year: Int
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let report = try await app.lectures.coverage(year: year, actor: try await staffActor(app, account))
            if json { return try printJSON(report) }
            print("\(year): \(report.lectures) mental-health lectures")
            print("regions without one: \(report.regions_without.isEmpty ? "none" : report.regions_without.joined(separator: ", "))")
            print("venues without one: \(report.venues_without.isEmpty ? "none" : report.venues_without.joined(separator: ", "))")
        }
    }
}

/// Type-erased `Encodable`, to print one shape or another.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
