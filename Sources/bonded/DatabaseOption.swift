import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `--database sqlite:PATH | postgres://…`, shared by every command that touches a store.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "sqlite:PATH (embedded default) or postgres://user@host:port/db. Also BONDED_DATABASE.")
    var database: String?

    var address: String {
        database ?? ProcessInfo.processInfo.environment["BONDED_DATABASE"] ?? StoreURL.defaultAddress
    }

    /// Opens and migrates the store.
    func open() async throws -> any Store {
        let store = try StoreURL.open(address)
        try await store.migrate()
        return store
    }
}

/// Prints a domain error the way an operator can act on it, and exits non-zero.
func failure(_ error: any Error) -> ExitCode {
    if let error = error as? WMSError {
        FileHandle.standardError.write(Data("error: \(error.debugDescription)\n".utf8))
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
    return ExitCode.failure
}
