public import Foundation
public import OutreachCore

/// Where a campaign is in review and sending.
///
/// `draft → in_review → approved → scheduled → sending → sent → archived`, or `cancelled` before it
/// sends. Editing sends it back to `draft` as a new revision, which needs approval again.
public enum CampaignState: String, Codable, CaseIterable, Sendable {
    case draft
    case inReview = "in_review"
    case approved, scheduled, sending, sent, archived, cancelled
}

/// What a step of the lifecycle is called in the audit log and the CLI.
public enum CampaignAction: String, Codable, CaseIterable, Sendable {
    case edit, submit, reject, approve, schedule, start, finish, archive, cancel
}

/// The words and settings of one revision of a campaign, copied from its template and then edited.
public struct CampaignContent: Codable, Equatable, Sendable {
    public var title: String
    public var body: String
    public var sms: String?
    public var receipt: String?
    public var offsetDays: Int
    public var sendHour: Int
    public var audience: LetterTemplate.Audience
    public var channels: [LetterTemplate.Channel]
    public var ackRequired: Bool

    public init(
        title: String, body: String, sms: String?, receipt: String?, offsetDays: Int, sendHour: Int,
        audience: LetterTemplate.Audience, channels: [LetterTemplate.Channel], ackRequired: Bool
    ) {
        self.title = title
        self.body = body
        self.sms = sms
        self.receipt = receipt
        self.offsetDays = offsetDays
        self.sendHour = sendHour
        self.audience = audience
        self.channels = channels
        self.ackRequired = ackRequired
    }

    /// The content a template starts a campaign with.
    public init(template: LetterTemplate) {
        let (offset, hour): (Int, Int) =
            switch template.trigger {
            case .event(_, let offsetDays, let sendHour): (offsetDays, sendHour)
            case .date(_, let sendHour): (0, sendHour)
            }
        self.init(
            title: template.title, body: template.body, sms: template.sms, receipt: template.receipt, offsetDays: offset,
            sendHour: hour, audience: template.audience, channels: template.channels, ackRequired: template.ackRequired)
    }

    /// Checks the settings a staff member can edit.
    public func validate() throws(CampaignError) {
        guard abs(offsetDays) <= LetterTemplate.maxOffsetDays else { throw .offsetOutOfRange(offsetDays) }
        guard (0...23).contains(sendHour) else { throw .invalidSendHour(sendHour) }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyTitle }
        guard !channels.isEmpty else { throw .noChannel }
        if let grade = audience.grades.first(where: { !Grade.range.contains($0) }) { throw .invalidGrade(grade) }
    }
}

/// One sending of a letter template for one occurrence of its event (a year, and for school dates a
/// region): the unit that is reviewed, scheduled and delivered.
public struct Campaign: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Campaign>

    public var id: ID
    /// The template it was made from.
    public var template: String
    /// The event it is timed to (`EventKey` raw value) and that event's first day, or the fixed date.
    public var event: String
    public var eventDate: String
    /// The region whose calendar and parents it is for; nil for everyone.
    public var region: String?
    public var revision: Int
    public var content: CampaignContent
    public var state: CampaignState
    /// Who made the current revision; somebody else must approve it.
    public var author: String
    public var approvedBy: String?
    /// When it goes out (set when scheduled).
    public var sendAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, template: String, event: String, eventDate: String, region: String?, revision: Int = 1,
        content: CampaignContent, state: CampaignState = .draft, author: String, approvedBy: String? = nil,
        sendAt: Date? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.template = template
        self.event = event
        self.eventDate = eventDate
        self.region = region
        self.revision = revision
        self.content = content
        self.state = state
        self.author = author
        self.approvedBy = approvedBy
        self.sendAt = sendAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The state `action` by `actor` (an account id) leads to, or why it may not happen.
    public func next(_ action: CampaignAction, by actor: String) throws(CampaignError) -> CampaignState {
        switch (action, state) {
        case (.edit, .draft), (.edit, .inReview), (.edit, .approved), (.edit, .scheduled): return .draft
        case (.submit, .draft): return .inReview
        case (.reject, .inReview): return .draft
        case (.approve, .inReview):
            guard actor != author else { throw .selfApproval(actor) }
            return .approved
        case (.schedule, .approved): return .scheduled
        case (.start, .scheduled): return .sending
        case (.finish, .sending): return .sent
        case (.archive, .sent): return .archived
        case (.cancel, .draft), (.cancel, .inReview), (.cancel, .approved), (.cancel, .scheduled): return .cancelled
        default: throw .invalidTransition(from: state, action: action)
        }
    }
}

/// A campaign request that cannot be carried out.
public enum CampaignError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidTransition(from: CampaignState, action: CampaignAction)
    case selfApproval(String)
    case offsetOutOfRange(Int)
    case invalidSendHour(Int)
    case invalidGrade(Int)
    case emptyTitle
    case noChannel
    case unknownEvent(String)
    case eventNotInCalendar(event: String, year: Int, region: String?)
    case yearOutOfRange(Int)
    case notFound(String)
    case templateNotFound(String)
    case duplicate(String)
    case invalidID(String)
    case invalidWebhookURL(String)
    case notDelivered(String)
    case webhookNotConfigured
    case channelNotUsed(String, LetterTemplate.Channel)
    case notSent(String, CampaignState)
    case notApproved(String, CampaignState)

    public var description: String {
        switch self {
        case .invalidTransition(let state, let action):
            "a campaign that is \(state.rawValue) cannot be \(action.pastTense) (see `xinqiao campaign --help` for the lifecycle)"
        case .selfApproval(let actor): "\(actor) made this revision and cannot approve it: a second staff member must"
        case .offsetOutOfRange(let days): "offset of \(days) days is outside ±\(LetterTemplate.maxOffsetDays)"
        case .invalidSendHour(let hour): "send hour \(hour) is not 0–23"
        case .invalidGrade(let grade): "grade \(grade) is not 0–12"
        case .emptyTitle: "the title is empty"
        case .noChannel: "a campaign needs at least one channel (inbox, sms, print, webhook)"
        case .unknownEvent(let key):
            "unknown event '\(key)' (known: \(EventKey.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .eventNotInCalendar(let event, let year, let region):
            region == nil
                ? "\(event) has no date in \(year) without a region (school dates are per region: give --region)"
                : "\(event) has no date in \(year) for \(region!) (add it to Content/calendar/regions/)"
        case .yearOutOfRange(let year): "year \(year) is outside 1900–2100"
        case .notFound(let id): "no campaign '\(id)'"
        case .templateNotFound(let id): "no letter template '\(id)' (import Content/letters first)"
        case .duplicate(let id): "campaign '\(id)' already exists"
        case .invalidID(let id): "campaign id '\(id)' must be 1–64 letters, digits, - _ . or @"
        case .invalidWebhookURL(let url): "webhook URL '\(url)' is not an http(s) URL"
        case .notDelivered(let id): "letter '\(id)' was not sent to this account"
        case .webhookNotConfigured: "no webhook URL is configured (set XINQIAO_WEBHOOK_URL or pass --webhook-url)"
        case .channelNotUsed(let id, let channel): "campaign '\(id)' does not go out by \(channel.rawValue) (see its channels)"
        case .notSent(let id, let state): "campaign '\(id)' is \(state.rawValue), not sent: it can be exported once run-due has sent it"
        case .notApproved(let id, let state):
            "campaign '\(id)' is \(state.rawValue): letters are printed once a second staff member has approved it (or pass --proof)"
        }
    }
}

extension CampaignAction {
    var pastTense: String {
        switch self {
        case .edit: "edited"
        case .submit: "submitted for review"
        case .reject: "sent back"
        case .approve: "approved"
        case .schedule: "scheduled"
        case .start: "started"
        case .finish: "finished"
        case .archive: "archived"
        case .cancel: "cancelled"
        }
    }
}
