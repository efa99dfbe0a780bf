import Foundation
public import Knowledge

/// A 致家长的一封信 as one self-contained HTML page for printing on A4: the letter, the help lines,
/// and a 回执 slip to cut off along a dashed line.
///
/// Everything that comes from content or accounts is escaped (the body through `SafeMarkdown`); the
/// page has no script, loads nothing, and says so in its Content-Security-Policy.
public struct PrintableLetter: Sendable {
    public var title: String
    /// Markdown with `{{hotlines}}`, `{{school}}` and `{{date}}` placeholders.
    public var body: String
    public var hotlines: [Hotline]
    /// The 落款 school; empty leaves the line blank.
    public var school: String
    /// The letter's date as printed (`2027年5月31日`).
    public var date: String
    /// The 回执 text; nil prints no slip.
    public var receipt: String?
    /// Marks every page as a proof that has not been approved.
    public var proof: Bool

    public init(
        title: String, body: String, hotlines: [Hotline], school: String, date: String, receipt: String?, proof: Bool = false
    ) {
        self.title = title
        self.body = body
        self.hotlines = hotlines
        self.school = school
        self.date = date
        self.receipt = receipt
        self.proof = proof
    }

    /// The page.
    public var html: String {
        let e: (String) -> String = SafeMarkdown.escape
        var page = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>\(Self.stylesheet)</style>
            </head>
            <body>

            """
        if proof { page += "<p class=\"proof\">校对稿：尚未审核通过，请勿印发</p>\n" }
        page += "<article class=\"letter\">\n<h1>\(e(title))</h1>\n"
        page += letterBody()
        page += "\n</article>\n"
        if let receipt { page += slip(receipt) }
        page += "</body>\n</html>\n"
        return page
    }

    /// The body with the hotlines where `{{hotlines}}` stands (or after the text when it is absent) and
    /// the trailing `{{school}}`/`{{date}}` lines as a right-aligned 落款.
    private func letterBody() -> String {
        var lines = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var signature: [String] = []
        while let last = lines.last?.trimmingCharacters(in: .whitespaces), last.isEmpty || last == "{{school}}" || last == "{{date}}" {
            lines.removeLast()
            if last == "{{school}}" && !school.isEmpty { signature.insert(school, at: 0) }
            if last == "{{date}}" { signature.insert(date, at: 0) }
        }
        let text = lines.joined(separator: "\n").replacingOccurrences(of: "{{school}}", with: school)
            .replacingOccurrences(of: "{{date}}", with: date)
        let parts = text.components(separatedBy: "{{hotlines}}")
        var html = parts.map { SafeMarkdown.html($0) }.joined(separator: "\n" + hotlineSection() + "\n")
        if parts.count == 1 { html += "\n" + hotlineSection() }
        if !signature.isEmpty {
            html += "\n<p class=\"signature\">\(signature.map { SafeMarkdown.escape($0) }.joined(separator: "<br>"))</p>"
        }
        return html
    }

    private func hotlineSection() -> String {
        guard !hotlines.isEmpty else { return "" }
        let e: (String) -> String = SafeMarkdown.escape
        let items = hotlines.map { line in
            "<li><span class=\"number\">\(e(line.number))</span> <span class=\"name\">\(e(line.name))</span>"
                + "<span class=\"purpose\">\(e(line.purpose))（\(e(line.hours))）</span></li>"
        }
        return "<section class=\"hotlines\">\n<h2>需要帮助时</h2>\n<ul>\n\(items.joined(separator: "\n"))\n</ul>\n</section>"
    }

    private func slip(_ receipt: String) -> String {
        let e: (String) -> String = SafeMarkdown.escape
        return """
            <section class="slip" aria-label="回执">
            <p class="cut">✂ 请沿虚线剪下，交给班主任</p>
            <h2>回　执</h2>
            <p class="receipt-title">《\(e(title))》</p>
            <p>\(e(receipt))</p>
            <p class="fields"><span>学生姓名<span class="blank"></span></span><span>班级<span class="blank"></span></span></p>
            <p class="fields"><span>家长签名<span class="blank"></span></span><span>日期<span class="blank"></span></span></p>
            </section>

            """
    }

    static let stylesheet = """

        @page { size: A4; margin: 18mm 20mm 20mm; }
        html { font-size: 14pt; }
        body {
          font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun",
            "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", serif;
          line-height: 1.8; color: #000; background: #fff; max-width: 170mm; margin: 0 auto; padding: 10mm 0;
        }
        h1 { font-size: 20pt; text-align: center; margin: 0 0 1em; }
        h2 { font-size: 16pt; margin: 1em 0 .4em; }
        h3, h4, h5, h6 { font-size: 15pt; margin: 1em 0 .4em; }
        p, li { margin: 0 0 .7em; }
        ul, ol { padding-left: 1.6em; }
        blockquote { margin: 0 0 .7em; padding-left: 1em; border-left: 3px solid #999; }
        a { color: inherit; }
        .signature { text-align: right; margin-top: 1.5em; }
        .hotlines { border: 1.5px solid #000; border-radius: 4px; padding: .4em 1em; margin: 1.2em 0; break-inside: avoid; page-break-inside: avoid; }
        .hotlines h2 { font-size: 15pt; margin: .2em 0; }
        .hotlines ul { list-style: none; padding: 0; margin: 0; }
        .hotlines li { margin: .2em 0; }
        .hotlines .number { font-size: 17pt; font-weight: bold; margin-right: .4em; }
        .hotlines .name { font-weight: bold; margin-right: .6em; }
        .hotlines .purpose { font-size: 12pt; }
        .slip { position: relative; margin-top: 2.5em; padding-top: 1em; border-top: 2px dashed #000; break-inside: avoid; page-break-inside: avoid; }
        .slip .cut { position: absolute; top: -1.1em; left: 0; margin: 0; padding-right: .5em; background: #fff; font-size: 11pt; }
        .slip h2 { text-align: center; margin-top: .4em; }
        .slip .receipt-title { text-align: center; margin-bottom: .3em; }
        .slip .fields { display: flex; gap: 2em; margin: 1.4em 0 0; }
        .slip .fields > span { flex: 1; display: flex; align-items: flex-end; white-space: nowrap; }
        .slip .blank { flex: 1; border-bottom: 1px solid #000; margin-left: .4em; min-height: 1.4em; }
        .proof { border: 2px solid #000; padding: .3em .6em; text-align: center; font-weight: bold; }
        @media print { body { max-width: none; padding: 0; } }

        """
}
