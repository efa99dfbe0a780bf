public import Foundation
public import Library
public import OutreachCore
import Store
public import Search
import Campaigns
import Knowledge
import Learning

/// Imports the content library and reports what it holds.
public struct ContentService: Sendable {
    let database: AppDatabase
    let clock: WallClock
    let search: SearchService
    /// What to forget after an import: values other services keep in memory (`RecentValue`s).
    let cached: [@Sendable () -> Void]

    init(database: AppDatabase, clock: WallClock, search: SearchService, cached: [@Sendable () -> Void] = []) {
        self.database = database
        self.clock = clock
        self.search = search
        self.cached = cached
    }

    /// The summary printed by `xinqiao import --json`.
    public struct ImportReport: Equatable, Sendable, Codable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var retired = 0
        public var errors: [ContentError] = []

        /// Whether every file imported.
        public var succeeded: Bool { errors.isEmpty }
        /// Whether anything in the store changed.
        public var changedAnything: Bool { added + updated + retired > 0 }
    }

    /// Reads, validates and imports the files under `roots`: one transaction per file, so a crash
    /// leaves every file either fully in or fully out. Bad files are reported and skipped.
    /// - Parameter progress: called with (files done, files total) as files are written.
    public func importLibrary(
        roots: [String], actor: Actor = .localOperator,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        try actor.require(.importContent)
        let scanned = try LibraryScanner.scan(roots)
        var files: [ParsedFile] = []
        for root in scanned {
            for file in root.files {
                let data = FileManager.default.contents(atPath: file.path) ?? Data()
                files.append(ContentParser.parse(data: data, path: file.path, key: file.key))
            }
        }
        let stored = try await database.liveContentRefs().compactMap { ref in
            ContentKind(rawValue: ref.kind).map { LibraryValidator.StoredItem(id: ref.id, kind: $0, fileKey: ref.fileKey) }
        }
        LibraryValidator.validate(&files, stored: stored)

        var report = ImportReport()
        // Whatever happens below, kept copies of the library are read again afterwards.
        defer { for invalidate in cached { invalidate() } }
        let now = clock.now
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (index, file) in files.enumerated() {
            if file.isValid {
                let items = try file.items.map { located in
                    StoredContent(
                        id: located.item.id, kind: located.item.kind.rawValue, line: located.line,
                        title: located.item.title, payload: try located.item.encoded(with: encoder))
                }
                let change = try await database.replaceFile(
                    key: file.key, path: file.path, digest: file.digest, items: items,
                    searchDocuments: file.items.compactMap { $0.item.searchDocument }, at: now)
                report.add(change)
            } else {
                report.errors += file.errors
            }
            progress(index + 1, files.count)
        }
        for root in scanned {
            guard let prefix = root.retirePrefix else { continue }
            let seen = Set(root.files.map(\.key))
            report.retired += try await database.retireFiles(under: prefix, except: seen, at: now)
        }
        if report.changedAnything || !report.errors.isEmpty {
            try await database.appendAudit(
                AuditEntry(
                    at: now, actor: actor.auditName, action: "content.import", target: roots.joined(separator: " "),
                    detail: "added=\(report.added) updated=\(report.updated) retired=\(report.retired) errors=\(report.errors.count)"))
        }
        return report
    }

    /// Counts of every content kind plus accounts and lectures, with the keys `stats --json` prints.
    public func stats() async throws -> [String: Int] {
        let counts = try await database.contentCounts()
        var result: [String: Int] = [:]
        for kind in ContentKind.allCases {
            result[kind.statsKey] = counts[kind.rawValue] ?? 0
        }
        result["accounts"] = try await database.count(table: .account)
        result["lectures"] = try await database.count(table: .lecture)
        return result
    }
}

extension ContentService.ImportReport {
    mutating func add(_ change: ContentChange) {
        added += change.added
        updated += change.updated
        unchanged += change.unchanged
        retired += change.retired
    }
}

extension ContentKind {
    /// The plural key used by `stats`.
    public var statsKey: String {
        switch self {
        case .article: "articles"
        case .faq: "faq"
        case .letter: "letters"
        case .hotline: "hotlines"
        case .knowledgePoint: "knowledge_points"
        case .course: "courses"
        case .lesson: "lessons"
        case .question: "questions"
        case .quiz: "quizzes"
        }
    }
}

extension ContentItem {
    /// The domain value as JSON.
    func encoded(with encoder: JSONEncoder) throws -> Data {
        switch self {
        case .article(let value): try encoder.encode(value)
        case .faq(let value): try encoder.encode(value)
        case .letter(let value): try encoder.encode(value)
        case .hotline(let value): try encoder.encode(value)
        case .knowledgePoint(let value): try encoder.encode(value)
        case .course(let value): try encoder.encode(value)
        case .lesson(let value): try encoder.encode(value)
        case .question(let value): try encoder.encode(value)
        case .quiz(let value): try encoder.encode(value)
        }
    }
}

extension ContentItem {
    /// What the search index holds for an item (quizzes and courses' test lists are not searched).
    var searchDocument: SearchDocument? {
        switch self {
        case .article(let article):
            return SearchDocument(
                id: article.id.rawValue, kind: "article", title: article.title, summary: article.summary,
                tags: article.tags, body: article.body, stages: article.stages.map(\.rawValue))
        case .faq(let faq):
            return SearchDocument(
                id: faq.id.rawValue, kind: "faq", title: faq.question, tags: faq.tags, body: faq.answer,
                stages: faq.stages.map(\.rawValue))
        case .letter(let letter):
            let body = letter.body.replacingOccurrences(of: "{{hotlines}}", with: "")
                .replacingOccurrences(of: "{{school}}", with: "").replacingOccurrences(of: "{{date}}", with: "")
            return SearchDocument(
                id: letter.id.rawValue, kind: "letter", title: letter.title, summary: letter.sms ?? "", tags: letter.tags,
                body: body, stages: letter.audience.stages.map(\.rawValue), grades: letter.audience.grades)
        case .lesson(let lesson):
            return SearchDocument(
                id: lesson.id.rawValue, kind: "lesson", title: lesson.title, summary: lesson.keyPoints.joined(separator: "；"),
                body: lesson.body)
        case .question(let question):
            let options = question.options.map(\.text).joined(separator: "；")
            return SearchDocument(
                id: question.id.rawValue, kind: "question", title: question.stem, summary: options,
                body: question.explanation)
        case .knowledgePoint(let point):
            return SearchDocument(
                id: point.id.rawValue, kind: "knowledge_point", title: point.title, tags: [point.category],
                body: point.explanation)
        case .hotline(let hotline):
            return SearchDocument(
                id: hotline.id.rawValue, kind: "hotline", title: "\(hotline.name) \(hotline.number)", summary: hotline.hours,
                tags: [hotline.scope], body: hotline.purpose)
        case .course(let course):
            return SearchDocument(
                id: course.id.rawValue, kind: "course", title: course.title, body: course.summary,
                stages: course.stages.map(\.rawValue))
        case .quiz:
            return nil
        }
    }
}
