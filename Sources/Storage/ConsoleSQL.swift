internal import Foundation
internal import WMSCore

private func ms(_ date: Date) -> SQLValue { .integer(StoreCoding.milliseconds(date)) }
private func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

private func decodeVersion(_ row: SQLRow) throws -> PackVersion {
    PackVersion(
        pack: row.text(0), version: Int(row.int(1)),
        files: try JSONDecoder().decode([PackFile].self, from: Data(row.text(2).utf8)), author: row.text(3),
        note: row.text(4), createdAt: date(row.int(5)))
}

private func decodeActivation(_ row: SQLRow) throws -> PackActivation {
    guard let action = PackActivation.Action(rawValue: row.text(3)) else {
        throw WMSError(.storage, field: "pack_activations.action", value: row.text(3), "unknown activation action")
    }
    return PackActivation(
        id: row.int(0), pack: row.text(1), version: Int(row.int(2)), action: action, actor: row.text(4),
        at: date(row.int(5)))
}

private let versionColumns = "pack, version, files, author, note, created_at_ms"

/// The console's statements, shared by both backends like the rest of the service store.
extension SQLServiceHost {
    public func save(_ session: ConsoleSession) async throws {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "INSERT INTO console_sessions (id_hash, username, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)",
                [.text(session.idHash), .text(session.username), ms(session.createdAt), ms(session.expiresAt)])
        }
    }

    public func consoleSession(idHash: String) async throws -> ConsoleSession? {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT id_hash, username, created_at_ms, expires_at_ms FROM console_sessions WHERE id_hash = $1",
                [.text(idHash)]
            ).first.map {
                ConsoleSession(
                    idHash: $0.text(0), username: $0.text(1), createdAt: date($0.int(2)), expiresAt: date($0.int(3)))
            }
        }
    }

    public func deleteConsoleSession(idHash: String) async throws {
        try await serviceRun(transaction: false) { db in
            try db.query("DELETE FROM console_sessions WHERE id_hash = $1", [.text(idHash)])
        }
    }

    public func addPackVersion(pack: String, files: [PackFile], author: String, note: String, at: Date) async throws
        -> PackVersion
    {
        guard !pack.isEmpty, !pack.contains("/") else {
            throw WMSError(.invalidField, field: "pack", value: pack, "a pack is named by its directory")
        }
        let encoded = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        return try await serviceRun(transaction: true) { db in
            let next = (try db.query("SELECT COALESCE(MAX(version), 0) FROM pack_versions WHERE pack = $1", [.text(pack)])
                .first?.int(0) ?? 0) + 1
            try db.query(
                "INSERT INTO pack_versions (\(versionColumns)) VALUES ($1, $2, $3, $4, $5, $6)",
                [.text(pack), .integer(next), .text(encoded), .text(author), .text(note), ms(at)])
            return PackVersion(pack: pack, version: Int(next), files: files, author: author, note: note, createdAt: at)
        }
    }

    public func packVersions(pack: String) async throws -> [PackVersion] {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT \(versionColumns) FROM pack_versions WHERE pack = $1 ORDER BY version", [.text(pack)]
            ).map(decodeVersion)
        }
    }

    public func packVersion(pack: String, version: Int) async throws -> PackVersion? {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT \(versionColumns) FROM pack_versions WHERE pack = $1 AND version = $2",
                [.text(pack), .integer(Int64(version))]
            ).first.map(decodeVersion)
        }
    }

    @discardableResult
    public func record(_ activation: PackActivation, audit: AuditRecord) async throws -> PackActivation {
        try await serviceRun(transaction: true) { db in
            let id = try db.query(
                """
                INSERT INTO pack_activations (pack, version, action, actor, at_ms) VALUES ($1, $2, $3, $4, $5)
                RETURNING id
                """,
                [
                    .text(activation.pack), .integer(Int64(activation.version)), .text(activation.action.rawValue),
                    .text(activation.actor), ms(activation.at),
                ]
            ).first?.int(0)
            _ = try Self.append(audit, db)
            var saved = activation
            saved.id = id ?? 0
            return saved
        }
    }

    public func packActivations() async throws -> [PackActivation] {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT id, pack, version, action, actor, at_ms FROM pack_activations ORDER BY id", [])
                .map(decodeActivation)
        }
    }
}
