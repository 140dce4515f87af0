/// Server-side checks of the PostgreSQL schema (part of migration 1). Each raises a `BDnnn` SQLSTATE with the
/// field path in DETAIL and the offending value in HINT, so a posting's writes and checks travel in one
/// pipelined round trip and still fail with a precise error.
enum PostgresFunctions {
    static let version1 = """
        CREATE FUNCTION bonded_fail(code TEXT, message TEXT, field TEXT, value TEXT) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message, DETAIL = field, HINT = value; END $$;

        CREATE FUNCTION bonded_check_warehouse(w TEXT) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM warehouses WHERE code = w) THEN
                PERFORM bonded_fail('BD001', format('unknown warehouse ''%s''', w), 'warehouse', w);
            END IF;
        END $$;

        CREATE FUNCTION bonded_check_item(s TEXT, l TEXT, path TEXT) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE tracked INTEGER;
        BEGIN
            SELECT lot_tracked INTO tracked FROM products WHERE sku = s;
            IF NOT FOUND THEN
                PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), path || '.sku', s);
            END IF;
            IF tracked <> 0 AND l = '' THEN
                PERFORM bonded_fail('BD005', format('SKU ''%s'' is lot-tracked: a lot is required', s), path || '.lot', '');
            END IF;
            IF l <> '' AND NOT EXISTS (SELECT 1 FROM lots WHERE sku = s AND lot = l) THEN
                PERFORM bonded_fail('BD003', format('unknown lot ''%s'' of SKU ''%s''', l, s), path || '.lot', l);
            END IF;
        END $$;

        CREATE FUNCTION bonded_check_location(w TEXT, loc TEXT, field TEXT) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF loc <> '' AND NOT EXISTS (SELECT 1 FROM locations WHERE warehouse = w AND code = loc) THEN
                PERFORM bonded_fail('BD002', format('unknown location ''%s'' in warehouse ''%s''', loc, w), field, loc);
            END IF;
        END $$;

        CREATE FUNCTION bonded_change_balance(w TEXT, loc TEXT, s TEXT, l TEXT, b TEXT, delta BIGINT, field TEXT)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE held BIGINT;
        BEGIN
            IF delta < 0 THEN
                SELECT quantity INTO held FROM balances
                    WHERE warehouse = w AND location = loc AND sku = s AND lot = l AND bucket = b FOR UPDATE;
                held := COALESCE(held, 0);
                IF held + delta < 0 THEN
                    PERFORM bonded_fail('BD010', format('cannot take %s of %s%s from %s %s: only %s held', -delta, s,
                        CASE WHEN l = '' THEN '' ELSE ' lot ' || l END, b,
                        CASE WHEN loc = '' THEN 'in transit' ELSE 'at ' || loc END, held), field, (-delta)::TEXT);
                END IF;
                UPDATE balances SET quantity = quantity + delta
                    WHERE warehouse = w AND location = loc AND sku = s AND lot = l AND bucket = b;
            ELSE
                INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity) VALUES (w, loc, s, l, b, delta)
                ON CONFLICT (warehouse, location, sku, lot, bucket)
                DO UPDATE SET quantity = balances.quantity + excluded.quantity;
            END IF;
        END $$;

        CREATE FUNCTION bonded_fulfil(r TEXT, w TEXT, s TEXT, q BIGINT, path TEXT) RETURNS void
        LANGUAGE plpgsql AS $$
        DECLARE found_row reservations%ROWTYPE;
        BEGIN
            SELECT * INTO found_row FROM reservations WHERE id = r FOR UPDATE;
            IF NOT FOUND THEN
                PERFORM bonded_fail('BD012', format('unknown reservation ''%s''', r), path || '.reservationID', r);
            END IF;
            IF found_row.warehouse <> w OR found_row.sku <> s THEN
                PERFORM bonded_fail('BD013', format('reservation ''%s'' is for %s in %s', r, found_row.sku,
                    found_row.warehouse), path || '.reservationID', r);
            END IF;
            IF found_row.status <> 'open' OR found_row.remaining < q THEN
                PERFORM bonded_fail('BD014', format('reservation ''%s'' has %s left (%s)', r, found_row.remaining,
                    found_row.status), path || '.quantity', q::TEXT);
            END IF;
            UPDATE reservations SET remaining = remaining - q,
                status = CASE WHEN remaining - q = 0 THEN 'fulfilled' ELSE status END WHERE id = r;
        END $$;

        CREATE FUNCTION bonded_change_stock(w TEXT, s TEXT, available_delta BIGINT, reserved_delta BIGINT,
            field TEXT, value TEXT) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE a BIGINT; r BIGINT;
        BEGIN
            INSERT INTO stock (warehouse, sku, available, reserved) VALUES (w, s, 0, 0)
            ON CONFLICT (warehouse, sku) DO NOTHING;
            SELECT available + available_delta, reserved + reserved_delta INTO a, r FROM stock
                WHERE warehouse = w AND sku = s FOR UPDATE;
            IF r > a THEN
                PERFORM bonded_fail('BD011', format('%s would have %s available but %s reserved for orders; '
                    || 'release reservations first', s, a, r), field, value);
            END IF;
            UPDATE stock SET available = a, reserved = r WHERE warehouse = w AND sku = s;
        END $$;

        CREATE FUNCTION bonded_reserve(rid TEXT, w TEXT, s TEXT, q BIGINT, order_ref TEXT) RETURNS void
        LANGUAGE plpgsql AS $$
        DECLARE atp BIGINT;
        BEGIN
            PERFORM bonded_check_warehouse(w);
            IF NOT EXISTS (SELECT 1 FROM products WHERE sku = s) THEN
                PERFORM bonded_fail('BD004', format('unknown SKU ''%s''', s), 'sku', s);
            END IF;
            UPDATE stock SET reserved = reserved + q WHERE warehouse = w AND sku = s AND available - reserved >= q;
            IF NOT FOUND THEN
                SELECT available - reserved INTO atp FROM stock WHERE warehouse = w AND sku = s;
                PERFORM bonded_fail('BD020', format('cannot reserve %s of %s in %s: available-to-promise is %s',
                    q, s, w, COALESCE(atp, 0)), 'quantity', q::TEXT);
            END IF;
            INSERT INTO reservations (id, warehouse, sku, order_ref, quantity, remaining, status)
                VALUES (rid, w, s, order_ref, q, q, 'open');
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
}
