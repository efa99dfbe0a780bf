public import App
import Foundation
public import Hummingbird
public import Logging

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
///
/// Middleware, outermost first: the request log, error pages (JSON for `/api/`), the web session
/// (cookies → signed-in account, CSRF token, text size, flash) and the form check (1 MiB, CSRF) for
/// page POSTs.
public func buildRouter(core: App) async throws -> Router<AppRequestContext> {
    let pages = try await PageRenderer.load()
    let keys = WebKeys(secret: try await core.serverSecret(), secure: core.config.secureCookies)
    let site = Site(core: core, pages: pages, keys: keys, chat: try? core.chat())
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages, core: core))
    router.add(middleware: WebSessionMiddleware(core: core, keys: keys))
    router.add(middleware: FormMiddleware(keys: keys))

    var api = APIRoutes(router: router)
    HealthController(core: core).register(on: router, api: &api)
    SessionController(site: site).register(on: router)
    HomeController(site: site).register(on: router)
    CertificateController(site: site).register(on: router)
    LetterPagesController(site: site).register(on: router)
    LecturePagesController(site: site).register(on: router)
    LearnPagesController(site: site).register(on: router)
    SearchPagesController(site: site).register(on: router)
    SurveyPagesController(site: site).register(on: router)
    StaffController(site: site).register(on: router)
    OrganiserController(site: site).register(on: router)
    AnalyticsController(site: site).register(on: router)
    AdminController(site: site).register(on: router)
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
