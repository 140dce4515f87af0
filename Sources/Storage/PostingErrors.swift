internal import WMSCore

/// The errors both stores raise for postings and reservations, worded the same way.
enum PostingErrors {
    static func movementIndex(_ posting: Posting, _ key: LedgerPlan.BalanceKey) -> Int {
        posting.movements.firstIndex { movement in
            movement.sku == key.sku && movement.lot == key.lot && movement.from?.location == key.location
                && movement.from?.bucket == key.bucket
        } ?? 0
    }

    static func insufficient(_ posting: Posting, _ key: LedgerPlan.BalanceKey, held: Int64, needed: Int64) -> WMSError {
        let index = movementIndex(posting, key)
        let place = key.location.isEmpty ? "in transit" : "at \(key.location)"
        let lot = key.lot.isEmpty ? "" : " lot \(key.lot)"
        return WMSError(
            .insufficientStock, field: "movements[\(index)].quantity", value: String(needed),
            "cannot take \(needed) of \(key.sku)\(lot) from \(key.bucket.rawValue) \(place): only \(held) held")
    }

    static func uncovered(_ posting: Posting, sku: String, available: Int64, reserved: Int64) -> WMSError {
        let index = posting.movements.firstIndex { $0.sku == sku && $0.from?.bucket == .available } ?? 0
        return WMSError(
            .reservedStockWouldBeUncovered, field: "movements[\(index)].quantity",
            value: String(posting.movements[index].quantity),
            "\(sku) would have \(available) available but \(reserved) reserved for orders; release reservations first")
    }

    static func beyondATP(_ request: ReservationRequest, atp: Int64) -> WMSError {
        WMSError(
            .insufficientAvailableToPromise, field: "quantity", value: String(request.quantity),
            "cannot reserve \(request.quantity) of \(request.sku) in \(request.warehouse): available-to-promise is \(atp)"
        )
    }

    static func checkFulfilment(
        _ posting: Posting, _ fulfilment: (reservationID: String, sku: String, quantity: Int64),
        _ reservation: Reservation?,
        index: Int
    ) throws {
        let field = "movements[\(index)].reservationID"
        guard let reservation else {
            throw WMSError(
                .unknownReservation, field: field, value: fulfilment.reservationID,
                "unknown reservation '\(fulfilment.reservationID)'")
        }
        guard reservation.warehouse == posting.warehouse, reservation.sku == fulfilment.sku else {
            throw WMSError(
                .invalidField, field: field, value: fulfilment.reservationID,
                "reservation '\(reservation.id)' is for \(reservation.sku) in \(reservation.warehouse)")
        }
        guard reservation.status == .open, reservation.remaining >= fulfilment.quantity else {
            throw WMSError(
                .insufficientAvailableToPromise, field: "movements[\(index)].quantity",
                value: String(fulfilment.quantity),
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

    static func checkFulfilment(index: Int, posting: Posting, entry: LedgerEntry, _ reservation: Reservation?) throws {
        try checkFulfilment(posting, (entry.reservationID ?? "", entry.sku, entry.quantity), reservation, index: index)
    }
}
