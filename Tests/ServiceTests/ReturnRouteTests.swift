import BondedTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WMSCore

@testable import Service

/// Returns over HTTP, the single-window rejection of a shipped order's declaration, token revocation and strict
/// decoding of null fields; on SQLite and PostgreSQL.
@Suite("API: returns, rejections, tokens")
struct ReturnRouteTests {
    @Test("authorise → receive → grade → relabel → restock → reasons", arguments: TestBackend.allCases)
    func returns(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            try await FlowSupport.seed(harness)
            let path = FlowSupport.path
            let shipped = try await FlowSupport.ship(["R-1"], client: client, harness: harness)
            #expect(shipped.first?.object["status"] as? String == "shipped", "\(shipped.first?.text ?? "")")

            let tooMany = try await client.send(
                .post, path("returns"), as: "admin", harness: harness,
                json: #"{"rma":"RMA-1","order":"web-R-1","returnsLocation":"RET-01","lines":[{"sku":"TEE-API","quantity":3,"reason":"size-fit"}]}"#)
            #expect(tooMany.status.code >= 400 && tooMany.status.code < 500, "\(tooMany.text)")
            #expect(tooMany.problemField?.hasPrefix("lines") == true, "\(tooMany.text)")
            let badReason = try await client.send(
                .post, path("returns"), as: "admin", harness: harness,
                json: #"{"rma":"RMA-1","order":"web-R-1","returnsLocation":"RET-01","lines":[{"sku":"TEE-API","quantity":1,"reason":"bored"}]}"#)
            #expect(badReason.status == .badRequest && badReason.problemField == "lines[0].reason")
            let authorised = try await client.send(
                .post, path("returns"), as: "admin", harness: harness,
                json: #"{"rma":"RMA-1","order":"web-R-1","returnsLocation":"RET-01","lines":[{"sku":"TEE-API","quantity":2,"reason":"size-fit"}]}"#)
            #expect(authorised.status == .created, "\(authorised.text)")
            // Another warehouse's desk has no such shipped order.
            let elsewhere = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/returns", as: "admin", harness: harness,
                json: #"{"rma":"RMA-2","order":"web-R-1","returnsLocation":"RET-01","lines":[{"sku":"TEE-API","quantity":1,"reason":"size-fit"}]}"#)
            #expect(elsewhere.status == .notFound)

            let received = try await client.send(
                .post, path("returns/receipts"), as: "admin", harness: harness,
                json: #"{"parcel":"RMA-1","items":[{"code":"\#(FlowSupport.gtin)","quantity":2}]}"#)
            #expect(received.status == .ok, "\(received.text)")
            #expect(received.object["status"] as? String == "receiving")
            let graded = try await client.send(
                .post, path("returns/RMA-1/grades"), as: "admin", harness: harness,
                json: #"{"entries":[{"sku":"TEE-API","grade":"A","quantity":1},{"sku":"TEE-API","grade":"C","quantity":1,"reason":"defective"}]}"#)
            #expect(graded.status == .ok, "\(graded.text)")
            #expect((graded.object["gradings"] as? [Any])?.count == 2)

            let bare = try await client.send(
                .post, path("returns/RMA-1/relabel"), as: "admin", harness: harness,
                json: #"{"sku":"TEE-API","quantity":1,"oldLabel":"OLD-1","newLabel":{"code":"NEW-1","languages":["zh"]},"destination":"DE"}"#)
            #expect(bare.status.code >= 400 && bare.status.code < 500, "\(bare.text)")
            #expect((bare.object["detail"] as? String)?.isEmpty == false)
            let relabelled = try await client.send(
                .post, path("returns/RMA-1/relabel"), as: "admin", harness: harness,
                json: """
                    {"sku":"TEE-API","quantity":1,"oldLabel":"OLD-1","newLabel":{"code":"NEW-1","languages":["de","en"],\
                    "originCountry":"CN","productIdentifier":"TEE-API","manufacturer":"Acme Ltd, Ningbo",\
                    "responsiblePerson":"Acme EU GmbH, Berlin"},"destination":"DE"}
                    """)
            #expect(relabelled.status == .ok, "\(relabelled.text)")
            #expect(relabelled.object["oldLabel"] as? String == "OLD-1")

            let restocked = try await client.send(
                .post, path("returns/RMA-1/restock"), as: "admin", harness: harness,
                json: #"{"resellLocation":"A-01-1"}"#)
            #expect(restocked.status == .ok, "\(restocked.text)")
            #expect(restocked.object["status"] as? String == "closed")
            let shown = try await client.send(.get, path("returns/RMA-1"), as: "integration-ngb", harness: harness)
            #expect(shown.object["orderID"] as? String == "web-R-1")
            #expect(
                try await client.send(.get, path("returns/RMA-9"), as: "admin", harness: harness).status == .notFound)

            let reasons = try await client.send(
                .get, path("returns/reasons?sku=TEE-API&from=2000-01-01"), as: "admin", harness: harness)
            let rows = (reasons.object["items"] as? [[String: Any]] ?? []).map {
                "\($0["reason"] as? String ?? "") \($0["grade"] as? String ?? "") \($0["quantity"] as? Int ?? 0)"
            }
            #expect(rows == ["defective C 1", "size-fit A 1"], "\(reasons.text)")
            let badDate = try await client.send(
                .get, path("returns/reasons?from=yesterday"), as: "admin", harness: harness)
            #expect(badDate.status == .badRequest && badDate.problemField == "from")
        }
    }

    @Test("a rejected declaration of a shipped order puts the order on hold", arguments: TestBackend.allCases)
    func rejection(backend: TestBackend) async throws {
        let router = Router()
        router.post("/single-window") { request, _ -> Response in
            let id = request.headers[HTTPField.Name("Message-ID")!] ?? ""
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string: #"{"messageId":"\#(id)","outcome":"rejected","reason":"consignee address incomplete"}"#)))
        }
        try await Application(router: router).test(.live) { live in
            let port = try #require(live.port)
            let configuration = Harness.configuration(endpoints: ["h7": "http://127.0.0.1:\(port)/single-window"])
            try await Harness.with(backend, configuration: configuration) { harness, client in
                try await FlowSupport.seed(harness)
                let shipped = try await FlowSupport.ship(["H-1"], client: client, harness: harness)
                #expect(shipped.first?.object["declarations"] as? [String] == ["CN-NGB1-web-H-1-h7"])
                #expect(try await harness.service.deliverDueMessages() == 1)
                let order = try await client.send(
                    .get, FlowSupport.path("orders/web-H-1"), as: "admin", harness: harness)
                let holds = order.object["holds"] as? [[String: Any]] ?? []
                #expect(holds.map { $0["rule"] as? String } == ["single-window.h7"], "\(order.text)")
                #expect(holds.first?["message"] as? String == "consignee address incomplete")
                #expect((order.object["singleWindowHold"] as? [String: Any])?["messageID"] as? String
                    == "CN-NGB1-web-H-1-h7")
                // Shipped stays shipped: the parcel has left; the hold says customs stopped it.
                #expect(order.object["status"] as? String == "shipped")
            }
        }
    }

    @Test("tokens are revoked by id: own or as admin; others' are 404", arguments: TestBackend.allCases)
    func revocation(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let issued = try await client.send(
                .post, "/v1/tokens", as: "operator-fra", harness: harness, json: #"{"name":"scanner-7"}"#)
            let id = try #require(issued.object["id"] as? String)
            let token = try #require(issued.object["token"] as? String)
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer).status == .ok)
            #expect(
                try await client.send(.delete, "/v1/tokens/\(id)", as: "operator-lax", harness: harness).status
                    == .notFound)
            let revoked = try await client.send(.delete, "/v1/tokens/\(id)", as: "operator-fra", harness: harness)
            #expect(revoked.status == .ok)
            #expect(revoked.object["revoked"] as? Bool == true)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer).status == .unauthorized)
            #expect(
                try await client.send(.delete, "/v1/tokens/\(id)", as: "operator-fra", harness: harness).status
                    == .notFound)
            // An admin revokes anyone's token, e.g. a leaked integration token.
            let other = try await client.send(
                .post, "/v1/tokens", as: "admin", harness: harness, json: #"{"name":"sync","username":"integration-ngb"}"#)
            let otherID = try #require(other.object["id"] as? String)
            #expect(
                try await client.send(.delete, "/v1/tokens/\(otherID)", as: "admin", harness: harness).status == .ok)
            #expect(try await harness.service.store.token(hash: otherID) == nil)
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 50, warehouse: nil)
                .filter { $0.action == "DELETE /v1/tokens/{id}" }
            #expect(audit.map(\.status) == [404, 200, 404, 200])
        }
    }

    @Test("unknown fields are refused even when their value is null", arguments: TestBackend.allCases)
    func strictNulls(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let user = #"{"username":"ana","password":"correct horse battery","role":"admin""#
            let unknown = try await client.send(
                .post, "/v1/users", as: "admin", harness: harness, json: user + #","nickname":null}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.object["type"] as? String == "/problems/unknown-field")
            #expect(unknown.problemField == "nickname")
            // A known optional field may be null.
            let known = try await client.send(
                .post, "/v1/users", as: "admin", harness: harness, json: user + #","warehouses":null}"#)
            #expect(known.status == .created, "\(known.text)")
            // Nested, beside known nulls.
            let nested = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "admin", harness: harness,
                json: #"{"id":"ASN-N","billOfLading":null,"lines":[{"container":"C1","sku":"TSHIRT-BLK-M","quantity":1,"lot":null,"colour":null}]}"#)
            #expect(nested.status == .badRequest)
            #expect(nested.problemField == "lines[0].colour", "\(nested.text)")
            let fine = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "admin", harness: harness,
                json: #"{"id":"ASN-N","billOfLading":null,"lines":[{"container":"C1","sku":"TSHIRT-BLK-M","quantity":1,"lot":null}]}"#)
            #expect(fine.status == .created, "\(fine.text)")
        }
    }
}
