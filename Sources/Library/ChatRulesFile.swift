public import Chat
public import Foundation
import Yams

/// Reads the chat rules: `Content/chat/crisis.yaml` (crisis categories, idioms, prevention markers)
/// and `Content/chat/intents.yaml` (weighted cues per intent). Problems are `path:line: message`.
public enum ChatRulesFile {
    /// Parses `crisis.yaml`.
    public static func parseCrisis(data: Data, path: String) throws(ContentError) -> CrisisRules {
        try withFields(data, path: path, what: "crisis.yaml") { (top: inout Fields) throws(FieldError) -> CrisisRules in
            let maxGap = try top.optionalInt("max_gap", in: 0...20) ?? 6
            var aliases: [(from: String, to: String)] = []
            for node in try top.list("aliases", required: false) {
                var fields = try Fields(node, lineOffset: 0, what: "each alias")
                aliases.append((try fields.string("from"), try fields.string("to")))
                try fields.finish()
            }
            var categories: [CrisisRules.Category] = []
            for node in try top.list("categories", required: true) {
                var fields = try Fields(node, lineOffset: 0, what: "each category")
                let id = try fields.string("id")
                let name = try fields.string("name")
                let overrides = try fields.optionalBool("overrides_prevention") ?? false
                let patterns = try patternList(&fields, "patterns", required: true)
                let firm = try patternList(&fields, "firm_patterns", required: false)
                try fields.finish()
                categories.append(.init(id: id, name: name, patterns: patterns, firmPatterns: firm, overridesPrevention: overrides))
            }
            let idioms = try patternList(&top, "idioms", required: false)
            let prevention = try patternList(&top, "prevention_markers", required: false)
            let personal = try patternList(&top, "personal_markers", required: false)
            let hypothetical = try patternList(&top, "hypothetical_markers", required: false)
            let negations = try patternList(&top, "negations", required: false)
            let scopeGap = try top.optionalInt("scope_gap", in: 0...10) ?? 2
            var concepts: [CrisisRules.Concept] = []
            for node in try top.list("model_concepts", required: false) {
                var fields = try Fields(node, lineOffset: 0, what: "each model concept")
                let line = fields.line
                let id = try fields.string("id")
                guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw FieldError(line: line, message: "a model concept's id must be ASCII letters, digits or '_', not '\(id)'")
                }
                guard !concepts.contains(where: { $0.id == id }) else {
                    throw FieldError(line: line, message: "model concept '\(id)' is defined twice")
                }
                concepts.append(.init(id: id, patterns: try patternList(&fields, "patterns", required: true)))
                try fields.finish()
            }
            return CrisisRules(
                maxGap: maxGap, aliases: aliases, categories: categories, idioms: idioms, preventionMarkers: prevention,
                personalMarkers: personal, hypotheticalMarkers: hypothetical, negations: negations, scopeGap: scopeGap,
                concepts: concepts)
        }
    }

    /// Parses `intents.yaml`. Each cue is `pattern` or `pattern weight` (weight may be negative).
    public static func parseIntents(data: Data, path: String) throws(ContentError) -> IntentRules {
        try withFields(data, path: path, what: "intents.yaml") { (top: inout Fields) throws(FieldError) -> IntentRules in
            let maxGap = try top.optionalInt("max_gap", in: 0...20) ?? 6
            let fallback = try intent(try top.optionalString("fallback") ?? "out_of_scope", line: top.line)
            let empty = try intent(try top.optionalString("empty") ?? "help", line: top.line)
            var minScore = 1.0
            if let text = try top.optionalString("min_score") {
                guard let value = Double(text), value >= 0 else {
                    throw FieldError(line: top.line, message: "'min_score' must be a number ≥ 0, not '\(text)'")
                }
                minScore = value
            }
            var intents: [(intent: Intent, cues: [IntentRules.Cue])] = []
            for node in try top.list("intents", required: true) {
                var fields = try Fields(node, lineOffset: 0, what: "each intent")
                let name = try intent(try fields.string("intent"), line: fields.line)
                var cues: [IntentRules.Cue] = []
                for cueNode in try fields.list("cues", required: true) {
                    let line = fields.line(of: cueNode)
                    guard let text = cueNode.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                        throw FieldError(line: line, message: "'cues' must be a list of texts")
                    }
                    var source = text
                    var weight = 1.0
                    if let space = text.lastIndex(of: " "), let number = Double(text[text.index(after: space)...]) {
                        weight = number
                        source = String(text[..<space]).trimmingCharacters(in: .whitespaces)
                    }
                    guard let pattern = ChatPattern(source) else {
                        throw FieldError(line: line, message: "cue '\(text)' has an empty part after normalisation")
                    }
                    cues.append(.init(pattern: pattern, weight: weight))
                }
                try fields.finish()
                intents.append((name, cues))
            }
            return IntentRules(intents: intents, fallback: fallback, emptyFallback: empty, maxGap: maxGap, minScore: minScore)
        }
    }

    /// Reads both files from a content folder (`<root>/chat/crisis.yaml`, `<root>/chat/intents.yaml`).
    public static func load(contentRoot: String) throws(ContentError) -> (crisis: CrisisRules, intents: IntentRules) {
        let crisisPath = (contentRoot as NSString).appendingPathComponent("chat/crisis.yaml")
        let intentsPath = (contentRoot as NSString).appendingPathComponent("chat/intents.yaml")
        guard let crisisData = FileManager.default.contents(atPath: crisisPath) else {
            throw ContentError(path: crisisPath, line: 1, message: "cannot read the crisis rules")
        }
        guard let intentsData = FileManager.default.contents(atPath: intentsPath) else {
            throw ContentError(path: intentsPath, line: 1, message: "cannot read the intent rules")
        }
        var crisis = try parseCrisis(data: crisisData, path: crisisPath)
        // The back-up models are optional: without the crisis model the rules alone decide; without the
        // intent model the cues decide alone and the fallback answers when none fires.
        crisis.model = try optionalModel(contentRoot, "chat/crisis-model.tsv", parse: CrisisModel.parse)
        var intents = try parseIntents(data: intentsData, path: intentsPath)
        intents.model = try optionalModel(contentRoot, "chat/intent-model.tsv", parse: IntentModel.parse)
        return (crisis, intents)
    }

    // MARK: - Helpers

    /// A model file under the content root parsed by `parse`, nil when there is none; a broken one is a
    /// `path:line` error.
    private static func optionalModel<Model>(
        _ contentRoot: String, _ relativePath: String, parse: (String) -> Result<Model, CrisisModel.ParseError>
    ) throws(ContentError) -> Model? {
        let path = (contentRoot as NSString).appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ContentError(path: path, line: 1, message: "file is not valid UTF-8")
        }
        switch parse(text) {
        case .success(let model): return model
        case .failure(let error): throw ContentError(path: path, line: error.line, message: error.message)
        }
    }

    private static func intent(_ text: String, line: Int) throws(FieldError) -> Intent {
        guard let value = Intent(rawValue: text) else {
            let known = Intent.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError(line: line, message: "unknown intent '\(text)' (known: \(known))")
        }
        return value
    }

    private static func patternList(_ fields: inout Fields, _ key: String, required: Bool) throws(FieldError) -> [ChatPattern] {
        var result: [ChatPattern] = []
        for node in try fields.list(key, required: required) {
            let line = fields.line(of: node)
            guard let text = node.scalar?.string, let pattern = ChatPattern(text) else {
                throw FieldError(line: line, message: "'\(key)' has an empty or unusable pattern '\(node.scalar?.string ?? "")'")
            }
            result.append(pattern)
        }
        return result
    }

    private static func withFields<T>(
        _ data: Data, path: String, what: String, _ body: (inout Fields) throws(FieldError) -> T
    ) throws(ContentError) -> T {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ContentError(path: path, line: 1, message: "file is not valid UTF-8")
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ContentError(path: path, line: 1, message: "file is empty")
            }
            var top = try Fields(root, lineOffset: 0, what: what)
            let value = try body(&top)
            try top.finish()
            return value
        } catch let error as FieldError {
            throw ContentError(path: path, line: error.line, message: error.message)
        } catch let error as ContentError {
            throw error
        } catch let error as YamlError {
            throw ContentError(path: path, line: yamlLine(error), message: "invalid YAML")
        } catch {
            throw ContentError(path: path, line: 1, message: "invalid YAML")
        }
    }

    private static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 1
        }
    }
}
