import Foundation
import Testing

@testable import Web

/// The hand-written SVG charts: scales, the target for a year, the stepped target line, whiskers at
/// the interval's ends, suppressed values drawn as words, and escaping.
@Suite struct SVGChartTests {
    let targets = [SVGChart.Target(year: 2023, rate: 0.95), SVGChart.Target(year: 2025, rate: 0.98), SVGChart.Target(year: 2027, rate: 1.0)]

    @Test func scalesMapRatesOntoPixelsAndTheAxisFloorKeepsHighRatesApart() {
        let y = SVGChart.Scale(low: 0.8, high: 1, start: 244, end: 24)
        #expect(y(1) == 24 && y(0.8) == 244 && y(0.9) == 134)
        #expect(y(1.5) == 24 && y(0.1) == 244)  // clamped to the axis
        #expect(SVGChart.Scale.floor(for: [0.93, 0.97]) == 0.8)
        #expect(SVGChart.Scale.floor(for: [0.25]) == 0.1)
        #expect(SVGChart.Scale.floor(for: [0.999, 1]) == 0.8)
        #expect(SVGChart.Scale.floor(for: [0.05]) == 0)
        #expect(SVGChart.Scale.floor(for: []) == 0)
    }

    @Test func aPeriodIsMeasuredAgainstTheNextTargetDue() {
        #expect(SVGChart.target(forYear: 2022, in: targets) == 0.95)
        #expect(SVGChart.target(forYear: 2023, in: targets) == 0.95)
        #expect(SVGChart.target(forYear: 2024, in: targets) == 0.98)
        #expect(SVGChart.target(forYear: 2026, in: targets) == 1.0)
        #expect(SVGChart.target(forYear: 2031, in: targets) == 1.0)
        #expect(SVGChart.target(forYear: 2024, in: []) == nil)
    }

    @Test func theTrendDrawsTheSteppedTargetLineAndBreaksAtSuppressedMonths() throws {
        let points = [
            SVGChart.Item(label: "2024-11", value: .init(value: 0.96, lower: 0.93, upper: 0.98)),
            SVGChart.Item(label: "2024-12", value: .suppressed),
            SVGChart.Item(label: "2025-12", value: .init(value: 0.97, lower: 0.95, upper: 0.985)),
            SVGChart.Item(label: "2026-01", value: .init(value: 0.99, lower: 0.97, upper: 1)),
        ]
        let svg = SVGChart.trend(points, targets: targets, title: "趋势<图>")
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>") && svg.contains(#"role="img""#))
        #expect(svg.contains("<title id=\"trend-title\">趋势&lt;图&gt;</title>"))
        // Axis 80 %…100 % over y 244…24; periods 123 px apart starting at x 52 + 61.5
        let y = SVGChart.Scale(low: 0.8, high: 1, start: 244, end: 24)
        let target = try #require(svg.firstMatch(of: /<path class="target" d="([^"]+)"/)).1
        #expect(target.hasPrefix("M52 \(SVGChart.n(y(0.98)))"))  // 2024 is measured against 2025's 98 %
        #expect(target.contains("L544 \(SVGChart.n(y(1)))"))  // 2026 against 2027's 100 %
        #expect(svg.contains("目标 100.0%"))
        // The line is broken at the suppressed month: one segment of two points, no lone point line
        #expect(svg.matches(of: /<polyline class="rate"/).count == 1)
        #expect(svg.matches(of: /<circle class="point"/).count == 3)
        #expect(svg.contains("不显示"))
        // The whisker of the first point runs from its lower to its upper bound
        #expect(svg.contains(#"<path class="whisker" d="M113.5 \#(SVGChart.n(y(0.93))) L113.5 \#(SVGChart.n(y(0.98)))"#))
    }

    @Test func barsHaveWhiskersAndSuppressedGroupsAreWordsNotBars() {
        let items = [
            SVGChart.Item(label: "甲校", value: .init(value: 0.5, lower: 0.25, upper: 0.75), note: "n=40"),
            SVGChart.Item(label: "<乙校>", value: .suppressed),
        ]
        let svg = SVGChart.bars(items, target: 0.95, title: "按学校")
        // x runs 150…490 for 0…100 %: the bar ends at 320, the whisker spans 235…405
        #expect(svg.contains(#"<rect class="bar" x="150" y="30" width="170""#))
        #expect(svg.contains(#"<path class="whisker" d="M235 39 L405 39"#))
        #expect(svg.matches(of: /class="bar"/).count == 1)
        #expect(svg.contains("人数不足，不显示") && svg.contains("&lt;乙校&gt;") && !svg.contains("<乙校>"))
        #expect(svg.contains("50.0%  n=40"))
        #expect(svg.contains(#"<line class="target" x1="473""#))
    }

    @Test func theHeatMapColoursRatesAndGreysSuppressedCells() {
        let svg = SVGChart.heatMap(rows: ["睡眠", "热线"], columns: ["一年级", "二年级"], cells: [[0.5, nil], [1, 0.75]], title: "热力图")
        #expect(svg.matches(of: /class="cell"/).count == 3)
        #expect(svg.matches(of: /class="cell suppressed"/).count == 1)
        #expect(svg.contains("睡眠 · 二年级：人数不足，不显示"))
        #expect(SVGChart.color(0.5) == "hsl(0, 65%, 82%)" && SVGChart.color(0.2) == "hsl(0, 65%, 82%)")
        #expect(SVGChart.color(0.75) == "hsl(60, 65%, 82%)" && SVGChart.color(1) == "hsl(120, 65%, 82%)")
        #expect(svg.contains(">100%</text>") && svg.contains(">75%</text>"))
    }

    @Test func numbersAndTextAreFormattedAndEscaped() {
        #expect(SVGChart.n(12) == "12" && SVGChart.n(12.25) == "12.3" && SVGChart.n(-0.04) == "0")
        #expect(SVGChart.percent(0.9512) == "95.1%" && SVGChart.percent(1, digits: 0) == "100%")
        #expect(SVGChart.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(SVGChart.shorten("杭州市第十四中学附属学校", to: 6) == "杭州市第十…")
    }
}
