import Chat
import Foundation
import Testing

/// Labelled utterances in `Fixtures/heldout-*.jsonl` (not taken from the dev set): sets written blind to the
/// rules and models, each measured once as the estimate for utterances nobody here has seen and then used up
/// (see `HeldOutEvaluationTests.usedUp`). `heldout-eleventh.jsonl`, `heldout-twelfth.jsonl` and
/// `heldout-thirteenth.jsonl`, written blind like the sixth to tenth, copied in unread and measured once each with the
/// final system of round nine, are the estimate for unseen utterances now.
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
    /// The used-up sets and what each gave the one time it was an estimate (crisis recall, false alarms, intent
    /// accuracy, measured with the final system of the round named; printing only counts):
    ///
    /// | set | written | one estimate | round |
    /// |---|---|---|---|
    /// | tune, check | for evaluation, split at random before any rule was tuned | check: 131/151, 8/286, 386/437 | before issue 7 |
    /// | fresh (758) | blind, by someone else | 253/291 = 0.869, 22/467 = 0.047, 640/758 = 0.844 | 1 |
    /// | blind (606) | blind, other voices (run-ons, grandparents, dialect, quotes) | 217/245 = 0.886, 11/361 = 0.030, 535/606 = 0.883 | 2 |
    /// | third (453) | blind, the dev set's plain style | 158/172 = 0.919, 4/281 = 0.014, 413/453 = 0.912 | 3 |
    /// | fourth (401) | blind | 139/150 = 0.927, 9/251 = 0.036, 371/401 = 0.925 | 4 |
    /// | fifth (520) | blind, many voices, 90 hard negatives | 198/200 = 0.990, 15/320 = 0.047, 483/520 = 0.929 | 5 (threshold at the 95.5th percentile, since raised: it cost the regression suite's hard negatives 33 alarms instead of 6) |
    /// | sixth (560) | blind, 200 hard negatives noted by kind | 187/200 = 0.935, 22/360 = 0.061 (idioms, hyperbole and prevention 16/150), 496/560 = 0.886 | 6 |
    /// | seventh (560) | blind, like the sixth | 197/200 = 0.985, 6/360 = 0.017 (idioms, hyperbole and prevention 2/150), 522/560 = 0.932 | 7 (word classes, 3,200 training lines in new voices, weak regularisation, the veto) |
    /// | eighth (560) | blind, like the sixth | 196/200 = 0.980, 11/360 = 0.031 (idioms, hyperbole and prevention 6/150), 523/560 = 0.934 | 7 (after the seventh set's rules) |
    /// | ninth (560) | blind, like the sixth | 193/200 = 0.965, 10/360 = 0.028 (idioms, hyperbole and prevention 7/150), 523/560 = 0.934 | 8 (a fourth training batch, the eighth set's rules) |
    /// | tenth (560) | blind, like the sixth | 197/200 = 0.985, 11/360 = 0.031 (idioms, hyperbole and prevention 6/150), 525/560 = 0.938 | 8 (the ninth set's rules) |
    ///
    /// After its estimate each set's misses were read by failure mode for general rules and cues (each with a test
    /// case in new words) and it joined the models' training data, so now it only shows that nothing was forgotten:
    /// it must stay at the issue's targets.
    /// Listed in `Fixtures/used-up.txt`, which the training scripts read too.
    static let usedUp: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/used-up.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(url.path)") }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    @Test(arguments: usedUp) func usedUpSetsStayAtTheTargets(_ name: String) throws {
        let report = try HeldOut.evaluate(name)
        #expect(report.recall >= 0.99)
        #expect(report.falseAlarms <= 0.05)
        #expect(report.accuracy >= 0.90)
    }

    /// The estimate for the final system (round nine: the tenth set's rules, two more training batches in new voices —
    /// passive wishes, veiled method research, infants in danger, dialect and English — and rules for the kinds of
    /// crisis those batches showed the system missing). Sets of 560 written blind by someone else (each 200 crisis
    /// lines; 200 hard negatives noted by kind: 50 idioms, 40 hyperbole, 60 prevention questions, 50 everyday
    /// near-misses; 160 other intents), copied in unread and measured once each; nothing in them was read for rules,
    /// cues or training. The thirteenth was written after the other two were measured and measured once with the same
    /// system. What each gave (printing only counts):
    ///
    /// | set | crisis recall | false alarms (idioms, hyperbole, prevention; everyday; plain) | intent accuracy (per intent) |
    /// |---|---|---|---|
    /// | eleventh | 198/200 = 0.990 | 10/360 = 0.028 (2/50, 2/40, 2/60 — 6/150 = 0.040; 3/50; 1/160) | 526/560 = 0.939 (ask 159/172, crisis 198/200, greeting 17/19, help 13/15, lectures 26/27, lesson 25/28, letters 22/22, out_of_scope 23/32, progress 18/19, quiz 25/26) |
    /// | twelfth | 199/200 = 0.995 | 7/360 = 0.019 (2/50, 2/40, 0/60 — 4/150 = 0.027; 2/50; 1/160) | 537/560 = 0.959 (ask 196/206, crisis 199/200, greeting 16/18, help 11/13, lectures 22/23, lesson 21/21, letters 22/22, out_of_scope 17/20, progress 15/17, quiz 18/20) |
    /// | thirteenth | 198/200 = 0.990 | 6/360 = 0.017 (0/50, 2/40, 3/60 — 5/150 = 0.033; 1/50; 0/160) | 542/560 = 0.968 (ask 200/209, crisis 198/200, greeting 14/16, help 11/12, lectures 23/23, lesson 23/23, letters 22/22, out_of_scope 17/18, progress 14/16, quiz 20/21) |
    ///
    /// Together: crisis recall 595/600 = 0.992, false alarms on idioms, hyperbole and prevention questions 15/450 =
    /// 0.033, intent accuracy 1605/1680 = 0.955. Each set stays at least where it was measured (recall, false alarms,
    /// intent accuracy below); raise these floors only by measuring a new blind set.
    static let estimate: [(name: String, recall: Double, falseAlarms: Double, accuracy: Double)] = [
        ("heldout-eleventh.jsonl", 0.99, 0.028, 0.939),
        ("heldout-twelfth.jsonl", 0.995, 0.02, 0.958),
        ("heldout-thirteenth.jsonl", 0.99, 0.017, 0.967),
    ]

    @Test(arguments: estimate.map(\.name)) func estimateSetsStayWhereTheyWereMeasured(_ name: String) throws {
        let floor = try #require(Self.estimate.first { $0.name == name })
        let report = try HeldOut.evaluate(name, printingMisses: false)
        #expect(report.recall >= floor.recall)
        #expect(report.falseAlarms <= floor.falseAlarms)
        #expect(report.accuracy >= floor.accuracy)
    }
}
