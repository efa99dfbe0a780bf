import Foundation
public import Knowledge
import Library
import Store

/// Reads the knowledge library: hotlines, articles, FAQ.
public struct KnowledgeService: Sendable {
    let database: AppDatabase
    /// Every hotline, decoded: the crisis banner shows them on every page, so they are read from the
    /// database at most every 5 seconds; an import in this process refreshes them at once.
    let allHotlines: RecentValue<[Hotline]>

    init(database: AppDatabase, allHotlines: RecentValue<[Hotline]> = RecentValue(lifetime: .seconds(5))) {
        self.database = database
        self.allHotlines = allHotlines
    }

    /// The help lines for a parent in `region` (national lines for everyone), emergency numbers last.
    public func hotlines(region: String? = nil) async throws -> [Hotline] {
        let all = try await allHotlines.value { try await decodeAll(.hotline) as [Hotline] }
        return all.filter { $0.serves(region: region) }.sorted { lhs, rhs in
            if lhs.emergency != rhs.emergency { return !lhs.emergency }
            if (lhs.scope == "national") != (rhs.scope == "national") { return lhs.scope == "national" }
            return lhs.number < rhs.number
        }
    }

    /// Every live article, in id order.
    public func articles() async throws -> [Article] { try await decodeAll(.article) }

    /// Every live FAQ, in id order.
    public func faqs() async throws -> [FAQ] { try await decodeAll(.faq) }

    /// One article, or nil.
    public func article(id: String) async throws -> Article? {
        guard let data = try await database.contentPayload(id: id, kind: ContentKind.article.rawValue) else { return nil }
        return try JSONDecoder().decode(Article.self, from: data)
    }

    private func decodeAll<T: Decodable>(_ kind: ContentKind) async throws -> [T] {
        let decoder = JSONDecoder()
        return try await database.contentPayloads(kind: kind.rawValue).map { try decoder.decode(T.self, from: $0) }
    }
}
