internal import WMSCore

/// The errors both stores raise for postings and reservations, worded the same way.
enum PostingErrors {
    static func beyondATP(_ request: ReservationRequest, atp: Int64) -> WMSError {
        WMSError(
            .insufficientAvailableToPromise, field: "quantity", value: String(request.quantity),
            "cannot reserve \(request.quantity) of \(request.sku) in \(request.warehouse): available-to-promise is \(atp)"
        )
    }

    static func checkFulfilment(index: Int, posting: Posting, entry: LedgerEntry, _ reservation: Reservation?) throws {
        let reservationID = entry.reservationID ?? ""
        let field = "movements[\(index)].reservationID"
        guard let reservation else {
            throw WMSError(
                .unknownReservation, field: field, value: reservationID, "unknown reservation '\(reservationID)'")
        }
        guard reservation.warehouse == posting.warehouse, reservation.sku == entry.sku else {
            throw WMSError(
                .invalidField, field: field, value: reservationID,
                "reservation '\(reservation.id)' is for \(reservation.sku) in \(reservation.warehouse)")
        }
        guard reservation.status == .open, reservation.remaining >= entry.quantity else {
            throw WMSError(
                .insufficientAvailableToPromise, field: "movements[\(index)].quantity", value: String(entry.quantity),
                "reservation '\(reservation.id)' has \(reservation.remaining) left (\(reservation.status.rawValue))")
        }
    }

    static func insufficient(index: Int, entry: LedgerEntry, held: Int64) -> WMSError {
        let from = entry.from ?? StockPosition(location: "", bucket: .available)
        let place = from.location.isEmpty ? "in transit" : "at \(from.location)"
        let lot = entry.lot.isEmpty ? "" : " lot \(entry.lot)"
        return WMSError(
            .insufficientStock, field: "movements[\(index)].quantity", value: String(entry.quantity),
            "cannot take \(entry.quantity) of \(entry.sku)\(lot) from \(from.bucket.rawValue) \(place): only \(held) held"
        )
    }

    static func uncovered(index: Int, entry: LedgerEntry, available: Int64, reserved: Int64) -> WMSError {
        WMSError(
            .reservedStockWouldBeUncovered, field: "movements[\(index)].quantity", value: String(entry.quantity),
            "\(entry.sku) would have \(available) available but \(reserved) reserved for orders; release reservations first"
        )
    }

    static func reused(_ operation: String, as use: String) -> WMSError {
        WMSError(
            .operationConflict, field: "clientOperationID", value: operation,
            "client operation id '\(operation)' was already used for a \(use)")
    }
}
