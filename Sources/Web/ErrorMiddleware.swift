import App
import Foundation
import Campaigns
import Hummingbird
import SchoolCalendar
import Logging
import OutreachCore
import Learning
import Lectures

/// Maps every error to a response in one place: API paths get JSON, pages get a Chinese HTML page.
/// Unknown errors are logged and become a generic 500 without details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.translate(error, logger: context.logger)
            if request.uri.path.hasPrefix("/api/") {
                return try apiError.response(from: request, context: context)
            }
            return pages.errorPage(status: apiError.status, message: apiError.message)
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
