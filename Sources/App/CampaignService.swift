public import Campaigns
public import Foundation
import Library
public import OutreachCore
public import SchoolCalendar
public import Store
import Knowledge
import Lectures

/// Letter campaigns: planning from the calendar, review by a second staff member, scheduling under the
/// send rules, sending exactly once per parent, and the parents' inbox with 回执.
public struct CampaignService: Sendable {
    let database: AppDatabase
    let clock: WallClock
    let calendar: CalendarService
    let contentRoot: String

    /// What a staff member may change in a campaign; nil keeps the current value.
    public struct Edit: Sendable {
        public var title: String?
        public var body: String?
        public var sms: String?
        public var offsetDays: Int?
        public var sendHour: Int?
        public var ackRequired: Bool?

        public init(
            title: String? = nil, body: String? = nil, sms: String? = nil, offsetDays: Int? = nil, sendHour: Int? = nil,
            ackRequired: Bool? = nil
        ) {
            self.title = title
            self.body = body
            self.sms = sms
            self.offsetDays = offsetDays
            self.sendHour = sendHour
            self.ackRequired = ackRequired
        }
    }

    /// The outcome of sending one due campaign.
    public struct SendResult: Codable, Equatable, Sendable {
        public var campaign: String
        public var recipients: Int

        public init(campaign: String, recipients: Int) {
            self.campaign = campaign
            self.recipients = recipients
        }
    }

    // MARK: - Templates and rules

    /// The letter templates imported from `Content/letters/`.
    public func templates() async throws -> [LetterTemplate] {
        try await database.contentPayloads(kind: "letter").map { try JSONDecoder().decode(LetterTemplate.self, from: $0) }
            .sorted { $0.id.rawValue < $1.id.rawValue }
    }

    /// The send rules from `Content/calendar/send-rules.yaml` (the defaults when it is absent).
    public func rules() throws -> SendRules {
        let path = (contentRoot as NSString).appendingPathComponent("calendar/send-rules.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { return SendRules() }
        return try SendRulesFile.parse(data: data, path: path)
    }

    /// Every planned send of every template in a year (and region), with warnings for templates
    /// whose event has no date there.
    public func plan(year: Int, region: String?) async throws -> (sends: [PlannedSend], warnings: [String]) {
        guard (1900...2100).contains(year) else { throw CampaignError.yearOutOfRange(year) }
        let events = try calendar.events(year: year, region: region)
        let region = try region.map { try calendar.schoolCalendar(region: $0).region }
        return SendPlanner.plan(templates: try await templates(), year: year, region: region, events: events, rules: try rules())
    }

    // MARK: - Lifecycle

    /// Starts a draft from a template for the occurrence of its event in `year` (the first, or the
    /// one on `eventDate` when the event occurs twice, like term dates).
    public func create(
        template id: String, year: Int, region: String?, eventDate wanted: String? = nil, campaignID: String? = nil, actor: Actor
    ) async throws -> Campaign {
        try actor.require(.writeLetters)
        guard (1900...2100).contains(year) else { throw CampaignError.yearOutOfRange(year) }
        guard let template = try await templates().first(where: { $0.id.rawValue == id }) else { throw CampaignError.templateNotFound(id) }
        let regional = try region.map { try calendar.schoolCalendar(region: $0) }
        let regionName = regional?.region
        let event: String
        let eventDate: String
        switch template.trigger {
        case .event(let key, _, _):
            let found = SendPlanner.occurrences(of: key, year: year, in: try calendar.events(year: year, region: region))
            let chosen = wanted == nil ? found.first : found.first { $0.date == wanted }
            guard let occurrence = chosen else {
                throw CampaignError.eventNotInCalendar(event: key.rawValue, year: year, region: regionName)
            }
            (event, eventDate) = (key.rawValue, occurrence.date)
        case .date(let date, _):
            guard date.hasPrefix("\(year)-") else { throw CampaignError.eventNotInCalendar(event: "date \(date)", year: year, region: regionName) }
            (event, eventDate) = ("date", date)
        }
        let now = clock.now
        // ASCII ids (the region's code, not its name) so they sit in URLs and file names as they are.
        let identifier = campaignID ?? [id, eventDate, regional?.code].compactMap { $0 }.joined(separator: "-")
        guard Account.isValidID(identifier) else { throw CampaignError.invalidID(identifier) }
        let campaign = Campaign(
            id: Campaign.ID(identifier), template: id, event: event, eventDate: eventDate, region: regionName,
            content: CampaignContent(template: template), author: actor.auditName, createdAt: now, updatedAt: now)
        try campaign.content.validate()
        try await database.insertCampaign(
            campaign,
            audit: AuditEntry(at: now, actor: actor.auditName, action: "campaign.create", target: identifier, detail: "template=\(id)"))
        return campaign
    }

    /// Edits a campaign: a new revision, back to draft, needing review and approval again.
    public func edit(_ id: Campaign.ID, _ edit: Edit, actor: Actor) async throws -> Campaign {
        try actor.require(.writeLetters)
        let current = try await load(id)
        var next = current
        next.state = try current.next(.edit, by: actor.auditName)
        if let title = edit.title { next.content.title = title }
        if let body = edit.body { next.content.body = body }
        if let sms = edit.sms { next.content.sms = sms }
        if let offset = edit.offsetDays { next.content.offsetDays = offset }
        if let hour = edit.sendHour { next.content.sendHour = hour }
        if let ack = edit.ackRequired { next.content.ackRequired = ack }
        try next.content.validate()
        next.revision += 1
        next.author = actor.auditName
        next.approvedBy = nil
        next.sendAt = nil
        next.updatedAt = clock.now
        return try await save(next, from: current, action: .edit, actor: actor, detail: "revision=\(next.revision)")
    }

    /// Moves a campaign along its lifecycle: submit, reject, approve, schedule, cancel or archive.
    public func perform(_ action: CampaignAction, on id: Campaign.ID, actor: Actor) async throws -> Campaign {
        switch action {
        case .approve, .reject: try actor.require(.approveLetters)
        case .start, .finish, .edit: throw CampaignError.invalidTransition(from: try await load(id).state, action: action)
        default: try actor.require(.writeLetters)
        }
        let current = try await load(id)
        var next = current
        next.state = try current.next(action, by: actor.auditName)
        next.updatedAt = clock.now
        var detail = "revision=\(current.revision)"
        if action == .approve { next.approvedBy = actor.auditName }
        if action == .reject { next.approvedBy = nil }
        if action == .schedule {
            next.sendAt = try await sendMoment(for: current)
            detail += " send_at=\(Self.beijingText(next.sendAt!))"
        }
        return try await save(next, from: current, action: action, actor: actor, detail: detail)
    }

    /// Sends every scheduled campaign whose time has come (the scheduler's tick, and
    /// `xinqiao campaign run-due`). Safe to run twice or after a crash: a campaign is sent in one
    /// transaction, and a parent gets at most one delivery per campaign.
    public func runDue(now: Date) async throws -> [SendResult] {
        var results: [SendResult] = []
        for campaign in try await database.campaigns(states: [.scheduled]) {
            guard let sendAt = campaign.sendAt, sendAt <= now else { continue }
            let day = Self.beijingDay(sendAt)
            if let count = try await database.sendCampaign(campaign, sendDay: day, now: now, actor: "scheduler") {
                results.append(SendResult(campaign: campaign.id.rawValue, recipients: count))
            }
        }
        return results
    }

    /// Parents a campaign would reach if it went out on its send day (a warning when zero).
    public func audienceSize(_ id: Campaign.ID) async throws -> Int {
        let campaign = try await load(id)
        let day: String
        if let sendAt = campaign.sendAt { day = Self.beijingDay(sendAt) } else { day = Self.beijingDay(try await sendMoment(for: campaign)) }
        return try await database.audienceSize(campaign.content.audience, region: campaign.region, sendDay: day)
    }

    public func campaign(_ id: Campaign.ID, actor: Actor) async throws -> Campaign {
        try actor.require(.writeLetters)
        return try await load(id)
    }

    public func campaigns(actor: Actor) async throws -> [Campaign] {
        try actor.require(.writeLetters)
        return try await database.campaigns()
    }

    // MARK: - Parents

    /// The parent's inbox: letters, and reminders of lectures they hold a seat at (recorded the day
    /// before by the scheduler or `xinqiao lecture remind-due`), newest first.
    public func inbox(actor: Actor) async throws -> [InboxLetter] {
        let parent = try parent(actor)
        var items = try await database.inbox(parent: parent)
        for (registration, lecture) in try await database.registrations(parent: parent) {
            guard let remindedAt = registration.remindedAt, registration.status == .registered else { continue }
            items.append(
                InboxLetter(
                    kind: "lecture_reminder", campaign: "lecture:\(lecture.id.rawValue)",
                    title: "讲座提醒：\(lecture.title)（\(Self.beijingText(lecture.start).prefix(16).replacingOccurrences(of: "T", with: " "))开始）",
                    deliveredAt: remindedAt, readAt: nil, ackAt: nil, ackRequired: false, reminded: false))
        }
        return items.sorted { $0.deliveredAt != $1.deliveredAt ? $0.deliveredAt > $1.deliveredAt : $0.campaign < $1.campaign }
    }

    /// A letter as the parent reads it (marked read), with the hotlines and date filled in.
    public func read(_ id: Campaign.ID, actor: Actor) async throws -> (letter: InboxLetter, body: String, receipt: String?) {
        let parent = try parent(actor)
        guard let letter = try await database.markLetterRead(parent: parent, campaign: id, now: clock.now) else {
            throw CampaignError.notDelivered(id.rawValue)
        }
        let campaign = try await load(id)
        return (letter, render(campaign), campaign.content.receipt)
    }

    /// Records the parent's 回执, with an optional message.
    public func acknowledge(_ id: Campaign.ID, message: String?, actor: Actor) async throws -> InboxLetter {
        let parent = try parent(actor)
        let text = message?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let letter = try await database.acknowledgeLetter(
            parent: parent, campaign: id, message: text?.isEmpty == false ? String(text!.prefix(500)) : nil, now: clock.now)
        else { throw CampaignError.notDelivered(id.rawValue) }
        return letter
    }

    // MARK: - Staff follow-up

    /// Delivered, read and acknowledged counts by school and grade.
    public func rates(_ id: Campaign.ID, actor: Actor) async throws -> [DeliveryRate] {
        try actor.require(.writeLetters)
        let campaign = try await load(id)
        return try await database.deliveryRates(campaign: id, sendDay: campaign.sendAt.map(Self.beijingDay) ?? campaign.eventDate)
    }

    /// Puts a reminder in the inbox of every parent who has not acknowledged yet; returns how many.
    public func remind(_ id: Campaign.ID, actor: Actor) async throws -> Int {
        try actor.require(.writeLetters)
        _ = try await load(id)
        return try await database.remindUnacknowledged(campaign: id, now: clock.now, actor: actor.auditName)
    }

    // MARK: - Helpers

    private func load(_ id: Campaign.ID) async throws -> Campaign {
        guard let campaign = try await database.campaign(id: id) else { throw CampaignError.notFound(id.rawValue) }
        return campaign
    }

    private func save(_ next: Campaign, from current: Campaign, action: CampaignAction, actor: Actor, detail: String) async throws -> Campaign {
        let audit = AuditEntry(at: clock.now, actor: actor.auditName, action: "campaign.\(action.rawValue)", target: next.id.rawValue, detail: detail)
        guard try await database.updateCampaign(next, expected: (current.state, current.revision), audit: audit) else {
            // Somebody changed it between our read and write: report against what it is now.
            let now = try await load(current.id)
            throw CampaignError.invalidTransition(from: now.state, action: action)
        }
        return next
    }

    private func parent(_ actor: Actor) throws -> Account.ID {
        try actor.require(.readLetters)
        guard case .account(let account) = actor else { throw AccessError.notSignedIn }
        return account.id
    }

    /// When a campaign goes out: its event day plus offset at its hour, under the send rules, and a
    /// day later (repeatedly) while another scheduled letter of higher priority for overlapping parents
    /// already takes that day.
    func sendMoment(for campaign: Campaign) async throws -> Date {
        let year = Int(campaign.eventDate.prefix(4)) ?? 0
        let rules = try rules()
        let events = try calendar.events(year: year, region: campaign.region)
        let moment = SendPlanner.sendMoment(
            eventDate: campaign.eventDate, offsetDays: campaign.content.offsetDays, sendHour: campaign.content.sendHour, rules: rules,
            events: events)
        var day = moment.date
        if rules.collision == .stagger {
            let others = try await database.campaigns(states: [.scheduled, .sending, .sent]).filter {
                $0.id != campaign.id && $0.sendAt != nil && $0.content.audience.overlaps(campaign.content.audience)
                    && ($0.region == nil || campaign.region == nil || $0.region == campaign.region)
                    && SendRules.priority(of: $0.event) >= SendRules.priority(of: campaign.event)
            }
            let taken = Set(others.compactMap { $0.sendAt.map(Self.beijingDay) })
            var moves = 0
            while taken.contains(day) && moves < 7 {
                day = DayArithmetic.adding(1, to: day)
                moves += 1
            }
        }
        return Self.date(day: day, time: moment.time)
    }

    /// The letter body with its placeholders filled: hotlines, school, date.
    func render(_ campaign: Campaign) -> String {
        campaign.content.body
            .replacingOccurrences(of: "{{hotlines}}", with: hotlineLine(region: campaign.region))
            .replacingOccurrences(of: "{{school}}", with: "")
            .replacingOccurrences(of: "{{date}}", with: campaign.sendAt.map(Self.beijingDay) ?? campaign.eventDate)
    }

    /// The help lines for a letter's region, from `Content/hotlines.yaml` (the one list the chat and the
    /// linter read too): `名称 号码｜…`.
    func hotlineLine(region: String?) -> String {
        let lines = ((try? HotlinesFile.load(contentRoot: contentRoot)) ?? []).filter { $0.serves(region: region) }
        return lines.map { "\($0.name) \($0.number)" }.joined(separator: "｜")
    }

    static func beijingDay(_ date: Date) -> String { BeijingTime.day(date) }

    /// `2027-05-31T17:00:00+08:00`.
    public static func beijingText(_ date: Date) -> String { BeijingTime.iso(date) }

    static func date(day: String, time: String) -> Date {
        let t = time.split(separator: ":").compactMap { Int($0) }
        return BeijingTime.date(day: day, minutes: (t.first ?? 0) * 60 + (t.dropFirst().first ?? 0)) ?? Date.distantFuture
    }
}
