import OutreachCore
import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Web

@Suite struct WebTests {
    private func withRouter(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        let router = try await buildRouter(core: core)
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func healthz() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }

    @Test func homePageIsChineseAndShowsTheLibraryAndHotlines() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("<html lang=\"zh-CN\">"))
                #expect(html.contains("知识文章"))
                #expect(html.contains("12356"))
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test func unknownAPIPathIsAJSONError() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let error = body?["error"] as? [String: Any]
                #expect(error?["code"] as? String == "not_found")
                #expect(error?["message"] is String)
            }
            try await client.execute(uri: "/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("页面不存在"))
            }
        }
    }

    @Test func openAPIDescribesEveryAPIRoute() async throws {
        let core = try await App.makeForTesting()
        let router = try await buildRouter(core: core)
        let apiRoutes = router.routes.filter { $0.path.description.hasPrefix("/api/") }
            .map { (path: $0.path.description, method: $0.method.rawValue) }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.0.3")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                #expect(!apiRoutes.isEmpty)
                for route in apiRoutes {
                    let path = route.path.split(separator: "/").map { part in
                        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                    }.joined(separator: "/")
                    #expect(paths["/" + path]?[route.method.lowercased()] != nil, "\(route) missing")
                }
            }
        }
    }

    @Test func statsAPI() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                let stats = try JSONDecoder().decode([String: Int].self, from: Data(buffer: response.body))
                #expect(stats["articles"] == 1)
                #expect(stats["accounts"] == 0)
            }
        }
    }
}

@Suite struct SearchAPITests {
    private func withRouter(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func searchReturnsHitsWithSnippetsAndExplanations() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/api/v1/search?q=%E7%9D%A1%E7%9C%A0&limit=5", method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(body["query"] as? String == "睡眠")
                #expect(body["took_us"] is Int)
                let hits = try #require(body["hits"] as? [[String: Any]])
                #expect(!hits.isEmpty)
                #expect((hits.first?["snippet"] as? String)?.contains("<mark>睡眠</mark>") == true)
                #expect((hits.first?["explanation"] as? [String: Any])?["matched_terms"] as? [String] == ["睡眠"])
            }
        }
    }

    @Test(arguments: [
        "/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20", "/api/v1/search?q=a&limit=0",
        "/api/v1/search?q=a&limit=-1", "/api/v1/search?q=a&limit=1000000000", "/api/v1/search?q=a&limit=ten",
        "/api/v1/search?q=%FF%FE", "/api/v1/search?q=%E5%AD", "/api/v1/search?q=%00", "/api/v1/search?q=a%ZZ",
        "/api/v1/search?q=a&grade=13",
    ])
    func badInputIsA400WithAMessage(uri: String) async throws {
        try await withRouter { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(uri)")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let error = body?["error"] as? [String: Any]
                #expect(error?["code"] as? String == "bad_request")
                #expect((error?["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func longQueryIsRefusedAndFTSSyntaxIsHarmless() async throws {
        try await withRouter { client in
            let long = String(repeating: "%E5%AD%A9", count: 1_001)
            try await client.execute(uri: "/api/v1/search?q=\(long)", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            for query in ["%22", "NEAR(a%20b)", "*", "%5E%3A%28%29", "-%E7%9D%A1", "AND%20OR%20NOT"] {
                try await client.execute(uri: "/api/v1/search?q=\(query)", method: .get) { response in
                    #expect(response.status == .ok, "\(query)")
                }
            }
        }
    }
}

@Suite struct LearningAPITests {
    private func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, token: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }

    private func get(_ client: some TestClientProtocol, _ uri: String, token: String? = nil) async throws -> (HTTPResponse.Status, Any?) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            (response.status, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
        }
    }

    @Test func parentSignsInTakesAQuizAndReadsALesson() async throws {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        try await core.accounts.create(.init(id: "mom", role: "parent", password: "long secret 1"), actor: .localOperator)
        try await core.accounts.create(.init(id: "ana", role: "analyst", password: "long secret 2"), actor: .localOperator)
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            let (badStatus, _) = try await post(client, "/api/v1/sessions", #"{"id":"mom","password":"wrong"}"#)
            #expect(badStatus == .unauthorized)
            let (status, session) = try await post(client, "/api/v1/sessions", #"{"id":"mom","password":"long secret 1"}"#)
            #expect(status == .ok)
            let token = try #require(session["token"] as? String)
            // Without a token: 401
            let (anonymous, _) = try await post(client, "/api/v1/attempts", #"{"quiz":"sample-survey"}"#)
            #expect(anonymous == .unauthorized)
            let (_, attempt) = try await post(client, "/api/v1/attempts", #"{"quiz":"sample-survey"}"#, token: token)
            let id = try #require(attempt["id"] as? String)
            #expect((attempt["questions"] as? [[String: Any]])?.first?["answer"] == nil)
            let (_, feedback) = try await post(client, "/api/v1/attempts/\(id)/answers", #"{"question":"q-sleep-01","options":["B"]}"#, token: token)
            #expect(feedback["correct"] as? Bool == true)
            let (unknownOption, _) = try await post(client, "/api/v1/attempts/\(id)/answers", #"{"question":"q-sleep-01","options":["Z"]}"#, token: token)
            #expect(unknownOption == .badRequest)
            let (_, result) = try await post(client, "/api/v1/attempts/\(id)/submit", "{}", token: token)
            #expect(result["correct"] as? Int == 1 && result["total"] as? Int == 2)
            let (twice, _) = try await post(client, "/api/v1/attempts/\(id)/submit", "{}", token: token)
            #expect(twice == .conflict)
            let (_, read) = try await post(client, "/api/v1/lessons/course-sample-01/read", "{}", token: token)
            #expect((read["certificate"] as? [String: Any])?["code"] is String)
            let (_, progress) = try await get(client, "/api/v1/me/progress", token: token)
            #expect((progress as? [[String: Any]])?.first?["read"] as? Int == 1)
            // A parent may not read reports; an analyst may
            let (forbidden, _) = try await get(client, "/api/v1/reports/awareness?quiz=sample-survey", token: token)
            #expect(forbidden == .forbidden)
            let (_, analyst) = try await post(client, "/api/v1/sessions", #"{"id":"ana","password":"long secret 2"}"#)
            let (reportStatus, report) = try await get(client, "/api/v1/reports/awareness?quiz=sample-survey&by=school", token: analyst["token"] as? String)
            #expect(reportStatus == .ok)
            #expect((report as? [String: Any])?["quiz"] as? String == "sample-survey")
        }
    }

    @Test func anonymousSurveyResponsesAreValidatedAndCountedOnce() async throws {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            let body = #"{"respondent":{"id":"anon-1","region":"杭州","school":"甲校","grade":3,"role":"parent"},"answers":{"q-sleep-01":["B"],"q-hotline-01":["T"]}}"#
            let (first, counts) = try await post(client, "/api/v1/surveys/sample-survey/responses", body)
            #expect(first == .ok && counts["imported"] as? Int == 1)
            let (_, again) = try await post(client, "/api/v1/surveys/sample-survey/responses", body)
            #expect(again["imported"] as? Int == 0 && again["skipped"] as? Int == 1)
            let (bad, error) = try await post(client, "/api/v1/surveys/sample-survey/responses", #"{"respondent":{"id":"x","region":"杭州","school":"甲校","grade":3,"role":"teacher"},"answers":{}}"#)
            #expect(bad == .badRequest)
            #expect(((error["error"] as? [String: Any])?["message"] as? String)?.contains("parent or student") == true)
            let (notJSON, _) = try await post(client, "/api/v1/surveys/sample-survey/responses", "not json")
            #expect(notJSON == .badRequest)
            let (unknown, _) = try await get(client, "/api/v1/quizzes/no-such-quiz")
            #expect(unknown == .notFound)
        }
    }
}

@Suite struct CertificatePageTests {
    @Test func certificateIsPrintableByCodeAndUnknownCodesAre404() async throws {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        let parent = try await core.accounts.create(.init(id: "mom", role: "parent", name: "王<script>"), actor: .localOperator)
        #expect(try await core.learning.enrol(course: "course-sample", actor: .account(parent)))
        #expect(try await !core.learning.enrol(course: "course-sample", actor: .account(parent)))
        let code = try #require(try await core.learning.markRead(lesson: "course-sample-01", actor: .account(parent)).certificate?.code)
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            try await client.execute(uri: "/certificates/\(code)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("示例家长课堂") && html.contains(code))
                #expect(html.contains("王&lt;script&gt;") && !html.contains("王<script>"))
                #expect(html.contains("@media print"))
            }
            try await client.execute(uri: "/certificates/NOPE", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
