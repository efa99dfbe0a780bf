import Campaigns
public import Chat
import Foundation
public import Knowledge
import Learning
import Lectures
public import Library
public import OutreachCore
import Search
import Store

/// One answered turn, as `xinqiao chat --batch` and `POST /api/v1/chat` print it.
public struct ChatTurn: Codable, Equatable, Sendable {
    /// A library item the reply is drawn from.
    public struct Source: Codable, Equatable, Sendable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    public var text: String
    public var intent: String
    public var crisis: Bool
    public var reply: String
    public var sources: [Source]

    public init(text: String, intent: String, crisis: Bool, reply: String, sources: [Source]) {
        self.text = text
        self.intent = intent
        self.crisis = crisis
        self.reply = reply
        self.sources = sources
    }
}

/// The conversational front (issue 7), single-turn: classify (crisis first), then answer from the
/// library, the hotlines file and — when acting as a parent — the parent's letters, lectures and progress.
public struct ChatService: Sendable {
    public let classifier: IntentClassifier
    /// All lines from `Content/hotlines.yaml`; a parent sees the national ones and their province's.
    public let hotlines: [Hotline]
    let search: SearchService
    let campaigns: CampaignService
    let lectures: LectureService
    let learning: LearningService
    let clock: WallClock
    let database: AppDatabase
    /// What the detector said of texts screened outside the chat (a search page's popular questions).
    let screened = ScreenedTexts()
    /// The knowledge quiz the chat runs for “考考我” and /quiz.
    public var chatQuiz = "parent-awareness"

    /// Utterances longer than this are cut before classification (a pasted essay is still checked for
    /// a crisis in its first part, and the reply stays fast).
    public static let maxUtteranceLength = 2_000

    /// Answers one utterance as a fresh conversation, acting as `account` (a parent) or as a guest.
    public func reply(to text: String, as account: Account? = nil) async throws -> ChatTurn {
        let cleaned = Self.clean(text)
        let result = classifier.classify(cleaned)
        if let signal = result.crisis {
            var reply = ChatReplies.crisis(signal, hotlines: hotlines(for: account))
            await logCrisis(signal.category, account: account, text: nil)
            let sources = await possibleCrisisAnswer(signal, cleaned, into: &reply)
            return ChatTurn(text: text, intent: Intent.crisis.rawValue, crisis: true, reply: reply, sources: sources)
        }
        var reply: String
        var sources: [ChatTurn.Source] = []
        switch result.intent {
        case .ask:
            if let hit = try? await bestPassage(for: cleaned) {
                reply = ChatReplies.answer(title: hit.title, excerpt: Self.plainExcerpt(hit.snippet))
                sources = [.init(id: hit.id, title: hit.title)]
            } else {
                reply = ChatReplies.notFound
            }
        case .help: reply = ChatReplies.help
        case .greeting: reply = ChatReplies.greeting
        case .outOfScope: reply = ChatReplies.outOfScope
        case .letters:
            reply = ChatReplies.pointer(for: .letters)
            if let account, let inbox = try? await campaigns.inbox(actor: .account(account)) {
                let unread = inbox.filter { $0.readAt == nil }.count
                reply = "您有 \(unread) 封未读的家长信。" + reply
            }
        case .lectures:
            reply = ChatReplies.pointer(for: .lectures)
            let day = BeijingTime.day(clock.now)
            if let next = try? await lectures.list(region: account?.region, from: day, to: nil).first(where: { $0.lecture.start >= clock.now }) {
                reply = "最近的一场讲座：\(next.lecture.title)，\(BeijingTime.text(next.lecture.start))。" + reply
            }
        case .progress:
            reply = ChatReplies.pointer(for: .progress)
            if let account, let courses = try? await learning.progress(actor: .account(account)) {
                let started = courses.filter { $0.enrolled || $0.read > 0 }
                if started.isEmpty {
                    reply = "您还没有开始学习家长学校的课程。" + reply
                } else {
                    let lines = started.map { "《\($0.course.title)》已学 \($0.read)/\($0.total) 节\($0.certificate == nil ? "" : "，已获结业证书")" }
                    reply = lines.joined(separator: "；") + "。" + reply
                }
            }
        case .quiz, .lesson, .crisis: reply = ChatReplies.pointer(for: result.intent)
        }
        return ChatTurn(text: text, intent: result.intent.rawValue, crisis: false, reply: reply, sources: sources)
    }

    /// The national lines and the parent's province's (a guest sees the national ones).
    public func hotlines(for account: Account?) -> [Hotline] { hotlines.filter { $0.serves(region: account?.region) } }

    /// Logs a crisis for staff follow-up: who, which kind and the region — the parent's words only
    /// when they agreed (`text`). A failed write must not hold back the reply.
    func logCrisis(_ category: String, account: Account?, text: String?) async {
        var detail = "region=\(account?.region ?? "")"
        if let text { detail += " consented_text=\(text)" }
        try? await database.appendAudit(
            AuditEntry(
                at: clock.now, actor: account?.id.rawValue ?? "guest", action: text == nil ? "chat.crisis" : "chat.crisis.consent",
                target: category, detail: detail))
    }

    /// Starts a multi-turn conversation as `account` (a parent) or as a guest.
    public func conversation(as account: Account?) -> ChatConversation { ChatConversation(chat: self, account: account) }

    /// The crisis reply for a free-text answer outside the chat (a 回执 message, a search query), or nil
    /// when the text signals no crisis. The same detector and wording as the chat, with the hotlines
    /// for the parent's region, and for a signed-in reader the same audit entry for staff follow-up
    /// (never the text itself). An anonymous page view is not logged: there is nobody to follow up,
    /// and a GET that writes would let anyone fill the log.
    public func crisisHelp(for text: String, as account: Account? = nil) async -> String? {
        guard let signal = screened.signal(Self.clean(text), classifier.crisis.detect) else { return nil }
        if account != nil { await logCrisis(signal.category, account: account, text: nil) }
        return ChatReplies.crisis(signal, hotlines: hotlines(for: account))
    }

    /// After a crisis reply the back-up model gave (`possible`: no rule fired), the library's answer to
    /// the question follows the help, so a false alarm still gets an answer.
    func possibleCrisisAnswer(_ signal: CrisisSignal, _ text: String, into reply: inout String) async -> [ChatTurn.Source] {
        guard signal.category == "possible", let hit = try? await bestPassage(for: text) else { return [] }
        reply += "\n\n" + ChatReplies.answer(title: hit.title, excerpt: Self.plainExcerpt(hit.snippet))
        return [.init(id: hit.id, title: hit.title)]
    }

    /// The best vetted passage for a question, or nil when nothing fits well enough. (Read through the
    /// async API: a blocking read on the server's few task threads can wait for a reader forever.)
    func bestPassage(for text: String) async throws -> SearchHit? {
        let hits = try await search.search(SearchQuery(text: text, limit: 30))
        let vetted: Set<String> = ["faq", "article", "lesson", "knowledge_point"]
        return hits.first { vetted.contains($0.kind) && $0.explanation.coverage >= 0.34 }
    }

    /// Control characters become spaces; very long lines are cut.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(maxUtteranceLength) {
            scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// A snippet without highlight marks and HTML escapes, at most about 120 characters.
    public static func plainExcerpt(_ snippet: String) -> String {
        var text = snippet.replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
        text = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        // Markdown marks (headings, bold) read as noise in a chat reply.
        text = text.replacingOccurrences(of: "**", with: "")
        text = text.split(separator: " ", omittingEmptySubsequences: true).filter { !$0.allSatisfy { $0 == "#" } }.joined(separator: " ")
        text = String(text.drop { "…。，、；：,.;: ".contains($0) }).trimmingCharacters(in: .whitespaces)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

/// Errors of the chat wiring.
public enum ChatServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case rules(ContentError)
    case hotlines(String)

    public var description: String {
        switch self {
        case .rules(let error): error.description
        case .hotlines(let message): message
        }
    }
}

extension App {
    /// The chat service, reading its rules (`chat/crisis.yaml`, `chat/intents.yaml`) and
    /// `hotlines.yaml` from the first content root. Errors are `path:line: message`.
    public func chat() throws -> ChatService {
        let root = config.contentRoots.first ?? "Content"
        let rules: (crisis: CrisisRules, intents: IntentRules)
        do { rules = try ChatRulesFile.load(contentRoot: root) } catch { throw ChatServiceError.rules(error) }
        let path = (root as NSString).appendingPathComponent("hotlines.yaml")
        let hotlines: [Hotline]
        do { hotlines = try HotlinesFile.load(contentRoot: root) } catch { throw ChatServiceError.rules(error) }
        guard !hotlines.isEmpty else { throw ChatServiceError.hotlines("\(path):1: no hotlines on file") }
        return ChatService(
            classifier: IntentClassifier(crisis: CrisisDetector(rules: rules.crisis), rules: rules.intents), hotlines: hotlines,
            search: search, campaigns: campaigns, lectures: lectures, learning: learning, clock: clock, database: database)
    }
}

/// The crisis detector's verdicts on short texts screened outside the chat, kept so that the search
/// page's popular questions are not checked again on every request (the detector's rules are fixed for
/// the life of the service, so a verdict never goes stale). Every detection still logs its audit entry.
struct ScreenedTexts: Sendable {
    private let verdicts = BoundedTable<String, CrisisSignal?>(limit: 4_096)

    func signal(_ text: String, _ detect: (String) -> CrisisSignal?) -> CrisisSignal? {
        guard text.utf8.count <= 512 else { return detect(text) }
        return verdicts.value(for: text, orMake: detect)
    }
}
