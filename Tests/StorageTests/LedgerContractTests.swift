import BondedTesting
import Foundation
import Storage
import Testing
import WMSCore

/// One contract, run unchanged on SQLite and PostgreSQL.
@Suite("Store contract")
struct LedgerContractTests {
    static let warehouse = "TST-1"

    static func seed(_ store: any Store) async throws {
        try await store.save(
            Warehouse(
                code: warehouse, name: "Test", country: "DE", timeZone: "Europe/Berlin",
                currency: "EUR", languages: ["en"]))
        for code in ["A-1", "A-2", "QA"] {
            try await store.save(Location(warehouse: warehouse, code: code, zone: "Z", zoneKind: .general))
        }
        try await store.save(Product(sku: "SKU-1", gtin: try GTIN("4006381333931"), description: "Widget"))
        try await store.save(Product(sku: "SKU-2", description: "Gadget"))
        try await store.save(Product(sku: "LOT-1", description: "Cream", lotTracked: true))
        try await store.save(Lot(sku: "LOT-1", lot: "L1", expiry: "2027-01-31"))
    }

    static func receive(
        _ store: any Store, _ id: String, sku: String = "SKU-1", quantity: Int64,
        location: String = "A-1", bucket: Bucket = .available
    ) async throws -> PostingResult {
        try await store.post(
            Posting(
                clientOperationID: id, warehouse: warehouse, documentReference: "ASN-1", actor: "tester",
                movements: [
                    .receipt(sku: sku, quantity: quantity, to: StockPosition(location: location, bucket: bucket))
                ]))
    }

    @Test("migrations are versioned and idempotent", arguments: TestBackend.allCases)
    func migrations(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let latest = try await test.store.schemaVersion()
            #expect(latest >= 2)
            try await test.store.migrate()
            #expect(try await test.store.schemaVersion() == latest)
        }
    }

    @Test("master data round-trips", arguments: TestBackend.allCases)
    func masterData(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await Self.seed(test.store)
            let product = try #require(try await test.store.product("SKU-1"))
            #expect(product.gtin?.digits == "4006381333931")
            #expect(try await test.store.locations(warehouse: Self.warehouse).map(\.code) == ["A-1", "A-2", "QA"])
            #expect(try await test.store.lot(sku: "LOT-1", lot: "L1")?.expiry == "2027-01-31")
            #expect(try await test.store.warehouse(Self.warehouse)?.timeZone == "Europe/Berlin")
            await #expect(throws: WMSError(.unknownWarehouse, "")) {
                try await test.store.save(Location(warehouse: "NOPE", code: "X", zone: "Z", zoneKind: .general))
            }
            await #expect(throws: WMSError(.unknownSKU, "")) {
                try await test.store.save(Lot(sku: "NOPE", lot: "L"))
            }
        }
    }

    @Test("receipts, moves and shipments update balances and available stock", arguments: TestBackend.allCases)
    func movements(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            _ = try await Self.receive(store, "r1", quantity: 10)
            _ = try await store.post(
                Posting(
                    clientOperationID: "m1", warehouse: Self.warehouse, actor: "tester",
                    movements: [
                        .transfer(
                            sku: "SKU-1", quantity: 3, from: StockPosition(location: "A-1", bucket: .available),
                            to: StockPosition(location: "A-2", bucket: .available), reason: "move"),
                        .transfer(
                            sku: "SKU-1", quantity: 2, from: StockPosition(location: "A-1", bucket: .available),
                            to: StockPosition(location: "QA", bucket: .frozen), reason: "customs-hold"),
                    ]))
            _ = try await store.post(
                Posting(
                    clientOperationID: "s1", warehouse: Self.warehouse, actor: "tester",
                    movements: [.shipment(sku: "SKU-1", quantity: 1, from: "A-2")]))
            let balances = try await store.balances(warehouse: Self.warehouse, sku: "SKU-1")
            #expect(
                balances.map { "\($0.location)/\($0.bucket.rawValue)=\($0.quantity)" }
                    == ["A-1/available=5", "A-2/available=2", "QA/frozen=2"])
            let level = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(level.available == 7)
            #expect(level.availableToPromise == 7)
            let head = try await store.chainHead(warehouse: Self.warehouse)
            #expect(head.sequence == 4)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse).isValid)
        }
    }

    @Test("a replayed client operation id returns the first result and writes nothing", arguments: TestBackend.allCases)
    func idempotency(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            let first = try await Self.receive(store, "op-1", quantity: 10)
            let second = try await Self.receive(store, "op-1", quantity: 10)
            #expect(!first.replayed)
            #expect(second.replayed)
            #expect(second.entries == first.entries)
            #expect(try await store.chainHead(warehouse: Self.warehouse).sequence == 1)
            #expect(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first?.available == 10)
            // The same id for a different kind of operation is a conflict, not a silent replay.
            await #expect(throws: WMSError(.operationConflict, "")) {
                try await store.reserve(
                    ReservationRequest(
                        clientOperationID: "op-1", warehouse: Self.warehouse, sku: "SKU-1", quantity: 1,
                        orderReference: "O-1"))
            }
            let reservation = ReservationRequest(
                clientOperationID: "res-1", warehouse: Self.warehouse, sku: "SKU-1", quantity: 4, orderReference: "O-1")
            #expect(try await !store.reserve(reservation).replayed)
            #expect(try await store.reserve(reservation).replayed)
            #expect(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first?.reserved == 4)
        }
    }

    struct BadPosting: Sendable, CustomStringConvertible {
        var name: String
        var code: WMSError.Code
        var field: String
        var movement: Movement
        var warehouse: String = LedgerContractTests.warehouse
        var description: String { name }
    }

    static let badPostings: [BadPosting] = [
        BadPosting(
            name: "unknown SKU", code: .unknownSKU, field: "movements[1].sku",
            movement: .receipt(sku: "GHOST", quantity: 1, to: StockPosition(location: "A-1", bucket: .available))),
        BadPosting(
            name: "unknown location", code: .unknownLocation, field: "movements[1].to.location",
            movement: .receipt(sku: "SKU-2", quantity: 1, to: StockPosition(location: "Z-9", bucket: .available))),
        BadPosting(
            name: "unknown warehouse", code: .unknownWarehouse, field: "warehouse",
            movement: .receipt(sku: "SKU-2", quantity: 1, to: StockPosition(location: "A-1", bucket: .available)),
            warehouse: "GHOST-WH"),
        BadPosting(
            name: "unknown lot", code: .unknownLot, field: "movements[1].lot",
            movement: .receipt(
                sku: "LOT-1", lot: "NOPE", quantity: 1,
                to: StockPosition(location: "A-1", bucket: .available))),
        BadPosting(
            name: "missing lot of a lot-tracked SKU", code: .invalidField, field: "movements[1].lot",
            movement: .receipt(sku: "LOT-1", quantity: 1, to: StockPosition(location: "A-1", bucket: .available))),
        BadPosting(
            name: "zero quantity", code: .invalidField, field: "movements[1].quantity",
            movement: .receipt(sku: "SKU-2", quantity: 0, to: StockPosition(location: "A-1", bucket: .available))),
        BadPosting(
            name: "negative quantity", code: .invalidField, field: "movements[1].quantity",
            movement: .receipt(sku: "SKU-2", quantity: -5, to: StockPosition(location: "A-1", bucket: .available))),
        BadPosting(
            name: "move that would make a bucket negative", code: .insufficientStock, field: "movements[1].quantity",
            movement: .transfer(
                sku: "SKU-1", quantity: 11, from: StockPosition(location: "A-1", bucket: .available),
                to: StockPosition(location: "A-2", bucket: .available), reason: "move")),
        BadPosting(
            name: "shipment from an empty bin", code: .insufficientStock, field: "movements[1].quantity",
            movement: .shipment(sku: "SKU-1", quantity: 1, from: "A-2")),
        BadPosting(
            name: "destruction of stock not pending destruction", code: .invalidField,
            field: "movements[1].from.bucket",
            movement: Movement(
                sku: "SKU-1", kind: .destruction,
                from: StockPosition(location: "A-1", bucket: .available), to: nil, quantity: 1,
                reason: "x")),
        BadPosting(
            name: "shipment fulfilling an unknown reservation", code: .unknownReservation,
            field: "movements[1].reservationID",
            movement: .shipment(sku: "SKU-1", quantity: 1, from: "A-1", reservationID: "nope")),
    ]

    @Test(
        "bad input is refused with the field named, and nothing is written",
        arguments: TestBackend.allCases, badPostings)
    func badInput(backend: TestBackend, bad: BadPosting) async throws {
        try await withTestStore(backend) { test in
            try await Self.seed(test.store)
            _ = try await Self.receive(test.store, "r1", quantity: 10)
            try await Self.expectRefused(bad, id: "bad-1", by: test.store)
        }
    }

    @Test("bad input is refused the same way once every location was seen", arguments: TestBackend.allCases)
    func badInputOnKnownLocations(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await Self.seed(test.store)
            _ = try await Self.receive(test.store, "r1", quantity: 10)
            _ = try await Self.receive(test.store, "r2", sku: "SKU-2", quantity: 1, location: "A-2")
            // The stores skip lookups that already succeeded once; what they still check must name the field.
            for (index, bad) in Self.badPostings.enumerated() {
                try await Self.expectRefused(bad, id: "bad-\(index)", by: test.store)
            }
        }
    }

    /// Posts a valid movement followed by `bad`, expects the error `bad` names and that nothing was written.
    static func expectRefused(_ bad: BadPosting, id: String, by store: any Store) async throws {
        let before = try await store.chainHead(warehouse: Self.warehouse)
        let beforeBalances = try await store.balances(warehouse: Self.warehouse, sku: nil)
        // A valid first movement proves the posting is all-or-nothing.
        let posting = Posting(
            clientOperationID: id, warehouse: bad.warehouse, actor: "tester",
            movements: [
                .receipt(sku: "SKU-2", quantity: 5, to: StockPosition(location: "A-2", bucket: .available)),
                bad.movement,
            ])
        do {
            _ = try await store.post(posting)
            Issue.record("\(bad.name) was accepted")
        } catch let error as WMSError {
            #expect(error.code == bad.code, "\(bad.name): \(error.debugDescription)")
            #expect(error.field == bad.field, "\(bad.name): \(error.debugDescription)")
        }
        #expect(try await store.chainHead(warehouse: Self.warehouse) == before)
        #expect(try await store.balances(warehouse: Self.warehouse, sku: nil) == beforeBalances)
        // The id was not consumed: a corrected posting with it goes through.
        let fixed = Posting(
            clientOperationID: posting.clientOperationID, warehouse: Self.warehouse, actor: "tester",
            movements: [posting.movements[0]])
        #expect(try await !store.post(fixed).replayed)
    }

    @Test("reservations never exceed available-to-promise", arguments: TestBackend.allCases)
    func reservations(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            _ = try await Self.receive(store, "r1", quantity: 10)
            func reserve(_ id: String, _ quantity: Int64) async throws -> ReservationResult {
                try await store.reserve(
                    ReservationRequest(
                        clientOperationID: id, warehouse: Self.warehouse, sku: "SKU-1", quantity: quantity,
                        orderReference: "O-\(id)"))
            }
            _ = try await reserve("a", 6)
            do {
                _ = try await reserve("b", 5)
                Issue.record("reservation beyond ATP accepted")
            } catch let error as WMSError {
                #expect(error.code == .insufficientAvailableToPromise)
                #expect(error.field == "quantity")
                #expect(error.message.contains("available-to-promise is 4"))
            }
            @discardableResult
            func move(_ id: String, _ quantity: Int64, _ from: StockPosition, _ to: StockPosition) async throws
                -> PostingResult
            {
                try await store.post(
                    Posting(
                        clientOperationID: id, warehouse: Self.warehouse, actor: "tester",
                        movements: [.transfer(sku: "SKU-1", quantity: quantity, from: from, to: to, reason: id)]))
            }
            let a1 = StockPosition(location: "A-1", bucket: .available)
            let a2 = StockPosition(location: "A-2", bucket: .available)
            // Freezing stock that is promised would leave reservations uncovered.
            await #expect(throws: WMSError(.reservedStockWouldBeUncovered, "")) {
                try await move("freeze", 5, a1, StockPosition(location: "QA", bucket: .frozen))
            }
            // With every unit promised, stock still moves between available positions (a pick to the pack
            // station, a replenishment): the available sum does not change. Into another bucket it may not.
            _ = try await reserve("c", 4)
            #expect(try await move("to-pack", 5, a1, a2).entries.count == 1)
            let moved = try await store.balances(warehouse: Self.warehouse, sku: "SKU-1")
            let byLocation = Dictionary(
                moved.filter { $0.bucket == .available }.map { ($0.location, $0.quantity) }, uniquingKeysWith: +)
            #expect(byLocation == ["A-1": 5, "A-2": 5])
            var full = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(full.available == 10 && full.reserved == 10)
            await #expect(throws: WMSError(.reservedStockWouldBeUncovered, "")) {
                try await move("freeze-2", 1, a2, StockPosition(location: "A-2", bucket: .frozen))
            }
            try await move("back", 5, a2, a1)
            _ = try await store.release(reservationID: "c")
            full = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(full.available == 10 && full.reserved == 6)
            // A shipment fulfils the reservation: reserved and available both go down.
            _ = try await store.post(
                Posting(
                    clientOperationID: "ship", warehouse: Self.warehouse, actor: "tester",
                    movements: [.shipment(sku: "SKU-1", quantity: 4, from: "A-1", reservationID: "a")]))
            var level = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(level.available == 6)
            #expect(level.reserved == 2)
            await #expect(throws: WMSError(.insufficientAvailableToPromise, "")) {
                try await store.post(
                    Posting(
                        clientOperationID: "overship", warehouse: Self.warehouse, actor: "tester",
                        movements: [.shipment(sku: "SKU-1", quantity: 3, from: "A-1", reservationID: "a")]))
            }
            let released = try await store.release(reservationID: "a")
            #expect(released.status == .released)
            #expect(try await store.release(reservationID: "a").remaining == 0)
            level = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(level.reserved == 0)
            #expect(level.availableToPromise == 6)
            await #expect(throws: WMSError(.unknownReservation, "")) { try await store.release(reservationID: "zz") }
            #expect(try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse).isValid)
        }
    }

    @Test(
        "64 concurrent tasks reserving the last 10 units get exactly 10 reservations", arguments: TestBackend.allCases)
    func concurrentReservations(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            _ = try await Self.receive(store, "r1", quantity: 10)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        do {
                            _ = try await store.reserve(
                                ReservationRequest(
                                    clientOperationID: "c-\(task)", warehouse: Self.warehouse, sku: "SKU-1",
                                    quantity: 1,
                                    orderReference: "O-\(task)"))
                            return true
                        } catch let error as WMSError where error.code == .insufficientAvailableToPromise {
                            return false
                        } catch {
                            Issue.record("unexpected error \(error)")
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            let level = try #require(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first)
            #expect(level.reserved == 10)
            #expect(level.availableToPromise == 0)
            #expect(try await store.reservations(warehouse: Self.warehouse).count == 10)
        }
    }

    @Test("concurrent postings keep one unbroken chain", arguments: TestBackend.allCases)
    func concurrentPostings(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        for step in 0..<5 {
                            _ = try await Self.receive(
                                store, "p-\(task)-\(step)", quantity: 1,
                                location: task % 2 == 0 ? "A-1" : "A-2")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse)
            #expect(report.isValid, "\(report)")
            #expect(report.entriesChecked == 160)
            #expect(try await store.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first?.available == 160)
        }
    }

    @Test("verification beside live writers never calls a sound ledger broken", arguments: TestBackend.allCases)
    func verifyWhileWriting(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            _ = try await Self.receive(store, "v-0", quantity: 1_000)
            let writer = Task {
                // Entries with balance changes, and reservations (which change no entry), interleaved.
                for step in 1...150 {
                    _ = try await Self.receive(store, "v-\(step)", quantity: 2, location: step % 2 == 0 ? "A-1" : "A-2")
                    _ = try await store.post(
                        Posting(
                            clientOperationID: "m-\(step)", warehouse: Self.warehouse, actor: "tester",
                            movements: [
                                .transfer(
                                    sku: "SKU-1", quantity: 1, from: StockPosition(location: "A-1", bucket: .available),
                                    to: StockPosition(location: "QA", bucket: .frozen), reason: "quality hold")
                            ]))
                    let reservation = try await store.reserve(
                        ReservationRequest(
                            clientOperationID: "r-\(step)", warehouse: Self.warehouse, sku: "SKU-1", quantity: 1,
                            orderReference: "O-\(step)"))
                    if step % 3 == 0 { _ = try await store.release(reservationID: reservation.reservation.id) }
                }
            }
            var reports: [VerificationReport] = []
            repeat {
                reports.append(try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse))
            } while (reports.last?.head.sequence ?? 0) < 301 && reports.count < 2_000
            try await writer.value
            let broken = reports.filter { !$0.isValid }
            #expect(broken.isEmpty, "\(broken.prefix(2))")
            // The runs overlapped the writer: some saw a chain it was still extending.
            let heads = Set(reports.map(\.head.sequence))
            #expect(heads.count >= 3, "verifications saw heads \(heads.sorted())")
            #expect(reports.last?.head.sequence == 301)
        }
    }

    @Test("ledger entries are append-only, and tampering is detected", arguments: TestBackend.allCases)
    func tampering(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await Self.seed(store)
            for index in 1...5 { _ = try await Self.receive(store, "r\(index)", quantity: Int64(index)) }
            await #expect(throws: (any Error).self) {
                try await test.executeRaw("UPDATE ledger_entries SET quantity = 50 WHERE sequence = 3")
            }
            #expect(try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse).isValid)
            // Someone with database access disables the guard and edits history.
            switch backend {
            case .sqlite: try await test.executeRaw("DROP TRIGGER ledger_entries_no_update")
            case .postgres:
                try await test.executeRaw("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only")
            }
            try await test.executeRaw("UPDATE ledger_entries SET quantity = 50 WHERE sequence = 3")
            let report = try await LedgerVerifier(store: store).verify(warehouse: Self.warehouse)
            #expect(!report.isValid)
            #expect(report.firstBrokenEntry?.sequence == 3)
            #expect(report.firstBrokenEntry?.message.contains("altered") == true)
            #expect(!report.projectionMismatches.isEmpty)
        }
    }

    @Test("two stores appending to one database take turns on one chain", arguments: TestBackend.allCases)
    func twoStoresOneChain(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await Self.seed(test.store)
            // Each store caches the head it wrote last; the other's appends make that cache stale.
            let other: any Store =
                switch backend {
                case .sqlite: try SQLiteStore(path: try #require(test.sqlitePath))
                case .postgres: try PostgresStore(url: test.address, maxConnections: 1)
                }
            for round in 0..<3 {
                _ = try await Self.receive(test.store, "mine-\(round)", quantity: 1)
                _ = try await Self.receive(other, "theirs-\(round)", quantity: 2)
                // A replay through the other store is still recognised.
                #expect(try await Self.receive(test.store, "theirs-\(round)", quantity: 2).replayed)
            }
            #expect(try await test.store.chainHead(warehouse: Self.warehouse).sequence == 6)
            #expect(try await LedgerVerifier(store: test.store).verify(warehouse: Self.warehouse).isValid)
            #expect(try await other.stockLevels(warehouse: Self.warehouse, sku: "SKU-1").first?.available == 9)
        }
    }

    @Test("a SKU switched to lot tracking needs a lot at once, whichever store switched it", arguments: TestBackend.allCases)
    func lotTrackingSwitched(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await Self.seed(test.store)
            // Posted once without a lot: the store has now seen SKU-2 as not lot-tracked.
            _ = try await Self.receive(test.store, "before", sku: "SKU-2", quantity: 1)
            let other: any Store =
                switch backend {
                case .sqlite: try SQLiteStore(path: try #require(test.sqlitePath))
                case .postgres: try PostgresStore(url: test.address, maxConnections: 1)
                }
            for (round, switcher) in [other, test.store].enumerated() {
                try await switcher.save(Product(sku: "SKU-2", description: "Gadget", lotTracked: true))
                let error = await #expect(throws: WMSError.self) {
                    _ = try await Self.receive(test.store, "no-lot-\(round)", sku: "SKU-2", quantity: 1)
                }
                #expect(error?.code == .invalidField)
                #expect(error?.field == "movements[0].lot")
                // Switched off again by the same store that switched it on: lot-less receipts go through.
                try await switcher.save(Product(sku: "SKU-2", description: "Gadget", lotTracked: false))
                #expect(try await !Self.receive(test.store, "lot-less-\(round)", sku: "SKU-2", quantity: 1).replayed)
            }
        }
    }

    @Test("the database refuses entries whose buckets do not fit their kind", arguments: TestBackend.allCases)
    func entryShape(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            var sequence = 0
            func insert(_ kind: String, from: String?, to: String?) async throws {
                sequence += 1
                let side = { (bucket: String?) in bucket.map { "'A-1', '\($0)'" } ?? "NULL, NULL" }
                try await test.executeRaw(
                    """
                    INSERT INTO ledger_entries (warehouse, sequence, leg, client_op_id, sku, lot, kind, from_location,
                    from_bucket, to_location, to_bucket, quantity, reason, document_ref, actor, device, recorded_at_ms,
                    previous_hash, hash) VALUES ('TST-1', \(sequence), 0, 'raw-\(sequence)', 'SKU-1', '', '\(kind)',
                    \(side(from)), \(side(to)), 1, 'raw', '', 'tester', '', 0, 'p', 'h')
                    """)
            }
            let refused: [(String, String?, String?)] = [
                ("receipt", "available", "available"), ("receipt", nil, nil), ("shipment", "available", "available"),
                ("destruction", nil, nil), ("transfer", "available", nil), ("transfer", nil, "quarantine"),
                ("adjustment", nil, nil), ("adjustment", "available", "available"),
            ]
            for (kind, from, to) in refused {
                await #expect(throws: (any Error).self, "\(kind) \(from ?? "-") → \(to ?? "-")") {
                    try await insert(kind, from: from, to: to)
                }
            }
            let accepted: [(String, String?, String?)] = [
                ("receipt", nil, "available"), ("shipment", "available", nil), ("destruction", "destruction", nil),
                ("transfer", "available", "quarantine"), ("adjustment", nil, "available"),
                ("adjustment", "available", nil),
            ]
            for (kind, from, to) in accepted { try await insert(kind, from: from, to: to) }
        }
    }

    @Test("random operations conserve stock and never go negative", arguments: TestBackend.allCases)
    func conservationProperty(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await DemoNetwork.seed(into: store)
            var opening: [String: Int64] = [:]
            for warehouse in DemoNetwork.warehouses {
                opening[warehouse.code] = try await store.balances(warehouse: warehouse.code, sku: nil)
                    .reduce(0) { $0 + $1.quantity }
            }
            var simulator = LedgerSimulator(seed: 20_261_129, prefix: "prop")
            var applied = 0
            for step in 0..<400 {
                if try await simulator.step(store) { applied += 1 }
                // Conservation and non-negativity after every step, in every warehouse.
                for warehouse in DemoNetwork.warehouses {
                    let balances = try await store.balances(warehouse: warehouse.code, sku: nil)
                    #expect(balances.allSatisfy { $0.quantity > 0 }, "negative or zero balance at step \(step)")
                    let total = balances.reduce(0) { $0 + $1.quantity }
                    #expect(
                        total == opening[warehouse.code]! + simulator.expectedTotals[warehouse.code, default: 0],
                        "stock not conserved in \(warehouse.code) at step \(step)")
                    for level in try await store.stockLevels(warehouse: warehouse.code, sku: nil) {
                        #expect(level.reserved >= 0 && level.reserved <= level.available)
                    }
                }
            }
            #expect(applied > 300)
            for warehouse in DemoNetwork.warehouses {
                let report = try await LedgerVerifier(store: store).verify(warehouse: warehouse.code)
                #expect(report.isValid, "\(report)")
            }
        }
    }

    @Test("both backends produce the same chain for the same postings")
    func backendsAgree() async throws {
        var heads: [ChainHead] = []
        for backend in TestBackend.allCases {
            try await withTestStore(backend) { test in
                try await DemoNetwork.seed(into: test.store)
                var simulator = LedgerSimulator(seed: 7, prefix: "agree")
                for _ in 0..<150 { _ = try await simulator.step(test.store) }
                // Timestamps differ between runs, so compare what does not depend on the clock.
                let entries = try await test.store.entries(warehouse: "DE-FRA1", after: 0, limit: 10_000)
                heads.append(
                    ChainHead(
                        warehouse: "DE-FRA1", sequence: entries.last?.sequence ?? 0,
                        hash: entries.map { "\($0.sku)|\($0.quantity)|\($0.kind)" }.joined(separator: ",")))
                let balances = try await test.store.balances(warehouse: "DE-FRA1", sku: nil)
                heads.append(
                    ChainHead(
                        warehouse: "balances", sequence: Int64(balances.count),
                        hash: balances.map { "\($0.location)|\($0.sku)|\($0.bucket)|\($0.quantity)" }
                            .joined(separator: ",")))
            }
        }
        #expect(heads.count == 4)
        #expect(heads[0] == heads[2])
        #expect(heads[1] == heads[3])
    }
}
