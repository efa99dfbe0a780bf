import Awareness
import Learning
import OutreachCore
import Testing

@Suite struct WilsonTests {
    @Test(arguments: [
        // (successes, n, lower, upper) — reference values of the Wilson score interval at 95 %
        (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (5, 10, 0.2366, 0.7634), (95, 100, 0.8882, 0.9785),
        (980, 1_000, 0.9692, 0.9870),
    ])
    func matchesReferenceValues(successes: Int, n: Int, lower: Double, upper: Double) {
        let interval = Wilson.interval(successes: successes, n: n)
        #expect(abs(interval.lower - lower) < 0.0005, "\(interval)")
        #expect(abs(interval.upper - upper) < 0.0005, "\(interval)")
    }

    @Test func emptyGroupIsTheWholeRange() {
        #expect(Wilson.interval(successes: 0, n: 0) == (0, 1))
    }
}

@Suite struct SuppressionTests {
    @Test func smallCellsAreSuppressed() {
        let suppressed = Suppression.suppressedKeys(["A": 4, "B": 3, "C": 50, "D": 80], threshold: 10)
        #expect(suppressed == ["A", "B"])
    }

    @Test func aLoneSmallCellTakesTheNextSmallestWithIt() {
        // Given one group below the threshold, its count could be recovered from the total and the
        // others; so the next smallest group is suppressed too
        let suppressed = Suppression.suppressedKeys(["A": 4, "B": 30, "C": 12, "D": 80], threshold: 10)
        #expect(suppressed == ["A", "C"])
    }

    @Test func nothingToSuppress() {
        #expect(Suppression.suppressedKeys(["A": 10, "B": 11], threshold: 10).isEmpty)
    }

    @Test func suppressedCellCarriesNoNumbers() {
        let cell = RateCell.suppressedCell
        #expect(cell.suppressed && cell.respondents == nil && cell.rate == nil && cell.interval == nil)
        let published = RateCell(aware: 9, respondents: 12)
        #expect(published.rate == 0.75 && !published.suppressed)
    }
}

@Suite struct TargetTests {
    @Test func statusFollowsTheInterval() {
        let target = Target(year: 2025, rate: 0.98)
        #expect(target.status(rate: 0.995, interval: (0.985, 0.998)) == .met)
        #expect(target.status(rate: 0.93, interval: (0.91, 0.95)) == .missed)
        #expect(target.status(rate: 0.98, interval: (0.96, 0.99)) == .uncertain)
        let all = Target(year: 2027, rate: 1)
        #expect(all.status(rate: 1, interval: Wilson.interval(successes: 50, n: 50)) == .met)
        #expect(all.status(rate: 0.9, interval: (0.8, 0.96)) == .missed)
    }
}

@Suite struct ItemStatisticsTests {
    @Test func goodItemDiscriminatesAndBadItemDoesNot() {
        // Respondents with high totals get the good item right; the bad item is right only for weak ones
        let totals = [10, 9, 8, 7, 3, 2, 1, 0]
        let good = ItemStatistics(itemCorrect: [true, true, true, true, false, false, false, false], totals: totals)
        let bad = ItemStatistics(itemCorrect: [false, false, false, false, true, true, true, true], totals: totals)
        #expect(good.facility == 0.5)
        #expect((good.discrimination ?? 0) > 0.8)
        #expect((bad.discrimination ?? 0) < -0.8)
        #expect(ItemStatistics(itemCorrect: [true, true], totals: [3, 1]).discrimination == nil)
    }
}

@Suite struct ScoringTests {
    let single = Question(id: "q1", knowledgePoint: "kp-a", kind: .single, stem: "?", options: [.init(id: "A", text: "甲"), .init(id: "B", text: "乙")], answer: ["B"], explanation: "")
    let multiple = Question(id: "q2", knowledgePoint: "kp-a", kind: .multiple, stem: "?", options: [.init(id: "A", text: "甲"), .init(id: "B", text: "乙"), .init(id: "C", text: "丙")], answer: ["A", "C"], explanation: "")

    @Test func multipleChoiceIsAllOrNothing() {
        #expect(Scoring.score([single, multiple], answers: ["q1": ["B"], "q2": ["A", "C"]]) == Score(correct: 2, total: 2))
        #expect(Scoring.score([single, multiple], answers: ["q1": ["B"], "q2": ["A"]]) == Score(correct: 1, total: 2))
        #expect(Scoring.score([single, multiple], answers: ["q1": ["B"], "q2": ["A", "B", "C"]]).correct == 1)
        #expect(Scoring.score([single, multiple], answers: [:]).correct == 0)
    }

    @Test func awarenessIsScoreAtLeastThePassMark() {
        #expect(Score(correct: 16, total: 20).isAware(passMark: 80))
        #expect(!Score(correct: 15, total: 20).isAware(passMark: 80))
        #expect(!Score(correct: 0, total: 0).isAware(passMark: 0))
    }

    @Test func drawIsStablePerSeedAndVariesAcrossSeeds() {
        let bank = (1...10).map { Question(id: .init("q\($0)"), knowledgePoint: $0 <= 5 ? "kp-a" : "kp-b", kind: .truefalse, stem: "?", options: Question.trueFalseOptions, answer: ["T"], explanation: "") }
        let quiz = Quiz(id: "practice", title: "练习", passMark: 60, draws: [.init(knowledgePoint: "kp-a", count: 2), .init(knowledgePoint: "kp-b", count: 1)])
        let first = QuizDraw.questions(for: quiz, bank: bank, seed: 42)
        #expect(first == QuizDraw.questions(for: quiz, bank: bank, seed: 42))
        #expect(first.count == 3)
        #expect(Set(first.prefix(2)).isSubset(of: Set(bank.prefix(5).map(\.id))))
        let seeds = (0..<20).map { QuizDraw.questions(for: quiz, bank: bank, seed: UInt64($0)) }
        #expect(Set(seeds.map { $0.map(\.rawValue).joined() }).count > 1)
    }
}

@Suite struct ItemSumsTests {
    @Test func sumsGiveTheSameStatisticsAsPairs() {
        let correct = [true, true, false, true, false, false, true, false]
        let totals = [9, 8, 3, 7, 2, 4, 6, 1]
        let pairs = ItemStatistics(itemCorrect: correct, totals: totals)
        let x = correct.map { $0 ? 1 : 0 }
        let y = zip(totals, x).map { $0 - $1 }
        let sums = ItemStatistics(
            n: 8, sumX: x.reduce(0, +), sumY: y.reduce(0, +), sumXY: zip(x, y).map(*).reduce(0, +), sumYY: y.map { $0 * $0 }.reduce(0, +))
        #expect(abs(pairs.facility - sums.facility) < 1e-12)
        #expect(abs((pairs.discrimination ?? 0) - (sums.discrimination ?? 1)) < 1e-9)
    }
}

@Suite struct OptionShuffleTests {
    @Test func optionsAreShuffledStablyPerSeedAndTrueFalseKeepsItsOrder() {
        let question = Question(id: "q", knowledgePoint: "kp", kind: .single, stem: "?", options: ["A", "B", "C", "D"].map { .init(id: $0, text: $0) }, answer: ["A"], explanation: "")
        let first = QuizDraw.options(of: question, seed: 7)
        #expect(first == QuizDraw.options(of: question, seed: 7))
        #expect(Set(first.map(\.id)) == ["A", "B", "C", "D"])
        #expect(Set((0..<20).map { QuizDraw.options(of: question, seed: UInt64($0)).map(\.id).joined() }).count > 1)
        let truefalse = Question(id: "t", knowledgePoint: "kp", kind: .truefalse, stem: "?", options: Question.trueFalseOptions, answer: ["T"], explanation: "")
        #expect(QuizDraw.options(of: truefalse, seed: 7).map(\.id) == ["T", "F"])
    }
}
