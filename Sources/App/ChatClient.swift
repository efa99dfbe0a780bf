public import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The chat through a running `xinqiao serve` (`POST /api/v1/chat`), for `xinqiao chat --server URL`.
public final class ChatClient: Sendable {
    public let endpoint: URL
    private let base: URL
    private let session: URLSession
    /// The bearer token after `signIn`, sent with every turn.
    private let token: Mutex<String?> = Mutex(nil)

    /// A client for the server at `server` (`http://host:port`, with or without a trailing slash).
    public init(server: String, timeout: TimeInterval = 10) throws(ChatClientError) {
        let trimmed = server.trimmingCharacters(in: .whitespaces)
        guard let base = URL(string: trimmed), let scheme = base.scheme?.lowercased(), ["http", "https"].contains(scheme), base.host != nil
        else { throw ChatClientError.badURL(server) }
        endpoint = base.appendingPathComponent("api/v1/chat")
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// One single-turn answer from the server.
    public func reply(to text: String) async throws(ChatClientError) -> ChatTurn {
        try await reply(to: text, conversation: nil).turn
    }

    /// One turn of a conversation kept on the server: pass back the id the last answer gave (nil
    /// starts a new conversation).
    public func reply(to text: String, conversation: String?) async throws(ChatClientError) -> (turn: ChatTurn, conversation: String?) {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        if let bearer = token.withLock({ $0 }) { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        do {
            var body = ["text": String(text.prefix(ChatService.maxUtteranceLength))]
            if let conversation { body["conversation"] = conversation }
            request.httpBody = try JSONEncoder().encode(body)
        } catch {
            throw ChatClientError.badAnswer("cannot encode the utterance")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ChatClientError.unreachable(endpoint.absoluteString)
        }
        guard let http = response as? HTTPURLResponse else { throw ChatClientError.badAnswer("the answer was not HTTP") }
        guard http.statusCode == 200 else {
            let message = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.message ?? "no message"
            throw ChatClientError.refused(status: http.statusCode, message: message)
        }
        do {
            let turn = try JSONDecoder().decode(ChatTurn.self, from: data)
            return (turn, (try? JSONDecoder().decode(ConversationKey.self, from: data))?.conversation)
        } catch {
            throw ChatClientError.badAnswer("the answer is not a chat turn")
        }
    }

    /// Signs in as a parent (`POST /api/v1/sessions`); later turns carry the bearer token.
    public func signIn(id: String, password: String) async throws(ChatClientError) {
        var request = URLRequest(url: base.appendingPathComponent("api/v1/sessions"))
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONEncoder().encode(["id": id, "password": password])
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ChatClientError.unreachable(request.url?.absoluteString ?? base.absoluteString)
        }
        guard let http = response as? HTTPURLResponse else { throw ChatClientError.badAnswer("the answer was not HTTP") }
        guard http.statusCode == 200 else {
            let message = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.message ?? "no message"
            throw ChatClientError.refused(status: http.statusCode, message: message)
        }
        guard let signedIn = try? JSONDecoder().decode(SessionBody.self, from: data) else {
            throw ChatClientError.badAnswer("the sign-in answer has no token")
        }
        guard signedIn.account.role == "parent" else {
            throw ChatClientError.refused(status: 403, message: "'\(id)' is a \(signedIn.account.role) account; the chat acts as a parent")
        }
        token.withLock { $0 = signedIn.token }
    }

    private struct SessionBody: Decodable {
        struct Account: Decodable { var role: String }
        var token: String
        var account: Account
    }

    private struct ConversationKey: Decodable { var conversation: String? }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable { var message: String }
        var error: Inner
    }
}

/// Why a remote chat turn failed; the conversation goes on after each.
public enum ChatClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case badURL(String)
    case unreachable(String)
    case refused(status: Int, message: String)
    case badAnswer(String)

    public var description: String {
        switch self {
        case .badURL(let url): "--server must be an http(s) URL such as http://127.0.0.1:8080, not '\(url)'"
        case .unreachable(let url): "cannot reach \(url): is `xinqiao serve` running there?"
        case .refused(let status, let message): "the server answered HTTP \(status): \(message)"
        case .badAnswer(let why): "the server's answer could not be read: \(why)"
        }
    }
}
