public import Foundation
import Campaigns
import Knowledge
import Learning
import OutreachCore
import Yams

/// Reads one content file into items, or into `path:line: message` errors that reject it whole.
///
/// What a file holds is decided by where it sits (`articles/*.md`, `courses/<id>/NN-*.md`,
/// `quizzes/*.yaml` …), so a copy of the library anywhere on disk parses the same way.
public enum ContentParser {
    /// Files larger than this are rejected without being parsed.
    public static let maxFileSize = 1 << 20

    /// The role a file plays, from its location.
    public enum Location: Equatable, Sendable {
        case article, faq, letter, hotlines, knowledgePoints, course, lesson(position: Int), quizzes
        /// Data that other loaders read (lexicon, calendar, chat rules) or documentation.
        case ignored
        case unknown
    }

    /// Classifies a path by its last components.
    public static func location(of path: String) -> Location {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return .unknown }
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        let grandparent = parts.count >= 3 ? parts[parts.count - 3] : ""
        if name.hasPrefix(".") || name == "README.md" { return .ignored }
        if parts.contains("lexicon") || parts.contains("calendar") || parts.contains("chat") { return .ignored }
        let isMarkdown = name.hasSuffix(".md")
        let isYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        switch (parent, isMarkdown, isYAML) {
        case ("articles", true, _): return .article
        case ("faq", true, _): return .faq
        case ("letters", true, _): return .letter
        case ("quizzes", _, true): return .quizzes
        default: break
        }
        if isYAML && name.hasPrefix("hotlines.") { return .hotlines }
        if isYAML && name.hasPrefix("knowledge-points.") { return .knowledgePoints }
        if grandparent == "courses" {
            if isYAML && name.hasPrefix("course.") { return .course }
            if isMarkdown, let position = Int(name.prefix(while: \.isNumber)), name.contains("-") {
                return .lesson(position: position)
            }
        }
        return .unknown
    }

    /// Parses the bytes of one file. `path` is used in messages, `key` is the stable library key.
    public static func parse(data: Data, path: String, key: String) -> ParsedFile {
        let digest = Self.digest(data)
        func failure(_ line: Int, _ message: String) -> ParsedFile {
            ParsedFile(
                path: path, key: key, digest: digest, items: [],
                errors: [ContentError(path: path, line: line, message: message)])
        }
        guard data.count <= maxFileSize else {
            return failure(1, "file is \(data.count) bytes, larger than the 1 MiB limit")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return failure(invalidUTF8Line(data), "file is not valid UTF-8")
        }
        if text.contains("\u{0}") { return failure(1, "file contains NUL bytes") }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        do {
            let items: [LocatedItem]
            switch location(of: key) {
            case .article: items = [try parseMarkdown(normalized, parseArticle)]
            case .faq: items = [try parseMarkdown(normalized, parseFAQ)]
            case .letter: items = [try parseMarkdown(normalized, parseLetter)]
            case .hotlines: items = try parseHotlines(normalized)
            case .knowledgePoints: items = try parseKnowledgePoints(normalized)
            case .course: items = [try parseCourse(normalized)]
            case .lesson(let position):
                let course = try courseID(besideLessonAt: path)
                items = try parseLesson(normalized, course: course, position: position)
            case .quizzes: items = try parseQuizzes(normalized)
            case .ignored: items = []
            case .unknown:
                return failure(1, "not a content location (see Content/README.md and Lessons/README.md)")
            }
            var seen: [String: Int] = [:]
            for item in items {
                if let first = seen[item.item.id] {
                    return failure(item.line, "duplicate id '\(item.item.id)' (also on line \(first))")
                }
                seen[item.item.id] = item.line
            }
            return ParsedFile(path: path, key: key, digest: digest, items: items, errors: [])
        } catch {
            return failure(error.line, error.message)
        }
    }

    /// FNV-1a 64-bit digest of the bytes, as hex: enough to notice a change, not a security hash.
    public static func digest(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func digest(_ string: String) -> String { digest(Data(string.utf8)) }

    private static func invalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(validating: data[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }

    // MARK: - YAML

    static func compose(_ yaml: String, lineOffset: Int) throws(FieldError) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw FieldError(line: mark.line + lineOffset, message: "invalid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw FieldError(
                    line: context.mark.line + lineOffset,
                    message: "duplicate key \(duplicates.joined(separator: ", "))")
            case .reader(let problem, _, _, _):
                throw FieldError(line: 1 + lineOffset, message: "invalid YAML: \(problem)")
            default:
                throw FieldError(line: 1 + lineOffset, message: "invalid YAML")
            }
        } catch {
            throw FieldError(line: 1 + lineOffset, message: "invalid YAML")
        }
    }

    /// Splits `---` front matter from the body; the closure builds the item.
    private static func parseMarkdown(
        _ text: String, _ build: (inout Fields, String) throws(FieldError) -> ContentItem
    ) throws(FieldError) -> LocatedItem {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw FieldError(line: 1, message: "missing front matter: the file must start with a '---' line")
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            throw FieldError(line: 1, message: "front matter is not closed: add a '---' line after it")
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingWhitespace
        guard let node = try compose(yaml, lineOffset: 1) else {
            throw FieldError(line: 2, message: "front matter is empty")
        }
        var fields = try Fields(node, lineOffset: 1, what: "front matter")
        let item = try build(&fields, body)
        try fields.finish()
        guard !body.isEmpty else { throw FieldError(line: end + 2, message: "the body is empty") }
        return LocatedItem(item: item, line: 1)
    }

    static func parseYAML(_ text: String) throws(FieldError) -> Node {
        guard let node = try compose(text, lineOffset: 0) else { throw FieldError(line: 1, message: "file is empty") }
        return node
    }

    // MARK: - Knowledge

    private static func parseArticle(_ fields: inout Fields, _ body: String) throws(FieldError) -> ContentItem {
        let id: Article.ID = try fields.id("id")
        var facts: [Article.Fact] = []
        for node in try fields.list("facts", required: true) {
            var fact = try Fields(node, lineOffset: fields.lineOffset, what: "each fact")
            facts.append(Article.Fact(claim: try fact.string("claim"), source: try fact.string("source")))
            try fact.finish()
        }
        return .article(
            Article(
                id: id, title: try fields.string("title"), summary: try fields.string("summary"),
                tags: try fields.stringList("tags", required: true), stages: try fields.stages("stages", required: true),
                knowledgePoints: try fields.idList("knowledge_points", as: KnowledgePoint.self).map(\.rawValue),
                reviewedOn: try fields.date("reviewed_on"), facts: facts, body: body))
    }

    private static func parseFAQ(_ fields: inout Fields, _ body: String) throws(FieldError) -> ContentItem {
        .faq(
            FAQ(
                id: try fields.id("id"), question: try fields.string("question"),
                tags: try fields.stringList("tags", required: true), stages: try fields.stages("stages", required: false),
                article: try fields.id("article", as: Article.self).rawValue, answer: body))
    }

    private static func parseHotlines(_ text: String) throws(FieldError) -> [LocatedItem] {
        var root = try Fields(try parseYAML(text), lineOffset: 0, what: "hotlines.yaml")
        var items: [LocatedItem] = []
        for node in try root.list("hotlines", required: true) {
            var fields = try Fields(node, lineOffset: 0, what: "each hotline")
            let hotline = Hotline(
                id: try fields.id("id"), number: try fields.string("number"), name: try fields.string("name"),
                purpose: try fields.string("purpose"), scope: try fields.string("scope"),
                emergency: try fields.bool("emergency"), hours: try fields.string("hours"),
                source: try fields.string("source"))
            guard hotline.number.allSatisfy(\.isNumber) else {
                throw FieldError(line: fields.line, message: "'number' must be digits only, got '\(hotline.number)'")
            }
            try fields.finish()
            items.append(LocatedItem(item: .hotline(hotline), line: fields.line))
        }
        try root.finish()
        return items
    }

    // MARK: - Campaigns

    private static func parseLetter(_ fields: inout Fields, _ body: String) throws(FieldError) -> ContentItem {
        let id: LetterTemplate.ID = try fields.id("id")
        let title = try fields.string("title")
        guard var triggerFields = try fields.nested("trigger") else {
            throw FieldError(line: fields.line, message: "missing required field 'trigger'")
        }
        let trigger: LetterTemplate.Trigger
        let sendHour = try triggerFields.optionalInt("send_hour", in: 0...23) ?? 9
        if let date = try triggerFields.optionalString("date") {
            guard Fields.isISODate(date) else {
                throw FieldError(line: triggerFields.line, message: "'date' must be a date YYYY-MM-DD, got '\(date)'")
            }
            trigger = .date(date, sendHour: sendHour)
        } else {
            let name = try triggerFields.string("event")
            guard let event = EventKey(rawValue: name) else {
                let known = EventKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw FieldError(line: triggerFields.line, message: "unknown event '\(name)' (known: \(known))")
            }
            let offset = try triggerFields.int(
                "offset_days", in: -LetterTemplate.maxOffsetDays...LetterTemplate.maxOffsetDays)
            trigger = .event(event, offsetDays: offset, sendHour: sendHour)
        }
        try triggerFields.finish()
        var audience = LetterTemplate.Audience()
        if var audienceFields = try fields.nested("audience") {
            audience.stages = try audienceFields.stages("stages", required: false)
            audience.grades = try audienceFields.intList("grades", in: Grade.range)
            audience.regions = try audienceFields.stringList("regions")
            try audienceFields.finish()
        } else {
            throw FieldError(line: fields.line, message: "missing required field 'audience'")
        }
        var channels: [LetterTemplate.Channel] = []
        for name in try fields.stringList("channels", required: true) {
            guard let channel = LetterTemplate.Channel(rawValue: name) else {
                throw FieldError(line: fields.line, message: "unknown channel '\(name)' (use inbox, sms, print, webhook)")
            }
            channels.append(channel)
        }
        guard !channels.isEmpty else { throw FieldError(line: fields.line, message: "'channels' must not be empty") }
        let ackRequired = try fields.bool("ack_required")
        let receipt = try fields.optionalString("receipt")
        if ackRequired && receipt == nil {
            throw FieldError(line: fields.line, message: "'receipt' is required when ack_required is true")
        }
        let sms = try fields.optionalString("sms")
        if channels.contains(.sms) && sms == nil {
            throw FieldError(line: fields.line, message: "'sms' is required when channels include sms")
        }
        return .letter(
            LetterTemplate(
                id: id, title: title, trigger: trigger, audience: audience, channels: channels,
                ackRequired: ackRequired, receipt: receipt, sms: sms, tags: try fields.stringList("tags"),
                articles: try fields.idList("articles", as: Article.self).map(\.rawValue), body: body))
    }

    // MARK: - Learning

    private static func parseKnowledgePoints(_ text: String) throws(FieldError) -> [LocatedItem] {
        let root = try parseYAML(text)
        guard let sequence = root.sequence else {
            throw FieldError(line: 1, message: "knowledge-points.yaml must be a list of knowledge points")
        }
        var items: [LocatedItem] = []
        for node in sequence {
            var fields = try Fields(node, lineOffset: 0, what: "each knowledge point")
            let category = try fields.string("category")
            guard KnowledgePoint.categories.contains(category) else {
                throw FieldError(
                    line: fields.line,
                    message: "unknown category '\(category)' (use \(KnowledgePoint.categories.joined(separator: "、")))")
            }
            let point = KnowledgePoint(
                id: try fields.id("id"), title: try fields.string("title"), category: category,
                explanation: try fields.string("explanation"))
            try fields.finish()
            items.append(LocatedItem(item: .knowledgePoint(point), line: fields.line))
        }
        return items
    }

    private static func parseCourse(_ text: String) throws(FieldError) -> LocatedItem {
        var fields = try Fields(try parseYAML(text), lineOffset: 0, what: "course.yaml")
        let course = Course(
            id: try fields.id("id"), title: try fields.string("title"), summary: try fields.string("summary"),
            stages: try fields.stages("stages", required: true), pretest: try fields.optionalID("pretest"),
            posttest: try fields.optionalID("posttest"))
        try fields.finish()
        return LocatedItem(item: .course(course), line: 1)
    }

    /// The id in the `course.yaml` beside a lesson file: a lesson belongs to the folder's course.
    private static func courseID(besideLessonAt path: String) throws(FieldError) -> Course.ID {
        let folder = (path as NSString).deletingLastPathComponent
        let coursePath = (folder as NSString).appendingPathComponent("course.yaml")
        guard let data = FileManager.default.contents(atPath: coursePath),
            let text = String(data: data, encoding: .utf8),
            let node = try? Yams.compose(yaml: text), let id = node.mapping?["id"]?.scalar?.string,
            Identifier<Course>.isValidSlug(id)
        else {
            throw FieldError(line: 1, message: "lesson has no valid course.yaml beside it (\(coursePath))")
        }
        return Course.ID(id)
    }

    private static func parseLesson(_ text: String, course: Course.ID, position: Int) throws(FieldError) -> [LocatedItem] {
        let located = try parseMarkdown(text) { (fields: inout Fields, body: String) throws(FieldError) in
            let keyPoints = try fields.stringList("key_points", required: true)
            guard (1...8).contains(keyPoints.count) else {
                throw FieldError(line: fields.line, message: "'key_points' must have 1–8 items")
            }
            let check: [Question.ID] = try fields.idList("check", required: true)
            guard !check.isEmpty else { throw FieldError(line: fields.line, message: "'check' must list questions") }
            return .lesson(
                Lesson(
                    id: try fields.id("id"), course: course, position: position, title: try fields.string("title"),
                    minutes: try fields.int("minutes", in: 1...30), keyPoints: keyPoints,
                    knowledgePoints: try fields.idList("knowledge_points", required: true),
                    article: try fields.optionalID("article", as: Article.self)?.rawValue, check: check, body: body))
        }
        guard case .lesson(let lesson) = located.item else { return [located] }
        return [located, LocatedItem(item: .quiz(lesson.checkQuiz), line: 1)]
    }

    private static func parseQuizzes(_ text: String) throws(FieldError) -> [LocatedItem] {
        var root = try Fields(try parseYAML(text), lineOffset: 0, what: "a quiz file")
        var items: [LocatedItem] = []
        for node in try root.list("questions", required: false) {
            var fields = try Fields(node, lineOffset: 0, what: "each question")
            items.append(LocatedItem(item: .question(try parseQuestion(&fields)), line: fields.line))
            try fields.finish()
        }
        for node in try root.list("quizzes", required: false) {
            var fields = try Fields(node, lineOffset: 0, what: "each quiz")
            items.append(LocatedItem(item: .quiz(try parseQuiz(&fields)), line: fields.line))
            try fields.finish()
        }
        try root.finish()
        guard !items.isEmpty else { throw FieldError(line: 1, message: "a quiz file needs 'questions' or 'quizzes'") }
        return items
    }

    private static func parseQuestion(_ fields: inout Fields) throws(FieldError) -> Question {
        let id: Question.ID = try fields.id("id")
        let kindName = try fields.string("type")
        guard let kind = Question.Kind(rawValue: kindName) else {
            throw FieldError(line: fields.line, message: "unknown question type '\(kindName)' (use single, multiple, truefalse)")
        }
        var options: [Question.Option] = []
        for node in try fields.list("options", required: kind != .truefalse) {
            var option = try Fields(node, lineOffset: 0, what: "each option")
            options.append(Question.Option(id: try option.string("id"), text: try option.string("text")))
            try option.finish()
        }
        if kind == .truefalse && options.isEmpty { options = Question.trueFalseOptions }
        guard (2...6).contains(options.count) else {
            throw FieldError(line: fields.line, message: "question \(id) must have 2–6 options, has \(options.count)")
        }
        let optionIDs = options.map(\.id)
        guard Set(optionIDs).count == optionIDs.count else {
            throw FieldError(line: fields.line, message: "question \(id) has duplicate option ids")
        }
        let answer = try fields.stringList("answer", required: true)
        guard !answer.isEmpty, Set(answer).count == answer.count else {
            throw FieldError(line: fields.line, message: "question \(id) needs a non-repeating 'answer' list")
        }
        for choice in answer where !optionIDs.contains(choice) {
            throw FieldError(line: fields.line, message: "question \(id) answer '\(choice)' is not one of its options")
        }
        if kind != .multiple && answer.count != 1 {
            throw FieldError(line: fields.line, message: "question \(id) is \(kind.rawValue): exactly one answer")
        }
        return Question(
            id: id, knowledgePoint: try fields.id("knowledge_point"), kind: kind, stem: try fields.string("stem"),
            options: options, answer: answer, explanation: try fields.string("explanation"))
    }

    private static func parseQuiz(_ fields: inout Fields) throws(FieldError) -> Quiz {
        let id: Quiz.ID = try fields.id("id")
        let passMark = try fields.int("pass_mark", in: 0...100)
        let questions: [Question.ID] = try fields.idList("questions")
        var draws: [Quiz.Draw] = []
        for node in try fields.list("draw", required: false) {
            var draw = try Fields(node, lineOffset: 0, what: "each draw rule")
            draws.append(
                Quiz.Draw(knowledgePoint: try draw.id("knowledge_point"), count: try draw.int("count", in: 1...50)))
            try draw.finish()
        }
        guard questions.isEmpty != draws.isEmpty else {
            throw FieldError(
                line: fields.line,
                message: questions.isEmpty
                    ? "quiz \(id) has no questions: give 'questions' or 'draw'"
                    : "quiz \(id) gives both 'questions' and 'draw': choose one")
        }
        guard Set(questions).count == questions.count else {
            throw FieldError(line: fields.line, message: "quiz \(id) lists a question twice")
        }
        var targets: [Quiz.Target] = []
        for node in try fields.list("targets", required: false) {
            var target = try Fields(node, lineOffset: 0, what: "each target")
            targets.append(
                Quiz.Target(year: try target.int("year", in: 2000...2100), percent: Double(try target.int("percent", in: 0...100))))
            try target.finish()
        }
        var quiz = Quiz(
            id: id, title: try fields.string("title"), description: try fields.optionalString("description") ?? "",
            passMark: passMark, questions: questions, draws: draws)
        quiz.targets = targets
        return quiz
    }
}
