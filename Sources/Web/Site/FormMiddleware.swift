import Foundation
import Hummingbird
import NIOCore

/// Every page POST (anything outside `/api/`) passes here before its handler: the body is read up to
/// 1 MiB (more is a 413 page), parsed as `application/x-www-form-urlencoded` (broken encoding is a 400
/// page), and its `_csrf` field must match the token of this browser and session (else a 403 page and
/// the handler never runs). The handler finds the fields in `context.form`.
///
/// Because the check sits here, a new page form is protected by writing `{{> csrf}}` inside it; no
/// handler can forget it.
struct FormMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The largest form accepted: 1 MiB.
    static let maxBytes = 1 << 20
    let keys: WebKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, !request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBytes { throw PageError.tooLarge }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxBytes)
        } catch is NIOTooManyBytesError {
            throw PageError.tooLarge
        }
        let type = (request.headers[.contentType] ?? "").lowercased()
        var form = FormData()
        if type.hasPrefix("application/x-www-form-urlencoded") {
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw PageError.badRequest("提交的表单文字编码无法识别（不是 UTF-8），请返回重新填写。")
            }
            form = try FormData(urlEncoded: text)
        }
        guard keys.verifyCSRF(form["_csrf"], seed: context.csrfSeed, session: context.sessionToken) else { throw PageError.csrf }
        var context = context
        context.form = form
        return try await next(request, context)
    }
}
