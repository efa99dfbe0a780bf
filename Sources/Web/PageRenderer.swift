import Foundation
import HTTPTypes
import Hummingbird
import Knowledge
import Mustache

/// Renders HTML pages: the content of most pages from the Mustache templates in `Resources/Templates`
/// (loaded once at start), inside the `PageLayout` frame; the busiest pages write their content with
/// `HTMLWriter` directly.
///
/// Mustache escapes every `{{value}}` and `HTMLWriter.text` every text, so user and content text cannot
/// inject markup.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let layout: PageLayout

    static func load() async throws -> PageRenderer {
        let bundle = Bundle.module
        let bases = [bundle.resourceURL, bundle.bundleURL].compactMap { $0 }.flatMap { base in [base.appendingPathComponent("Resources"), base] }
        for base in bases {
            let templates = base.appendingPathComponent("Templates")
            let styleSheet = base.appendingPathComponent("Static/site.css")
            guard FileManager.default.fileExists(atPath: templates.path), let css = FileManager.default.contents(atPath: styleSheet.path)
            else { continue }
            let library = try await MustacheLibrary(directory: templates.path)
            if library.getTemplate(named: "csrf") != nil { return PageRenderer(library: library, layout: PageLayout(styleSheet: Array(css))) }
        }
        throw TemplatesMissing(searched: bases.map(\.path))
    }

    /// The web templates were not found next to the executable (a broken install).
    struct TemplatesMissing: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "web templates not found (looked in \(searched.joined(separator: ", ")))" }
    }

    /// A full page: `template` rendered with `context` (plus the page's title and CSRF token) inside
    /// the frame.
    func page(_ template: String, frame: PageLayout.Frame, context: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        var values = context
        values["title"] = frame.title
        values["csrf"] = frame.csrf
        let content = library.render(values, withTemplate: template) ?? ""
        return page(frame: frame, status: status) { $0.trusted(content) }
    }

    /// A full page whose content `write` puts out itself.
    func page(frame: PageLayout.Frame, status: HTTPResponse.Status = .ok, _ write: (inout HTMLWriter) -> Void) -> Response {
        Self.html(layout.render(frame, content: write).buffer, status: status)
    }

    /// A short error page in Chinese; never shows internal details.
    func errorPage(status: HTTPResponse.Status, message: String, hotlines: [Hotline] = []) -> Response {
        let heading: String
        switch status.code {
        case 404: heading = "页面不存在"
        case 403: heading = "没有权限"
        case 413: heading = "内容太多"
        case 429: heading = "尝试次数太多"
        case 400..<500: heading = "请求有误"
        default: heading = "服务器暂时出错了"
        }
        let frame = PageLayout.Frame(title: heading, hotlines: hotlines)
        return page(frame: frame, status: status) { html in
            html.raw("<h1>")
            html.text(heading)
            html.raw("</h1>\n<p>")
            html.text(message)
            html.raw("</p>\n<p><a href=\"/\">返回首页</a></p>\n")
        }
    }

    /// Headers on every HTML page: no script runs (the site needs none), nothing loads from elsewhere,
    /// no framing, forms post only here.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy,
         "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
    ]

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(ByteBuffer(string: html), status: status)
    }

    static func html(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
