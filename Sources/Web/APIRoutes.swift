import Hummingbird

/// Registers JSON API routes and records each in the OpenAPI document at the same time.
struct APIRoutes {
    let router: Router<AppRequestContext>
    private(set) var document = OpenAPIDocument()

    init(router: Router<AppRequestContext>) {
        self.router = router
        document.add(
            .init(method: "GET", path: "/api/v1/openapi.json", summary: "This OpenAPI document", parameters: [],
                  responseDescription: "OpenAPI 3 document", hasJSONBody: false))
    }

    mutating func get(
        _ path: String, summary: String, parameters: [OpenAPIDocument.Parameter] = [], returns: String,
        handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) {
        document.add(.init(method: "GET", path: path, summary: summary, parameters: parameters + Self.pathParameters(path),
                           responseDescription: returns, hasJSONBody: false))
        router.get(RouterPath(path), use: handler)
    }

    mutating func post(
        _ path: String, summary: String, parameters: [OpenAPIDocument.Parameter] = [], returns: String,
        handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) {
        document.add(.init(method: "POST", path: path, summary: summary, parameters: parameters + Self.pathParameters(path),
                           responseDescription: returns, hasJSONBody: true))
        router.post(RouterPath(path), use: handler)
    }

    private static func pathParameters(_ path: String) -> [OpenAPIDocument.Parameter] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map {
            .init(name: String($0.dropFirst()), location: "path", required: true, type: "string", description: "id")
        }
    }
}
