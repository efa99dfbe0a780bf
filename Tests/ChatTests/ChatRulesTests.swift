import Chat
import Foundation
import Library
import Testing
import TestSupport

/// The bundled rules (`Content/chat/*.yaml`), loaded once for all chat tests.
enum BundledRules {
    static let loaded: (crisis: CrisisRules, intents: IntentRules) = {
        do { return try ChatRulesFile.load(contentRoot: Repository.content) } catch { fatalError("\(error)") }
    }()
    static let classifier = IntentClassifier(crisis: CrisisDetector(rules: loaded.crisis), rules: loaded.intents)

    /// The labelled dev utterances (`../shared/chat/utterances-dev.jsonl`), when present on this machine.
    static let devSet: [(text: String, intent: String)]? = {
        let candidates = [
            ProcessInfo.processInfo.environment["XINQIAO_CHAT_DEV"],
            Repository.root.deletingLastPathComponent().appendingPathComponent("shared/chat/utterances-dev.jsonl").path,
        ].compactMap { $0 }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String, let intent = object["intent"] as? String
            else { return nil }
            return (text, intent)
        }
    }()
}

@Suite struct ChatRulesFileTests {
    @Test func bundledRulesLoad() {
        // Given the bundled files, then every category and intent is there
        let (crisis, intents) = BundledRules.loaded
        #expect(Set(crisis.categories.map(\.id)) == ["acute", "suicide", "self_harm", "violence", "abuse", "missing"])
        #expect(Set(intents.intents.map(\.intent)) == Set(Intent.allCases).subtracting([.crisis, .outOfScope]).union([.outOfScope]))
    }

    @Test func badFilesReportPathAndLine() {
        // Given a crisis file whose category lacks patterns, and an intents file with an unknown intent
        let crisis = "max_gap: 4\ncategories:\n  - id: x\n    name: y\n"
        let intents = "intents:\n  - intent: ask\n    cues: [怎么办 2]\n  - intent: shopping\n    cues: [买]\n"
        // Then each error names the file and the line
        #expect(throws: ContentError(path: "c.yaml", line: 3, message: "missing required field 'patterns'")) {
            try ChatRulesFile.parseCrisis(data: Data(crisis.utf8), path: "c.yaml")
        }
        do {
            _ = try ChatRulesFile.parseIntents(data: Data(intents.utf8), path: "i.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "i.yaml" && error.line == 4 && error.message.contains("shopping"), "\(error)")
        }
    }

    @Test func modelWordClassesAreReadAndChecked() throws {
        let base = "categories:\n  - id: x\n    name: y\n    patterns: [想死]\n"
        let rules = try ChatRulesFile.parseCrisis(
            data: Data((base + "model_concepts:\n  - id: ingest\n    patterns: [吃了, 吞…药]\n").utf8), path: "c.yaml")
        #expect(rules.concepts.map(\.id) == ["ingest"] && rules.concepts[0].patterns.map(\.source) == ["吃了", "吞…药"])
        // A class id that could not be a feature name, or one defined twice, names its line
        #expect(throws: ContentError(path: "c.yaml", line: 6, message: "a model concept's id must be ASCII letters, digits or '_', not '吃'")) {
            try ChatRulesFile.parseCrisis(data: Data((base + "model_concepts:\n  - id: 吃\n    patterns: [吃了]\n").utf8), path: "c.yaml")
        }
        let twice = base + "model_concepts:\n  - id: a\n    patterns: [吃]\n  - id: a\n    patterns: [喝]\n"
        #expect(throws: ContentError(path: "c.yaml", line: 8, message: "model concept 'a' is defined twice")) {
            try ChatRulesFile.parseCrisis(data: Data(twice.utf8), path: "c.yaml")
        }
        // The bundled rules carry their word classes
        let bundled = try ChatRulesFile.load(contentRoot: Repository.content)
        #expect(bundled.crisis.concepts.count >= 30)
    }

    @Test func negationsHypothesesAndFirmPatterns() throws {
        // Given rules with a negation, a hypothetical opening, a prevention marker and a firm pattern
        let yaml = """
            scope_gap: 2
            categories:
              - id: suicide
                name: 自杀
                patterns: [想死]
                firm_patterns: [我死了]
            idioms: [是不是]
            prevention_markers: [预防]
            personal_markers: [发现孩子]
            hypothetical_markers: [如果]
            negations: [不是, 没有]
            """
        let rules = try ChatRulesFile.parseCrisis(data: Data(yaml.utf8), path: "c.yaml")
        #expect(rules.scopeGap == 2 && rules.negations.count == 2 && rules.hypotheticalMarkers.count == 1)
        #expect(rules.categories[0].firmPatterns.map(\.source) == ["我死了"])
        let detector = CrisisDetector(rules: rules)
        // Then a negation right before a match cancels it, a question form or a far negation does not
        #expect(detector.detect("我不是想死") == nil)
        #expect(detector.detect("我是不是想死") != nil)
        #expect(detector.detect("没有人懂我，我真的想死") != nil)
        #expect(detector.detect("我不是想死，就是想死的心都有") != nil)
        // And a hypothesis takes in the personal marker right after it, but not a firm pattern
        #expect(detector.detect("如果发现孩子想死怎么预防") == nil)
        #expect(detector.detect("我发现孩子想死，怎么预防") != nil)
        #expect(detector.detect("如果我死了怎么预防") != nil)
    }

    @Test func symbolAliasesApplyBeforeNormalisation() throws {
        // Given an alias from an emoji, which normalisation alone would drop
        let yaml = "aliases:\n  - {from: 💊, to: 药}\ncategories:\n  - id: acute\n    name: 危险\n    patterns: [吞了…药]\n"
        let detector = CrisisDetector(rules: try ChatRulesFile.parseCrisis(data: Data(yaml.utf8), path: "c.yaml"))
        // Then the emoji reads as the word, and text without it is unchanged
        #expect(detector.detect("孩子吞了一把💊") != nil)
        #expect(ChatText.string(detector.prepared("孩子吞了一把💊")) == "孩子吞了一把药")
        #expect(detector.detect("孩子吞了一口饭") == nil)
    }

    @Test func patternsMatchAcrossGapsAndScripts() throws {
        // Given a gap pattern and a literal
        let gap = try #require(ChatPattern("吞|吃…药"))
        let literal = try #require(ChatPattern("不想活"))
        // Then they match normalised text: traditional, spaces and punctuation do not matter
        #expect(gap.occurs(in: ChatText.normalize("吞了半瓶药"), maxGap: 6))
        #expect(!gap.occurs(in: ChatText.normalize("吞了一口水，过了很久很久很久才去拿药"), maxGap: 6))
        #expect(literal.occurs(in: ChatText.normalize("他說：不 想 活！！"), maxGap: 6))
        #expect(ChatPattern("…") == nil)
        // And `+` joins parts without a gap
        let joined = try #require(ChatPattern("孩子|女儿+上课|学习"))
        #expect(joined.occurs(in: ChatText.normalize("女儿學習沒動力"), maxGap: 6))
        #expect(!joined.occurs(in: ChatText.normalize("有关于孩子手机管理的学习课程吗"), maxGap: 6))
    }
}
