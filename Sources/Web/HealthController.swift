import App
import Hummingbird

/// `/healthz` (plain liveness) and `/api/v1/stats`.
struct HealthController {
    let core: App

    func register(on router: Router<AppRequestContext>, api: inout APIRoutes) {
        router.get("/healthz") { _, _ in "ok" }
        api.get("/api/v1/stats", summary: "Counts of every content kind, accounts and lectures",
                returns: "a flat object of integers") { _, _ in
            StatsResponse(counts: try await core.content.stats())
        }
    }

    struct StatsResponse: ResponseEncodable {
        var counts: [String: Int]
        func encode(to encoder: any Encoder) throws { try counts.encode(to: encoder) }
    }
}
