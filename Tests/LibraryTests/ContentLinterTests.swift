import Foundation
import Library
import Testing
import TestSupport

/// Each rule of `xinqiao content lint` catches a bad example, and the shipped library has no errors.
@Suite struct ContentLinterTests {
    static let linter = ContentLinter(
        hotlines: ["12356", "12355", "110", "120", "96525"],
        stigma: [
            .init(term: "神经病", labelOnly: false, why: "骂人的话", instead: "正在经历心理困扰的人"),
            .init(term: "想不开", labelOnly: true, why: "模糊了危险", instead: "有自杀念头的人"),
        ])

    private func rules(_ path: String, _ text: String) -> [String] {
        Self.linter.lint(path: path, text: text).filter { $0.severity == .error }.map(\.rule)
    }

    @Test func hotlineNumbersMustBeOnFile() {
        #expect(rules("Content/faq/faq-x.md", "可以拨打12356或12358。") == ["hotline"])
        #expect(rules("Content/faq/faq-x.md", "可以拨打12356，紧急时拨打110、120。").isEmpty)
        // 2024 is a year, not a hotline
        #expect(rules("Content/faq/faq-x.md", "2024年起，12356全国开通。").isEmpty)
    }

    @Test func stigmatisingWordsAreErrorsUnlessRefuted() {
        #expect(rules("Content/articles/a.md", "别理他，他就是神经病。") == ["stigma"])
        #expect(rules("Content/articles/a.md", "孩子难过不是神经病，是需要帮助。").isEmpty)
        // A label-only word is flagged as a label, not when it describes a thought
        #expect(rules("Content/articles/a.md", "他就是想不开的人。") == ["stigma"])
        #expect(rules("Content/articles/a.md", "孩子一时想不开时，先陪着他。").isEmpty)
        // Quoted, to explain why not to say it: a warning only
        let quoted = Self.linter.lint(path: "Content/articles/a.md", text: "不要说“你就是神经病”这样的话。")
        #expect(quoted.allSatisfy { $0.severity == .warning })
    }

    @Test func noAdviceToChangeOrStopMedication() {
        #expect(rules("Content/faq/faq-x.md", "孩子好多了，就可以停药了。") == ["medication"])
        #expect(rules("Content/faq/faq-x.md", "不要自行停药，有疑问先问开药的医生。").isEmpty)
        #expect(rules("Content/faq/faq-x.md", "医生会判断药物是否合适。").isEmpty)
        // Quiz options state misconceptions on purpose; explanations must not
        #expect(rules("Lessons/quizzes/bank.yaml", "      - {id: A, text: 直接停药就行}").isEmpty)
        #expect(rules("Lessons/quizzes/bank.yaml", "    explanation: 好了就停药。") == ["medication"])
    }

    @Test func articlesAboutSelfHarmNeedACrisisSection() {
        let without = "---\nid: a\ntags: [自伤, 预警信号]\n---\n## 有哪些信号？\n多观察。\n"
        #expect(rules("Content/articles/a.md", without) == ["crisis-section"])
        let with = "---\nid: a\ntags: [自伤]\n---\n## 现在就需要帮助？\n拨打12356；有危险时拨打110或120。\n"
        #expect(rules("Content/articles/a.md", with).isEmpty)
    }

    @Test func smsTextsStayWithinTheirSegments() {
        let long = String(repeating: "请家长关注孩子情绪。", count: 25)
        #expect(rules("Content/letters/l.md", "sms: \(long)") == ["sms"])
        let two = String(repeating: "关注孩子", count: 20)
        let findings = Self.linter.lint(path: "Content/letters/l.md", text: "sms: \(two)")
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test func theShippedLibraryHasNoErrors() throws {
        let root = Repository.root
        let linter = ContentLinter.load(contentRoot: root.appendingPathComponent("Content").path)
        #expect(linter.hotlines.isSuperset(of: ["12356", "12355", "110", "120"]))
        #expect(linter.stigma.count >= 20)
        let findings = try linter.lint(
            roots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path])
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test func brokenLinksAreErrorsWithTheirLine() throws {
        let library = try TemporaryLibrary.minimal()
        try library.write("Content/faq/faq-zz-link.md", "---\nid: faq-zz-link\nquestion: 孩子不睡觉\ntags: [睡眠]\narticle: no-such-article\n---\n回答，拨打12356。\n")
        let findings = try Self.linter.lint(roots: library.roots)
        let structure = findings.filter { $0.rule == "links" }
        #expect(structure.count == 1)
        #expect(structure.first?.path.hasSuffix("faq-zz-link.md") == true && (structure.first?.line ?? 0) > 1)
    }
}
