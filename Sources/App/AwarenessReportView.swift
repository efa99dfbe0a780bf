public import Awareness
import Foundation

/// The JSON shape of `report awareness`.
public struct AwarenessReportView: Encodable, Sendable {
    public struct Cell: Encodable, Sendable {
        public var respondents: Int?
        public var aware: Int?
        public var rate: Double?
        public var ci: [Double]?
        public var suppressed: Bool

        init(_ cell: RateCell) {
            respondents = cell.respondents
            aware = cell.aware
            rate = cell.rate.map { ($0 * 10_000).rounded() / 10_000 }
            ci = cell.interval.map { [($0.lower * 10_000).rounded() / 10_000, ($0.upper * 10_000).rounded() / 10_000] }
            suppressed = cell.suppressed
        }

        public var cells: [String] {
            suppressed ? ["", "", "", "", "", "true"]
                : [respondents.map(String.init) ?? "", aware.map(String.init) ?? "", rate.map { String($0) } ?? "",
                   ci.map { String($0[0]) } ?? "", ci.map { String($0[1]) } ?? "", "false"]
        }

        public var line: String {
            guard !suppressed, let respondents, let aware, let rate, let ci else { return "（人数过少，不公布）" }
            return String(format: "%d/%d = %.1f%%  95%%区间 %.1f–%.1f%%", aware, respondents, rate * 100, ci[0] * 100, ci[1] * 100)
        }
    }

    public struct Group: Encodable, Sendable {
        public var key: [String: String]
        public var respondents: Int?
        public var aware: Int?
        public var rate: Double?
        public var ci: [Double]?
        public var suppressed: Bool
        public var cells: [String] { Cell(respondents: respondents, aware: aware, rate: rate, ci: ci, suppressed: suppressed).cells }
        public var line: String { Cell(respondents: respondents, aware: aware, rate: rate, ci: ci, suppressed: suppressed).line }
    }

    public struct Item: Encodable, Sendable {
        public var knowledge_point: String
        public var answers: Int
        public var correct: Int
        public var rate: Double?
        public var ci: [Double]?
    }

    public struct TargetView: Encodable, Sendable {
        public var year: Int
        public var rate: Double
        public var status: String
    }

    public var quiz: String
    public var pass_mark: Int
    public var total: Cell
    public var groups: [Group]
    public var items: [Item]
    public var targets: [TargetView]

    public init(_ report: AwarenessReport) {
        quiz = report.quiz
        pass_mark = report.passMark
        total = Cell(report.total)
        groups = report.groups.map { group in
            let cell = Cell(group.cell)
            return Group(key: group.key, respondents: cell.respondents, aware: cell.aware, rate: cell.rate, ci: cell.ci, suppressed: cell.suppressed)
        }
        items = report.items.map { item in
            let cell = Cell(item.cell)
            return Item(knowledge_point: item.knowledgePoint, answers: item.answers, correct: item.correct, rate: cell.rate, ci: cell.ci)
        }
        targets = report.targets.map { TargetView(year: $0.target.year, rate: $0.target.rate, status: $0.status.rawValue) }
    }
}

extension AwarenessReportView.Cell {
    init(respondents: Int?, aware: Int?, rate: Double?, ci: [Double]?, suppressed: Bool) {
        self.respondents = respondents
        self.aware = aware
        self.rate = rate
        self.ci = ci
        self.suppressed = suppressed
    }
}
