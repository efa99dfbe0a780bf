import App
import Awareness
import Foundation
import Hummingbird
import Learning
import OutreachCore

/// The analysts' awareness dashboard under `/analytics`: for one quiz, the awareness rate month by
/// month against the target line (the quiz's targets, e.g. 95 % → 98 % → 100 %), the breakdown by
/// region, school or grade as bars with Wilson-interval whiskers, and the knowledge-point heat map —
/// inline SVG (`SVGChart`) each with the same numbers in a table — plus item statistics and the CSV
/// export (`/analytics/export.csv`, UTF-8 with a BOM so Excel reads the Chinese).
///
/// Aggregates only: every number comes from the App layer's reports, which suppress small groups;
/// a suppressed cell shows 人数不足，不显示 and never its count, on the page and in the file.
struct AnalyticsController {
    let site: Site

    /// The breakdowns offered, with their Chinese names.
    static let dimensions: [(ReportDimension, String)] = [(.region, "地区"), (.school, "学校"), (.grade, "年级")]

    /// The dashboard's choices, read from the query string.
    struct Selection {
        var quiz: Quiz
        var quizzes: [Quiz]
        var dimension: ReportDimension
        var from: String?
        var to: String?

        var query: String {
            var parts = ["quiz=" + Site.segment(quiz.id.rawValue), "by=" + dimension.rawValue]
            if let from { parts.append("from=" + from) }
            if let to { parts.append("to=" + to) }
            return parts.joined(separator: "&")
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/analytics") { request, context in
            try context.requireRole(.analyst)
            let actor = try context.actor()
            guard let selection = try await select(request) else {
                return try await site.page("analytics", title: "知晓率分析", request, context, ["noQuiz": true])
            }
            let values = try await dashboard(selection, actor: actor)
            return try await site.page("analytics", title: "知晓率分析：\(selection.quiz.title)", request, context, values)
        }
        router.get("/analytics/export.csv") { request, context in
            try context.requireRole(.analyst)
            guard let selection = try await select(request) else { throw PageError.notFound("还没有可以导出的问卷。") }
            let report = try await site.core.learning.awarenessReport(
                quiz: selection.quiz.id.rawValue, by: [selection.dimension], from: selection.from, to: selection.to, actor: try context.actor())
            let name = Self.dimensions.first { $0.0 == selection.dimension }?.1 ?? "分组"
            var csv = "\u{FEFF}" + Self.csvRow([name, "答卷人数", "知晓人数", "知晓率", "95%置信区间下限", "95%置信区间上限"])
            for group in report.groups {
                csv += Self.csvRow([Self.label(group.key[selection.dimension.rawValue] ?? "", selection.dimension)] + Self.csvCells(group.cell))
            }
            csv += Self.csvRow(["合计"] + Self.csvCells(report.total))
            let file = "awareness-" + String(selection.quiz.id.rawValue.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }.prefix(60))
                + "-\(selection.dimension.rawValue).csv"
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// The quiz, breakdown and dates asked for (defaults: the first quiz with targets, by region, all
    /// time); nil when the library has no quiz. Bad values are a 400 page, an unknown quiz a 404.
    private func select(_ request: Request) async throws -> Selection? {
        let query = try Site.query(request)
        let quizzes = try await site.core.learning.quizzes()
        guard !quizzes.isEmpty else { return nil }
        let quiz: Quiz
        if let id = query.text("quiz") {
            guard let found = quizzes.first(where: { $0.id.rawValue == id }) else { throw PageError.notFound("没有找到这份问卷。") }
            quiz = found
        } else {
            quiz = quizzes.first { !$0.targets.isEmpty } ?? quizzes[0]
        }
        let by = query.text("by") ?? "region"
        guard let dimension = Self.dimensions.first(where: { $0.0.rawValue == by })?.0 else {
            throw PageError.badRequest("分组方式只能是地区、学校或年级。")
        }
        for day in [query.text("from"), query.text("to")].compactMap({ $0 }) where !BeijingTime.isDay(day) {
            throw PageError.badRequest("日期请按 2026-09-01 的格式填写。")
        }
        return Selection(quiz: quiz, quizzes: quizzes, dimension: dimension, from: query.text("from"), to: query.text("to"))
    }

    private func dashboard(_ selection: Selection, actor: Actor) async throws -> [String: Any] {
        let learning = site.core.learning
        let id = selection.quiz.id.rawValue
        let dimension = selection.dimension
        let dimensionName = Self.dimensions.first { $0.0 == dimension }?.1 ?? ""
        let report = try await learning.awarenessReport(quiz: id, by: [dimension], from: selection.from, to: selection.to, actor: actor)
        let trend = try await learning.awarenessTrend(quiz: id, from: selection.from, to: selection.to, actor: actor)
        let heat = try await learning.knowledgeHeatMap(quiz: id, by: dimension, from: selection.from, to: selection.to, actor: actor)
        let items = try await learning.itemStatistics(quiz: id, actor: actor)
        let targets = selection.quiz.targets.map { SVGChart.Target(year: $0.year, rate: $0.percent / 100) }
        let thisYear = Int(BeijingTime.day(site.core.clock.now).prefix(4)) ?? 2027
        let currentTarget = SVGChart.target(forYear: thisYear, in: targets)

        let trendItems = trend.map { SVGChart.Item(label: $0.month, value: Self.value($0.cell)) }
        let barItems = report.groups.map { group in
            SVGChart.Item(
                label: Self.label(group.key[dimension.rawValue] ?? "", dimension), value: Self.value(group.cell),
                note: group.cell.respondents.map { "n=\($0)" } ?? "")
        }
        let statuses = Dictionary(report.targets.map { ($0.target.year, $0.status) }, uniquingKeysWith: { a, _ in a })
        var values: [String: Any] = [
            "quizName": selection.quiz.title, "passMark": report.passMark, "by": dimension.rawValue, "dimensionName": dimensionName,
            "from": selection.from ?? "", "to": selection.to ?? "", "csvHref": "/analytics/export.csv?" + selection.query,
            "quizzes": selection.quizzes.map { ["value": $0.id.rawValue, "label": $0.title, "selected": $0.id == selection.quiz.id] },
            "dimensions": Self.dimensions.map { ["value": $0.0.rawValue, "label": $0.1, "selected": $0.0 == dimension] },
            "total": Self.cellRow("全部答卷人", report.total),
            "targets": selection.quiz.targets.map { target -> [String: Any] in
                ["year": target.year, "rate": SVGChart.percent(target.percent / 100, digits: 0), "status": Self.status(statuses[target.year])]
            },
            "hasTargets": !targets.isEmpty,
            "hasTrend": !trend.isEmpty, "trendSVG": SVGChart.trend(trendItems, targets: targets, title: "\(selection.quiz.title)：每月知晓率与目标线"),
            "trend": trend.map { Self.cellRow($0.month, $0.cell) },
            "hasGroups": !report.groups.isEmpty,
            "barsSVG": SVGChart.bars(barItems, target: currentTarget, title: "按\(dimensionName)的知晓率（含 95% 置信区间）"),
            "groups": report.groups.map { Self.cellRow(Self.label($0.key[dimension.rawValue] ?? "", dimension), $0.cell) },
            "hasHeat": !heat.rows.isEmpty && !heat.groups.isEmpty,
            "heatSVG": SVGChart.heatMap(
                rows: heat.rows.map(\.title), columns: heat.groups.map { Self.label($0, dimension) },
                cells: heat.rows.map { $0.cells.map { $0.suppressed ? nil : $0.rate } }, title: "各知识点按\(dimensionName)的答对率"),
            "heatColumns": heat.groups.map { Self.label($0, dimension) },
            "heatRows": heat.rows.map { row -> [String: Any] in
                ["name": row.title, "cells": row.cells.map { Self.short($0) }, "total": Self.short(row.total)]
            },
            "items": items.map { entry -> [String: Any] in
                [
                    "question": entry.question.id.rawValue, "stem": entry.question.stem, "n": entry.statistics.respondents,
                    "facility": SVGChart.percent(entry.statistics.facility),
                    "discrimination": entry.statistics.discrimination.map { String(format: "%.2f", $0) } ?? "—",
                ]
            },
            "hasItems": !items.isEmpty, "threshold": site.core.config.suppressionThreshold,
        ]
        if let currentTarget { values["currentTarget"] = SVGChart.percent(currentTarget, digits: 0) }
        return values
    }

    // MARK: - Helpers

    static func value(_ cell: RateCell) -> SVGChart.Value {
        guard !cell.suppressed, let rate = cell.rate else { return .suppressed }
        return SVGChart.Value(value: rate, lower: cell.interval?.lower, upper: cell.interval?.upper)
    }

    /// One table row: the label, then n, aware, rate and interval — or the suppression words alone.
    static func cellRow(_ label: String, _ cell: RateCell) -> [String: Any] {
        guard !cell.suppressed, let rate = cell.rate, let n = cell.respondents else {
            return ["label": label, "suppressed": true, "text": SVGChart.suppressedText]
        }
        return [
            "label": label, "suppressed": false, "n": n, "aware": cell.aware ?? 0, "rate": SVGChart.percent(rate),
            "interval": cell.interval.map { "\(SVGChart.percent($0.lower))–\(SVGChart.percent($0.upper))" } ?? "",
        ]
    }

    /// A heat-map table cell: the rate, or the suppression words.
    static func short(_ cell: RateCell) -> String {
        guard !cell.suppressed, let rate = cell.rate, let n = cell.respondents else { return SVGChart.suppressedText }
        return "\(SVGChart.percent(rate))（\(n)）"
    }

    /// The label of a group value: grades by their Chinese name, empty values as （未填）.
    static func label(_ value: String, _ dimension: ReportDimension) -> String {
        if value.isEmpty { return "（未填）" }
        if dimension == .grade, let grade = Int(value), Grade.range.contains(grade) { return Grade.chineseName(grade) }
        return value
    }

    static func status(_ status: Target.Status?) -> String {
        switch status {
        case .met: "已达标（置信区间下限也达到目标）"
        case .missed: "未达标（置信区间上限也低于目标）"
        case .uncertain: "尚不能确定（目标在置信区间内）"
        case nil: "答卷人数不足，暂不判断"
        }
    }

    /// n, aware, rate and interval for the CSV, or the suppression words in place of every number.
    static func csvCells(_ cell: RateCell) -> [String] {
        guard !cell.suppressed, let rate = cell.rate, let n = cell.respondents, let interval = cell.interval else {
            return ["", "", SVGChart.suppressedText, "", ""]
        }
        return [String(n), String(cell.aware ?? 0), SVGChart.percent(rate), SVGChart.percent(interval.lower), SVGChart.percent(interval.upper)]
    }

    /// One CSV row (RFC 4180, CRLF). A text that a spreadsheet would take for a formula (`=`, `+`,
    /// `-`, `@` first — school names come from survey respondents) gets a leading `'`.
    static func csvRow(_ fields: [String]) -> String {
        fields.map { field -> String in
            var value = field
            if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
