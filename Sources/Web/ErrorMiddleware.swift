import App
import Foundation
import Campaigns
import Hummingbird
import SchoolCalendar
import Logging
import OutreachCore
import Learning
import Lectures
import NIOCore

/// Maps every error to a response in one place: API paths get JSON, pages get a Chinese HTML page.
/// Unknown errors are logged and become a generic 500 without details.
///
/// Pages: a `PageError` shows its own Chinese message; any other error shows a Chinese message for its
/// status (the API's English messages are never shown on pages), and "sign in first" becomes a
/// redirect to `/login?next=…` so the reader comes back where they were.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: PageRenderer
    let core: App

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if request.uri.path.hasPrefix("/api/") {
                return try Self.translate(error, logger: context.logger).response(from: request, context: context)
            }
            if case AccessError.notSignedIn = error {
                var back = request.uri.path
                if request.method == .get, let query = request.uri.query, !query.isEmpty { back += "?" + query }
                let next = back.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "%2F"
                return Response(status: .seeOther, headers: [.location: "/login?next=\(next)"])
            }
            let status: HTTPResponse.Status
            let message: String
            if let error = error as? PageError {
                (status, message) = (error.status, error.message)
            } else {
                status = Self.translate(error, logger: context.logger).status
                message = Self.chineseMessage(for: status)
            }
            let region = (context as? AppRequestContext)?.account?.region
            let hotlines = (try? await core.knowledge.hotlines(region: region)) ?? []
            return pages.errorPage(status: status, message: message, hotlines: hotlines)
        }
    }

    /// RFC 3986 unreserved characters: everything else in `next=` is percent-encoded.
    static var unreserved: CharacterSet { CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") }

    /// What a page says for a status when the error has no Chinese message of its own.
    static func chineseMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "没有找到您要的内容。它可能不存在，或者不是发给您的。"
        case 403: "您的账号没有打开这个页面或做这件事的权限。"
        case 409: "这件事已经办过了，或者现在不能再办（例如讲座已经开始）。"
        case 413: "提交的内容太多了（上限 1 MB），请精简后再试。"
        case 405: "这个网址不支持这种访问方式。"
        case 400..<500: "提交的内容有误，请返回检查后再试。"
        default: "服务器暂时出了问题，请稍后再试。如果您或孩子正处在危险中，请立即拨打上方的求助热线。"
        }
    }

    static func translate(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case AccessError.notSignedIn:
            return APIError(.unauthorized, code: "unauthorized", message: "sign in first")
        case let error as AccessError:
            return APIError(.forbidden, code: "forbidden", message: error.description)
        case let error as LearningError:
            switch error {
            case .unknownQuiz, .unknownLesson, .unknownCourse, .unknownQuestion: return .notFound(error.description)
            case .emptyQuiz, .invalidResponses: return .badRequest(error.description)
            }
        case let error as AttemptError:
            switch error {
            case .notFound, .notYours: return .notFound("no such attempt for this account")
            case .alreadySubmitted, .retakeNotAllowed: return APIError(.conflict, code: "conflict", message: error.description)
            default: return .badRequest(error.description)
            }
        case let error as AccountError:
            if case .duplicateID = error { return APIError(.conflict, code: "conflict", message: error.description) }
            if case .notFound = error { return .notFound(error.description) }
            if case .ownRole = error { return APIError(.forbidden, code: "forbidden", message: error.description) }
            return .badRequest(error.description)
        case let error as CampaignError:
            switch error {
            case .notFound, .templateNotFound, .notDelivered: return .notFound(error.description)
            case .selfApproval: return APIError(.forbidden, code: "forbidden", message: error.description)
            case .invalidTransition, .duplicate: return APIError(.conflict, code: "conflict", message: error.description)
            default: return .badRequest(error.description)
            }
        case let error as LectureError:
            switch error {
            case .unknownLecture, .unknownOrder, .notRegistered: return .notFound(error.description)
            case .notTheLecturer: return APIError(.forbidden, code: "forbidden", message: error.description)
            case .duplicate, .conflict, .alreadyRegistered, .registrationClosed, .codeUsed, .invalidTransition, .noLecturerForTopic,
                .noAvailableLecturer, .notOnWaitlistToCheckIn:
                return APIError(.conflict, code: "conflict", message: error.description)
            default: return .badRequest(error.description)
            }
        case let error as CalendarError:
            return .badRequest(error.description)
        case let error as PageError:
            return APIError(error.status, code: error.status == .contentTooLarge ? "too_large" : "bad_request", message: "bad request")
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "too_large", message: "request body too large")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("no such page or resource")
            case .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", message: "method not allowed")
            case .contentTooLarge: return APIError(.contentTooLarge, code: "too_large", message: "request body too large")
            default:
                if (400..<500).contains(error.status.code) {
                    return APIError(error.status, code: "bad_request", message: error.body ?? "bad request")
                }
                logger.error("http error \(error.status.code)")
                return APIError(.internalServerError, code: "internal", message: "internal error")
            }
        default:
            logger.error("unhandled error: \(String(reflecting: error))")
            return APIError(.internalServerError, code: "internal", message: "internal error")
        }
    }
}
