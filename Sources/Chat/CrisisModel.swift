public import Foundation

/// The crisis back-up model (`Content/chat/crisis-model.tsv`, written by
/// `scripts/train-crisis-model.py`): naive Bayes over character 1–3-grams. The rules in `crisis.yaml`
/// decide first; the model only adds a signal when no rule fired and its score passes the threshold
/// chosen by cross-validation, so indirect wording the rules have never seen still gets help.
public struct CrisisModel: Sendable, Equatable {
    public var bias: Double
    public var threshold: Double
    public var weights: [String: Double]

    public init(bias: Double, threshold: Double, weights: [String: Double]) {
        self.bias = bias
        self.threshold = threshold
        self.weights = weights
    }

    /// Parses the TSV (`# comment`, `bias\tB`, `threshold\tT`, then `gram\tweight`); errors name the line.
    public static func parse(_ text: String) -> Result<CrisisModel, ParseError> {
        var bias: Double?
        var threshold: Double?
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
            default: weights[String(fields[0])] = value
            }
        }
        guard let bias, let threshold else { return .failure(ParseError(line: 1, message: "missing 'bias' or 'threshold' line")) }
        return .success(CrisisModel(bias: bias, threshold: threshold, weights: weights))
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

    /// The log-odds that `text` signals a crisis.
    public func score(_ text: String) -> Double {
        var kept: [Unicode.Scalar] = []
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
                .otherNumber:
                kept.append(scalar)
            default: continue
            }
        }
        var seen: Set<String> = []
        var total = bias
        for length in 1...3 where kept.count >= length {
            for start in 0...(kept.count - length) {
                var gram = String.UnicodeScalarView()
                gram.append(contentsOf: kept[start..<(start + length)])
                let key = String(gram)
                if seen.insert(key).inserted, let weight = weights[key] { total += weight }
            }
        }
        return total
    }

    /// Whether the model alone calls `text` a crisis.
    public func signals(_ text: String) -> Bool { score(text) > threshold }
}
