import OutreachCore
import Foundation
import Library
import Testing
import TestSupport

@Suite struct LibraryValidatorTests {
    private func parsed(_ files: [(String, String)]) -> [ParsedFile] {
        files.map { ContentParser.parse(data: Data($0.1.utf8), path: $0.0, key: $0.0) }
    }

    @Test func duplicateIDAcrossFilesRejectsTheLaterFile() {
        // Given two articles that share an id
        var files = parsed([
            ("Content/articles/a.md", Fixtures.article),
            ("Content/articles/b.md", Fixtures.article),
            ("Lessons/knowledge-points.yaml", Fixtures.knowledgePoints),
        ])
        // When validated
        LibraryValidator.validate(&files, stored: [])
        // Then the first keeps the id and the second is rejected, naming the first
        #expect(files[0].isValid)
        #expect(files[1].errors.first?.description == "Content/articles/b.md:1: duplicate id 'sleep-basics' (already used in Content/articles/a.md)")
    }

    @Test func idStoredFromAnotherFileIsADuplicate() {
        var files = parsed([("Content/articles/b.md", Fixtures.article)])
        LibraryValidator.validate(&files, stored: [.init(id: "sleep-basics", kind: .faq, fileKey: "Content/faq/x.md")])
        #expect(files[0].errors.first?.message.contains("already used in Content/faq/x.md") == true)
    }

    @Test func rejectionCascadesToDependentFiles() {
        // Given a broken knowledge-point file and a question bank that depends on it
        var files = parsed([
            ("Lessons/knowledge-points.yaml", "- id: kp-sleep-needs\n  title: [\n"),
            ("Lessons/quizzes/bank.yaml", Fixtures.questions),
        ])
        LibraryValidator.validate(&files, stored: [])
        // Then the bank is rejected too, because its knowledge points do not exist
        #expect(!files[0].isValid)
        #expect(files[1].errors.first?.message.contains("unknown knowledge point 'kp-sleep-needs'") == true)
    }
}
