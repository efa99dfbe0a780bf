import App
import Foundation
import Hummingbird

/// The signers of the web front, derived from the server secret (`App.serverSecret()`), and the
/// cookies they make. One per application; controllers that set cookies hold it.
///
/// Cookies: `xq_session` (signed session token, 12 hours like the session), `xq_csrf` (a random seed
/// the CSRF token is derived from), `xq_flash` (a signed one-time message), `xq_text` (`large` or
/// absent). All are HttpOnly, SameSite=Lax and Path=/, and Secure when the server is reached through TLS
/// (`AppConfig.secureCookies`).
struct WebKeys: Sendable {
    static let sessionCookie = "xq_session"
    static let csrfCookie = "xq_csrf"
    static let flashCookie = "xq_flash"
    static let textCookie = "xq_text"
    /// Sessions last as long as the App layer's (12 hours).
    static let sessionSeconds = 12 * 3600

    let session: MessageSigner
    let csrf: MessageSigner
    let flash: MessageSigner
    /// Whether cookies carry `Secure`.
    let secure: Bool

    init(secret: Data, secure: Bool = false) {
        self.secure = secure
        session = MessageSigner(secret: secret, purpose: "xinqiao web session cookie v1")
        csrf = MessageSigner(secret: secret, purpose: "xinqiao web csrf token v1")
        flash = MessageSigner(secret: secret, purpose: "xinqiao web flash cookie v1")
    }

    /// The CSRF token of forms for this browser (`seed` from its `xq_csrf` cookie) and session: a
    /// signed double-submit token, so a token from another browser or an earlier session never fits.
    func csrfToken(seed: String, session token: String?) -> String {
        csrf.signature("csrf|\(seed)|\(token ?? "-")")
    }

    /// Whether a submitted token fits this browser and session (constant-time comparison).
    func verifyCSRF(_ submitted: String?, seed: String?, session token: String?) -> Bool {
        guard let submitted, let seed, !seed.isEmpty else { return false }
        return MessageSigner.equal(csrfToken(seed: seed, session: token), submitted)
    }

    /// A cookie with the house attributes.
    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A cookie that tells the browser to forget `name`.
    func expired(_ name: String) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The session cookie for a bearer token of the App layer's session store.
    func sessionCookie(token: String) -> Cookie {
        cookie(Self.sessionCookie, session.sign(token), maxAge: Self.sessionSeconds)
    }

    /// The signed flash cookie for a message (UTF-8, base64url: cookie values are ASCII).
    func flashCookie(_ message: String) -> Cookie {
        cookie(Self.flashCookie, flash.sign(MessageSigner.base64url(Data(message.prefix(300).utf8))))
    }

    /// The message of a flash cookie, if its signature holds.
    func flashMessage(_ value: String) -> String? {
        guard let encoded = flash.verify(value), let data = MessageSigner.decodeBase64url(encoded) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
