import Foundation

/// Server-side logic of the PostgreSQL schema (part of migration 1). Each movement of a posting is one call of
/// `bonded_move`, so a one-line posting is one statement and one round trip; checks raise a `BDnnn` SQLSTATE
/// with the field path in DETAIL and the offending value in HINT. Master data is never deleted, so the client
/// may skip location lookups it has already seen succeed (`check_locations`), and the warehouse is looked up only
/// for its first entry: every statement here costs tens of microseconds on a small server.
enum PostgresFunctions {
    static let version1 = """
        CREATE FUNCTION bonded_fail(code TEXT, message TEXT, field TEXT, value TEXT) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message, DETAIL = field, HINT = value; END $$;

        CREATE FUNCTION bonded_move(
            w TEXT, seq BIGINT, leg INTEGER, op TEXT, s TEXT, l TEXT, kind TEXT, from_loc TEXT, from_bucket TEXT,
            to_loc TEXT, to_bucket TEXT, q BIGINT, reason TEXT, doc TEXT, actor TEXT, device TEXT, ts BIGINT,
            rid TEXT, prev TEXT, hash TEXT, path TEXT, check_locations BOOLEAN) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            tracked INTEGER; held BIGINT; avail BIGINT; res BIGINT; r reservations%ROWTYPE;
        BEGIN
            -- Separate simple lookups: each gets a cached generic plan (one combined query was re-planned per call).
            -- A warehouse with entries exists: only its first entry needs the lookup.
            IF seq = 1 AND NOT EXISTS (SELECT 1 FROM warehouses x WHERE x.code = w) THEN
                PERFORM bonded_fail('BD001', format('unknown warehouse ''%s''', w), 'warehouse', w);
            END IF;
            SELECT p.lot_tracked INTO tracked FROM products p WHERE p.sku = s;
            IF tracked IS NULL THEN
                PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), path || '.sku', s);
            END IF;
            IF l = '' THEN
                IF tracked <> 0 THEN
                    PERFORM bonded_fail('BD005', format('SKU ''%s'' is lot-tracked: a lot is required', s),
                        path || '.lot', '');
                END IF;
            ELSIF NOT EXISTS (SELECT 1 FROM lots x WHERE x.sku = s AND x.lot = l) THEN
                PERFORM bonded_fail('BD003', format('unknown lot ''%s'' of SKU ''%s''', l, s), path || '.lot', l);
            END IF;
            IF check_locations AND from_loc <> '' AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.warehouse = w AND x.code = from_loc) THEN
                PERFORM bonded_fail('BD002', format('unknown location ''%s'' in warehouse ''%s''', from_loc, w),
                    path || '.from.location', from_loc);
            END IF;
            IF check_locations AND to_loc <> '' AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.warehouse = w AND x.code = to_loc) THEN
                PERFORM bonded_fail('BD002', format('unknown location ''%s'' in warehouse ''%s''', to_loc, w),
                    path || '.to.location', to_loc);
            END IF;
            INSERT INTO ledger_entries (warehouse, sequence, leg, client_op_id, sku, lot, kind, from_location,
                from_bucket, to_location, to_bucket, quantity, reason, document_ref, actor, device, recorded_at_ms,
                reservation_id, previous_hash, hash)
            VALUES (w, seq, leg, op, s, l, kind, from_loc, from_bucket, to_loc, to_bucket, q, reason, doc, actor,
                device, ts, rid, prev, hash);
            IF rid IS NOT NULL THEN
                SELECT * INTO r FROM reservations WHERE id = rid FOR UPDATE;
                IF NOT FOUND THEN
                    PERFORM bonded_fail('BD012', format('unknown reservation ''%s''', rid), path || '.reservationID', rid);
                END IF;
                IF r.warehouse <> w OR r.sku <> s THEN
                    PERFORM bonded_fail('BD013', format('reservation ''%s'' is for %s in %s', rid, r.sku, r.warehouse),
                        path || '.reservationID', rid);
                END IF;
                IF r.status <> 'open' OR r.remaining < q THEN
                    PERFORM bonded_fail('BD014', format('reservation ''%s'' has %s left (%s)', rid, r.remaining, r.status),
                        path || '.quantity', q::TEXT);
                END IF;
                UPDATE reservations SET remaining = remaining - q,
                    status = CASE WHEN remaining - q = 0 THEN 'fulfilled' ELSE status END WHERE id = rid;
                UPDATE stock SET reserved = reserved - q WHERE warehouse = w AND sku = s;
            END IF;
            IF from_bucket IS NOT NULL THEN
                SELECT quantity INTO held FROM balances
                    WHERE warehouse = w AND sku = s AND bucket = from_bucket AND lot = l AND location = from_loc FOR UPDATE;
                held := COALESCE(held, 0);
                IF held < q THEN
                    PERFORM bonded_fail('BD010', format('cannot take %s of %s%s from %s %s: only %s held', q, s,
                        CASE WHEN l = '' THEN '' ELSE ' lot ' || l END, from_bucket,
                        CASE WHEN from_loc = '' THEN 'in transit' ELSE 'at ' || from_loc END, held),
                        path || '.quantity', q::TEXT);
                END IF;
                IF from_bucket = 'available' THEN
                    -- Serialise with reservations of this SKU, then check promised stock stays covered.
                    INSERT INTO stock (warehouse, sku, reserved) VALUES (w, s, 0) ON CONFLICT DO NOTHING;
                    SELECT reserved INTO res FROM stock WHERE warehouse = w AND sku = s FOR UPDATE;
                    IF res > 0 THEN
                        SELECT COALESCE(SUM(quantity), 0) INTO avail FROM balances
                            WHERE warehouse = w AND sku = s AND bucket = 'available';
                        IF res > avail - q THEN
                            PERFORM bonded_fail('BD011', format('%s would have %s available but %s reserved for orders; '
                                || 'release reservations first', s, avail - q, res), path || '.quantity', q::TEXT);
                        END IF;
                    END IF;
                END IF;
                UPDATE balances SET quantity = quantity - q
                    WHERE warehouse = w AND sku = s AND bucket = from_bucket AND lot = l AND location = from_loc;
            END IF;
            IF to_bucket IS NOT NULL THEN
                UPDATE balances SET quantity = quantity + q
                    WHERE warehouse = w AND sku = s AND bucket = to_bucket AND lot = l AND location = to_loc;
                IF NOT FOUND THEN
                    INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity)
                    VALUES (w, to_loc, s, l, to_bucket, q)
                    ON CONFLICT (warehouse, sku, bucket, lot, location)
                    DO UPDATE SET quantity = balances.quantity + excluded.quantity;
                END IF;
            END IF;
        END $$;

        CREATE FUNCTION bonded_reserve(rid TEXT, w TEXT, s TEXT, q BIGINT, order_ref TEXT) RETURNS TEXT
        LANGUAGE plpgsql AS $$
        DECLARE avail BIGINT; res BIGINT;
        BEGIN
            IF EXISTS (SELECT 1 FROM reservations WHERE id = rid) THEN RETURN 'replayed'; END IF;
            IF EXISTS (SELECT 1 FROM ledger_entries WHERE client_op_id = rid) THEN
                PERFORM bonded_fail('BD030', format('client operation id ''%s'' was already used for a posting', rid),
                    'clientOperationID', rid);
            END IF;
            IF NOT EXISTS (SELECT 1 FROM warehouses WHERE code = w) THEN
                PERFORM bonded_fail('BD001', format('unknown warehouse ''%s''', w), 'warehouse', w);
            END IF;
            IF NOT EXISTS (SELECT 1 FROM products WHERE sku = s) THEN
                PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), 'sku', s);
            END IF;
            INSERT INTO stock (warehouse, sku, reserved) VALUES (w, s, 0) ON CONFLICT DO NOTHING;
            SELECT reserved INTO res FROM stock WHERE warehouse = w AND sku = s FOR UPDATE;
            SELECT COALESCE(SUM(quantity), 0) INTO avail FROM balances
                WHERE warehouse = w AND sku = s AND bucket = 'available';
            IF avail - res < q THEN
                PERFORM bonded_fail('BD020', format('cannot reserve %s of %s in %s: available-to-promise is %s',
                    q, s, w, avail - res), 'quantity', q::TEXT);
            END IF;
            UPDATE stock SET reserved = reserved + q WHERE warehouse = w AND sku = s;
            INSERT INTO reservations (id, warehouse, sku, order_ref, quantity, remaining, status)
                VALUES (rid, w, s, order_ref, q, q, 'open');
            RETURN 'created';
        END $$;

        CREATE FUNCTION bonded_release(rid TEXT) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE found_row reservations%ROWTYPE;
        BEGIN
            SELECT * INTO found_row FROM reservations WHERE id = rid FOR UPDATE;
            IF NOT FOUND THEN
                PERFORM bonded_fail('BD012', format('unknown reservation ''%s''', rid), 'reservationID', rid);
            END IF;
            IF found_row.status = 'open' THEN
                UPDATE stock SET reserved = reserved - found_row.remaining
                    WHERE warehouse = found_row.warehouse AND sku = found_row.sku;
                UPDATE reservations SET remaining = 0, status = 'released' WHERE id = rid;
            END IF;
        END $$;
        """

    /// Migration 3: a cheaper append with the same checks and errors. PostgreSQL rebuilds each CHECK constraint's
    /// expression from its stored text for every INSERT statement; the three kind/bucket checks cost more than the
    /// insert itself, so one IMMUTABLE function call replaces them. `bonded_move` runs fewer statements: lookups
    /// that can be skipped sit behind plain conditions (evaluated without the executor), the SKU check rides on
    /// the entry's INSERT, and a movement that only adds stock (no source, no reservation) writes its entry and
    /// its balance in one statement.
    static let version3 = """
        CREATE FUNCTION bonded_entry_shape(kind TEXT, from_bucket TEXT, to_bucket TEXT) RETURNS BOOLEAN
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            -- Same rule as the version-2 checks: an adjustment has exactly one side, a receipt only a
            -- destination, a shipment or destruction only a source, every other kind both.
            RETURN CASE kind
                WHEN 'adjustment' THEN (from_bucket IS NULL) <> (to_bucket IS NULL)
                WHEN 'receipt' THEN from_bucket IS NULL AND to_bucket IS NOT NULL
                WHEN 'shipment' THEN from_bucket IS NOT NULL AND to_bucket IS NULL
                WHEN 'destruction' THEN from_bucket IS NOT NULL AND to_bucket IS NULL
                ELSE from_bucket IS NOT NULL AND to_bucket IS NOT NULL END;
        END $$;
        ALTER TABLE ledger_entries
            DROP CONSTRAINT ledger_entries_receipt_source,
            DROP CONSTRAINT ledger_entries_removal_destination,
            DROP CONSTRAINT ledger_entries_adjustment_one_side,
            ADD CONSTRAINT ledger_entries_shape CHECK (bonded_entry_shape(kind, from_bucket, to_bucket));

        """ + moveVersion3

    /// `bonded_move` as migration 3 created it.
    static let moveVersion3 = """
        CREATE OR REPLACE FUNCTION bonded_move(
            w TEXT, seq BIGINT, leg INTEGER, op TEXT, s TEXT, l TEXT, kind TEXT, from_loc TEXT, from_bucket TEXT,
            to_loc TEXT, to_bucket TEXT, q BIGINT, reason TEXT, doc TEXT, actor TEXT, device TEXT, ts BIGINT,
            rid TEXT, prev TEXT, hash TEXT, path TEXT, check_locations BOOLEAN) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            tracked INTEGER; held BIGINT; avail BIGINT; res BIGINT; r reservations%ROWTYPE;
        BEGIN
            -- A warehouse with entries exists: only its first entry needs the lookup.
            IF seq = 1 THEN
                IF NOT EXISTS (SELECT 1 FROM warehouses x WHERE x.code = w) THEN
                    PERFORM bonded_fail('BD001', format('unknown warehouse ''%s''', w), 'warehouse', w);
                END IF;
            END IF;
            -- Every check in field order when a lot or a location not yet seen is named. Otherwise the entry's
            -- INSERT checks the SKU (and that it needs no lot), and the lookup below only explains a failure.
            IF check_locations OR l <> '' THEN
                SELECT p.lot_tracked INTO tracked FROM products p WHERE p.sku = s;
                IF tracked IS NULL THEN
                    PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), path || '.sku', s);
                END IF;
                IF l = '' THEN
                    IF tracked <> 0 THEN
                        PERFORM bonded_fail('BD005', format('SKU ''%s'' is lot-tracked: a lot is required', s),
                            path || '.lot', '');
                    END IF;
                ELSIF NOT EXISTS (SELECT 1 FROM lots x WHERE x.sku = s AND x.lot = l) THEN
                    PERFORM bonded_fail('BD003', format('unknown lot ''%s'' of SKU ''%s''', l, s), path || '.lot', l);
                END IF;
                IF check_locations THEN
                    IF from_loc <> '' AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.warehouse = w AND x.code = from_loc) THEN
                        PERFORM bonded_fail('BD002', format('unknown location ''%s'' in warehouse ''%s''', from_loc, w),
                            path || '.from.location', from_loc);
                    END IF;
                    IF to_loc <> '' AND NOT EXISTS (SELECT 1 FROM locations x WHERE x.warehouse = w AND x.code = to_loc) THEN
                        PERFORM bonded_fail('BD002', format('unknown location ''%s'' in warehouse ''%s''', to_loc, w),
                            path || '.to.location', to_loc);
                    END IF;
                END IF;
            END IF;
            IF from_bucket IS NULL AND rid IS NULL THEN
                -- Only adds stock: nothing can fail once the entry is written, so entry and balance go together.
                WITH entry AS (
                    INSERT INTO ledger_entries (warehouse, sequence, leg, client_op_id, sku, lot, kind, from_location,
                        from_bucket, to_location, to_bucket, quantity, reason, document_ref, actor, device,
                        recorded_at_ms, reservation_id, previous_hash, hash)
                    SELECT w, seq, leg, op, s, l, kind, from_loc, from_bucket, to_loc, to_bucket, q, reason, doc,
                        actor, device, ts, rid, prev, hash
                    FROM products p WHERE p.sku = s AND (l <> '' OR p.lot_tracked = 0)
                    RETURNING 1)
                INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity)
                SELECT w, to_loc, s, l, to_bucket, q FROM entry
                ON CONFLICT (warehouse, sku, bucket, lot, location)
                DO UPDATE SET quantity = balances.quantity + excluded.quantity;
            ELSE
                INSERT INTO ledger_entries (warehouse, sequence, leg, client_op_id, sku, lot, kind, from_location,
                    from_bucket, to_location, to_bucket, quantity, reason, document_ref, actor, device, recorded_at_ms,
                    reservation_id, previous_hash, hash)
                SELECT w, seq, leg, op, s, l, kind, from_loc, from_bucket, to_loc, to_bucket, q, reason, doc, actor,
                    device, ts, rid, prev, hash
                FROM products p WHERE p.sku = s AND (l <> '' OR p.lot_tracked = 0);
            END IF;
            IF NOT FOUND THEN
                -- Only when the full checks were skipped: say why the SKU did not qualify.
                SELECT p.lot_tracked INTO tracked FROM products p WHERE p.sku = s;
                IF tracked IS NULL THEN
                    PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), path || '.sku', s);
                END IF;
                PERFORM bonded_fail('BD005', format('SKU ''%s'' is lot-tracked: a lot is required', s),
                    path || '.lot', '');
            END IF;
            IF rid IS NOT NULL THEN
                SELECT * INTO r FROM reservations WHERE id = rid FOR UPDATE;
                IF NOT FOUND THEN
                    PERFORM bonded_fail('BD012', format('unknown reservation ''%s''', rid), path || '.reservationID', rid);
                END IF;
                IF r.warehouse <> w OR r.sku <> s THEN
                    PERFORM bonded_fail('BD013', format('reservation ''%s'' is for %s in %s', rid, r.sku, r.warehouse),
                        path || '.reservationID', rid);
                END IF;
                IF r.status <> 'open' OR r.remaining < q THEN
                    PERFORM bonded_fail('BD014', format('reservation ''%s'' has %s left (%s)', rid, r.remaining, r.status),
                        path || '.quantity', q::TEXT);
                END IF;
                UPDATE reservations SET remaining = remaining - q,
                    status = CASE WHEN remaining - q = 0 THEN 'fulfilled' ELSE status END WHERE id = rid;
                UPDATE stock SET reserved = reserved - q WHERE warehouse = w AND sku = s;
            END IF;
            IF from_bucket IS NOT NULL THEN
                SELECT quantity INTO held FROM balances
                    WHERE warehouse = w AND sku = s AND bucket = from_bucket AND lot = l AND location = from_loc FOR UPDATE;
                held := COALESCE(held, 0);
                IF held < q THEN
                    PERFORM bonded_fail('BD010', format('cannot take %s of %s%s from %s %s: only %s held', q, s,
                        CASE WHEN l = '' THEN '' ELSE ' lot ' || l END, from_bucket,
                        CASE WHEN from_loc = '' THEN 'in transit' ELSE 'at ' || from_loc END, held),
                        path || '.quantity', q::TEXT);
                END IF;
                IF from_bucket = 'available' THEN
                    -- Serialise with reservations of this SKU, then check promised stock stays covered.
                    INSERT INTO stock (warehouse, sku, reserved) VALUES (w, s, 0) ON CONFLICT DO NOTHING;
                    SELECT reserved INTO res FROM stock WHERE warehouse = w AND sku = s FOR UPDATE;
                    IF res > 0 THEN
                        SELECT COALESCE(SUM(quantity), 0) INTO avail FROM balances
                            WHERE warehouse = w AND sku = s AND bucket = 'available';
                        IF res > avail - q THEN
                            PERFORM bonded_fail('BD011', format('%s would have %s available but %s reserved for orders; '
                                || 'release reservations first', s, avail - q, res), path || '.quantity', q::TEXT);
                        END IF;
                    END IF;
                END IF;
                UPDATE balances SET quantity = quantity - q
                    WHERE warehouse = w AND sku = s AND bucket = from_bucket AND lot = l AND location = from_loc;
            END IF;
            IF to_bucket IS NOT NULL AND (from_bucket IS NOT NULL OR rid IS NOT NULL) THEN
                UPDATE balances SET quantity = quantity + q
                    WHERE warehouse = w AND sku = s AND bucket = to_bucket AND lot = l AND location = to_loc;
                IF NOT FOUND THEN
                    INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity)
                    VALUES (w, to_loc, s, l, to_bucket, q)
                    ON CONFLICT (warehouse, sku, bucket, lot, location)
                    DO UPDATE SET quantity = balances.quantity + excluded.quantity;
                END IF;
            END IF;
        END $$;
        """

    /// Migration 7: a move between two available positions (a pick to the pack station, a replenishment) leaves the
    /// SKU's available sum as it is, so it no longer has to keep the reservations covered on its own (it was refused
    /// when every unit was promised). Everything else is migration 3's function.
    static let version7: String = {
        let guarded = "IF from_bucket = 'available' THEN"
        precondition(moveVersion3.components(separatedBy: guarded).count == 2, "bonded_move changed: update version 7")
        return moveVersion3.replacingOccurrences(
            of: guarded, with: "IF from_bucket = 'available' AND to_bucket IS DISTINCT FROM 'available' THEN")
    }()

    /// Migration 9: a flow document saved over its version as one statement of a posting's pipeline (the shipped
    /// order with its shipment). Version 1 inserts, a later version updates the one before it; otherwise it raises
    /// BD040 naming the document, and the whole pipeline rolls back.
    static let version9 = """
        CREATE FUNCTION bonded_save_document(w TEXT, k TEXT, i TEXT, st TEXT, v INTEGER, d TEXT) RETURNS void
        LANGUAGE plpgsql AS $$
        DECLARE
            stored INTEGER;
        BEGIN
            IF v = 1 THEN
                INSERT INTO flow_documents (warehouse, kind, id, status, version, data, updated_at_ms)
                VALUES (w, k, i, st, v, d, (extract(epoch from clock_timestamp()) * 1000)::BIGINT)
                ON CONFLICT DO NOTHING;
            ELSE
                UPDATE flow_documents SET status = st, version = v, data = d,
                    updated_at_ms = (extract(epoch from clock_timestamp()) * 1000)::BIGINT
                WHERE warehouse = w AND kind = k AND id = i AND version = v - 1;
            END IF;
            IF NOT FOUND THEN
                SELECT x.version INTO stored FROM flow_documents x WHERE x.warehouse = w AND x.kind = k AND x.id = i;
                PERFORM bonded_fail('BD040', format('%s ''%s'' changed meanwhile (stored version %s, expected %s); '
                    || 'reload and retry', k, i, COALESCE(stored, 0), v - 1), k || '.' || i, (v - 1)::TEXT);
            END IF;
        END $$;
        """
}
