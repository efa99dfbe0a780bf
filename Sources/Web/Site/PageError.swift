public import Hummingbird

/// An error shown to a person as a Chinese page with this status and message (`ErrorMiddleware`).
///
/// Throw it from page handlers for every expected failure — bad input (400), a missing or forged CSRF
/// token (403), an unknown id (404), an oversized form (413), too many sign-in tries (429). Messages
/// are for parents: plain, warm, and without internal details.
public struct PageError: HTTPResponseError, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func badRequest(_ message: String) -> PageError { PageError(.badRequest, message) }
    public static func notFound(_ message: String = "没有找到这个页面，它可能已被移除，或者网址有误。") -> PageError { PageError(.notFound, message) }
    public static func forbidden(_ message: String = "您的账号没有打开这个页面的权限。") -> PageError { PageError(.forbidden, message) }
    /// A POST whose CSRF token is missing, forged or from an old page.
    public static let csrf = PageError(.forbidden, "页面已过期或表单来源无法确认。为保护您的账号，这次提交没有生效。请返回、刷新页面后再提交一次。")
    /// A form over the 1 MiB cap.
    public static let tooLarge = PageError(.contentTooLarge, "提交的内容太多了（上限 1 MB），请精简后再试。")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status)
    }
}
