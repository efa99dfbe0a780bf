import Chat
import Foundation
import Testing

/// Labelled utterances in `Fixtures/heldout-*.jsonl` (not taken from the dev set). The tune and check halves
/// were written for evaluation, but both now train the back-up model (`scripts/train-crisis-model.py`) and
/// the check half's misses were read to write rules: they are training data, and their numbers say only
/// that nothing was forgotten. `heldout-fresh.jsonl` was written blind by someone else and measured once at the
/// end of issue 7's first round; since then its misses were read by failure mode and it trains the model, so it
/// is training data too. `heldout-blind.jsonl`, written blind in other voices, was measured once with the final
/// system of the second round and has been used up the same way since; so has `heldout-third.jsonl`, written blind
/// in the dev set's plain style and measured once with the final system of the third round, and `heldout-fourth.jsonl`,
/// measured once with the final system of the fourth round; so have `heldout-fifth.jsonl` and `heldout-sixth.jsonl`
/// (the sixth notes its hard negatives by kind). `heldout-seventh.jsonl`, written blind like the sixth, is measured once
/// with the final system of the seventh round and is the estimate for utterances nobody here has seen.
enum HeldOut {
    struct Example {
        var text: String
        var intent: String
        var crisis: Bool
        var note: String?
    }

    struct Report {
        var crisisCaught = 0, crisisTotal = 0, alarms = 0, nonCrisisTotal = 0, correct = 0, total = 0
        var lines: [String] = []
        var recall: Double { Double(crisisCaught) / Double(max(1, crisisTotal)) }
        var falseAlarms: Double { Double(alarms) / Double(max(1, nonCrisisTotal)) }
        var accuracy: Double { Double(correct) / Double(max(1, total)) }
    }

    static func load(_ name: String) throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String, let intent = object["intent"] as? String, let crisis = object["crisis"] as? Bool
            else { throw CocoaError(.coderReadCorrupt) }
            return Example(text: text, intent: intent, crisis: crisis, note: object["note"] as? String)
        }
    }

    /// Classifies every example with the bundled rules; every miss is a line of the report, printed only when
    /// `printingMisses` (a blind set prints its counts, so that nobody reads its sentences by running the tests).
    static func evaluate(_ name: String, printingMisses: Bool = true) throws -> Report {
        var report = Report()
        var confusion: [String: Int] = [:]
        var perIntent: [String: (correct: Int, total: Int)] = [:]
        for example in try load(name) {
            let result = BundledRules.classifier.classify(example.text)
            let detected = result.crisis != nil
            report.total += 1
            if example.crisis {
                report.crisisTotal += 1
                if detected { report.crisisCaught += 1 } else { report.lines.append("  missed crisis: \(example.text) [\(example.note ?? "")]") }
            } else {
                report.nonCrisisTotal += 1
                if let signal = result.crisis {
                    report.alarms += 1
                    report.lines.append("  false alarm: \(example.text) (\(signal.category) \(signal.pattern)) [\(example.note ?? "")]")
                }
            }
            perIntent[example.intent, default: (0, 0)].total += 1
            if result.intent.rawValue == example.intent {
                report.correct += 1
                perIntent[example.intent, default: (0, 0)].correct += 1
            } else {
                confusion["\(example.intent) → \(result.intent.rawValue)", default: 0] += 1
                if !(example.crisis || detected) {
                    report.lines.append("  \(example.intent) → \(result.intent.rawValue): \(example.text) \(result.scores.sorted { $0.key < $1.key })")
                }
            }
        }
        print(
            """
            held-out \(name): crisis recall \(report.crisisCaught)/\(report.crisisTotal) = \(report.recall), \
            false alarms \(report.alarms)/\(report.nonCrisisTotal) = \(report.falseAlarms), \
            intent accuracy \(report.correct)/\(report.total) = \(report.accuracy)
            confusion \(confusion.sorted { $0.key < $1.key })
            per intent \(perIntent.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.correct)/\($0.value.total)" }.joined(separator: ", "))
            """)
        if printingMisses { for line in report.lines { print(line) } }
        return report
    }
}

@Suite struct HeldOutEvaluationTests {
    @Test func tuneHalf() throws {
        // Given the half the rules were first diagnosed on (training data now), then it stays at the targets
        let report = try HeldOut.evaluate("heldout-tune.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func checkHalf() throws {
        // Given the half that was held out until issue 7 and now trains the model (its misses were also read
        // for rules): training data, so it must stay at the targets; before issue 7 it measured 131/151,
        // 8/286, 386/437 as a true held-out set.
        let report = try HeldOut.evaluate("heldout-check.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func freshSet() throws {
        // Given 758 utterances written blind by someone else, measured once with the final system of issue 7's first
        // round: crisis recall 253/291 = 0.869, false alarms 22/467 = 0.047, intent accuracy 640/758 = 0.844 (the
        // system before issue 7: 226/291, 18/467, 605/758). Since then its misses were read for rules by failure
        // mode and it trains both models: training data like the halves, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-fresh.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func blindSet() throws {
        // Given 606 utterances written blind by someone else in other voices (voice-input run-ons, grandparents,
        // dialect words, quoted messages), measured once with the final system of issue 7's second round: crisis
        // recall 217/245 = 0.886 (rules 149, the model 68 more), false alarms 11/361 = 0.030 (rules 9, model 2),
        // intent accuracy 535/606 = 0.883 (per intent: ask 121/133, crisis 217/245, greeting 24/28, help 17/22,
        // lectures 29/30, lesson 28/29, letters 26/29, out_of_scope 31/42, progress 18/22, quiz 24/26). Since then its
        // misses were read by failure mode for rules and cues, and it trains both models: it is used up, training data
        // like the fresh set, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-blind.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func thirdSet() throws {
        // Given 453 utterances written blind by someone else in the dev set's plain style, copied in unread and
        // measured once with the final system of issue 7's third round: crisis recall 158/172 = 0.919, false alarms
        // 4/281 = 0.014, intent accuracy 413/453 = 0.912 (per intent: ask 86/91, crisis 158/172, greeting 22/26,
        // help 16/17, lectures 26/26, lesson 23/24, letters 24/24, out_of_scope 21/29, progress 16/23, quiz 21/21).
        // Since then its misses were read by failure mode for rules and cues, and it trains both models: it is used
        // up, training data like the blind set, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-third.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func fourthSet() throws {
        // Given 401 utterances written blind by someone else, copied in unread and measured once with the final
        // system of issue 7's fourth round: crisis recall 139/150 = 0.927, false alarms 9/251 = 0.036, intent
        // accuracy 371/401 = 0.925 (per intent: ask 66/74, crisis 139/150, greeting 22/22, help 14/18, lectures 20/20,
        // lesson 22/22, letters 20/20, out_of_scope 29/34, progress 20/20, quiz 19/21). Since then its misses were read
        // (the fifth round's word classes were checked on it) and it trains both models: it is used up, training data
        // like the third set, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-fourth.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func fifthSet() throws {
        // Given 520 utterances written blind by someone else in many voices (200 crisis lines, 90 hard negatives),
        // copied in unread and measured once with the final system of issue 7's fifth round (word classes for the
        // model, 1,200 more training lines in new voices, the threshold at the 95.5th percentile): crisis recall
        // 198/200 = 0.990, false alarms 15/320 = 0.047, intent accuracy 483/520 = 0.929 (per intent: ask 97/107,
        // crisis 198/200, greeting 23/25, help 18/21, lectures 26/26, lesson 24/24, letters 22/23, out_of_scope
        // 32/49, progress 19/21, quiz 24/24). That low threshold raised the regression suite's hard negatives from 6
        // alarms to 33, so it was raised again; since then its misses were read for rules and it trains both models:
        // used up, training data like the fourth set, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-fifth.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    @Test func sixthSet() throws {
        // Given 560 utterances written blind by someone else, 200 of them crisis lines and 200 hard negatives noted
        // by kind (50 idioms, 40 hyperbole, 60 prevention questions, 50 everyday near-misses), copied in unread and
        // measured once with the final system of issue 7's sixth round (a second training batch of 1,000 lines, most
        // of them near-misses; a rule's hit let go when the model scores far below its threshold): crisis recall
        // 187/200 = 0.935, false alarms 22/360 = 0.061 — idioms 4/50, hyperbole 0/40, prevention 12/60, everyday 5/50,
        // plain 1/160, so 16/150 = 0.107 on idioms, hyperbole and prevention questions — and intent accuracy
        // 496/560 = 0.886 (out_of_scope 20/36: a child's first aid read as a question for the library). None of the
        // three targets is met on it. Since then its misses were read (Cantonese aliases, prevention question forms,
        // first-aid cues) and it trains both models: used up, so it must stay at the targets.
        let report = try HeldOut.evaluate("heldout-sixth.jsonl")
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }
}
