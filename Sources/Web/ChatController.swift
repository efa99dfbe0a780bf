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
    /// Multi-turn conversations (`conversation` in the body), kept in memory.
    let conversations: ChatConversations?

    init(core: App) {
        self.core = core
        self.chat = Result { () throws(ChatServiceError) -> ChatService in
            do { return try core.chat() } catch let error as ChatServiceError { throw error } catch {
                throw ChatServiceError.hotlines("\(error)")
            }
        }
        conversations = (try? chat.get()).map { ChatConversations(chat: $0) }
    }

    func register(api: inout APIRoutes) {
        api.post(
            "/api/v1/chat",
            summary: "Chat: {text} (up to 2,000 characters) → {text, intent, crisis, reply, sources:[{id, title}]}; crisis checked first. "
                + "Without `conversation` each call is a fresh single turn; `conversation: \"new\"` starts a multi-turn conversation "
                + "(quiz, lesson, letters, lecture booking) and the answer carries its id to send back",
            returns: "{text, intent, crisis, reply, sources:[{id, title}], conversation?}"
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
            guard let wanted = body.conversation, let conversations else {
                return EncodableResponse(ConversationTurn(turn: try await service.reply(to: body.text, as: account), conversation: nil))
            }
            let (id, conversation) = await conversations.conversation(id: wanted == "new" ? nil : wanted, account: account)
            return EncodableResponse(ConversationTurn(turn: await conversation.respond(to: body.text), conversation: id))
        }
    }

    struct ChatBody: Decodable {
        var text: String
        var conversation: String?
    }

    /// A turn with the conversation id to send back.
    struct ConversationTurn: Encodable {
        var turn: ChatTurn
        var conversation: String?

        func encode(to encoder: any Encoder) throws {
            try turn.encode(to: encoder)
            guard let conversation else { return }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(conversation, forKey: .conversation)
        }

        enum Key: String, CodingKey { case conversation }
    }
}
