import App
import Foundation
import Hummingbird
import OutreachCore

/// Reads the browser's cookies into the context of every page request: the signed-in account (from the
/// signed `xq_session` cookie and the App layer's session store), the CSRF token (from `xq_csrf`,
/// created on the first visit), the text size and a one-time flash message. On the way out it turns a
/// `Redirect`'s flash into a signed cookie and sets or clears cookies as needed.
///
/// `/api/` requests pass untouched: the API authenticates with bearer tokens only.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let core: App
    let keys: WebKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") { return try await next(request, context) }
        var context = context
        var outgoing: [Cookie] = []
        let cookies = request.cookies
        if let raw = cookies[WebKeys.sessionCookie]?.value, !raw.isEmpty {
            if let token = keys.session.verify(raw), let account = try await core.accounts.session(token: token) {
                context.account = account
                context.sessionToken = token
            } else {
                // Forged, from another server secret, expired or signed out: forget it.
                outgoing.append(keys.expired(WebKeys.sessionCookie))
            }
        }
        var seed = cookies[WebKeys.csrfCookie]?.value ?? ""
        if !Self.isSeed(seed) {
            seed = MessageSigner.randomToken()
            outgoing.append(keys.cookie(WebKeys.csrfCookie, seed))
        }
        context.csrfSeed = seed
        context.csrfToken = keys.csrfToken(seed: seed, session: context.sessionToken)
        context.largeText = cookies[WebKeys.textCookie]?.value == "large"
        if let raw = cookies[WebKeys.flashCookie]?.value, !raw.isEmpty {
            context.flash = keys.flashMessage(raw)
            outgoing.append(keys.expired(WebKeys.flashCookie))
        }

        var response = try await next(request, context)
        if let encoded = response.headers[Redirect.flashHeader] {
            response.headers[Redirect.flashHeader] = nil
            if let message = encoded.removingPercentEncoding {
                outgoing.removeAll { $0.name == WebKeys.flashCookie }
                outgoing.append(keys.flashCookie(message))
            }
        }
        // A handler that set a cookie itself (sign-in, sign-out) wins over the defaults above.
        let setByHandler = Set(response.headers[values: .setCookie].compactMap { $0.split(separator: "=").first.map(String.init) })
        for cookie in outgoing where !setByHandler.contains(cookie.name) { response.setCookie(cookie) }
        return response
    }

    /// A CSRF seed is 43 base64url characters (32 random bytes).
    static func isSeed(_ value: String) -> Bool {
        value.utf8.count == 43 && value.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
    }
}
