public import Foundation

/// What a parent wants from one utterance.
public enum Intent: String, CaseIterable, Codable, Sendable {
    case ask, quiz, lesson, letters, lectures, progress, help, greeting, crisis
    case outOfScope = "out_of_scope"
}

/// The reviewed intent rules from `Content/chat/intents.yaml`: weighted cue patterns per intent.
public struct IntentRules: Sendable, Equatable {
    /// One cue: a pattern and how much it counts for its intent.
    public struct Cue: Sendable, Equatable {
        public var pattern: ChatPattern
        public var weight: Double

        public init(pattern: ChatPattern, weight: Double) {
            self.pattern = pattern
            self.weight = weight
        }
    }

    /// The cues of each intent, in file order (earlier intents win ties).
    public var intents: [(intent: Intent, cues: [Cue])]
    /// The intent when no cue fires (`out_of_scope`), and for an empty utterance (`help`).
    public var fallback: Intent
    public var emptyFallback: Intent
    public var maxGap: Int
    /// The least score that wins: a lone weak cue (怎么, 如何) is not enough to call it a question.
    public var minScore: Double
    /// The back-up model (`intent-model.tsv`), asked only when the cues cannot decide.
    public var model: IntentModel?

    public init(
        intents: [(intent: Intent, cues: [Cue])], fallback: Intent = .outOfScope, emptyFallback: Intent = .help, maxGap: Int = 6,
        minScore: Double = 1, model: IntentModel? = nil
    ) {
        self.intents = intents
        self.fallback = fallback
        self.emptyFallback = emptyFallback
        self.maxGap = maxGap
        self.minScore = minScore
        self.model = model
    }

    public static func == (lhs: IntentRules, rhs: IntentRules) -> Bool {
        lhs.intents.map(\.intent) == rhs.intents.map(\.intent) && lhs.intents.map(\.cues) == rhs.intents.map(\.cues)
            && lhs.fallback == rhs.fallback && lhs.emptyFallback == rhs.emptyFallback && lhs.maxGap == rhs.maxGap
            && lhs.minScore == rhs.minScore && lhs.model == rhs.model
    }
}

/// The classification of one utterance: crisis first, then the best-scoring intent.
public struct Classification: Sendable, Equatable {
    public var intent: Intent
    public var crisis: CrisisSignal?
    /// Scores of the intents that had any cue (for `--explain` and failure reports).
    public var scores: [String: Double]
    /// Whether the back-up model chose the intent (the cues could not decide).
    public var byModel = false
}

/// Intent classification: crisis detection runs first on every utterance (a crisis wins over every other intent,
/// even when mixed into another request), then the cues, then the back-up model where the cues cannot decide.
public struct IntentClassifier: Sendable {
    public let crisis: CrisisDetector
    public let rules: IntentRules

    public init(crisis: CrisisDetector, rules: IntentRules) {
        self.crisis = crisis
        self.rules = rules
    }

    /// Classifies one utterance.
    public func classify(_ text: String) -> Classification {
        if let signal = crisis.detect(text) {
            return Classification(intent: .crisis, crisis: signal, scores: [:])
        }
        let scalars = crisis.prepared(text)
        guard !scalars.isEmpty else { return Classification(intent: rules.emptyFallback, crisis: nil, scores: [:]) }
        var qualified: [(intent: Intent, score: Double)] = []
        var scores: [String: Double] = [:]
        for (intent, cues) in rules.intents {
            var score = 0.0
            for cue in cues where cue.pattern.occurs(in: scalars, maxGap: rules.maxGap) { score += cue.weight }
            guard score != 0 else { continue }
            scores[intent.rawValue] = score
            if score >= rules.minScore, score > 0 { qualified.append((intent, score)) }
        }
        // Best first; a stable sort keeps file order among ties (earlier intents win).
        let ranked = qualified.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
        guard let model = rules.model else {
            return Classification(intent: ranked.first?.intent ?? rules.fallback, crisis: nil, scores: scores)
        }
        // The cues decide unless nothing qualifies or runners-up come within the model's margin of the best.
        let open = ranked.filter { ranked[0].score - $0.score < model.margin }.map(\.intent)
        if open.count == 1 { return Classification(intent: open[0], crisis: nil, scores: scores) }
        let intent = model.best(scalars, among: open) ?? ranked.first?.intent ?? rules.fallback
        return Classification(intent: intent, crisis: nil, scores: scores, byModel: true)
    }
}
