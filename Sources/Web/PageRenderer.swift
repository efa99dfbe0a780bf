import Foundation
import HTTPTypes
import Hummingbird
import Knowledge
import Mustache

/// Renders HTML pages from the Mustache templates in `Resources/Templates`, loaded once at start.
///
/// Mustache escapes every `{{value}}`, so user and content text cannot inject markup.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> PageRenderer {
        let bundle = Bundle.module
        let candidates = [bundle.resourceURL, bundle.bundleURL].compactMap { $0 }.flatMap { base in
            [base.appendingPathComponent("Resources/Templates"), base.appendingPathComponent("Templates")]
        }
        for directory in candidates where FileManager.default.fileExists(atPath: directory.path) {
            let library = try await MustacheLibrary(directory: directory.path)
            if library.getTemplate(named: "layout") != nil { return PageRenderer(library: library) }
        }
        throw TemplatesMissing(searched: candidates.map(\.path))
    }

    /// The web templates were not found next to the executable (a broken install).
    struct TemplatesMissing: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "web templates not found (looked in \(searched.joined(separator: ", ")))" }
    }

    /// A full page: `template` rendered inside the layout with the crisis banner.
    func page(_ template: String, title: String, hotlines: [Hotline], context: [String: Any] = [:],
              status: HTTPResponse.Status = .ok) -> Response {
        var values = context
        values["title"] = title
        values["hotlines"] = hotlines.map { ["number": $0.number, "name": $0.name, "emergency": $0.emergency] }
        let content = library.render(values, withTemplate: template) ?? ""
        values["content"] = content
        let html = library.render(values, withTemplate: "layout") ?? content
        return Self.html(html, status: status)
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
        let values: [String: Any] = [
            "title": heading, "heading": heading, "message": message, "status": status.code,
            "hotlines": hotlines.map { ["number": $0.number, "name": $0.name, "emergency": $0.emergency] },
        ]
        let content = library.render(values, withTemplate: "error") ?? heading
        var layout = values
        layout["content"] = content
        return Self.html(library.render(layout, withTemplate: "layout") ?? content, status: status)
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
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
