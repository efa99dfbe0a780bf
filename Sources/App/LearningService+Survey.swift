public import Foundation
import OutreachCore

/// One anonymous answer sheet of a survey: who answered in aggregate terms only (region, school, grade,
/// role — never a name), and the options chosen per question.
public struct SurveyResponse: Sendable, Equatable {
    /// An opaque id made by the survey form (not a person's id): one response per id and quiz counts.
    public var respondent: String
    public var region: String
    public var school: String
    /// The child's grade as the respondent gave it (`3`, `初二`).
    public var grade: String
    /// `parent` or `student`.
    public var role: String
    /// Question id → chosen option ids.
    public var answers: [String: [String]]

    public init(respondent: String, region: String, school: String, grade: String, role: String, answers: [String: [String]]) {
        self.respondent = respondent
        self.region = region
        self.school = school
        self.grade = grade
        self.role = role
        self.answers = answers
    }
}

extension LearningService {
    /// Records one anonymous survey response (the survey link `/survey/{quiz}`), counted in the
    /// awareness rates exactly like a line of `xinqiao quiz import-responses`: the same validation,
    /// the same scoring against the pass mark, the same rollups.
    ///
    /// It takes no actor on purpose: a survey link is meant for people without accounts, and all this
    /// use case can do is add one response to one quiz's aggregate counts (no reads, no other writes).
    /// Region and school are required (1–50 characters) so every response lands in a group. Returns
    /// false when this respondent id already answered the quiz (a resubmitted form counts once).
    public func submitSurveyResponse(quiz: String, _ response: SurveyResponse) async throws -> Bool {
        func field(_ value: String) -> String? {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return (1...50).contains(trimmed.count) ? trimmed : nil
        }
        guard let region = field(response.region), let school = field(response.school), let grade = field(response.grade) else {
            throw LearningError.invalidResponses(["response:1: region, school and grade must each be 1–50 characters"])
        }
        let line: [String: Any] = [
            "respondent": ["id": response.respondent, "region": region, "school": school, "grade": grade, "role": response.role],
            "quiz": quiz, "answers": response.answers, "submitted_at": ISO8601DateFormatter().string(from: clock.now),
        ]
        let data = try JSONSerialization.data(withJSONObject: line)
        return try await ingestResponses(data, path: "response").imported == 1
    }
}
