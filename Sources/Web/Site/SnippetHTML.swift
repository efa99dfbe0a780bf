import Foundation

/// Makes a search snippet safe to put into a page as HTML: only `<mark>` and `</mark>` survive as tags.
///
/// The engine already escapes the text and adds `<mark>` around matches; this does not rely on it. The
/// snippet is split at the exact `<mark>`/`</mark>` tags, every other piece is unescaped (the five
/// entities the engine writes) and escaped again, so pre-escaped text shows as it was and any raw
/// markup (`<script>`, `<mark onclick=…>`, a stray `<`) comes out as text. Marks are balanced: a
/// `</mark>` without an opening one is dropped, and an open one is closed at the end.
///
/// Snippets are cut from the Markdown source, so the text pieces also lose the Markdown marks a reader
/// should not see: `**`/`__` emphasis and `#` heading markers (a run of one to six `#` followed by a
/// space, at the start or after white space — `C#` and `#3` stay).
enum SnippetHTML {
    static func safe(_ snippet: String) -> String {
        var out = ""
        var open = false
        var rest = Substring(snippet)
        while !rest.isEmpty {
            let nextOpen = rest.range(of: "<mark>")
            let nextClose = rest.range(of: "</mark>")
            let next = [nextOpen, nextClose].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
            guard let tag = next else {
                out += escape(plain(unescape(rest)))
                break
            }
            out += escape(plain(unescape(rest[..<tag.lowerBound])))
            if tag == nextOpen, !open {
                out += "<mark>"
                open = true
            } else if tag == nextClose, open {
                out += "</mark>"
                open = false
            }
            rest = rest[tag.upperBound...]
        }
        if open { out += "</mark>" }
        return out
    }

    /// The text without Markdown emphasis and heading markers.
    static func plain(_ text: String) -> String {
        guard text.contains("#") || text.contains("**") || text.contains("__") else { return text }
        let characters = Array(text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: ""))
        var out = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "#", index == 0 || characters[index - 1].isWhitespace {
                var end = index
                while end < characters.count, characters[end] == "#" { end += 1 }
                if end - index <= 6, end < characters.count, characters[end] == " " {
                    index = end + 1
                    continue
                }
            }
            out.append(characters[index])
            index += 1
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escape(_ text: String) -> String {
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
}
