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
