public import App
import Foundation
public import Hummingbird
public import Logging

/// The request context: per-request data only (the signed-in account arrives with the web issue).
public typealias AppRequestContext = BasicRequestContext

/// Builds the web application over the application core: JSON API under `/api/v1`, HTML pages, one
/// log line per request, errors mapped in one place.
public func buildApplication(core: App, logger: Logger) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(core: core)
    return Application(
        router: router,
        configuration: .init(address: .hostname(core.config.host, port: core.config.port), serverName: "xinqiao"),
        logger: logger)
}

/// Builds the router alone, for in-process tests (`app.test(.router)`).
public func buildRouter(core: App) async throws -> Router<AppRequestContext> {
    let pages = try await PageRenderer.load()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))

    var api = APIRoutes(router: router)
    HealthController(core: core).register(on: router, api: &api)
    HomeController(core: core, pages: pages).register(on: router)
    CertificateController(core: core, pages: pages).register(on: router)
    SearchController(core: core).register(api: &api)
    LearningController(core: core).register(api: &api)
    CampaignController(core: core).register(api: &api)
    LectureController(core: core).register(api: &api)
    ChatController(core: core).register(api: &api)
    let document = api.document
    router.get("/api/v1/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try document.json())))
    }
    return router
}

/// Builds the application and runs it until SIGINT or SIGTERM, then shuts down cleanly.
public func runServer(core: App, logger: Logger) async throws {
    try await buildApplication(core: core, logger: logger).runService()
}
