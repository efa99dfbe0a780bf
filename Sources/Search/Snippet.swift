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

    /// Marks `needles` in `text` (whose folded form is `folded`) and cuts a window around them. Works on
    /// the original's UTF-8 bytes through the folded text's offsets.
    static func render(_ text: String, folded: FoldedText, needles: [[UInt32]], window: Int = window) -> String {
        let scalars = folded.scalars
        let count = scalars.count
        let spans = merge(matchSpans(scalars, needles))
        var copy = text
        return copy.withUTF8 { bytes -> String in
            let offsets = folded.offsets
            guard offsets.count == count + 1, Int(offsets[count]) == bytes.count else {
                return escape(String(text.prefix(window)))
            }
            // Pick the window start that covers the most span starts.
            var bestStart = 0
            if let first = spans.first, count > window {
                var bestCount = -1
                for span in spans {
                    let start = max(0, min(span.lowerBound - 10, count - window))
                    var covered = 0
                    for other in spans where other.lowerBound >= start && other.upperBound <= start + window { covered += 1 }
                    if covered > bestCount {
                        bestCount = covered
                        bestStart = start
                    }
                }
                if bestCount <= 0 { bestStart = max(0, first.lowerBound - 10) }
            }
            let end = min(count, bestStart + window)
            var html: [UInt8] = []
            html.reserveCapacity(Int(offsets[end] - offsets[bestStart]) + 64)
            func copy(_ from: Int, _ to: Int) {
                guard from < to else { return }
                escape(UnsafeBufferPointer(rebasing: bytes[Int(offsets[from])..<Int(offsets[to])]), into: &html)
            }
            if bestStart > 0 { html.append(contentsOf: ellipsis) }
            var position = bestStart
            for span in spans where span.upperBound > bestStart && span.lowerBound < end {
                let lower = max(span.lowerBound, bestStart)
                let upper = min(span.upperBound, end)
                copy(position, lower)
                html.append(contentsOf: markOpen)
                copy(lower, upper)
                html.append(contentsOf: markClose)
                position = upper
            }
            copy(position, end)
            if end < count { html.append(contentsOf: ellipsis) }
            return String(decoding: html, as: UTF8.self)
        }
    }

    private static let ellipsis = Array("…".utf8)
    private static let markOpen = Array("<mark>".utf8)
    private static let markClose = Array("</mark>".utf8)

    /// HTML-escapes UTF-8 bytes; line breaks and tabs become spaces. Runs without such bytes are
    /// copied whole.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into html: inout [UInt8]) {
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            // Every byte escaped here is below 0x40; UTF-8 lead and continuation bytes are above.
            guard byte < 0x40 else { continue }
            let replacement: [UInt8]
            switch byte {
            case UInt8(ascii: "<"): replacement = lt
            case UInt8(ascii: ">"): replacement = gt
            case UInt8(ascii: "&"): replacement = amp
            case UInt8(ascii: "\""): replacement = quot
            case UInt8(ascii: "'"): replacement = apos
            case 0x0A, 0x0D, 0x09: replacement = space
            default: continue
            }
            if start < index { html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
            html.append(contentsOf: replacement)
            start = index + 1
        }
        if start < bytes.count { html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }

    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let amp = Array("&amp;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let apos = Array("&#39;".utf8)
    private static let space = [UInt8(ascii: " ")]

    /// Every occurrence of every needle (overlapping ones too), in one pass over the text: a 64-bit
    /// filter of the needles' first scalars skips the positions where none can start.
    static func matchSpans(_ scalars: [UInt32], _ needles: [[UInt32]]) -> [Range<Int>] {
        let needles = needles.filter { !$0.isEmpty }
        guard !needles.isEmpty else { return [] }
        var filter: UInt64 = 0
        for needle in needles { filter |= 1 << UInt64(needle[0] & 63) }
        var spans: [Range<Int>] = []
        scalars.withUnsafeBufferPointer { haystack in
            for index in 0..<haystack.count where filter & (1 << UInt64(haystack[index] & 63)) != 0 {
                for needle in needles where needle[0] == haystack[index] && needle.count <= haystack.count - index {
                    var offset = 1
                    while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { spans.append(index..<(index + needle.count)) }
                }
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
