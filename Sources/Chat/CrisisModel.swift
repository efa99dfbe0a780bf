public import Foundation

/// The crisis back-up model (`Content/chat/crisis-model.tsv`, written by
/// `scripts/train-crisis-model.py`): logistic regression over character 1–3-grams of the text as the
/// rules see it (aliases rewritten, idioms masked) plus named rule features (`@suicide`, `@prevention`).
/// The rules in `crisis.yaml` decide first; the model only adds a signal when no rule fired and its score
/// passes the threshold chosen by cross-validation, so indirect wording the rules have never seen still
/// gets help.
public struct CrisisModel: Sendable, Equatable {
    public var bias: Double
    public var threshold: Double
    /// How far below `threshold` the score must fall to let a rule's hit go (`veto` line; nil: rules always stand).
    public var veto: Double?
    public var weights: [String: Double] {
        didSet { (gramWeights, featureWeights) = Self.split(weights) }
    }
    /// The weights of 1–3-grams by `GramKey`, and of the named features (`@suicide`, `%ingest+medicine`).
    private var gramWeights: [UInt64: Double] = [:]
    private var featureWeights: [String: Double] = [:]

    public init(bias: Double, threshold: Double, weights: [String: Double], veto: Double? = nil) {
        self.bias = bias
        self.threshold = threshold
        self.veto = veto
        self.weights = weights
        (gramWeights, featureWeights) = Self.split(weights)
    }

    private static func split(_ weights: [String: Double]) -> ([UInt64: Double], [String: Double]) {
        var grams: [UInt64: Double] = [:]
        var features: [String: Double] = [:]
        for (name, weight) in weights {
            if !name.hasPrefix("@"), !name.hasPrefix("%"), let key = GramKey.of(name) { grams[key] = weight } else { features[name] = weight }
        }
        return (grams, features)
    }

    /// Parses the TSV (`# comment`, `bias\tB`, `threshold\tT`, optionally `veto\tV`, then `gram\tweight`); errors
    /// name the line.
    public static func parse(_ text: String) -> Result<CrisisModel, ParseError> {
        var bias: Double?
        var threshold: Double?
        var veto: Double?
        var weights: [String: Double] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, let value = Double(fields[1]), value.isFinite else {
                return .failure(ParseError(line: index + 1, message: "expected 'gram<TAB>number'"))
            }
            switch fields[0] {
            case "bias": bias = value
            case "threshold": threshold = value
            case "veto":
                guard value >= 0 else { return .failure(ParseError(line: index + 1, message: "'veto' must be 0 or more")) }
                veto = value
            default: weights[String(fields[0])] = value
            }
        }
        guard let bias, let threshold else { return .failure(ParseError(line: 1, message: "missing 'bias' or 'threshold' line")) }
        return .success(CrisisModel(bias: bias, threshold: threshold, weights: weights, veto: veto))
    }

    /// A line of the model file that cannot be read.
    public struct ParseError: Error, Equatable, Sendable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The log-odds that `text` signals a crisis, from its grams alone (normalised like the rules'
    /// text, without aliases or idiom masks: for tests and tools).
    public func score(_ text: String) -> Double { score(segments: [ChatText.normalize(text)[...]], features: []) }

    /// The log-odds from the 1–3-grams of each segment (grams never cross a segment boundary: the detector
    /// cuts the text at masked idioms) plus named features (`@suicide`), each counted once.
    public func score(segments: [ArraySlice<Unicode.Scalar>], features: [String]) -> Double {
        var total = bias
        var seen: Set<String> = []
        for feature in features where seen.insert(feature).inserted { total += featureWeights[feature] ?? 0 }
        for key in GramKey.distinct(in: segments) {
            if let weight = gramWeights[key] { total += weight }
        }
        return total
    }

    /// Whether the model alone calls `text` a crisis.
    public func signals(_ text: String) -> Bool { score(text) > threshold }

    /// Whether the model alone calls these segments and features a crisis.
    public func signals(segments: [ArraySlice<Unicode.Scalar>], features: [String]) -> Bool {
        score(segments: segments, features: features) > threshold
    }
}
