internal import CLibPQ
internal import Foundation

/// An error reported by PostgreSQL or libpq, with the fields the store maps to domain errors.
struct PostgresError: Error, CustomStringConvertible {
    var sqlState: String
    var message: String
    var detail: String?
    var hint: String?
    var constraint: String?
    var description: String { "PostgreSQL \(sqlState): \(message)" + (detail.map { " (\($0))" } ?? "") }
}

/// One statement of a pipeline: SQL text (prepared once per connection) and its parameters.
struct PostgresStatement {
    var sql: String
    var parameters: [SQLValue]
}

/// A blocking libpq connection with a per-connection cache of prepared statements.
/// Not thread-safe: the pool lends it to one caller at a time.
final class PostgresConnection {
    private let handle: OpaquePointer
    private var prepared: [String: String] = [:]

    init(conninfo: String) throws {
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(sqlState: "08000", message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(sqlState: "08001", message: message)
        }
        self.handle = handle
        // NOTICEs ("already exists, skipping") are not errors; keep them off the operator's terminal.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// Runs SQL without parameters (may hold several statements).
    func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    private func statementName(_ sql: String) throws -> String {
        if let name = prepared[sql] { return name }
        let name = "s\(prepared.count)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result)
        prepared[sql] = name
        return name
    }

    private func withParameters<T>(_ parameters: [SQLValue], _ body: ([UnsafePointer<CChar>?]) throws -> T) rethrows
        -> T
    {
        var storage: [UnsafeMutablePointer<CChar>?] = parameters.map { value in
            switch value {
            case .null: return nil
            case .integer(let number): return strdup(String(number))
            case .text(let text): return strdup(text)
            }
        }
        defer { for pointer in storage { free(pointer) } }
        return try storage.withUnsafeMutableBufferPointer { buffer in
            try body(buffer.map { UnsafePointer($0) })
        }
    }

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        let name = try statementName(sql)
        let result = withParameters(parameters) { values in
            PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        return rows(result)
    }

    /// Sends every statement in one round trip as one implicit transaction (libpq pipeline mode).
    /// Either all succeed, or the first error is thrown and nothing is committed.
    func pipeline(_ statements: [PostgresStatement]) throws {
        if statements.count == 1 {
            // One statement is its own implicit transaction already; skip the pipeline bookkeeping.
            try query(statements[0].sql, statements[0].parameters)
            return
        }
        let names = try statements.map { try statementName($0.sql) }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        defer { PQexitPipelineMode(handle) }
        for (statement, name) in zip(statements, names) {
            let sent = withParameters(statement.parameters) { values in
                PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
            }
            guard sent == 1 else { throw connectionError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }
        var firstError: PostgresError?
        var separators = 0
        while true {
            guard let result = PQgetResult(handle) else {
                // A NULL ends each statement's results; more of them than statements means the link broke.
                separators += 1
                if PQstatus(handle) != CONNECTION_OK || separators > statements.count + 1 { throw connectionError() }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if status == PGRES_FATAL_ERROR, firstError == nil { firstError = error(from: result) }
            PQclear(result)
        }
        if let firstError { throw firstError }
    }

    private func rows(_ result: OpaquePointer?) -> [SQLRow] {
        let count = PQntuples(result)
        let columns = PQnfields(result)
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                } else {
                    values.append(.text(String(cString: PQgetvalue(result, row, column))))
                }
            }
            rows.append(SQLRow(values: values))
        }
        return rows
    }

    private func check(_ result: OpaquePointer?) throws {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw error(from: result)
        }
    }

    private func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        return PostgresError(
            sqlState: field(Int32(UInt8(ascii: "C"))) ?? "XX000",
            message: field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQresultErrorMessage(result)),
            detail: field(Int32(UInt8(ascii: "D"))), hint: field(Int32(UInt8(ascii: "H"))),
            constraint: field(Int32(UInt8(ascii: "n"))))
    }

    private func connectionError() -> PostgresError {
        PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(handle)))
    }
}
