import App
import Foundation
import HTTPTypes
import Hummingbird
import Learning
import OutreachCore

/// The anonymous survey link of a quiz, `/survey/{quiz}`: the respondent gives region, school, grade
/// and role (parent or student), answers, and sees the answers with explanations. The response is
/// counted in the awareness rates through `LearningService.submitSurveyResponse` (the same validation
/// and rollups as `xinqiao quiz import-responses`), once per respondent id — a random id the form
/// carries, so a resubmitted form counts once and nothing ties the answers to a person.
///
/// The page also shows the link as a QR code (inline SVG, `QRCode`) for sharing on paper or screens.
/// The link's host is the request's `Host` when it is a plain host name (else the configured one).
struct SurveyPagesController {
    let site: Site

    /// Grade choices: the value is the grade number the awareness report groups by.
    static let grades: [(String, String)] = [("0", "学前")] + ["一", "二", "三", "四", "五", "六"].enumerated().map { (String($0 + 1), "小学\($1)年级") }
        + [("7", "初一"), ("8", "初二"), ("9", "初三"), ("10", "高一"), ("11", "高二"), ("12", "高三")]

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/survey/:quiz") { request, context in
            let id = try context.parameters.require("quiz")
            return try await form(id, request, context, values: [:], error: nil, status: .ok)
        }
        router.post("/survey/:quiz") { request, context in
            let id = try context.parameters.require("quiz")
            let (quiz, pool) = try await site.core.learning.quiz(id: id)
            let form = context.form
            guard let seed = form["seed"].flatMap({ UInt64($0) }) else {
                throw PageError.badRequest("问卷表单不完整，请重新打开问卷链接再填写。")
            }
            let questions = Self.shown(quiz, pool, seed: seed)
            let values: [String: String] = [
                "region": String((form["region"] ?? "").prefix(50)), "school": String((form["school"] ?? "").prefix(50)),
                "grade": form["grade"] ?? "", "role": form["role"] ?? "", "seed": String(seed),
            ]
            guard let region = form.text("region"), let school = form.text("school") else {
                return try await self.form(id, request, context, values: values, error: "请填写所在地区和孩子的学校。", status: .badRequest)
            }
            guard let grade = form["grade"], Self.grades.contains(where: { $0.0 == grade }) else {
                return try await self.form(id, request, context, values: values, error: "请选择孩子的年级。", status: .badRequest)
            }
            guard let role = form["role"], role == "parent" || role == "student" else {
                return try await self.form(id, request, context, values: values, error: "请选择您是家长还是学生。", status: .badRequest)
            }
            guard let respondent = form["respondent"], (16...100).contains(respondent.count),
                respondent.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else { throw PageError.badRequest("问卷表单不完整，请重新打开问卷链接再填写。") }
            var answers: [String: [String]] = [:]
            for (index, question) in questions.enumerated() {
                let chosen = form.values(of: "q-" + question.id.rawValue)
                guard !chosen.isEmpty else { continue }
                guard chosen.allSatisfy(Set(question.options.map(\.id)).contains), question.kind == .multiple || chosen.count == 1 else {
                    throw PageError.badRequest("第 \(index + 1) 题的选项不对，请返回重新选择。")
                }
                answers[question.id.rawValue] = chosen
            }
            let counted = try await site.core.learning.submitSurveyResponse(
                quiz: id, SurveyResponse(respondent: respondent, region: region, school: school, grade: grade, role: role, answers: answers))
            let items = questions.enumerated().map { index, question -> [String: Any] in
                let chosen = answers[question.id.rawValue] ?? []
                let text: ([String]) -> String = { ids in
                    ids.isEmpty ? "（未作答）" : ids.map { id in "\(id). " + (question.options.first { $0.id == id }?.text ?? "") }.joined(separator: "；")
                }
                return [
                    "number": index + 1, "stem": question.stem, "chosen": text(chosen), "answer": text(question.answer),
                    "right": question.isCorrect(Set(chosen)), "explanation": question.explanation,
                ]
            }
            return try await site.page(
                "survey-done", title: quiz.title, request, context,
                [
                    "title": quiz.title, "duplicate": !counted, "questions": items, "total": questions.count,
                    "correct": items.filter { $0["right"] as? Bool == true }.count,
                ])
        }
    }

    /// The questions a survey shows: a fixed quiz's in order; for a drawing quiz, the draw for `seed`
    /// (the form carries the seed, so the answers are checked against the questions it showed).
    static func shown(_ quiz: Quiz, _ pool: [Question], seed: UInt64) -> [Question] {
        let byID = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, $0) })
        return QuizDraw.questions(for: quiz, bank: pool, seed: seed).compactMap { byID[$0] }
    }

    private func form(
        _ id: String, _ request: Request, _ context: AppRequestContext, values: [String: String], error: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let (quiz, pool) = try await site.core.learning.quiz(id: id)
        let seed = values["seed"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        let link = Self.baseURL(request, site.core.config) + "/survey/" + Site.segment(id)
        let qr = (try? QRCode(text: link).svg(label: "问卷链接的二维码：\(quiz.title)")) ?? ""
        let questions = Self.shown(quiz, pool, seed: seed).enumerated().map { index, question -> [String: Any] in
            [
                "number": index + 1, "stem": question.stem, "multiple": question.kind == .multiple,
                "options": question.options.map { option -> [String: Any] in
                    ["id": option.id, "text": option.text, "type": question.kind == .multiple ? "checkbox" : "radio", "name": "q-" + question.id.rawValue]
                },
            ]
        }
        var page: [String: Any] = [
            "title": quiz.title, "action": "/survey/" + Site.segment(id), "respondent": MessageSigner.randomToken(bytes: 16), "seed": String(seed),
            "questions": questions, "link": link, "qr": qr, "region": values["region"] ?? "", "school": values["school"] ?? "",
            "isParent": values["role"] == "parent", "isStudent": values["role"] == "student",
            "grades": Self.grades.map { ["value": $0.0, "label": $0.1, "selected": values["grade"] == $0.0] },
        ]
        if let error { page["error"] = error }
        return try await site.page("survey", title: quiz.title, request, context, page, status: status)
    }

    /// `http(s)://host[:port]` for links people open elsewhere: the request's `Host` if it is a plain
    /// host name with an optional port, else the configured host and port.
    static func baseURL(_ request: Request, _ config: AppConfig) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        if let host = request.head.authority, (1...100).contains(host.count),
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) })
        {
            return "\(scheme)://\(host)"
        }
        return "\(scheme)://\(config.host):\(config.port)"
    }
}
