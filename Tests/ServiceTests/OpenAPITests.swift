import BondedTesting
import Foundation
import HTTPTypes
import Testing

@testable import Service

/// The committed OpenAPI document and the registered routes describe the same API.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every route is documented and every documented operation is a route")
    func matchesRoutes() async throws {
        let url = URL(fileURLWithPath: Harness.root + "/Sources/Service/Resources/openapi.json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, item) in paths {
            for (method, operation) in item where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
                let operation = try #require(operation as? [String: Any])
                let declared = Set(
                    (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "path" }
                        .compactMap { $0["name"] as? String })
                let inPath = Set(
                    path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                #expect(declared == inPath, "\(method) \(path): path parameters")
            }
        }
        let harness = try await Harness.make(.sqlite)
        defer { Task { await harness.test.tearDown() } }
        var registered: Set<String> = []
        for route in harness.service.routes {
            registered.insert("\(route.method.rawValue) \(route.path)")
            let operation = paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any]
            let query = Set(
                (operation?["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }
                    .compactMap { $0["name"] as? String })
            #expect(query == Set(route.query), "\(route.method) \(route.path): query parameters")
            #expect((operation?["security"] as? [Any])?.isEmpty == (route.kind == .open), "\(route.path): security")
        }
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(registered).sorted() == [], "documented operations with no route")
    }
}
