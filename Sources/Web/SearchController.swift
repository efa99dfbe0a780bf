import App
import Foundation
import Hummingbird
import Search

/// `GET /api/v1/search`: the same engine as the CLI and the chat.
struct SearchController {
    let core: App

    func register(api: inout APIRoutes) {
        api.get(
            "/api/v1/search", summary: "Search the library (colloquial, keyword, traditional, \"quoted phrase\")",
            parameters: [
                .init(name: "q", location: "query", required: true, type: "string", description: "the query, up to 1,000 characters"),
                .init(name: "limit", location: "query", required: false, type: "integer", description: "1–100, default 10"),
                .init(name: "kind", location: "query", required: false, type: "string", description: "article, faq, letter, lesson, question …"),
                .init(name: "stage", location: "query", required: false, type: "string", description: "preschool, primary, junior, senior, vocational"),
                .init(name: "grade", location: "query", required: false, type: "integer", description: "0–12"),
                .init(name: "tag", location: "query", required: false, type: "string", description: "a tag"),
            ],
            returns: "{query, took_us, hits:[{id, kind, score, title, snippet, explanation}]}"
        ) { request, _ in
            let query = try Self.parse(request)
            let start = ContinuousClock.now
            let hits = try await core.search.search(query, reuse: true)
            let elapsed = ContinuousClock.now - start
            return SearchResponse(
                query: query.text,
                took_us: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000,
                hits: hits)
        }
    }

    /// Validates the query string; every problem is a 400 with a message.
    static func parse(_ request: Request) throws -> SearchQuery {
        let parameters = try QueryParameters(request.uri.query ?? "")
        guard let q = parameters["q"], !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("q is required: give a search query")
        }
        guard q.count <= 1_000 else { throw APIError.badRequest("q is too long: at most 1,000 characters") }
        var limit = 10
        if let raw = parameters["limit"] {
            guard let value = Int(raw), (1...SearchQuery.maxLimit).contains(value) else {
                throw APIError.badRequest("limit must be a whole number between 1 and \(SearchQuery.maxLimit)")
            }
            limit = value
        }
        var grade: Int?
        if let raw = parameters["grade"] {
            guard let value = Int(raw), (0...12).contains(value) else { throw APIError.badRequest("grade must be 0–12") }
            grade = value
        }
        return SearchQuery(
            text: q, limit: limit, kind: parameters["kind"].flatMap { $0.isEmpty ? nil : $0 },
            stage: parameters["stage"].flatMap { $0.isEmpty ? nil : $0 }, grade: grade,
            tag: parameters["tag"].flatMap { $0.isEmpty ? nil : $0 })
    }

    struct SearchResponse: ResponseEncodable {
        var query: String
        var took_us: Int64
        var hits: [SearchHit]

    }
}

/// Strictly decoded query-string parameters: invalid percent-encoding, invalid UTF-8 or NUL bytes are
/// refused with a 400 instead of being replaced silently.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String) throws {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(String(parts[0]))
            let value = parts.count > 1 ? try Self.decode(String(parts[1])) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(key: String) -> String? { values[key] }

    static func decode(_ component: String) throws -> String {
        var bytes: [UInt8] = []
        var iterator = Array(component.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { throw APIError.badRequest("the query string has a broken %-escape") }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("the query string is not valid UTF-8")
        }
        guard !string.contains("\u{0}") else { throw APIError.badRequest("the query string contains a NUL byte") }
        return string
    }
}
