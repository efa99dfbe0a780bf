import Learning
import Testing
@testable import xinqiao

@Suite struct AnswerParserTests {
    let options: [Question.Option] = [.init(id: "C", text: "9小时"), .init(id: "A", text: "7小时"), .init(id: "B", text: "8小时")]

    @Test(arguments: [("A", ["C"]), ("a", ["C"]), ("1", ["C"]), ("选B", ["A"]), ("我选 3", ["B"]), ("8小时", ["B"])])
    func understandsLettersNumbersAndText(input: String, expected: [String]) {
        #expect(AnswerParser.parse(input, options: options, multiple: false) == expected)
    }

    @Test func multipleAndBadAnswers() {
        #expect(AnswerParser.parse("AC", options: options, multiple: true) == ["C", "B"])
        #expect(AnswerParser.parse("AC", options: options, multiple: false) == nil)
        #expect(AnswerParser.parse("Z", options: options, multiple: false) == nil)
        #expect(AnswerParser.parse("4", options: options, multiple: false) == nil)
        #expect(AnswerParser.parse("", options: options, multiple: false) == nil)
        #expect(AnswerParser.parse("对", options: Question.trueFalseOptions, multiple: false) == ["T"])
        #expect(AnswerParser.parse("B", options: Question.trueFalseOptions, multiple: false) == ["F"])
    }
}
