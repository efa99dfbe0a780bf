import ChineseText

/// Builds an HTML snippet: the window of the original text with the most matched terms, escaped,
/// with `<mark>` around every match (overlapping and adjacent matches merged into one span).
enum Snippet {
    static let window = 80

    static func make(_ document: SearchEngine.StoredDocument, folded: FoldedFields, needles: [[UInt32]]) -> String {
        let useBody = !document.body.isEmpty
        let text = useBody ? document.body : document.summary
        let foldedText = useBody ? folded.body : folded.summary
        return render(text, folded: foldedText, needles: needles)
    }

    /// Marks `needles` in `text` (whose folded form is `folded`) and cuts a window around them.
    static func render(_ text: String, folded: FoldedText, needles: [[UInt32]], window: Int = window) -> String {
        let scalars = folded.scalars
        let spans = merge(matchSpans(scalars, needles))
        let original = Array(text.unicodeScalars)
        guard original.count == scalars.count else { return escape(String(text.prefix(window))) }
        // Pick the window start that covers the most span starts.
        var bestStart = 0
        if let first = spans.first, original.count > window {
            var bestCount = -1
            for span in spans {
                let start = max(0, min(span.lowerBound - 10, original.count - window))
                let count = spans.filter { $0.lowerBound >= start && $0.upperBound <= start + window }.count
                if count > bestCount {
                    bestCount = count
                    bestStart = start
                }
            }
            if bestCount <= 0 { bestStart = max(0, first.lowerBound - 10) }
        }
        let end = min(original.count, bestStart + window)
        var html = bestStart > 0 ? "…" : ""
        var position = bestStart
        for span in spans where span.upperBound > bestStart && span.lowerBound < end {
            let lower = max(span.lowerBound, bestStart)
            let upper = min(span.upperBound, end)
            html += escape(original[position..<lower])
            html += "<mark>" + escape(original[lower..<upper]) + "</mark>"
            position = upper
        }
        html += escape(original[position..<end])
        if end < original.count { html += "…" }
        return html
    }

    static func matchSpans(_ scalars: [UInt32], _ needles: [[UInt32]]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        for needle in needles where !needle.isEmpty {
            var from = 0
            while let index = ScalarSearch.firstIndex(of: needle, in: scalars, from: from) {
                spans.append(index..<(index + needle.count))
                from = index + 1
            }
        }
        return spans
    }

    /// Sorts and merges overlapping or touching spans.
    static func merge(_ spans: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }

    static func escape<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var result = ""
        for scalar in scalars {
            switch scalar {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\n", "\r", "\t": result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func escape(_ string: String) -> String { escape(string.unicodeScalars) }
}
