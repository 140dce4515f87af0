import ComplianceEngine
import Documents
import HTTPTypes
import NIOCore
import WMSCore

extension Problem {
    /// The problem an error from any layer becomes: field paths and values are kept, internals are not.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as WMSError:
            return from(error)
        case let error as FlowError:
            return from(error)
        case let error as DocumentError:
            let status: HTTPResponse.Status = error.code == .invalidRequest ? .badRequest : .unprocessableContent
            let issues = error.issues.map { Issue(field: Problem.fieldPath($0.path), detail: $0.message) }
            return Problem(
                status, code: error.code.description, error.issues.first?.message ?? error.message,
                field: error.issues.first?.path, issues: issues.count > 1 ? issues : nil)
        case let error as RequestError:
            return Problem(.badRequest, code: "invalid-field", error.message, field: error.path)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, code: "body-too-large", "the request body is larger than allowed")
        default:
            return Problem(.internalServerError, code: "internal", "the request failed; see the server log")
        }
    }

    private static func from(_ error: WMSError) -> Problem {
        let status: HTTPResponse.Status
        switch error.code {
        case .invalidField: status = .badRequest
        case .unknownWarehouse, .unknownLocation, .unknownSKU, .unknownLot, .unknownReservation:
            status = .unprocessableContent
        case .insufficientStock, .insufficientAvailableToPromise, .reservedStockWouldBeUncovered, .operationConflict:
            status = .conflict
        case .storage, .migration, .configuration:
            return Problem(.internalServerError, code: "internal", "the request failed; see the server log")
        }
        return Problem(status, code: error.code.rawValue, error.message, field: error.field, value: error.value)
    }

    private static func from(_ error: FlowError) -> Problem {
        let status: HTTPResponse.Status
        switch error.code {
        case .invalidRequest, .importRejected: status = .badRequest
        case .unknownDocument: status = .notFound
        case .transitionNotAllowed: status = .conflict
        default: status = .unprocessableContent
        }
        let issues = error.issues.map { Issue(field: "rows[\($0.row)].\($0.column)", detail: $0.message) }
        return Problem(
            status, code: error.code.rawValue, error.message, field: error.field, value: error.value,
            issues: issues.isEmpty ? nil : issues)
    }
}
