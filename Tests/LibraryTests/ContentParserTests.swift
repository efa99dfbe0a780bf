import OutreachCore
import Foundation
import Knowledge
import Learning
import Library
import Testing
import TestSupport

@Suite struct ContentParserTests {
    private func parse(_ text: String, at key: String) -> ParsedFile {
        ContentParser.parse(data: Data(text.utf8), path: key, key: key)
    }

    @Test(arguments: Fixtures.minimalLibrary.filter { !$0.0.contains("courses/") })
    func validFixturesParse(path: String, text: String) {
        // Given a valid file of each kind, when it is parsed, then it yields items and no errors
        let file = parse(text, at: path)
        #expect(file.errors.isEmpty, "\(file.errors)")
        #expect(!file.items.isEmpty)
    }

    @Test func articleFieldsAreRead() throws {
        let file = parse(Fixtures.article, at: "Content/articles/sleep-basics.md")
        guard case .article(let article) = try #require(file.items.first).item else {
            Issue.record("not an article")
            return
        }
        #expect(article.id == "sleep-basics")
        #expect(article.stages == [.primary, .junior, .senior])
        #expect(article.facts.count == 1)
        #expect(article.body.hasPrefix("## 孩子总说困怎么办？"))
    }

    @Test func questionsAndQuizzesKeepTheirLines() throws {
        let file = parse(Fixtures.questions, at: "Lessons/quizzes/bank.yaml")
        #expect(file.items.map(\.item.id) == ["q-sleep-01", "q-hotline-01", "q-hotline-02", "sample-survey"])
        #expect(file.items.map(\.line) == [2, 11, 17, 28])
        guard case .question(let truefalse) = file.items[1].item else { return }
        #expect(truefalse.options.map(\.id) == ["T", "F"])
    }

    // MARK: - Bad input: each case names the file and line, and rejects the whole file

    struct BadCase: CustomTestStringConvertible, Sendable {
        var name: String
        var key: String
        var text: String
        var line: Int
        var message: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(
            name: "invalid YAML", key: "Lessons/knowledge-points.yaml",
            text: "- id: kp-a\n  title: [unclosed\n  category: 身心健康\n", line: 3, message: "invalid YAML"),
        BadCase(
            name: "front matter missing", key: "Content/faq/faq-x.md", text: "没有前言的文件\n", line: 1,
            message: "missing front matter"),
        BadCase(
            name: "front matter not closed", key: "Content/faq/faq-x.md", text: "---\nid: faq-x\n正文\n", line: 1,
            message: "not closed"),
        BadCase(
            name: "unknown key", key: "Content/faq/faq-x.md",
            text: "---\nid: faq-x\nquestion: 问题\ntags: [睡眠]\narticle: sleep-basics\nanswr: 多余\n---\n回答\n", line: 6,
            message: "unknown field 'answr'"),
        BadCase(
            name: "missing required field", key: "Content/faq/faq-x.md",
            text: "---\nid: faq-x\ntags: [睡眠]\narticle: sleep-basics\n---\n回答\n", line: 2,
            message: "missing required field 'question'"),
        BadCase(
            name: "wrong type", key: "Content/faq/faq-x.md",
            text: "---\nid: faq-x\nquestion: 问题\ntags: 睡眠\narticle: sleep-basics\n---\n回答\n", line: 4,
            message: "'tags' must be a list"),
        BadCase(
            name: "bad id", key: "Content/faq/faq-x.md",
            text: "---\nid: FAQ X\nquestion: 问题\ntags: [睡眠]\narticle: sleep-basics\n---\n回答\n", line: 2,
            message: "not a valid id"),
        BadCase(
            name: "duplicate id in one file", key: "Lessons/knowledge-points.yaml",
            text: """
                - id: kp-a
                  title: 甲
                  category: 身心健康
                  explanation: 说明
                - id: kp-a
                  title: 乙
                  category: 身心健康
                  explanation: 说明
                """, line: 5, message: "duplicate id 'kp-a'"),
        BadCase(
            name: "pass mark outside 0–100", key: "Lessons/quizzes/q.yaml",
            text: "quizzes:\n  - id: qz\n    title: 测验\n    pass_mark: 120\n    questions: [q-a]\n", line: 4,
            message: "between 0 and 100"),
        BadCase(
            name: "quiz with no questions", key: "Lessons/quizzes/q.yaml",
            text: "quizzes:\n  - id: qz\n    title: 测验\n    pass_mark: 80\n", line: 2, message: "has no questions"),
        BadCase(
            name: "answer not among options", key: "Lessons/quizzes/q.yaml",
            text: """
                questions:
                  - id: q-a
                    knowledge_point: kp-a
                    type: single
                    stem: 题干
                    options: [{id: A, text: 甲}, {id: B, text: 乙}]
                    answer: [C]
                    explanation: 解析
                """, line: 2, message: "answer 'C' is not one of its options"),
        BadCase(
            name: "unknown event", key: "Content/letters/l.md",
            text: """
                ---
                id: letter-x
                title: 信
                trigger: {event: exam_day, offset_days: -1}
                audience: {}
                channels: [inbox]
                ack_required: false
                ---
                正文
                """, line: 4, message: "unknown event 'exam_day'"),
        BadCase(
            name: "offset beyond a year", key: "Content/letters/l.md",
            text: """
                ---
                id: letter-x
                title: 信
                trigger: {event: gaokao, offset_days: -400}
                audience: {}
                channels: [inbox]
                ack_required: false
                ---
                正文
                """, line: 4, message: "between -365 and 365"),
        BadCase(
            name: "file in no known place", key: "Content/misc/notes.md", text: "---\nid: x\n---\n正文\n", line: 1,
            message: "not a content location"),
    ]

    @Test(arguments: badCases)
    func badFileIsRejectedWithItsLine(_ bad: BadCase) throws {
        // Given a file with one defect, when it is parsed
        let file = parse(bad.text, at: bad.key)
        // Then it yields no items and one error naming the file and line
        #expect(file.items.isEmpty)
        let error = try #require(file.errors.first)
        #expect(error.path == bad.key)
        #expect(error.line == bad.line, "\(error)")
        #expect(error.message.contains(bad.message), "\(error)")
        #expect(error.description.hasPrefix("\(bad.key):\(bad.line): "))
    }

    @Test func nonUTF8FileIsRejected() {
        var data = Data("---\nid: faq-x\n".utf8)
        data.append(contentsOf: [0xE4, 0xB8])  // a truncated UTF-8 sequence on line 3
        data.append(contentsOf: Array("\n---\n".utf8))
        let file = ContentParser.parse(data: data, path: "x/faq/a.md", key: "Content/faq/a.md")
        #expect(file.items.isEmpty)
        #expect(file.errors.first?.message == "file is not valid UTF-8")
        #expect(file.errors.first?.line == 3)
    }

    @Test func fileOverOneMebibyteIsRejected() {
        let data = Data(repeating: 0x41, count: ContentParser.maxFileSize + 1)
        let file = ContentParser.parse(data: data, path: "a.md", key: "Content/articles/a.md")
        #expect(file.items.isEmpty)
        #expect(file.errors.first?.message.contains("larger than the 1 MiB limit") == true)
    }

    @Test func locationsAreRecognised() {
        #expect(ContentParser.location(of: "/x/Content/articles/a.md") == .article)
        #expect(ContentParser.location(of: "Lessons/courses/c/03-x.md") == .lesson(position: 3))
        #expect(ContentParser.location(of: "Lessons/courses/c/course.yaml") == .course)
        #expect(ContentParser.location(of: "Content/lexicon/terms.txt") == .ignored)
        #expect(ContentParser.location(of: "Content/README.md") == .ignored)
    }
}

@Suite struct HolidayFileTests {
    @Test func bundledScheduleParsesWithSpringFestivalIncludingNewYearsEveFrom2025() throws {
        let path = Repository.content + "/calendar/holidays.yaml"
        let schedules = try HolidayFile.parse(data: try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        #expect(schedules.map(\.year) == [2024, 2025, 2026])
        let spring2025 = try #require(schedules[1].holidays.first { $0.name == "春节" })
        #expect(spring2025.start == "2025-01-28")  // 除夕 became a statutory day off in 2025
        #expect(schedules[2].workdays.contains("2026-02-28"))
    }

    @Test func badScheduleNamesTheLine() {
        let text = "years:\n  - year: 2026\n    source: 通知\n    holidays:\n      - {name: 春节, start: 2026-02-30, end: 2026-02-23}\n"
        #expect(throws: ContentError(path: "h.yaml", line: 5, message: "'start' must be a date YYYY-MM-DD, got '2026-02-30'")) {
            try HolidayFile.parse(data: Data(text.utf8), path: "h.yaml")
        }
    }
}
