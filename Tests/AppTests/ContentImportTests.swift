import Store
import App
import Foundation
import Library
import OutreachCore
import Testing
import TestSupport

@Suite struct ContentImportTests {
    @Test func firstImportAddsEverythingAndSecondChangesNothing() async throws {
        // Given an empty database and the minimal library
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        // When it is imported twice
        let first = try await app.content.importLibrary(roots: library.roots)
        let statsAfterFirst = try await app.content.stats()
        let second = try await app.content.importLibrary(roots: library.roots)
        // Then the first adds every item, the second reports no change, and stats are stable
        #expect(first.errors.isEmpty, "\(first.errors)")
        #expect(first.added == 14)
        #expect(second.added == 0 && second.updated == 0 && second.retired == 0)
        #expect(second.unchanged == 14)
        #expect(try await app.content.stats() == statsAfterFirst)
        #expect(statsAfterFirst["articles"] == 1 && statsAfterFirst["faq"] == 1 && statsAfterFirst["letters"] == 1)
        #expect(statsAfterFirst["knowledge_points"] == 2 && statsAfterFirst["questions"] == 3)
        #expect(statsAfterFirst["quizzes"] == 2)  // the survey and the lesson's check quiz
        #expect(statsAfterFirst["courses"] == 1 && statsAfterFirst["lessons"] == 1)
    }

    @Test func editedItemIsUpdatedAndRemovedFileIsRetired() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        // When one FAQ changes and the letter file is deleted
        try library.write("Content/faq/faq-sleep-late.md", Fixtures.faq.replacingOccurrences(of: "咋办", with: "怎么办"))
        try library.remove("Content/letters/letter-term-start.md")
        let report = try await app.content.importLibrary(roots: library.roots)
        // Then the FAQ is updated, the letter retired, and stats drop it
        #expect(report.updated == 1)
        #expect(report.retired == 1)
        #expect(report.added == 0)
        #expect(try await app.content.stats()["letters"] == 0)
        // And restoring the file brings the letter back
        try library.write("Content/letters/letter-term-start.md", Fixtures.letter)
        let restored = try await app.content.importLibrary(roots: library.roots)
        #expect(restored.updated == 1)
        #expect(try await app.content.stats()["letters"] == 1)
    }

    @Test func brokenFileIsSkippedAndEverythingElseImports() async throws {
        // Given the minimal library plus one broken FAQ
        let app = try await App.makeForTesting()
        let clean = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await clean.content.importLibrary(roots: library.roots)
        let brokenPath = try library.write(
            "Content/faq/faq-broken.md", "---\nid: faq-broken\nquestion: 问题\ntags: [睡眠]\narticle: sleep-basics\nfoo: 1\n---\n回答\n")
        // When imported
        let report = try await app.content.importLibrary(roots: library.roots)
        // Then the report names the file and line, and stats equal the library without it
        #expect(report.errors == [ContentError(path: brokenPath, line: 6, message: report.errors.first?.message ?? "")])
        #expect(report.errors.first?.message.hasPrefix("unknown field 'foo'") == true)
        #expect(try await app.content.stats() == (try await clean.content.stats()))
    }

    @Test func brokenEditKeepsThePreviousVersion() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        let before = try await app.knowledge.faqs()
        // When the FAQ is edited into an invalid state
        try library.write("Content/faq/faq-sleep-late.md", "---\nid: faq-sleep-late\n---\n")
        let report = try await app.content.importLibrary(roots: library.roots)
        // Then the import fails for that file and the stored FAQ is unchanged (not retired)
        #expect(report.errors.count == 1)
        #expect(report.retired == 0)
        #expect(try await app.knowledge.faqs() == before)
    }

    @Test func bundledLibraryImportsWithoutErrors() async throws {
        let app = try await App.makeForTesting()
        let report = try await app.content.importLibrary(roots: [Repository.content, Repository.lessons])
        #expect(report.errors.isEmpty, "\(report.errors.prefix(5))")
        let stats = try await app.content.stats()
        #expect(stats["knowledge_points"]! >= 30)
        #expect(stats["letters"]! >= 14)
    }

    @Test func importNeedsTheRight() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        let parent = Account(id: "p1", role: .parent)
        await #expect(throws: AccessError.forbidden(.importContent)) {
            try await app.content.importLibrary(roots: library.roots, actor: .account(parent))
        }
    }

    @Test func importIsAudited() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        let log = try await app.database.auditLog(limit: 10)
        #expect(log.first?.action == "content.import")
        #expect(log.first?.detail.contains("added=14") == true)
    }

    @Test func missingRootIsAnError() async throws {
        let app = try await App.makeForTesting()
        await #expect(throws: ScanError.notFound("/nonexistent/Content")) {
            try await app.content.importLibrary(roots: ["/nonexistent/Content"])
        }
    }
}
