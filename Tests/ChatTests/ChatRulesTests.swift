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
