public import Awareness
public import Foundation
import Learning
public import Lectures
import Library
public import OutreachCore
public import Store

/// Community lectures: venues, the lecturer pool, orders (点单) from schools and communities, scheduling
/// without double-booking, registration with a waitlist, check-in, reminders, calendars and coverage.
/// Organisers (`manageLectures`) run them; parents (`registerLectures`) register themselves.
public struct LectureService: Sendable {
    let database: AppDatabase
    let clock: WallClock

    /// A lecture with its venue, lecturer and seat lists.
    public struct Detail: Sendable {
        public var lecture: Lecture
        public var venue: Venue?
        public var lecturer: Lecturer?
        public var roster: LectureRoster
    }

    /// Regions and venues without a mental-health lecture in a year.
    public struct Coverage: Codable, Equatable, Sendable {
        public var year: Int
        public var lectures: Int
        public var regions_without: [String]
        public var venues_without: [String]
    }

    /// What an organiser asks to schedule.
    public struct NewLecture: Sendable {
        public var id: String
        public var title: String
        public var venue: String
        public var lecturer: String?
        public var start: Date
        public var end: Date
        public var capacity: Int?
        public var topic: String?
        public var quiz: String?
        /// Weekly sessions to create as one series (nil: a single lecture).
        public var weekly: Int?

        public init(
            id: String, title: String, venue: String, lecturer: String? = nil, start: Date, end: Date, capacity: Int? = nil, topic: String? = nil,
            quiz: String? = nil, weekly: Int? = nil
        ) {
            self.id = id
            self.title = title
            self.venue = venue
            self.lecturer = lecturer
            self.start = start
            self.end = end
            self.capacity = capacity
            self.topic = topic
            self.quiz = quiz
            self.weekly = weekly
        }
    }

    // MARK: - Venues, lecturers, topics

    public func addVenue(_ venue: Venue, actor: Actor) async throws -> Venue {
        try actor.require(.manageLectures)
        var venue = venue
        venue.name = venue.name.trimmingCharacters(in: .whitespacesAndNewlines)
        venue.region = venue.region.trimmingCharacters(in: .whitespacesAndNewlines)
        try venue.validate()
        let now = clock.now
        try await database.insertVenue(
            venue, at: now,
            audit: AuditEntry(at: now, actor: actor.auditName, action: "venue.create", target: venue.id.rawValue, detail: "capacity=\(venue.capacity)"))
        return venue
    }

    public func addLecturer(_ lecturer: Lecturer, actor: Actor) async throws -> Lecturer {
        try actor.require(.manageLectures)
        try lecturer.validate()
        if let account = lecturer.account, try await database.account(id: account) == nil {
            throw LectureError.unknownParent(account.rawValue)
        }
        let now = clock.now
        try await database.insertLecturer(
            lecturer, at: now,
            audit: AuditEntry(
                at: now, actor: actor.auditName, action: "lecturer.create", target: lecturer.id.rawValue,
                detail: "topics=\(lecturer.topics.joined(separator: ","))"))
        return lecturer
    }

    public func venues() async throws -> [Venue] { try await database.venues() }
    public func lecturers() async throws -> [Lecturer] { try await database.lecturers() }
    public func topics() -> [Topic] { Topic.menu }

    // MARK: - Scheduling

    /// Schedules a lecture, or a weekly series checked as a whole: every session validated, none
    /// double-booking its venue or lecturer (checked again inside the write transaction), all or none
    /// written. The region comes from the venue; the capacity defaults to the venue's seats.
    public func add(_ request: NewLecture, actor: Actor) async throws -> [Lecture] {
        try actor.require(.manageLectures)
        let sessions = try await self.sessions(for: request, order: nil)
        try await database.insertLectures(
            sessions, at: clock.now,
            audit: AuditEntry(
                at: clock.now, actor: actor.auditName, action: "lecture.create", target: sessions.count == 1 ? sessions[0].id.rawValue : request.id,
                detail: "sessions=\(sessions.count) venue=\(request.venue)\(request.lecturer.map { " lecturer=\($0)" } ?? "")"))
        return sessions
    }

    /// Validates a request into the sessions to insert.
    private func sessions(for request: NewLecture, order: String?) async throws -> [Lecture] {
        guard let venue = try await database.venue(id: Venue.ID(request.venue)) else { throw LectureError.unknownVenue(request.venue) }
        var lecturer: Lecturer?
        if let id = request.lecturer {
            guard let found = try await database.lecturer(id: Lecturer.ID(id)) else { throw LectureError.unknownLecturer(id) }
            lecturer = found
        }
        let capacity = request.capacity ?? venue.capacity
        let lecture = Lecture(
            id: Lecture.ID(request.id), title: request.title.trimmingCharacters(in: .whitespacesAndNewlines), venue: venue.id,
            lecturer: lecturer?.id, start: request.start, end: request.end, capacity: capacity, region: venue.region, topic: request.topic,
            quiz: request.quiz, order: order)
        try lecture.validate()
        guard capacity <= venue.capacity else { throw LectureError.capacityExceedsVenue(capacity: capacity, venue: venue.id.rawValue, seats: venue.capacity) }
        if let quiz = request.quiz, try await database.contentPayload(id: quiz, kind: ContentKind.quiz.rawValue) == nil {
            throw LectureError.unknownQuiz(quiz)
        }
        let sessions = try request.weekly.map { try lecture.weekly(count: $0) } ?? [lecture]
        if let lecturer {
            if let topic = request.topic, !lecturer.topics.contains(topic) {
                throw LectureError.lecturerLacksTopic(lecturer: lecturer.id.rawValue, topic: topic)
            }
            for session in sessions where !lecturer.availability.allows(start: session.start, end: session.end) {
                throw LectureError.lecturerUnavailable(
                    lecturer: lecturer.id.rawValue, when: Scheduling.span(session), availability: lecturer.availability.summary)
            }
        }
        return sessions
    }

    /// Links the quiz parents take after the lecture (nil unlinks).
    public func linkQuiz(_ id: Lecture.ID, quiz: String?, actor: Actor) async throws -> Lecture {
        try actor.require(.manageLectures)
        var lecture = try await load(id)
        if let quiz, try await database.contentPayload(id: quiz, kind: ContentKind.quiz.rawValue) == nil { throw LectureError.unknownQuiz(quiz) }
        try await database.setLectureQuiz(
            id, quiz: quiz, audit: AuditEntry(at: clock.now, actor: actor.auditName, action: "lecture.quiz", target: id.rawValue, detail: "quiz=\(quiz ?? "")"))
        lecture.quiz = quiz
        return lecture
    }

    // MARK: - Reads

    public func lecture(_ id: Lecture.ID) async throws -> Lecture { try await load(id) }

    /// A lecture with its seat list and waitlist (organisers: the lists name parents).
    public func detail(_ id: Lecture.ID, actor: Actor) async throws -> Detail {
        try actor.require(.manageLectures)
        let lecture = try await load(id)
        return Detail(
            lecture: lecture, venue: try await database.venue(id: lecture.venue),
            lecturer: try await self.lecturer(lecture.lecturer),
            roster: try await database.roster(lecture: id))
    }

    /// Lectures by start, filtered by region (prefix) and Beijing days `from`…`to` (inclusive).
    public func list(region: String?, from: String?, to: String?) async throws -> [LectureListing] {
        var start: Date?
        var end: Date?
        if let from {
            guard let date = BeijingTime.date(day: from) else { throw LectureError.invalidDate(from) }
            start = date
        }
        if let to {
            guard let date = BeijingTime.date(day: to) else { throw LectureError.invalidDate(to) }
            end = date.addingTimeInterval(86_400)
        }
        let region = region?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.lectures(region: region?.isEmpty == true ? nil : region, from: start, to: end)
    }

    /// A parent's registrations (cancelled ones too), by lecture start.
    public func registrations(parent id: String, actor: Actor) async throws -> [(Registration, Lecture)] {
        let parent = try await subject(id, actor: actor)
        return try await database.registrations(parent: parent.id)
    }

    // MARK: - Registration

    /// Registers a parent (themselves, or any parent for an organiser): a seat while there is one,
    /// else the waitlist; never twice, never after the start.
    public func register(_ id: Lecture.ID, parent: String, actor: Actor) async throws -> Registration {
        let account = try await subject(parent, actor: actor)
        return try await database.register(lecture: id, parent: account.id, code: Registration.makeCode(), now: clock.now, actor: actor.auditName)
    }

    /// Cancels a registration; a freed seat goes at once to the first of the waitlist.
    public func cancel(_ id: Lecture.ID, parent: String, actor: Actor) async throws -> Cancellation {
        let account = try await subject(parent, actor: actor)
        return try await database.cancelRegistration(lecture: id, parent: account.id, now: clock.now, actor: actor.auditName)
    }

    /// Checks a parent in with the code of their registration (once).
    public func checkIn(_ id: Lecture.ID, code: String, actor: Actor) async throws -> Registration {
        try actor.require(.manageLectures)
        return try await database.checkIn(
            lecture: id, code: code.trimmingCharacters(in: .whitespacesAndNewlines), now: clock.now, actor: actor.auditName)
    }

    /// The day-before reminder: every seat of a lecture starting on the Beijing day after `now` gets one
    /// reminder, once (a second run reminds nobody twice). Returns how many were recorded.
    public func remindDue(now: Date, actor: Actor) async throws -> Int {
        try actor.require(.manageLectures)
        let tomorrow = BeijingTime.day(now.addingTimeInterval(86_400))
        guard let from = BeijingTime.date(day: tomorrow) else { return 0 }
        return try await database.remindRegistrations(startingFrom: from, to: from.addingTimeInterval(86_400), now: now, actor: actor.auditName)
    }

    // MARK: - Calendars

    /// One lecture as an iCalendar file.
    public func ics(_ id: Lecture.ID) async throws -> String {
        let lecture = try await load(id)
        return ICalendar.calendar([try await event(lecture, note: nil)], name: lecture.title, stamp: clock.now)
    }

    /// A parent's lectures (seats and waitlist places, not cancellations) as one iCalendar file.
    public func ics(parent id: String, actor: Actor) async throws -> String {
        var events: [ICalendar.Event] = []
        for (registration, lecture) in try await registrations(parent: id, actor: actor) where registration.status != .cancelled {
            let note = registration.status == .registered
                ? "已报名，签到码 \(registration.code)" : "候补第 \(registration.position) 位"
            events.append(try await event(lecture, note: note))
        }
        return ICalendar.calendar(events, name: "心桥社区讲座", stamp: clock.now)
    }

    private func event(_ lecture: Lecture, note: String?) async throws -> ICalendar.Event {
        let lecturer = try await self.lecturer(lecture.lecturer)
        return ICalendar.Event(lecture: lecture, venue: try await database.venue(id: lecture.venue), lecturerName: lecturer?.name, note: note)
    }

    // MARK: - Awareness before and after

    /// Awareness of the lecture's quiz among the parents holding a seat: each parent's latest submitted
    /// attempt before the start and latest after the end, as two rates (score ≥ the quiz's pass mark),
    /// each suppressed below `threshold` respondents like every other rate.
    public struct AwarenessChange: Sendable {
        public var quiz: String
        public var seats: Int
        public var before: RateCell
        public var after: RateCell
        /// Parents with an attempt on both sides, and how many of them were aware before and after.
        public var paired: Int
        public var pairedAwareBefore: Int?
        public var pairedAwareAfter: Int?
    }

    public func awareness(_ id: Lecture.ID, threshold: Int = 10, actor: Actor) async throws -> AwarenessChange {
        if !actor.has(.manageLectures) { try actor.require(.viewAggregates) }
        let lecture = try await load(id)
        guard let quizID = lecture.quiz else { throw LectureError.noQuizLinked(id.rawValue) }
        guard let data = try await database.contentPayload(id: quizID, kind: ContentKind.quiz.rawValue) else { throw LectureError.unknownQuiz(quizID) }
        let passMark = try JSONDecoder().decode(Quiz.self, from: data).passMark
        var before: [Account.ID: (Date, Bool)] = [:]
        var after: [Account.ID: (Date, Bool)] = [:]
        for attempt in try await database.seatedAttempts(lecture: id, quiz: quizID) {
            guard let at = attempt.submittedAt, let score = attempt.score else { continue }
            let aware = score.isAware(passMark: passMark)
            if at < lecture.start, (before[attempt.account]?.0 ?? .distantPast) <= at { before[attempt.account] = (at, aware) }
            if at >= lecture.end, (after[attempt.account]?.0 ?? .distantPast) <= at { after[attempt.account] = (at, aware) }
        }
        func cell(_ group: [Account.ID: (Date, Bool)]) -> RateCell {
            group.count < threshold ? .suppressedCell : RateCell(aware: group.values.filter { $0.1 }.count, respondents: group.count)
        }
        let both = Set(before.keys).intersection(after.keys)
        let show = both.count >= threshold
        return AwarenessChange(
            quiz: quizID, seats: try await database.roster(lecture: id).registered.count, before: cell(before), after: cell(after), paired: both.count,
            pairedAwareBefore: show ? both.filter { before[$0]!.1 }.count : nil, pairedAwareAfter: show ? both.filter { after[$0]!.1 }.count : nil)
    }

    // MARK: - Coverage

    /// Regions (of venues) and venues without a mental-health lecture in a calendar year (Beijing). A
    /// lecture without a topic counts: the programme's lectures are mental-health sessions unless their
    /// topic on the menu says otherwise.
    public func coverage(year: Int, actor: Actor) async throws -> Coverage {
        try actor.require(.manageLectures)
        guard (1900...2100).contains(year), let from = BeijingTime.date(day: String(format: "%04d-01-01", year)),
            let to = BeijingTime.date(day: String(format: "%04d-01-01", year + 1))
        else { throw LectureError.invalidDate("\(year)") }
        let held = try await database.lectures(region: nil, from: from, to: to).map(\.lecture)
            .filter { $0.topic.map { Topic.find($0)?.mentalHealth ?? false } ?? true }
        let venues = try await database.venues()
        let coveredVenues = Set(held.map(\.venue))
        let coveredRegions = Set(held.map(\.region))
        let regions = Set(venues.map(\.region)).filter { !$0.isEmpty }
        return Coverage(
            year: year, lectures: held.count, regions_without: regions.subtracting(coveredRegions).sorted(),
            venues_without: venues.map(\.id).filter { !coveredVenues.contains($0) }.map(\.rawValue))
    }

    // MARK: - Orders (点单)

    /// Records an order from a school or community, open until XinQiao proposes lecturers for it.
    /// Returns the order and whether any lecturer covers its topic at all (a warning when not).
    public func createOrder(_ order: LectureOrder, actor: Actor) async throws -> (order: LectureOrder, covered: Bool) {
        try actor.require(.manageLectures)
        var order = order
        order.state = .open
        order.requester = order.requester.trimmingCharacters(in: .whitespacesAndNewlines)
        order.createdAt = clock.now
        order.updatedAt = clock.now
        try order.validate()
        try await database.insertOrder(
            order,
            audit: AuditEntry(at: clock.now, actor: actor.auditName, action: "order.create", target: order.id.rawValue, detail: "topic=\(order.topic)"))
        let covered = try await database.lecturers().contains { $0.topics.contains(order.topic) }
        return (order, covered)
    }

    public func order(_ id: LectureOrder.ID, actor: Actor) async throws -> LectureOrder {
        try actor.require(.manageLectures)
        return try await loadOrder(id)
    }

    public func orders(actor: Actor) async throws -> [LectureOrder] {
        try actor.require(.manageLectures)
        return try await database.orders()
    }

    /// Proposes lecturers by topic, region and availability (and their booked lectures). When nobody
    /// fits, the order is left as it was (open) and the error says why.
    public func propose(_ id: LectureOrder.ID, actor: Actor) async throws -> LectureOrder {
        try actor.require(.manageLectures)
        let current = try await loadOrder(id)
        var next = current
        next.state = try current.next(.propose)
        let lecturers = try await database.lecturers()
        let slots = current.preferredDates.compactMap { current.slot(on: $0) }
        var busy: [Lecturer.ID: [Lecture]] = [:]
        if let from = slots.map(\.start).min(), let to = slots.map(\.end).max() {
            for lecture in try await database.lectures(lecturers: lecturers.map(\.id), from: from, to: to) {
                if let lecturer = lecture.lecturer { busy[lecturer, default: []].append(lecture) }
            }
        }
        next.proposals = try Scheduling.propose(for: current, lecturers: lecturers, busy: busy)
        next.lecturer = nil
        next.date = nil
        return try await save(next, from: current, action: .propose, actor: actor, detail: "lecturers=\(next.proposals.map(\.lecturer.rawValue).joined(separator: ","))")
    }

    /// The organiser confirms one proposed lecturer on one of the dates proposed for them.
    public func confirm(_ id: LectureOrder.ID, lecturer: String, date: String?, actor: Actor) async throws -> LectureOrder {
        try actor.require(.manageLectures)
        let current = try await loadOrder(id)
        var next = current
        next.state = try current.next(.confirm)
        guard let proposal = current.proposals.first(where: { $0.lecturer.rawValue == lecturer }) else {
            throw LectureError.notProposed(lecturer: lecturer, order: id.rawValue)
        }
        let day = date ?? proposal.dates[0]
        guard proposal.dates.contains(day) else { throw LectureError.notProposed(lecturer: lecturer, order: id.rawValue) }
        next.lecturer = proposal.lecturer
        next.date = day
        return try await save(next, from: current, action: .confirm, actor: actor, detail: "lecturer=\(lecturer) date=\(day)")
    }

    /// The confirmed lecturer accepts or declines (an organiser may record their answer). A decline
    /// keeps the lecturer out of the next proposal.
    public func respond(_ id: LectureOrder.ID, accept: Bool, actor: Actor) async throws -> LectureOrder {
        let current = try await loadOrder(id)
        if !actor.has(.manageLectures) {
            guard case .account(let account) = actor else { throw AccessError.notSignedIn }
            let lecturer = try await self.lecturer(current.lecturer)
            guard let lecturer, lecturer.account == account.id else { throw LectureError.notTheLecturer(account: account.id.rawValue, order: id.rawValue) }
        }
        var next = current
        let action: OrderAction = accept ? .accept : .decline
        next.state = try current.next(action)
        if !accept, let lecturer = current.lecturer { next.declinedBy.append(lecturer) }
        return try await save(next, from: current, action: action, actor: actor, detail: "lecturer=\(current.lecturer?.rawValue ?? "")")
    }

    /// Turns an accepted order into a lecture at a venue, on the confirmed date and time with the
    /// confirmed lecturer, in the transaction that marks the order scheduled.
    public func schedule(
        _ id: LectureOrder.ID, lectureID: String, venue: String, title: String?, capacity: Int?, actor: Actor
    ) async throws -> (order: LectureOrder, lecture: Lecture) {
        try actor.require(.manageLectures)
        let current = try await loadOrder(id)
        var next = current
        next.state = try current.next(.schedule)
        guard let day = current.date, let slot = current.slot(on: day) else { throw LectureError.invalidTransition(order: id.rawValue, from: current.state, action: .schedule) }
        let request = NewLecture(
            id: lectureID, title: title ?? Topic.find(current.topic)?.name ?? current.topic, venue: venue, lecturer: current.lecturer?.rawValue,
            start: slot.start, end: slot.end, capacity: capacity, topic: current.topic)
        let sessions = try await self.sessions(for: request, order: id.rawValue)
        next.lecture = sessions[0].id
        next.updatedAt = clock.now
        let audit = AuditEntry(at: clock.now, actor: actor.auditName, action: "order.schedule", target: id.rawValue, detail: "lecture=\(lectureID)")
        guard try await database.insertLectures(sessions, at: clock.now, order: (next, expected: current.state), audit: audit) else {
            throw LectureError.invalidTransition(order: id.rawValue, from: try await loadOrder(id).state, action: .schedule)
        }
        return (next, sessions[0])
    }

    /// Cancels an order that is not scheduled yet.
    public func cancelOrder(_ id: LectureOrder.ID, actor: Actor) async throws -> LectureOrder {
        try actor.require(.manageLectures)
        let current = try await loadOrder(id)
        var next = current
        next.state = try current.next(.cancel)
        return try await save(next, from: current, action: .cancel, actor: actor, detail: "")
    }

    // MARK: - Helpers

    private func load(_ id: Lecture.ID) async throws -> Lecture {
        guard let lecture = try await database.lecture(id: id) else { throw LectureError.unknownLecture(id.rawValue) }
        return lecture
    }

    private func lecturer(_ id: Lecturer.ID?) async throws -> Lecturer? {
        guard let id else { return nil }
        return try await database.lecturer(id: id)
    }

    private func loadOrder(_ id: LectureOrder.ID) async throws -> LectureOrder {
        guard let order = try await database.order(id: id) else { throw LectureError.unknownOrder(id.rawValue) }
        return order
    }

    private func save(_ next: LectureOrder, from current: LectureOrder, action: OrderAction, actor: Actor, detail: String) async throws -> LectureOrder {
        var next = next
        next.updatedAt = clock.now
        let audit = AuditEntry(at: clock.now, actor: actor.auditName, action: "order.\(action.rawValue)", target: next.id.rawValue, detail: detail)
        guard try await database.updateOrder(next, expected: current.state, audit: audit) else {
            throw LectureError.invalidTransition(order: next.id.rawValue, from: try await loadOrder(current.id).state, action: action)
        }
        return next
    }

    /// The parent a registration call is about: an existing parent account, who is the actor or whom
    /// an organiser acts for.
    private func subject(_ id: String, actor: Actor) async throws -> Account {
        guard let account = try await database.account(id: Account.ID(id)) else { throw LectureError.unknownParent(id) }
        guard account.role == .parent else { throw LectureError.notAParent(id) }
        if !actor.has(.manageLectures) {
            try actor.require(.registerLectures)
            guard case .account(let me) = actor, me.id == account.id else { throw AccessError.forbidden(.manageLectures) }
        }
        return account
    }
}
