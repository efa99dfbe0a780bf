import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// Letter campaigns over the JSON API: staff review with a second approver, the parent's inbox and 回执.
@Suite struct CampaignAPITests {
    private func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, token: String? = nil
    ) async throws -> (HTTPResponse.Status, Any?) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
        }
    }

    @Test func staffReviewAndParentAcknowledgesThroughTheAPI() async throws {
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let core = try await App.makeForTesting(config: config)
        _ = try await core.content.importLibrary(roots: config.contentRoots)
        for (id, role, grade) in [("wang", "staff", nil), ("li", "staff", nil), ("mom", "parent", 12 as Int?), ("dad", "parent", 3)] {
            _ = try await core.accounts.create(
                .init(id: id, role: role, region: "浙江", school: "一中", grade: grade, password: "long secret 1"), actor: .localOperator)
        }
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            func token(_ id: String) async throws -> String {
                let (_, session) = try await call(client, .post, "/api/v1/sessions", #"{"id":"\#(id)","password":"long secret 1"}"#)
                return try #require((session as? [String: Any])?["token"] as? String)
            }
            let wang = try await token("wang")
            let li = try await token("li")
            let mom = try await token("mom")
            let (created, campaign) = try await call(
                client, .post, "/api/v1/campaigns", #"{"template":"letter-gaokao-before","year":2027,"region":"浙江"}"#, token: wang)
            #expect(created == .ok)
            let id = try #require((campaign as? [String: Any])?["id"] as? String)
            let path = "/api/v1/campaigns/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)"
            // A parent may not write letters
            let (parentCreate, _) = try await call(
                client, .post, "/api/v1/campaigns", #"{"template":"letter-duanwu","year":2027}"#, token: mom)
            #expect(parentCreate == .forbidden)
            #expect(try await call(client, .post, "\(path)/steps/submit", token: wang).0 == .ok)
            #expect(try await call(client, .post, "\(path)/steps/approve", token: wang).0 == .forbidden)
            #expect(try await call(client, .post, "\(path)/steps/launch", token: li).0 == .badRequest)
            #expect(try await call(client, .post, "\(path)/steps/approve", token: li).0 == .ok)
            #expect(try await call(client, .post, "\(path)/steps/approve", token: li).0 == .conflict)
            let (_, scheduled) = try await call(client, .post, "\(path)/steps/schedule", token: wang)
            let sendAt = try #require((scheduled as? [String: Any])?["send_at"] as? String)
            // The scheduler's tick at the send time
            let sent = try await core.campaigns.runDue(now: try #require(ISO8601DateFormatter().date(from: sendAt)))
            #expect(sent.first?.recipients == 1)
            // The parent sees, reads and acknowledges it
            let (_, inbox) = try await call(client, .get, "/api/v1/me/letters", token: mom)
            #expect(((inbox as? [[String: Any]])?.first?["id"] as? String) == id)
            let letterPath = "/api/v1/me/letters/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)"
            let (_, letter) = try await call(client, .get, letterPath, token: mom)
            #expect(((letter as? [String: Any])?["body"] as? String)?.contains("12356") == true)
            let (_, acknowledged) = try await call(client, .post, "\(letterPath)/ack", #"{"message":"收到"}"#, token: mom)
            #expect((acknowledged as? [String: Any])?["acknowledged"] as? Bool == true)
            // A parent it was not sent to gets 404; staff see the rates
            let dad = try await token("dad")
            #expect(try await call(client, .post, "\(letterPath)/ack", "{}", token: dad).0 == .notFound)
            let (_, rates) = try await call(client, .get, "\(path)/rates", token: wang)
            #expect((rates as? [[String: Any]])?.first?["acknowledged"] as? Int == 1)
            #expect(try await call(client, .get, "/api/v1/campaigns/nope", token: wang).0 == .notFound)
            #expect(try await call(client, .get, "/api/v1/campaigns/plan?year=1800", token: wang).0 == .badRequest)
            let (_, plan) = try await call(client, .get, "/api/v1/campaigns/plan?year=2027&region=zhejiang", token: wang)
            #expect(((plan as? [String: Any])?["sends"] as? [Any])?.isEmpty == false)
            let (_, document) = try await call(client, .get, "/api/v1/openapi.json")
            let paths = ((document as? [String: Any])?["paths"] as? [String: Any]) ?? [:]
            #expect(paths.keys.contains { $0.hasPrefix("/api/v1/me/letters") } && paths.keys.contains("/api/v1/campaigns"))
        }
    }
}
