public import Foundation

/// The reviewed crisis rules from `Content/chat/crisis.yaml`.
public struct CrisisRules: Sendable, Equatable {
    /// One kind of crisis (suicide or self-harm, violence, abuse, a missing child, acute danger).
    public struct Category: Sendable, Equatable {
        public var id: String
        /// What staff see in the follow-up log (never the parent's words).
        public var name: String
        public var patterns: [ChatPattern]
        /// Patterns that speak of a real person by their wording (如果我死了, 我就去跳楼): they count
        /// even in a prevention or hypothetical question.
        public var firmPatterns: [ChatPattern]
        /// Whether a prevention or knowledge question can still be a crisis in this category
        /// (acute danger always counts).
        public var overridesPrevention: Bool

        public init(
            id: String, name: String, patterns: [ChatPattern], firmPatterns: [ChatPattern] = [], overridesPrevention: Bool = false
        ) {
            self.id = id
            self.name = name
            self.patterns = patterns
            self.firmPatterns = firmPatterns
            self.overridesPrevention = overridesPrevention
        }
    }

    /// How many characters may stand between two parts of a `…` pattern.
    public var maxGap: Int
    /// Slang and typo spellings rewritten before matching (紫砂 → 自杀).
    public var aliases: [(from: String, to: String)]
    public var categories: [Category]
    /// Idioms and hyperbole masked before matching (笑死, 跳楼价, 多得要命).
    public var idioms: [ChatPattern]
    /// Prevention or knowledge questions (预防, 预警信号, 有哪些表现): not a crisis by themselves.
    public var preventionMarkers: [ChatPattern]
    /// Signs that the parent speaks of a real child or themselves (孩子说, 刚发现): these turn a
    /// question with a prevention marker back into a crisis.
    public var personalMarkers: [ChatPattern]
    /// Hypothetical openings (如果, 万一, 怎么发现): a prevention marker, and a personal marker that starts
    /// inside one or within `scopeGap` characters after it (如果发现孩子…, 怎么发现孩子…) is part of the
    /// hypothesis, not a report.
    public var hypotheticalMarkers: [ChatPattern]
    /// Negations (不是, 没有, 没说过): a match that starts within `scopeGap` characters after one does
    /// not count (孩子没有想不开, 我不是想死). Matched on the masked text, so question forms masked as
    /// idioms (是不是, 有没有) negate nothing.
    public var negations: [ChatPattern]
    /// How far a negation or a hypothetical opening reaches forward, in characters.
    public var scopeGap: Int
    /// Word classes the back-up model reads as features (`%ingest`, and `%ingest+medicine` when two
    /// occur in one utterance), so a combination the training texts never spelt out still scores:
    /// 吃了几片同学给的药 shares `%ingest+medicine` with 吞了半瓶安眠药.
    public var concepts: [Concept]
    /// The back-up model (`crisis-model.tsv`), asked only when no rule fires.
    public var model: CrisisModel?

    /// One word class for the model (`model_concepts` in crisis.yaml).
    public struct Concept: Sendable, Equatable {
        public var id: String
        public var patterns: [ChatPattern]

        public init(id: String, patterns: [ChatPattern]) {
            self.id = id
            self.patterns = patterns
        }
    }

    public init(
        maxGap: Int = 6, aliases: [(from: String, to: String)] = [], categories: [Category], idioms: [ChatPattern] = [],
        preventionMarkers: [ChatPattern] = [], personalMarkers: [ChatPattern] = [], hypotheticalMarkers: [ChatPattern] = [],
        negations: [ChatPattern] = [], scopeGap: Int = 2, concepts: [Concept] = []
    ) {
        self.maxGap = maxGap
        self.aliases = aliases
        self.categories = categories
        self.idioms = idioms
        self.preventionMarkers = preventionMarkers
        self.personalMarkers = personalMarkers
        self.hypotheticalMarkers = hypotheticalMarkers
        self.negations = negations
        self.scopeGap = scopeGap
        self.concepts = concepts
    }

    public static func == (lhs: CrisisRules, rhs: CrisisRules) -> Bool {
        lhs.maxGap == rhs.maxGap && lhs.aliases.map { [$0.from, $0.to] } == rhs.aliases.map { [$0.from, $0.to] }
            && lhs.categories == rhs.categories && lhs.idioms == rhs.idioms && lhs.preventionMarkers == rhs.preventionMarkers
            && lhs.personalMarkers == rhs.personalMarkers && lhs.hypotheticalMarkers == rhs.hypotheticalMarkers
            && lhs.negations == rhs.negations && lhs.scopeGap == rhs.scopeGap && lhs.concepts == rhs.concepts
            && lhs.model == rhs.model
    }
}

/// What the detector found: the category and the pattern that fired (for tests and staff logs).
public struct CrisisSignal: Sendable, Equatable {
    public var category: String
    public var name: String
    public var pattern: String
}

/// Finds signs of a crisis in one utterance. Checked first on every turn.
///
/// The order matters: slang is rewritten, idioms are masked (so 笑死 never meets the 死 patterns),
/// categories are matched, and only then is a prevention question (怎么预防孩子自杀) let go — unless
/// the parent also reports something about a real person (孩子说…, 刚发现…).
public struct CrisisDetector: Sendable {
    public let rules: CrisisRules
    private let aliases: [(from: [Unicode.Scalar], to: [Unicode.Scalar])]
    /// Aliases from symbols that normalisation drops (emoji such as 💊): rewritten in the raw text first.
    private let symbolAliases: [(from: String, to: String)]

    public init(rules: CrisisRules) {
        self.rules = rules
        self.aliases = rules.aliases.map { (ChatText.normalize($0.from), ChatText.normalize($0.to)) }.filter { !$0.0.isEmpty }
        self.symbolAliases = rules.aliases.filter { !$0.from.isEmpty && ChatText.normalize($0.from).isEmpty }
    }

    /// The normalised text the patterns see (aliases applied).
    public func prepared(_ text: String) -> [Unicode.Scalar] { preparedMarkingBreaks(text).scalars }

    /// The prepared text and where its clauses break (spaces and punctuation before normalising dropped them; an
    /// alias keeps the break before its first character).
    func preparedMarkingBreaks(_ text: String) -> (scalars: [Unicode.Scalar], breaks: Set<Int>) {
        var raw = text
        for alias in symbolAliases where raw.contains(alias.from) { raw = raw.replacingOccurrences(of: alias.from, with: alias.to) }
        var (scalars, breaks) = ChatText.normalizeMarkingBreaks(raw)
        // Most aliases are absent from most texts: look for the first character before rewriting.
        for alias in aliases where alias.from.first.map(scalars.contains) ?? false {
            (scalars, breaks) = Self.replace(alias.from, with: alias.to, in: scalars, breaks: breaks)
        }
        return (scalars, breaks)
    }

    /// The crisis signal in `text`, or nil: the rules first, then the back-up model. With a `veto` margin in the
    /// model file, a rule's hit stands unless the model scores the text far below its threshold (a rule's words in
    /// a joke or an idiom the idiom list has not met: 我死了哈哈哈 女儿把我画成了土豆); acute danger is never let go.
    public func detect(_ text: String) -> CrisisSignal? {
        let analysis = analyse(text)
        let ruled = detectByRules(analysis)
        guard let model = rules.model, text.count <= 2_000, !analysis.scalars.isEmpty else { return ruled }
        if let signal = ruled {
            guard let veto = model.veto, rules.categories.first(where: { $0.id == signal.category })?.overridesPrevention == false
            else { return signal }
            let score = model.score(segments: modelSegments(analysis), features: modelFeatures(analysis))
            return score >= model.threshold - veto ? signal : nil
        }
        guard model.signals(segments: modelSegments(analysis), features: modelFeatures(analysis)) else { return nil }
        return CrisisSignal(category: "possible", name: "可能的危机信号", pattern: "model")
    }

    /// The crisis signal the reviewed rules find in `text`, or nil.
    public func detectByRules(_ text: String) -> CrisisSignal? { detectByRules(analyse(text)) }

    /// One utterance as the rules see it: aliases rewritten, idioms masked, negations found, and where
    /// each category's patterns match (found once: the rules, the model's segments and its features all
    /// read them).
    struct Analysis {
        /// The prepared text (aliases applied).
        var scalars: [Unicode.Scalar]
        /// The prepared text with every idiom replaced by `mask`.
        var masked: [Unicode.Scalar]
        /// Where a match may start and be negated: from the end of each negation up to `scopeGap` characters
        /// on, but not past a clause break (一点希望都没有 想死: the 想死 counts).
        var negated: [Range<Int>]
        /// Per category (in `rules.categories` order), the patterns that occur in `masked`, in their
        /// order, with their matches.
        var found: [Found] = []

        struct Found {
            var firm: [(pattern: ChatPattern, matches: [Range<Int>])] = []
            var plain: [(pattern: ChatPattern, matches: [Range<Int>])] = []
        }

        static let mask: Unicode.Scalar = "\u{25A1}"
    }

    /// Prepares `text` once for the rules and the model: aliases, idiom masks, where negations end.
    func analyse(_ text: String) -> Analysis {
        let (scalars, breaks) = preparedMarkingBreaks(text)
        var masked = scalars
        for idiom in rules.idioms {
            for range in idiom.matches(in: scalars, maxGap: rules.maxGap) {
                for index in range { masked[index] = Analysis.mask }
            }
        }
        let negated = rules.negations.flatMap { $0.matches(in: masked, maxGap: rules.maxGap) }.map { negation in
            let end = negation.upperBound
            var limit = end + rules.scopeGap + 1
            if let barrier = (end..<limit).first(where: breaks.contains) { limit = barrier }
            return end..<limit
        }
        var analysis = Analysis(scalars: scalars, masked: masked, negated: negated)
        guard !masked.isEmpty else { return analysis }
        analysis.found = rules.categories.map { category in
            var found = Analysis.Found()
            for pattern in category.firmPatterns {
                let matches = pattern.matches(in: masked, maxGap: rules.maxGap)
                if !matches.isEmpty { found.firm.append((pattern, matches)) }
            }
            for pattern in category.patterns {
                let matches = pattern.matches(in: masked, maxGap: rules.maxGap)
                if !matches.isEmpty { found.plain.append((pattern, matches)) }
            }
            return found
        }
        return analysis
    }

    /// Whether a match starts within `scopeGap` characters after a negation, in the same clause.
    private func isNegated(_ match: Range<Int>, in analysis: Analysis) -> Bool {
        analysis.negated.contains { $0.contains(match.lowerBound) }
    }

    /// Whether some match is one no negation reaches.
    private func holds(_ matches: [Range<Int>], in analysis: Analysis) -> Bool {
        matches.contains { !isNegated($0, in: analysis) }
    }

    private func detectByRules(_ analysis: Analysis) -> CrisisSignal? {
        guard !analysis.scalars.isEmpty else { return nil }
        var preventionQuestion: Bool?
        for (category, found) in zip(rules.categories, analysis.found) {
            if let hit = found.firm.first(where: { holds($0.matches, in: analysis) }) {
                return CrisisSignal(category: category.id, name: category.name, pattern: hit.pattern.source)
            }
            guard let hit = found.plain.first(where: { holds($0.matches, in: analysis) })?.pattern else { continue }
            if category.overridesPrevention { return CrisisSignal(category: category.id, name: category.name, pattern: hit.source) }
            if preventionQuestion == nil { preventionQuestion = isPreventionQuestion(analysis.scalars) }
            // A prevention or knowledge question lets this category go; a later one (acute danger, a
            // firm pattern) may still hold.
            if preventionQuestion == false { return CrisisSignal(category: category.id, name: category.name, pattern: hit.source) }
        }
        return nil
    }

    /// The text the model reads its grams from: the masked text with every negated crisis match masked too
    /// (孩子不是那种会想不开的人 keeps no 想不开), cut into the stretches between masks, so that idioms and
    /// negations reach the model as they reach the rules and no gram crosses a mask.
    func modelSegments(_ analysis: Analysis) -> [ArraySlice<Unicode.Scalar>] {
        var text = analysis.masked
        for found in analysis.found {
            for (_, matches) in found.plain + found.firm {
                for match in matches where isNegated(match, in: analysis) {
                    for index in match { text[index] = Analysis.mask }
                }
            }
        }
        return text.split(separator: Analysis.mask)
    }

    /// What the rules know, as named features for the back-up model (the grams come from the segments):
    /// `@suicide` when a category's pattern holds (a prevention question let it go), `@suicide~` when it
    /// occurs only under a negation, `@prevention`, `@hypothetical`, `@personal` for the markers, and the
    /// word classes that occur outside a negation (`%ingest`) with every pair of them (`%ingest+medicine`).
    /// `scripts/train-crisis-model.py` computes the same features when it trains.
    func modelFeatures(_ analysis: Analysis) -> [String] {
        let gap = rules.maxGap
        var features: [String] = []
        for (category, found) in zip(rules.categories, analysis.found) {
            let matched = found.plain + found.firm
            if matched.contains(where: { holds($0.matches, in: analysis) }) {
                features.append("@" + category.id)
            } else if !matched.isEmpty {
                features.append("@" + category.id + "~")
            }
        }
        let hypotheses = rules.hypotheticalMarkers.flatMap { $0.matches(in: analysis.scalars, maxGap: gap) }
        if rules.preventionMarkers.contains(where: { $0.occurs(in: analysis.scalars, maxGap: gap) }) { features.append("@prevention") }
        if !hypotheses.isEmpty { features.append("@hypothetical") }
        if hasPersonalMarker(analysis.scalars, outside: hypotheses) { features.append("@personal") }
        // Word classes present outside a negation, alone and in pairs (in the file's order).
        let present = rules.concepts.filter { concept in
            concept.patterns.contains { holds($0.matches(in: analysis.masked, maxGap: gap), in: analysis) }
        }.map(\.id)
        for (index, first) in present.enumerated() {
            features.append("%" + first)
            for second in present[(index + 1)...] { features.append("%" + first + "+" + second) }
        }
        return features
    }

    /// A prevention, knowledge or hypothetical question that says nothing about a real person.
    func isPreventionQuestion(_ scalars: [Unicode.Scalar]) -> Bool {
        let gap = rules.maxGap
        let hypotheses = rules.hypotheticalMarkers.flatMap { $0.matches(in: scalars, maxGap: gap) }
        guard !hypotheses.isEmpty || rules.preventionMarkers.contains(where: { $0.occurs(in: scalars, maxGap: gap) }) else { return false }
        return !hasPersonalMarker(scalars, outside: hypotheses)
    }

    /// Whether a personal marker occurs that is not part of a hypothesis: one that starts inside a
    /// hypothetical marker or within `scopeGap` after it is (如果发现孩子…, 怎么发现孩子…).
    private func hasPersonalMarker(_ scalars: [Unicode.Scalar], outside hypotheses: [Range<Int>]) -> Bool {
        rules.personalMarkers.flatMap { $0.matches(in: scalars, maxGap: rules.maxGap) }.contains { match in
            !hypotheses.contains { $0.lowerBound <= match.lowerBound && match.lowerBound - $0.upperBound <= rules.scopeGap }
        }
    }

    /// `replace`, carrying the clause breaks over: a break before a replaced stretch stays before its replacement,
    /// breaks inside it go.
    static func replace(
        _ from: [Unicode.Scalar], with to: [Unicode.Scalar], in text: [Unicode.Scalar], breaks: Set<Int>
    ) -> ([Unicode.Scalar], Set<Int>) {
        guard !from.isEmpty, text.count >= from.count else { return (text, breaks) }
        var result: [Unicode.Scalar] = []
        var moved = Set<Int>()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if breaks.contains(index) { moved.insert(result.count) }
            if index + from.count <= text.count, Array(text[index..<index + from.count]) == from {
                result.append(contentsOf: to)
                index += from.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        if breaks.contains(text.count) { moved.insert(result.count) }
        return (result, moved)
    }
}
