internal import CSQLite
internal import Foundation
internal import WMSCore

/// A value bound to or read from a SQL statement.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)

    var int64: Int64? { if case .integer(let value) = self { return value } else { return nil } }
    var string: String? {
        switch self {
        case .text(let value): return value
        case .integer(let value): return String(value)
        case .null: return nil
        }
    }
}

/// A row of results, read by column index.
struct SQLRow: Sendable {
    var values: [SQLValue]
    func int(_ index: Int) -> Int64 { values[index].int64 ?? Int64(values[index].string ?? "") ?? 0 }
    func text(_ index: Int) -> String { values[index].string ?? "" }
    func optionalText(_ index: Int) -> String? { values[index].string }
    func optionalInt(_ index: Int) -> Int64? {
        if case .null = values[index] { return nil }
        return int(index)
    }
}

/// An error from SQLite with its result code and message.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var sql: String
    var description: String { "SQLite error \(code): \(message) [\(sql.prefix(120))]" }
    var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
    /// SQLITE_CONSTRAINT_PRIMARYKEY or SQLITE_CONSTRAINT_UNIQUE (the extended codes are macros Swift does not
    /// import) naming exactly these columns of `table`, in SQLite's words "UNIQUE constraint failed: t.a, t.b".
    func isKeyConflict(_ table: String, _ columns: [String]) -> Bool {
        guard code == SQLITE_CONSTRAINT | (6 << 8) || code == SQLITE_CONSTRAINT | (8 << 8),
            let colon = message.firstIndex(of: ":")
        else { return false }
        let named = message[message.index(after: colon)...].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return named == columns.map { "\(table).\($0)" }
    }
}

/// One SQLite connection with a cache of prepared statements. Not thread-safe: `SQLiteStore` serialises access.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [StatementKey: OpaquePointer] = [:]

    /// A statement cache key hashed by the text's length, head and tail rather than all of it (statements run
    /// thousands of times a second and are hundreds of bytes long); equality still compares the whole text, and
    /// is immediate when the caller passes the same string storage (a `static let`) every time.
    private struct StatementKey: Hashable {
        var sql: String

        static func == (left: Self, right: Self) -> Bool { left.sql == right.sql }

        func hash(into hasher: inout Hasher) {
            var sql = sql
            sql.withUTF8 { bytes in
                hasher.combine(bytes.count)
                let raw = UnsafeRawBufferPointer(bytes)
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(32)))
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(32)))
            }
        }
    }

    /// Copies the WAL into the database in the background (file databases only).
    let checkpointer: WALCheckpointer?

    /// Opens `path`; a file database's WAL is checkpointed in the background past `checkpointFrames` frames.
    init(path: String, checkpointFrames: Int32 = 4_096) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: message, sql: "open \(path)")
        }
        handle = db
        // The checkpointer's WAL hook replaces SQLite's automatic checkpoint (`wal_autocheckpoint`).
        checkpointer = path == ":memory:" || path.isEmpty ? nil : WALCheckpointer(path: path, frames: checkpointFrames)
        checkpointer?.install(on: db)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 10_000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// The main database's data version: it changes with every commit to the file, this connection's or any
    /// other's (`SQLITE_FCNTL_DATA_VERSION`; current once a transaction has begun). A C call, no statement.
    func fileDataVersion() -> UInt32 {
        var version: UInt32 = 0
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_DATA_VERSION, &version)
        return version
    }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[StatementKey(sql: sql)] { return statement }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, sql) }
        statements[StatementKey(sql: sql)] = statement
        return statement
    }

    private func error(_ rc: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs a parameterised statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, position)
            case .integer(let number): rc = sqlite3_bind_int64(statement, position, number)
            case .text(let text): rc = sqlite3_bind_text(statement, position, text, -1, bonded_sqlite_transient())
            }
            guard rc == SQLITE_OK else { throw error(rc, sql) }
        }
        var rows: [SQLRow] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            let count = sqlite3_column_count(statement)
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
                default:
                    if let text = sqlite3_column_text(statement, column) {
                        values.append(.text(String(cString: text)))
                    } else {
                        values.append(.null)
                    }
                }
            }
            rows.append(SQLRow(values: values))
        }
        return rows
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }
}
