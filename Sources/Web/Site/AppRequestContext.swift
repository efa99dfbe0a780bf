public import App
public import Hummingbird
public import NIOCore
public import OutreachCore

/// The request context: per-request data only — who is signed in, the CSRF token of the page, the
/// parsed form of a POST, the reader's text-size choice and a flash message.
///
/// `WebSessionMiddleware` fills the identity, token, text size and flash; `FormMiddleware` fills
/// `form` for page POSTs after checking its CSRF token. JSON API routes ignore all of it and
/// authenticate with `Authorization: Bearer` (cookies never authorise an API call, so the API needs no
/// CSRF token).
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's socket address (nil in in-process tests).
    public let remoteAddress: SocketAddress?

    /// The account signed in through the session cookie, if any.
    public var account: Account?
    /// The bearer token of the web session (to end it on sign-out).
    var sessionToken: String?
    /// This browser's CSRF seed (the `xq_csrf` cookie) the token is derived from.
    var csrfSeed: String?
    /// The token every form on this page must send back as `_csrf`.
    public var csrfToken: String = ""
    /// The reader asked for large text (a cookie, set by the toggle in the page header).
    public var largeText = false
    /// A one-time message from the previous request (set by `Redirect(to:flash:)`).
    public var flash: String?
    /// The fields of a page POST (`application/x-www-form-urlencoded`), CSRF-checked; empty otherwise.
    public var form = FormData()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The actor for App-layer calls: the signed-in account. Throws `AccessError.notSignedIn` (a
    /// redirect to `/login` for pages) when nobody is signed in.
    public func actor() throws -> Actor { .account(try requireAccount()) }

    /// The signed-in account, or `AccessError.notSignedIn`.
    public func requireAccount() throws -> Account {
        guard let account else { throw AccessError.notSignedIn }
        return account
    }

    /// The signed-in account if it has one of `roles` (an admin passes every check); otherwise
    /// `AccessError` (a 403 page, or the sign-in page when nobody is signed in). A page-level guard
    /// only: the App layer checks permissions again in every use case.
    @discardableResult
    public func requireRole(_ roles: Role...) throws -> Account {
        let account = try requireAccount()
        guard roles.contains(account.role) || account.role == .admin else {
            throw AccessError.forbidden(roles.first?.permissions.first ?? .manageAccounts)
        }
        return account
    }

    /// The client address used for sign-in rate limits: the peer's IP address (not a forwarded
    /// header, which anyone can write). Requests without one (in-process tests) share `unknown`.
    public var clientAddress: String {
        guard let remoteAddress else { return "unknown" }
        return remoteAddress.ipAddress ?? remoteAddress.description
    }
}
