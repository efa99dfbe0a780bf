import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A small browser over `app.test(.router)` for page tests: it keeps cookies like a browser does,
/// remembers the CSRF token of the last page it saw, and posts forms.
final class Browser: @unchecked Sendable {
    /// One response, with its body as text.
    struct Page {
        var status: HTTPResponse.Status
        var html: String
        var headers: HTTPFields
        var location: String? { headers[.location] }
        /// The `_csrf` value of the first form on the page.
        var csrf: String? {
            guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    /// The CSRF token of the last page fetched with GET.
    private(set) var csrf: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    /// Sets (or with nil removes) a cookie by hand, as an attacker or an old browser would.
    func setCookie(_ name: String, _ value: String?) { cookies[name] = value }

    func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> Page {
        let page = try await send(uri, .get, body: nil, headers: extra)
        if let token = page.csrf { csrf = token }
        return page
    }

    /// Posts `fields` as a form, with the remembered CSRF token unless `csrf` is given ("" sends none).
    func post(_ uri: String, _ fields: [(String, String)] = [], csrf token: String? = nil) async throws -> Page {
        var all = fields
        let value = token ?? csrf ?? ""
        if !value.isEmpty { all.append(("_csrf", value)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await postRaw(uri, body: ByteBuffer(string: body))
    }

    /// Posts raw bytes as a form body.
    func postRaw(_ uri: String, body: ByteBuffer, headers extra: HTTPFields = [:]) async throws -> Page {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        return try await send(uri, .post, body: body, headers: headers)
    }

    /// Signs in through the form; returns the response to the POST.
    @discardableResult
    func signIn(_ id: String, _ password: String = "long secret 1") async throws -> Page {
        _ = try await get("/login")
        return try await post("/login", [("id", id), ("password", password)])
    }

    private func send(_ uri: String, _ method: HTTPRequest.Method, body: ByteBuffer?, headers extra: HTTPFields) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            for line in response.headers[values: .setCookie] {
                let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0])
                let value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || line.contains("Max-Age=0") { self.cookies[name] = nil } else { self.cookies[name] = value }
            }
            return Page(status: response.status, html: String(buffer: response.body), headers: response.headers)
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics) ?? ""
    }
}
