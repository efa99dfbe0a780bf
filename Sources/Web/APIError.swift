import Foundation
public import Hummingbird

/// An error the API shows to clients as `{"error":{"code","message"}}` with a 4xx status.
///
/// Only this type's message reaches users; any other error becomes a generic 500 (see
/// `ErrorMiddleware`), so internal details never leak.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code such as `not_found`, `bad_request`.
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message: message) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: [String: String]] = ["error": ["code": code, "message": message]]
        let data = try JSONEncoder().encode(body)
        var response = Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        if status == .methodNotAllowed { response.headers[.allow] = "GET, POST" }
        return response
    }
}
