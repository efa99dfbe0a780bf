public import Foundation
public import OutreachCore

/// The conversations a server keeps for `POST /api/v1/chat` with a conversation id: each bound to the
/// account that started it (or to guests), forgotten after 30 idle minutes, at most `capacity` kept
/// (the least recently used goes first). Ids are random and unguessable.
public actor ChatConversations {
    private struct Entry {
        var conversation: ChatConversation
        var owner: String?
        var lastUsed: Date
    }

    private let chat: ChatService
    private let capacity: Int
    private let idleLimit: TimeInterval
    private var entries: [String: Entry] = [:]

    public init(chat: ChatService, capacity: Int = 10_000, idleLimit: TimeInterval = 30 * 60) {
        self.chat = chat
        self.capacity = capacity
        self.idleLimit = idleLimit
    }

    /// The conversation `id` for `account`, or a new one when the id is unknown, expired or
    /// belongs to someone else (nobody continues another parent's conversation).
    public func conversation(id: String?, account: Account?) -> (id: String, conversation: ChatConversation) {
        let now = chat.clock.now
        let owner = account?.id.rawValue
        if let id, var entry = entries[id], entry.owner == owner, now.timeIntervalSince(entry.lastUsed) < idleLimit {
            entry.lastUsed = now
            entries[id] = entry
            return (id, entry.conversation)
        }
        if entries.count >= capacity { evict(now: now) }
        let newID = Self.randomID()
        let conversation = chat.conversation(as: account)
        entries[newID] = Entry(conversation: conversation, owner: owner, lastUsed: now)
        return (newID, conversation)
    }

    public var count: Int { entries.count }

    private func evict(now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.lastUsed) < idleLimit }
        while entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            entries[oldest.key] = nil
        }
    }

    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}
