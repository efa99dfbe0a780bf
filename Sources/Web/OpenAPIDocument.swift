import Foundation

/// The OpenAPI 3 document served at `/api/v1/openapi.json`, built from the same calls that register the
/// routes (`APIRoutes`), so it cannot drift from what the server answers.
struct OpenAPIDocument: Sendable {
    struct Parameter: Sendable {
        var name: String
        var location: String  // "query" or "path"
        var required: Bool
        var type: String  // "string" or "integer"
        var description: String
    }

    struct Operation: Sendable {
        var method: String
        var path: String
        var summary: String
        var parameters: [Parameter]
        var responseDescription: String
        var hasJSONBody: Bool
    }

    private(set) var operations: [Operation] = []

    mutating func add(_ operation: Operation) { operations.append(operation) }

    /// `/api/v1/lessons/:id` → `/api/v1/lessons/{id}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    func json() throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "summary": operation.summary,
                "operationId": operation.method.lowercased() + operation.path.replacingOccurrences(of: "/", with: "_"),
                "responses": [
                    "200": [
                        "description": operation.responseDescription,
                        "content": ["application/json": ["schema": ["type": "object"]]],
                    ],
                    "4XX": ["$ref": "#/components/responses/Error"],
                ],
            ]
            if !operation.parameters.isEmpty {
                entry["parameters"] = operation.parameters.map { parameter in
                    [
                        "name": parameter.name, "in": parameter.location, "required": parameter.required,
                        "description": parameter.description, "schema": ["type": parameter.type],
                    ] as [String: Any]
                }
            }
            if operation.hasJSONBody {
                entry["requestBody"] = [
                    "required": true, "content": ["application/json": ["schema": ["type": "object"]]],
                ]
            }
            paths[Self.openAPIPath(operation.path), default: [:]][operation.method.lowercased()] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.0.3",
            "info": [
                "title": "XinQiao 心桥 API",
                "version": "1.0.0",
                "description": "Mental-health outreach content for parents, schools and communities.",
            ],
            "paths": paths,
            "components": [
                "schemas": [
                    "Error": [
                        "type": "object", "required": ["error"],
                        "properties": [
                            "error": [
                                "type": "object", "required": ["code", "message"],
                                "properties": ["code": ["type": "string"], "message": ["type": "string"]],
                            ]
                        ],
                    ]
                ],
                "responses": [
                    "Error": [
                        "description": "bad input or unknown resource",
                        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
                    ]
                ],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }
}
