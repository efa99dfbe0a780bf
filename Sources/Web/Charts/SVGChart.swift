import App
import Foundation

/// Small charts written by hand as inline SVG for the analysts' dashboard: a trend against a stepped
/// target line, horizontal bars with Wilson-interval whiskers, and a heat map.
///
/// Pages carry no script and load nothing from elsewhere (the CSP says so), so charts are plain
/// markup. Every text is escaped here (the page inserts the SVG unescaped), every chart has a
/// `<title>` for screen readers, and the page shows the same numbers in a table beside it. Rates are
/// fractions 0…1; a suppressed value (a small group) is drawn as the words 人数不足，不显示, never as
/// a number or a bar.
enum SVGChart {
    /// A rate with its 95 % interval, or a suppressed one (`value` nil).
    struct Value: Equatable {
        var value: Double?
        var lower: Double?
        var upper: Double?

        static let suppressed = Value(value: nil, lower: nil, upper: nil)
        var isSuppressed: Bool { value == nil }
    }

    /// One labelled value (a bar, or a point of the trend).
    struct Item: Equatable {
        var label: String
        var value: Value
        /// Extra text after the value (`n=40`).
        var note: String = ""
    }

    /// A target: the rate to reach by the end of `year`.
    struct Target: Equatable {
        var year: Int
        var rate: Double
    }

    /// What a suppressed cell says.
    static let suppressedText = "人数不足，不显示"

    // MARK: - Scales

    /// A linear map from rates (`low`…`high`) to a pixel range (`start`…`end`; for a y axis start is
    /// the bottom, so larger rates are higher up).
    struct Scale: Equatable {
        var low: Double
        var high: Double
        var start: Double
        var end: Double

        func callAsFunction(_ value: Double) -> Double {
            let clamped = min(max(value, low), high)
            return start + (clamped - low) / (high - low) * (end - start)
        }

        /// The axis floor for rates that sit near the top (awareness is usually 80–100 %): 10 points
        /// under the smallest value shown, rounded down to a tenth, never below 0 and at most 0.9, so
        /// differences between 95 % and 98 % stay visible.
        static func floor(for values: [Double]) -> Double {
            guard let smallest = values.min() else { return 0 }
            return min(0.9, max(0, ((smallest - 0.1) * 10).rounded(.down) / 10))
        }
    }

    /// The target a period of `year` is measured against: the first target due that year or later
    /// (2024 is on the way to 2025's 98 %), or the last one after every deadline.
    static func target(forYear year: Int, in targets: [Target]) -> Double? {
        let sorted = targets.sorted { $0.year < $1.year }
        return (sorted.first { $0.year >= year } ?? sorted.last)?.rate
    }

    // MARK: - Trend

    /// The rate per period (labels `YYYY-MM`) as a line with whiskers, against the stepped target
    /// line (`class="target"`). Suppressed periods break the line and are marked under the axis.
    static func trend(_ points: [Item], targets: [Target], title: String) -> String {
        let width = 640.0, height = 300.0
        let left = 52.0, right = 96.0, top = 24.0, bottom = 56.0
        let targetRates = points.compactMap { Int($0.label.prefix(4)).flatMap { target(forYear: $0, in: targets) } }
        let low = Scale.floor(for: points.compactMap { $0.value.lower ?? $0.value.value } + targetRates)
        let y = Scale(low: low, high: 1, start: height - bottom, end: top)
        let step = points.isEmpty ? 0 : (width - left - right) / Double(points.count)
        func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }

        var svg = open(width: width, height: height, title: title, id: "trend")
        svg += grid(y, from: left, to: width - right)
        // The stepped target line, one level per period, joined into one path.
        var targetPath: [String] = []
        var lastTarget: Double?
        for (index, point) in points.enumerated() {
            guard let year = Int(point.label.prefix(4)), let rate = target(forYear: year, in: targets) else { continue }
            let yy = y(rate)
            targetPath.append("\(targetPath.isEmpty ? "M" : "L")\(n(x(index) - step / 2)) \(n(yy))")
            targetPath.append("L\(n(x(index) + step / 2)) \(n(yy))")
            lastTarget = rate
        }
        if !targetPath.isEmpty, let lastTarget {
            svg += ##"<path class="target" d="\##(targetPath.joined(separator: " "))" fill="none" stroke="#b42318" stroke-width="2" stroke-dasharray="6 4"/>"##
            svg += text("目标 \(percent(lastTarget))", x: width - right + 6, y: y(lastTarget) + 4, anchor: "start", fill: "#b42318")
        }
        // The measured line, broken where a period is suppressed.
        var segments: [[String]] = [[]]
        for (index, point) in points.enumerated() {
            if let value = point.value.value {
                segments[segments.count - 1].append("\(n(x(index))),\(n(y(value)))")
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        for segment in segments where segment.count > 1 {
            svg += ##"<polyline class="rate" points="\##(segment.joined(separator: " "))" fill="none" stroke="#1f6f5c" stroke-width="2"/>"##
        }
        for (index, point) in points.enumerated() {
            let xx = x(index)
            if let value = point.value.value {
                svg += whisker(vertical: true, at: xx, from: y(point.value.lower ?? value), to: y(point.value.upper ?? value))
                svg += ##"<circle class="point" cx="\##(n(xx))" cy="\##(n(y(value)))" r="4" fill="#1f6f5c"><title>\##(escape(point.label))：\##(percent(value))\##(interval(point.value))</title></circle>"##
            } else {
                svg += text("不显示", x: xx, y: height - bottom - 6, anchor: "middle", size: 10, fill: "#6b7280")
            }
            // Labels need about 56 px each: every period when there is room, else every n-th.
            let every = max(1, Int((56 / max(step, 1)).rounded(.up)))
            if index % every == 0 {
                svg += text(point.label, x: xx, y: height - bottom + 18, anchor: "middle", size: 11)
            }
        }
        svg += legend(y: height - 14, items: [("#1f6f5c", "知晓率（竖线为 95% 置信区间）", false), ("#b42318", "目标线", true)], left: left)
        return svg + "</svg>"
    }

    // MARK: - Bars

    /// One horizontal bar per item with its Wilson whisker, and an optional target line. Suppressed
    /// items show the words instead of a bar.
    static func bars(_ items: [Item], target: Double?, title: String) -> String {
        let width = 640.0, rowHeight = 30.0
        let left = 150.0, right = 150.0, top = 24.0
        let height = top + rowHeight * Double(max(items.count, 1)) + 40
        let low = 0.0
        let xScale = Scale(low: low, high: 1, start: left, end: width - right)
        var svg = open(width: width, height: height, title: title, id: "bars")
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            let xx = xScale(tick)
            svg += ##"<line x1="\##(n(xx))" y1="\##(n(top - 6))" x2="\##(n(xx))" y2="\##(n(height - 34))" stroke="#e5e7eb"/>"##
            svg += text(percent(tick, digits: 0), x: xx, y: top - 10, anchor: "middle", size: 10, fill: "#4b5563")
        }
        for (index, item) in items.enumerated() {
            let mid = top + rowHeight * (Double(index) + 0.5)
            svg += text(shorten(item.label, to: 11), x: left - 8, y: mid + 5, anchor: "end")
            if let value = item.value.value {
                let end = xScale(value)
                svg += ##"<rect class="bar" x="\##(n(left))" y="\##(n(mid - 9))" width="\##(n(end - left))" height="18" fill="#8cc7b5"><title>\##(escape(item.label))：\##(percent(value))\##(interval(item.value))</title></rect>"##
                svg += whisker(vertical: false, at: mid, from: xScale(item.value.lower ?? value), to: xScale(item.value.upper ?? value))
                let note = item.note.isEmpty ? "" : "  " + item.note
                svg += text(percent(value) + note, x: width - right + 8, y: mid + 5, anchor: "start")
            } else {
                svg += text(suppressedText, x: left + 6, y: mid + 5, anchor: "start", fill: "#6b7280")
            }
        }
        if let target {
            let xx = xScale(target)
            svg += ##"<line class="target" x1="\##(n(xx))" y1="\##(n(top - 4))" x2="\##(n(xx))" y2="\##(n(height - 34))" stroke="#b42318" stroke-width="2" stroke-dasharray="6 4"/>"##
        }
        var legendItems = [("#8cc7b5", "知晓率（横线为 95% 置信区间）", false)]
        if target != nil { legendItems.append(("#b42318", "目标 \(percent(target!))", true)) }
        svg += legend(y: height - 12, items: legendItems, left: 12)
        return svg + "</svg>"
    }

    // MARK: - Heat map

    /// A grid of rates (`cells[row][column]`, nil = suppressed) with the rate written in each cell;
    /// the colour runs from red (50 % or less) to green (100 %), and suppressed cells are grey.
    static func heatMap(rows: [String], columns: [String], cells: [[Double?]], title: String) -> String {
        let labelWidth = 180.0, cellWidth = 64.0, cellHeight = 30.0, top = 44.0
        let width = labelWidth + cellWidth * Double(max(columns.count, 1)) + 12
        let height = top + cellHeight * Double(max(rows.count, 1)) + 36
        var svg = open(width: width, height: height, title: title, id: "heat")
        for (column, label) in columns.enumerated() {
            svg += text(shorten(label, to: 5), x: labelWidth + cellWidth * (Double(column) + 0.5), y: top - 10, anchor: "middle", size: 11)
        }
        for (row, label) in rows.enumerated() {
            let yy = top + cellHeight * Double(row)
            svg += text(shorten(label, to: 13), x: labelWidth - 8, y: yy + cellHeight / 2 + 4, anchor: "end", size: 12)
            for column in columns.indices {
                let xx = labelWidth + cellWidth * Double(column)
                let value = row < cells.count && column < cells[row].count ? cells[row][column] : nil
                let name = "\(escape(label)) · \(escape(columns[column]))"
                if let value {
                    svg += ##"<rect class="cell" x="\##(n(xx + 1))" y="\##(n(yy + 1))" width="\##(n(cellWidth - 2))" height="\##(n(cellHeight - 2))" fill="\##(color(value))"><title>\##(name)：\##(percent(value))</title></rect>"##
                    svg += text(percent(value, digits: 0), x: xx + cellWidth / 2, y: yy + cellHeight / 2 + 4, anchor: "middle", size: 11)
                } else {
                    svg += ##"<rect class="cell suppressed" x="\##(n(xx + 1))" y="\##(n(yy + 1))" width="\##(n(cellWidth - 2))" height="\##(n(cellHeight - 2))" fill="#e5e7eb"><title>\##(name)：\##(suppressedText)</title></rect>"##
                    svg += text("不显示", x: xx + cellWidth / 2, y: yy + cellHeight / 2 + 4, anchor: "middle", size: 10, fill: "#6b7280")
                }
            }
        }
        svg += text("颜色：红 ≤50%，绿 =100%；灰色格子：\(suppressedText)", x: 8, y: height - 12, anchor: "start", size: 11, fill: "#4b5563")
        return svg + "</svg>"
    }

    /// The fill of a heat-map cell: hue 0 (red) at 50 % or less up to 120 (green) at 100 %, light so
    /// the dark number on it stays readable.
    static func color(_ rate: Double) -> String {
        let hue = Int((min(max((rate - 0.5) / 0.5, 0), 1) * 120).rounded())
        return "hsl(\(hue), 65%, 82%)"
    }

    // MARK: - Pieces

    static func open(width: Double, height: Double, title: String, id: String) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="\##(id)-title" font-size="12" font-family="sans-serif"><title id="\##(id)-title">\##(escape(title))</title>"##
    }

    /// Horizontal grid lines with percentage labels every 10 points (5 when the axis is short).
    static func grid(_ y: Scale, from left: Double, to right: Double) -> String {
        let stepSize = y.high - y.low <= 0.3 ? 0.05 : 0.1
        var out = ""
        var tick = y.low
        while tick <= y.high + 1e-9 {
            let yy = y(tick)
            out += ##"<line x1="\##(n(left))" y1="\##(n(yy))" x2="\##(n(right))" y2="\##(n(yy))" stroke="#e5e7eb"/>"##
            out += text(percent(tick, digits: 0), x: left - 6, y: yy + 4, anchor: "end", size: 10, fill: "#4b5563")
            tick += stepSize
        }
        return out
    }

    /// An interval line with end caps (vertical for the trend, horizontal for bars).
    static func whisker(vertical: Bool, at position: Double, from start: Double, to end: Double) -> String {
        if vertical {
            return ##"<path class="whisker" d="M\##(n(position)) \##(n(start)) L\##(n(position)) \##(n(end)) M\##(n(position - 4)) \##(n(start)) L\##(n(position + 4)) \##(n(start)) M\##(n(position - 4)) \##(n(end)) L\##(n(position + 4)) \##(n(end))" stroke="#1f2a37" stroke-width="1.5" fill="none"/>"##
        }
        return ##"<path class="whisker" d="M\##(n(start)) \##(n(position)) L\##(n(end)) \##(n(position)) M\##(n(start)) \##(n(position - 5)) L\##(n(start)) \##(n(position + 5)) M\##(n(end)) \##(n(position - 5)) L\##(n(end)) \##(n(position + 5))" stroke="#1f2a37" stroke-width="1.5" fill="none"/>"##
    }

    static func legend(y: Double, items: [(color: String, label: String, dashed: Bool)], left: Double) -> String {
        var out = ""
        var x = left
        for item in items {
            let dash = item.dashed ? ##" stroke-dasharray="6 4""## : ""
            out += ##"<line x1="\##(n(x))" y1="\##(n(y - 4))" x2="\##(n(x + 22))" y2="\##(n(y - 4))" stroke="\##(item.color)" stroke-width="3"\##(dash)/>"##
            out += text(item.label, x: x + 28, y: y, anchor: "start", size: 11)
            x += 40 + Double(item.label.count) * 11
        }
        return out
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String, size: Int = 12, fill: String = "#1f2a37") -> String {
        ##"<text x="\##(n(x))" y="\##(n(y))" text-anchor="\##(anchor)" font-size="\##(size)" fill="\##(fill)">\##(escape(content))</text>"##
    }

    /// ` (95% 区间 90.1–99.0%)`, or nothing without an interval.
    static func interval(_ value: Value) -> String {
        guard let lower = value.lower, let upper = value.upper else { return "" }
        return "（95% 区间 \(percent(lower))–\(percent(upper))）"
    }

    /// `95.2%` (one decimal by default).
    static func percent(_ rate: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f%%", rate * 100)
    }

    /// A coordinate with at most one decimal (`12`, `12.5`).
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// Long labels (school names) cut to `count` characters with an ellipsis; the full text is in the
    /// table beside the chart and in each shape's `<title>`.
    static func shorten(_ label: String, to count: Int) -> String {
        label.count <= count ? label : String(label.prefix(count - 1)) + "…"
    }

    /// Escapes text for SVG markup inside HTML (`& < > " '`): the same escaping as every page.
    static func escape(_ text: String) -> String { SafeMarkdown.escape(text) }
}
