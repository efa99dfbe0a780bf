public import Foundation

/// The reviewed crisis rules from `Content/chat/crisis.yaml`.
public struct CrisisRules: Sendable, Equatable {
    /// One kind of crisis (suicide or self-harm, violence, abuse, a missing child, acute danger).
    public struct Category: Sendable, Equatable {
        public var id: String
        /// What staff see in the follow-up log (never the parent's words).
        public var name: String
        public var patterns: [ChatPattern]
        /// Whether a prevention or knowledge question can still be a crisis in this category
        /// (acute danger always counts).
        public var overridesPrevention: Bool

        public init(id: String, name: String, patterns: [ChatPattern], overridesPrevention: Bool = false) {
            self.id = id
            self.name = name
            self.patterns = patterns
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

    public init(
        maxGap: Int = 6, aliases: [(from: String, to: String)] = [], categories: [Category], idioms: [ChatPattern] = [],
        preventionMarkers: [ChatPattern] = [], personalMarkers: [ChatPattern] = []
    ) {
        self.maxGap = maxGap
        self.aliases = aliases
        self.categories = categories
        self.idioms = idioms
        self.preventionMarkers = preventionMarkers
        self.personalMarkers = personalMarkers
    }

    public static func == (lhs: CrisisRules, rhs: CrisisRules) -> Bool {
        lhs.maxGap == rhs.maxGap && lhs.aliases.map { [$0.from, $0.to] } == rhs.aliases.map { [$0.from, $0.to] }
            && lhs.categories == rhs.categories && lhs.idioms == rhs.idioms && lhs.preventionMarkers == rhs.preventionMarkers
            && lhs.personalMarkers == rhs.personalMarkers
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

    public init(rules: CrisisRules) {
        self.rules = rules
        self.aliases = rules.aliases.map { (ChatText.normalize($0.from), ChatText.normalize($0.to)) }.filter { !$0.0.isEmpty }
    }

    /// The normalised text the patterns see (aliases applied).
    public func prepared(_ text: String) -> [Unicode.Scalar] {
        var scalars = ChatText.normalize(text)
        for alias in aliases { scalars = Self.replace(alias.from, with: alias.to, in: scalars) }
        return scalars
    }

    /// The crisis signal in `text`, or nil.
    public func detect(_ text: String) -> CrisisSignal? {
        let scalars = prepared(text)
        guard !scalars.isEmpty else { return nil }
        var masked = scalars
        for idiom in rules.idioms {
            for range in idiom.matches(in: scalars, maxGap: rules.maxGap) {
                for index in range { masked[index] = "\u{25A1}" }
            }
        }
        var found: (CrisisRules.Category, ChatPattern)?
        search: for category in rules.categories {
            for pattern in category.patterns where pattern.occurs(in: masked, maxGap: rules.maxGap) {
                found = (category, pattern)
                break search
            }
        }
        guard let (category, pattern) = found else { return nil }
        if !category.overridesPrevention, rules.preventionMarkers.contains(where: { $0.occurs(in: scalars, maxGap: rules.maxGap) }),
            !rules.personalMarkers.contains(where: { $0.occurs(in: scalars, maxGap: rules.maxGap) })
        {
            // A later category (acute danger) may still hold.
            for later in rules.categories where later.overridesPrevention {
                if let hit = later.patterns.first(where: { $0.occurs(in: masked, maxGap: rules.maxGap) }) {
                    return CrisisSignal(category: later.id, name: later.name, pattern: hit.source)
                }
            }
            return nil
        }
        return CrisisSignal(category: category.id, name: category.name, pattern: pattern.source)
    }

    static func replace(_ from: [Unicode.Scalar], with to: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !from.isEmpty, text.count >= from.count else { return text }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if index + from.count <= text.count, Array(text[index..<index + from.count]) == from {
                result.append(contentsOf: to)
                index += from.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}
