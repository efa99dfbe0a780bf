import Foundation
public import Knowledge
import Library
import Store

/// Reads the knowledge library: hotlines, articles, FAQ.
public struct KnowledgeService: Sendable {
    let database: AppDatabase

    /// The help lines for a parent in `region` (national lines for everyone), emergency numbers last.
    public func hotlines(region: String? = nil) async throws -> [Hotline] {
        let all: [Hotline] = try await decodeAll(.hotline)
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
