import App
import Foundation
import Hummingbird
import OutreachCore

/// `POST /api/v1/chat`: one utterance, answered as a fresh single-turn conversation (the same
/// service as `xinqiao chat --batch`). Signed in (Bearer token) it answers as that parent; otherwise
/// as a guest.
struct ChatController {
    let core: App
    /// Built once: the rules files are read at start-up; a broken file makes the endpoint a 503 with
    /// the file's `path:line` error instead of stopping the server.
    let chat: Result<ChatService, ChatServiceError>

    init(core: App) {
        self.core = core
        self.chat = Result { () throws(ChatServiceError) -> ChatService in
            do { return try core.chat() } catch let error as ChatServiceError { throw error } catch {
                throw ChatServiceError.hotlines("\(error)")
            }
        }
    }

    func register(api: inout APIRoutes) {
        api.post(
            "/api/v1/chat",
            summary: "Chat: {text} (up to 2,000 characters) → {text, intent, crisis, reply, sources:[{id, title}]}; crisis checked first",
            returns: "{text, intent, crisis, reply, sources:[{id, title}]}"
        ) { request, context in
            let body = try await request.decode(as: ChatBody.self, context: context)
            guard body.text.count <= ChatService.maxUtteranceLength else {
                throw APIError.badRequest("text is too long: at most \(ChatService.maxUtteranceLength) characters")
            }
            let service: ChatService
            switch chat {
            case .success(let value): service = value
            case .failure(let error): throw APIError(.serviceUnavailable, code: "chat_unavailable", message: error.description)
            }
            var account: Account?
            if request.headers[.authorization] != nil, case .account(let signedIn) = try await LearningController.actor(request, core) {
                account = signedIn
            }
            return EncodableResponse(try await service.reply(to: body.text, as: account))
        }
    }

    struct ChatBody: Decodable {
        var text: String
    }
}
