public import Foundation
import Campaigns
import Knowledge

/// One problem the linter found: `path:line: severity: message [rule]`.
public struct LintFinding: Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable {
        case error, warning
    }

    public var path: String
    public var line: Int
    public var severity: Severity
    /// `structure`, `hotline`, `stigma`, `medication`, `crisis-section`, `sms`.
    public var rule: String
    public var message: String

    public init(path: String, line: Int, severity: Severity, rule: String, message: String) {
        self.path = path
        self.line = line
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(path):\(line): \(severity.rawValue): \(message) [\(rule)]" }
}

/// Checks the library as staff write it: what an import checks (fields, links between items), plus
/// the rules of the content guide — hotline numbers only from `hotlines.yaml`, no stigmatising words
/// (the reviewed list in `Content/lexicon/stigma.txt`), no advice to change or stop medication, a crisis
/// section with hotlines in every article about self-harm or suicide, SMS texts within their segments.
public struct ContentLinter: Sendable {
    /// Hotline numbers on file.
    public var hotlines: Set<String>
    public var stigma: [StigmaEntry]

    /// One entry of the stigma list: `词 | 为什么不说 | 可以怎么说`; `（作标签）` after the word means only its
    /// use as a label for a person is flagged (是/当成/说他 …), not every mention.
    public struct StigmaEntry: Equatable, Sendable {
        public var term: String
        public var labelOnly: Bool
        public var why: String
        public var instead: String

        public init(term: String, labelOnly: Bool, why: String, instead: String) {
            self.term = term
            self.labelOnly = labelOnly
            self.why = why
            self.instead = instead
        }
    }

    public init(hotlines: Set<String>, stigma: [StigmaEntry]) {
        self.hotlines = hotlines
        self.stigma = stigma
    }

    /// Reads the reviewed lists from a content folder (`hotlines.yaml`, `lexicon/stigma.txt`).
    public static func load(contentRoot: String) -> ContentLinter {
        let numbers = Set(((try? HotlinesFile.load(contentRoot: contentRoot)) ?? []).map(\.number))
        let stigmaText = (try? String(contentsOfFile: (contentRoot as NSString).appendingPathComponent("lexicon/stigma.txt"), encoding: .utf8)) ?? ""
        var entries: [StigmaEntry] = []
        for line in stigmaText.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = fields.first, !first.isEmpty else { continue }
            let labelOnly = first.hasSuffix("（作标签）")
            let term = labelOnly ? String(first.dropLast("（作标签）".count)) : first
            entries.append(
                StigmaEntry(term: term, labelOnly: labelOnly, why: fields.count > 1 ? fields[1] : "", instead: fields.count > 2 ? fields[2] : ""))
        }
        return ContentLinter(hotlines: numbers, stigma: entries)
    }

    /// Lints the library under `roots`, reporting findings for files under `only` (all when empty).
    /// Links are resolved against the whole library, so one file can be checked in context.
    public func lint(roots: [String], only: [String] = []) throws(ScanError) -> [LintFinding] {
        let scanned = try LibraryScanner.scan(roots)
        var files: [ParsedFile] = []
        var texts: [String: String] = [:]
        for root in scanned {
            for file in root.files {
                let data = FileManager.default.contents(atPath: file.path) ?? Data()
                files.append(ContentParser.parse(data: data, path: file.path, key: file.key))
                texts[file.path] = String(data: data, encoding: .utf8)
            }
        }
        LibraryValidator.validate(&files, stored: [])
        let wanted = only.map { ($0 as NSString).standardizingPath }
        func selected(_ path: String) -> Bool {
            wanted.isEmpty || wanted.contains { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        // Links an import does not check: articles → knowledge points, FAQ → article, letters → articles.
        var ids: [ContentKind: Set<String>] = [:]
        for file in files { for located in file.items { ids[located.item.kind, default: []].insert(located.item.id) } }
        func missing(_ id: String, _ kind: ContentKind) -> Bool { !(ids[kind]?.contains(id) ?? false) }
        var findings: [LintFinding] = []
        for file in files where selected(file.path) {
            for error in file.errors {
                findings.append(LintFinding(path: error.path, line: error.line, severity: .error, rule: "structure", message: error.message))
            }
            for located in file.items {
                var broken: [String] = []
                switch located.item {
                case .article(let article):
                    broken = article.knowledgePoints.filter { missing($0, .knowledgePoint) }.map { "unknown knowledge point '\($0)'" }
                case .faq(let faq):
                    if missing(faq.article, .article) { broken = ["unknown article '\(faq.article)'"] }
                case .letter(let letter):
                    broken = letter.articles.filter { missing($0, .article) }.map { "unknown article '\($0)'" }
                default: break
                }
                // Point at the field that holds the link when it can be found.
                let field = ["article": "knowledge_points:", "faq": "article:", "letter": "articles:"][located.item.kind.rawValue]
                let fieldLine = field.flatMap { key in
                    texts[file.path]?.components(separatedBy: "\n").firstIndex { $0.hasPrefix(key) }.map { $0 + 1 }
                } ?? located.line
                for message in broken {
                    findings.append(LintFinding(path: file.path, line: fieldLine, severity: .error, rule: "links", message: "\(located.item.id): \(message)"))
                }
            }
            if let text = texts[file.path] { findings += lint(path: file.path, text: text) }
        }
        return findings.sorted { ($0.path, $0.line, $0.rule) < ($1.path, $1.line, $1.rule) }
    }

    /// The text rules on one file.
    public func lint(path: String, text: String) -> [LintFinding] {
        let location = ContentParser.location(of: path)
        guard location != .ignored, !path.contains("/lexicon/") else { return [] }
        var findings: [LintFinding] = []
        let lines = text.components(separatedBy: "\n")
        func add(_ line: Int, _ severity: LintFinding.Severity, _ rule: String, _ message: String) {
            findings.append(LintFinding(path: path, line: line, severity: severity, rule: rule, message: message))
        }
        let isHotlineFile = path.hasSuffix("hotlines.yaml")
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            // YAML comments are notes to writers, not text parents read.
            if isYAML && trimmed.hasPrefix("#") { continue }
            let line = isYAML ? String(rawLine.split(separator: " #", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") : rawLine
            // Quiz stems and options state misconceptions on purpose (to be judged wrong); a FAQ question
            // is a parent's own words. The wording rules apply to what we answer and explain.
            let checksWording = location == .quizzes ? trimmed.hasPrefix("explanation:") : !trimmed.hasPrefix("question:")
            if !isHotlineFile {
                for found in Self.phoneNumbers(in: line) where !hotlines.contains(found) {
                    add(number, .error, "hotline", "number \(found) is not in Content/hotlines.yaml (add it there with its source, or correct it)")
                }
            }
            for entry in stigma where checksWording {
                for range in Self.ranges(of: entry.term, in: line) {
                    if entry.labelOnly && !Self.isLabelUse(line, range) { continue }
                    // Saying what something is not (抑郁不是矫情), or asking about it, is the guide's way
                    // of taking the label apart.
                    if Self.isRefuted(line, range) { continue }
                    let quoted = Self.isQuoted(line, range)
                    add(
                        number, quoted ? .warning : .error, "stigma",
                        "“\(entry.term)”\(entry.labelOnly ? "作标签" : "")是污名化的说法（\(entry.why)）；可以说：\(entry.instead)"
                            + (quoted ? "（在引号里：请确认上下文是在解释为什么不这样说）" : ""))
                }
            }
            for pattern in Self.medicationPatterns where checksWording {
                for range in Self.ranges(of: pattern, in: line) where !Self.isCautioned(line, range) {
                    add(number, .error, "medication", "“\(pattern)”：不要建议家长调整或停用药物；改为“用药有疑问请咨询开药的医生，不要自行停药或减量”")
                }
            }
            if line.hasPrefix("sms:") {
                let value = String(line.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                let count = SMSSegmenter.segments(value).count
                if count > 3 {
                    add(number, .error, "sms", "SMS text needs \(count) segments of \(SMSSegmenter.limit) characters (at most 3)")
                } else if count > 1 {
                    add(number, .warning, "sms", "SMS text needs \(count) segments of \(SMSSegmenter.limit) characters (one is cheaper and reads better)")
                }
            }
        }
        if location == .article, let tagsLine = lines.firstIndex(where: { $0.hasPrefix("tags:") }) {
            let tags = lines[tagsLine]
            if Self.crisisTags.contains(where: { tags.contains($0) }) {
                let body = lines.joined(separator: "\n")
                let hasSection = lines.contains { line in line.hasPrefix("#") && Self.crisisHeadings.contains { line.contains($0) } }
                let hasLines = body.contains("12356") && (body.contains("110") || body.contains("120"))
                if !hasSection || !hasLines {
                    add(
                        tagsLine + 1, .error, "crisis-section",
                        "an article tagged self-harm or suicide needs a section headed 紧急/危机/求助 with 12356 and 110 or 120 (missing: \(hasSection ? "" : "the section") \(hasLines ? "" : "the hotlines"))")
                }
            }
        }
        return findings
    }

    static let crisisTags = ["自伤", "自残", "自杀", "轻生", "self-harm", "suicide"]
    static let crisisHeadings = ["紧急", "危机", "求助", "立即", "马上", "帮助", "危险", "热线"]
    static let medicationPatterns = ["停药", "减药", "断药", "不用吃药", "不吃药", "药停了", "把药停", "药量减"]
    static let cautions = ["不要", "别", "切勿", "不可", "不能", "勿", "不宜", "擅自", "自行", "医生", "医嘱", "不等于", "不是"]
    static let refutations = ["不是", "并非", "不等于", "不要", "别", "说成", "当成", "看成", "以为", "误认为", "误以为", "说他", "说她"]

    /// Service and emergency numbers: 5-digit 12xxx / 96xxx lines and 110, 119, 120, 122.
    static func phoneNumbers(in line: String) -> [String] {
        var found: [String] = []
        var digits = ""
        func flush() {
            if (digits.count == 5 && (digits.hasPrefix("12") || digits.hasPrefix("96"))) || ["110", "119", "120", "122"].contains(digits) {
                found.append(digits)
            }
            digits = ""
        }
        for character in line {
            if character.isASCII && character.isNumber { digits.append(character) } else { flush() }
        }
        flush()
        return found
    }

    static func ranges(of needle: String, in line: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start = line.startIndex
        while let range = line.range(of: needle, range: start..<line.endIndex) {
            result.append(range)
            start = range.upperBound
        }
        return result
    }

    /// Whether the words before `range` make it a label for a person (是/当成/说他 …).
    static func isLabelUse(_ line: String, _ range: Range<String.Index>) -> Bool {
        let before = String(line[line.index(range.lowerBound, offsetBy: -min(4, line.distance(from: line.startIndex, to: range.lowerBound)))..<range.lowerBound])
        return ["是", "成", "当", "叫", "骂", "像", "说他", "说她", "说孩子"].contains { before.hasSuffix($0) || before.contains($0) }
    }

    /// Whether a mention sits inside quotation marks (“…” or 「…」) on its line.
    static func isQuoted(_ line: String, _ range: Range<String.Index>) -> Bool {
        let before = line[line.startIndex..<range.lowerBound]
        let opens = before.filter { $0 == "“" || $0 == "「" }.count
        let closes = before.filter { $0 == "”" || $0 == "」" }.count
        return opens > closes
    }

    /// Whether the words around a medication phrase caution against it (不要自行停药, 要不要停药由医生判断 …);
    /// 判断药物 is not 断药.
    static func isCautioned(_ line: String, _ range: Range<String.Index>) -> Bool {
        if range.lowerBound > line.startIndex, "判诊".contains(line[line.index(before: range.lowerBound)]) { return true }
        let offset = min(10, line.distance(from: line.startIndex, to: range.lowerBound))
        let before = line[line.index(range.lowerBound, offsetBy: -offset)..<range.lowerBound]
        let after = line[range.upperBound..<(line.index(range.upperBound, offsetBy: min(16, line.distance(from: range.upperBound, to: line.endIndex))))]
        return cautions.contains { before.contains($0) } || ["医生", "医嘱"].contains { after.contains($0) }
    }

    /// Whether a stigmatising word is refuted or asked about rather than used: a negation or "calling
    /// it" shortly before it, or a question ending its clause.
    static func isRefuted(_ line: String, _ range: Range<String.Index>) -> Bool {
        let offset = min(8, line.distance(from: line.startIndex, to: range.lowerBound))
        let window = line[line.index(range.lowerBound, offsetBy: -offset)..<range.lowerBound]
        // Only the clause the word is in: 别理他，他就是… does not refute what follows the comma.
        let before = window.split(omittingEmptySubsequences: false, whereSeparator: { "，。；！？,.;!?".contains($0) }).last ?? ""
        if refutations.contains(where: { before.contains($0) }) { return true }
        let clause = line[range.upperBound...].prefix { !"，。；！,.;!".contains($0) }
        return clause.contains("？") || clause.contains("?") || clause.contains("吗")
    }
}
