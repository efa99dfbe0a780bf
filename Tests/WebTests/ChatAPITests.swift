import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Web

/// `POST /api/v1/chat`.
@Suite struct ChatAPITests {
    private func withRouter(contentRoot: String = Repository.content, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let core = try await App.makeForTesting(
            config: AppConfig(
                contentRoots: [contentRoot], bcryptCost: 4, lexiconDirectory: Repository.root.appendingPathComponent("Content/lexicon").path))
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func aCrisisIsAnsweredFirstWithTheHotlines() async throws {
        try await withRouter { client in
            try await client.execute(
                uri: "/api/v1/chat", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"text":"孩子说不想活了"}"#)
            ) { response in
                #expect(response.status == .ok)
                let turn = try JSONDecoder().decode(ChatTurn.self, from: Data(buffer: response.body))
                #expect(turn.intent == "crisis" && turn.crisis)
                #expect(turn.reply.contains("12356") && turn.reply.contains("120"))
            }
        }
    }

    @Test func aConversationIdCarriesTheQuizFromTurnToTurn() async throws {
        let core = try await App.makeForTesting(
            config: AppConfig(
                contentRoots: [Repository.content, Repository.lessons], bcryptCost: 4,
                lexiconDirectory: Repository.root.appendingPathComponent("Content/lexicon").path))
        _ = try await core.content.importLibrary(roots: core.config.contentRoots)
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            func say(_ text: String, _ conversation: String?) async throws -> [String: Any] {
                var body: [String: String] = ["text": text]
                body["conversation"] = conversation
                return try await client.execute(
                    uri: "/api/v1/chat", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
                ) { response in
                    #expect(response.status == .ok)
                    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                }
            }
            // Given a new conversation that starts the quiz
            let first = try await say("考考我", "new")
            let id = try #require(first["conversation"] as? String)
            #expect((first["reply"] as? String)?.contains("第 1/20 题") == true)
            // When the next turn sends the id back, the quiz goes on
            let second = try await say("1", id)
            #expect(second["conversation"] as? String == id && (second["reply"] as? String)?.contains("第 2/20 题") == true)
            // And an unknown id starts afresh instead of continuing anyone's conversation
            let stranger = try await say("1", "not-a-conversation")
            #expect(stranger["conversation"] as? String != id && (stranger["reply"] as? String)?.contains("第 2/20 题") == false)
            // And without a conversation the answer is the single-turn one, with no id
            #expect(try await say("考考我", nil)["conversation"] == nil)
        }
    }

    @Test func badBodiesAreA400() async throws {
        try await withRouter { client in
            for body in ["{}", "not json", #"{"text":"\#(String(repeating: "字", count: 2_001))"}"#] {
                try await client.execute(
                    uri: "/api/v1/chat", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body.prefix(20))")
                }
            }
        }
    }

    @Test func brokenRulesAreA503NotACrash() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xq-chatapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try await withRouter(contentRoot: root.path) { client in
            try await client.execute(
                uri: "/api/v1/chat", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"text":"你好"}"#)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("crisis.yaml:1: cannot read"))
            }
        }
    }
}
