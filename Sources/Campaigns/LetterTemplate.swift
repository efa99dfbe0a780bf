public import OutreachCore

/// A 致家长的一封信 template: Markdown with a trigger, an audience, channels and an optional 回执.
public struct LetterTemplate: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<LetterTemplate>

    /// When a letter goes out: relative to a calendar event, or on a fixed date.
    public enum Trigger: Codable, Equatable, Sendable {
        /// `offsetDays` (−365…365) from the event's first day, at `sendHour` Beijing time.
        case event(EventKey, offsetDays: Int, sendHour: Int)
        /// A fixed date `YYYY-MM-DD` at `sendHour`.
        case date(String, sendHour: Int)
    }

    /// Who receives the letter; an empty list means everyone.
    public struct Audience: Codable, Equatable, Sendable {
        public var stages: [Stage]
        public var grades: [Int]
        public var regions: [String]
        public init(stages: [Stage] = [], grades: [Int] = [], regions: [String] = []) {
            self.stages = stages
            self.grades = grades
            self.regions = regions
        }
    }

    /// How a letter reaches parents.
    public enum Channel: String, Codable, CaseIterable, Sendable {
        case inbox, sms, print, webhook
    }

    public var id: ID
    public var title: String
    public var trigger: Trigger
    public var audience: Audience
    public var channels: [Channel]
    public var ackRequired: Bool
    public var receipt: String?
    public var sms: String?
    public var tags: [String]
    public var articles: [String]
    /// Markdown body with `{{hotlines}}`, `{{school}}` and `{{date}}` placeholders.
    public var body: String

    public init(
        id: ID, title: String, trigger: Trigger, audience: Audience, channels: [Channel], ackRequired: Bool,
        receipt: String?, sms: String?, tags: [String], articles: [String], body: String
    ) {
        self.id = id
        self.title = title
        self.trigger = trigger
        self.audience = audience
        self.channels = channels
        self.ackRequired = ackRequired
        self.receipt = receipt
        self.sms = sms
        self.tags = tags
        self.articles = articles
        self.body = body
    }

    /// The largest allowed offset from an event, in days.
    public static let maxOffsetDays = 365
}
