import Foundation

/// A small Markdown renderer for letters on paper: paragraphs (a single newline is a line break, as
/// letters are written line by line), `#` headings, `-`/`*`/`+` and `1.` lists, `>` quotes, `---`
/// rules, `**bold**`, `` `code` `` and `[text](https://…)` links.
///
/// Safe by construction: every character of the source is escaped before it reaches the output, and
/// the only tags are the ones written here. Raw HTML in the source comes out as text, and a link whose
/// target is not `http`/`https` (`javascript:`, `data:` …) keeps its text and loses its target.
public enum SafeMarkdown {
    /// The HTML for `markdown`; headings are shifted down by `headingOffset` levels (the page's own
    /// title is the `h1`).
    public static func html(_ markdown: String, headingOffset: Int = 1) -> String {
        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var index = 0
        func blank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                index += 1
            } else if let (level, text) = heading(line) {
                let tag = "h\(min(6, level + headingOffset))"
                out.append("<\(tag)>\(inline(Substring(text)))</\(tag)>")
                index += 1
            } else if isRule(line) {
                out.append("<hr>")
                index += 1
            } else if let first = listItem(line) {
                var items: [[String]] = []
                while index < lines.count {
                    let current = lines[index].trimmingCharacters(in: .whitespaces)
                    if let item = listItem(current), item.ordered == first.ordered {
                        items.append([item.text])
                    } else if !current.isEmpty, !items.isEmpty, startsBlock(current) == false {
                        items[items.count - 1].append(current)
                    } else if current.isEmpty, index + 1 < lines.count,
                        let next = listItem(lines[index + 1].trimmingCharacters(in: .whitespaces)), next.ordered == first.ordered
                    {
                        // A blank line between two items of one list keeps the list going.
                    } else {
                        break
                    }
                    index += 1
                }
                let tag = first.ordered ? "ol" : "ul"
                let start = first.ordered && first.number != 1 ? " start=\"\(first.number)\"" : ""
                let body = items.map { "<li>\($0.map { inline(Substring($0)) }.joined(separator: "<br>"))</li>" }.joined()
                out.append("<\(tag)\(start)>\(body)</\(tag)>")
            } else if line.hasPrefix(">") {
                var quoted: [String] = []
                while index < lines.count {
                    let current = lines[index].trimmingCharacters(in: .whitespaces)
                    guard current.hasPrefix(">") else { break }
                    quoted.append(String(current.dropFirst()).trimmingCharacters(in: .whitespaces))
                    index += 1
                }
                out.append("<blockquote><p>\(quoted.map { inline(Substring($0)) }.joined(separator: "<br>"))</p></blockquote>")
            } else {
                var paragraph: [String] = []
                while index < lines.count, !blank(lines[index]) {
                    let current = lines[index].trimmingCharacters(in: .whitespaces)
                    if !paragraph.isEmpty && startsBlock(current) { break }
                    paragraph.append(current)
                    index += 1
                }
                out.append("<p>\(paragraph.map { inline(Substring($0)) }.joined(separator: "<br>"))</p>")
            }
        }
        return out.joined(separator: "\n")
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: - Blocks

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard let first = rest.first, first == " " else { return nil }
        return (hashes, rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#")).trimmingCharacters(in: .whitespaces))
    }

    private static func isRule(_ line: String) -> Bool {
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    private static func listItem(_ line: String) -> (ordered: Bool, number: Int, text: String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, 0, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (true, Int(digits) ?? 1, String(rest.dropFirst(2)))
    }

    private static func startsBlock(_ line: String) -> Bool {
        heading(line) != nil || isRule(line) || listItem(line) != nil || line.hasPrefix(">")
    }

    // MARK: - Inline

    /// Escapes a line and turns `**bold**`, `` `code` `` and http(s) links into tags.
    static func inline(_ text: Substring) -> String {
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**"), close.lowerBound > rest.index(index, offsetBy: 2) {
                out += "<strong>" + inline(text[text.index(index, offsetBy: 2)..<close.lowerBound]) + "</strong>"
                index = close.upperBound
                continue
            }
            if text[index] == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + escape(text[text.index(after: index)..<close]) + "</code>"
                index = text.index(after: close)
                continue
            }
            if text[index] == "[", let middle = rest.range(of: "]("), let end = text[middle.upperBound...].firstIndex(of: ")") {
                let label = text[text.index(after: index)..<middle.lowerBound]
                let target = text[middle.upperBound..<end].trimmingCharacters(in: .whitespaces)
                if !label.contains("]") {
                    let lowered = target.lowercased()
                    let linkable = (lowered.hasPrefix("https://") || lowered.hasPrefix("http://")) && !target.contains { $0.isWhitespace }
                    out += linkable ? "<a href=\"\(escape(target))\">\(inline(label))</a>" : inline(label)
                    index = text.index(after: end)
                    continue
                }
            }
            out += escape(String(text[index]))
            index = text.index(after: index)
        }
        return out
    }
}
