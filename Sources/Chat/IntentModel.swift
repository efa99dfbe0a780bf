/// The intent back-up model (`Content/chat/intent-model.tsv`, written by `scripts/train-intent-model.py`):
/// multinomial logistic regression over character 1–3-grams of the text as the cues see it (normalised, aliases
/// rewritten). The cues in `intents.yaml` decide first; the model is asked only when they cannot — no intent
/// reaches `min_score`, or runners-up score within `margin` of the best (then it picks among those only) — so
/// wording no cue was written for still gets an intent, without overruling a clear cue.
public struct IntentModel: Sendable, Equatable {
    /// The intents in the order of each weight row.
    public var intents: [Intent]
    /// Cue scores closer than this to the best are a conflict the model settles.
    public var margin: Double
    public var bias: [Double]
    public var weights: [String: [Double]] {
        didSet { gramWeights = Self.keyed(weights) }
    }
    /// The same rows by `GramKey`.
    private var gramWeights: [UInt64: [Double]] = [:]

    public init(intents: [Intent], margin: Double, bias: [Double], weights: [String: [Double]]) {
        self.intents = intents
        self.margin = margin
        self.bias = bias
        self.weights = weights
        gramWeights = Self.keyed(weights)
    }

    private static func keyed(_ weights: [String: [Double]]) -> [UInt64: [Double]] {
        var keyed: [UInt64: [Double]] = [:]
        for (gram, row) in weights { if let key = GramKey.of(gram) { keyed[key] = row } }
        return keyed
    }

    /// Parses the TSV (`# comment`, `margin\tM`, `intents\t…`, `bias\t…`, then `gram\tw1\t…`, one weight per
    /// intent); errors name the line.
    public static func parse(_ text: String) -> Result<IntentModel, CrisisModel.ParseError> {
        var margin: Double?
        var intents: [Intent]?
        var bias: [Double]?
        var weights: [String: [Double]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let fail = { (message: String) in Result<IntentModel, CrisisModel.ParseError>.failure(.init(line: index + 1, message: message)) }
            switch fields[0] {
            case "intents":
                let parsed = fields.dropFirst().map { Intent(rawValue: String($0)) }
                guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return fail("expected 'intents' and known intent names") }
                intents = parsed.compactMap { $0 }
            case "margin":
                guard fields.count == 2, let value = Double(fields[1]), value.isFinite, value >= 0 else { return fail("expected 'margin<TAB>number'") }
                margin = value
            default:
                guard let count = intents?.count else { return fail("'intents' must come before the weights") }
                let values = fields.dropFirst().compactMap { Double($0) }.filter(\.isFinite)
                guard fields.count == count + 1, values.count == count else { return fail("expected '\(fields[0])' and \(count) numbers") }
                if fields[0] == "bias" { bias = values } else { weights[String(fields[0])] = values }
            }
        }
        guard let intents, let bias, let margin else { return .failure(.init(line: 1, message: "missing 'margin', 'intents' or 'bias' line")) }
        return .success(IntentModel(intents: intents, margin: margin, bias: bias, weights: weights))
    }

    /// The log-odds of each intent (in `intents` order) from the 1–3-grams of the prepared text, each counted once.
    public func logits(_ scalars: [Unicode.Scalar]) -> [Double] {
        var total = bias
        for key in GramKey.distinct(in: [scalars[...]]) {
            guard let row = gramWeights[key] else { continue }
            for index in total.indices { total[index] += row[index] }
        }
        return total
    }

    /// The likeliest intent among `candidates` (all of the model's intents when empty); ties go to the earlier one.
    public func best(_ scalars: [Unicode.Scalar], among candidates: [Intent]) -> Intent? {
        let logits = logits(scalars)
        var best: (Intent, Double)?
        for intent in candidates.isEmpty ? intents : candidates {
            guard let index = intents.firstIndex(of: intent) else { continue }
            if logits[index] > (best?.1 ?? -.infinity) { best = (intent, logits[index]) }
        }
        return best?.0
    }
}
