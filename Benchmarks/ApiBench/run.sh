#!/usr/bin/env bash
# API benchmark: wrk on loopback drives POST /v1/assess against a release `bonded serve`, on SQLite and on
# PostgreSQL (the script runs under scripts/with-postgres.sh, which exports BONDED_TEST_POSTGRES_URL). The baseline,
# measured in the same run against the same server, is GET /health: the HTTP stack without auth, rules or JSON.
# Targets (issue 7, 2-core machine): assess >= 5,000 req/s with p99 < 20 ms. Measured as integrations call it
# (`?explain=false`: decision, totals, holds, documents; ~0.7 KB) and, reported beside it, with the full
# explanation trace (~6 KB per answer) that people read.
# Then the order-to-ship flow: OrderFlowBench (a Swift HTTP client, Benchmarks/ApiBench/Package.swift) takes
# BENCH_ORDERS orders per backend through import → allocate → release → wave → pick scans → pack → ship with
# BENCH_FLOW_WORKERS clients per demo warehouse, BENCH_FLOW_BATCH orders at a time. Targets: >= 300 orders/s with
# the p99 of the flow's requests < 100 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-1}"
PORT="${BENCH_PORT:-18080}"
ORDERS="${BENCH_ORDERS:-2000}"
FLOW_WORKERS="${BENCH_FLOW_WORKERS:-4}"
FLOW_BATCH="${BENCH_FLOW_BATCH:-10}"
# BENCH_PERF_DIR=<dir>: record the server with `perf record -g` during each measured phase into <dir>/<phase>.data
# (read with `perf report --no-children -i <file>`).
PERF_DIR="${BENCH_PERF_DIR:-}"

if ! command -v wrk >/dev/null; then
    wanted=$(sed 's/#.*//' .ci/apt-packages-bench | tr -s ' \t' '\n' | sed '/^$/d')
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $wanted >/dev/null
fi
swift build -c release --product bonded >/dev/null
bin="$(swift build -c release --show-bin-path)/bonded"
swift build -c release --package-path Benchmarks/ApiBench >/dev/null
flow="$(swift build -c release --package-path Benchmarks/ApiBench --show-bin-path)/OrderFlowBench"
work=$(mktemp -d /tmp/bonded-apibench.XXXXXX)
server=""
profiler=""
profile_start() { # phase
    [ -n "$PERF_DIR" ] || return 0
    mkdir -p "$PERF_DIR"
    perf record -q -g -p "$server" -o "$PERF_DIR/$1.data" >/dev/null 2>&1 &
    profiler=$!
    sleep 0.5
}
profile_stop() {
    [ -n "$profiler" ] || return 0
    kill -INT "$profiler" 2>/dev/null || true
    wait "$profiler" 2>/dev/null || true
    profiler=""
}
cleanup() {
    profile_stop
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

cat >"$work/assess.json" <<'JSON'
{"id":"ord-1001","date":"2026-11-28","sale":"B2C","marketplace":true,"gift":false,"from":"CN","to":"DE",
 "transport":"air","aircraft":"cargo","currency":"EUR","shipping":"0.00","insurance":"0.00",
 "seller":{"country":"CN","ioss":"IM2760000001","vat":null,"eori":null},
 "lines":[{"sku":"PB-20000","description":"power bank","hs":"850760","origin":"CN","category":"electronics",
   "quantity":1,"unit_price":"25.00","net_kg":"0.4","excise":false,
   "battery":{"chemistry":"li-ion","packing":"alone","mah":"20000","volts":"3.7","lithium_g":null,"soc_percent":"30"},
   "un_number":null,"manufacturer_country":"CN","eu_responsible_person":"Acme EU GmbH, Berlin"}]}
JSON

# wrk --latency prints "50%  1.23ms" lines; convert to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# CPU time (user + system, ms) the server has used so far: per request it depends far less on what else runs on a
# shared machine than requests/s does.
server_cpu_ms() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$server/stat"
}

measure() { # name url [lua]
    local name=$1 url=$2 script=${3:-}
    local out="$work/$name.txt"
    local cpu_before
    cpu_before=$(server_cpu_ms)
    profile_start "$name"
    if [ -n "$script" ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" >"$out"
    else
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
    fi
    profile_stop
    local rps p50 p99 errors cpu requests
    cpu=$(( $(server_cpu_ms) - cpu_before ))
    requests=$(awk '/requests in/ { print $1 }' "$out")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    errors=$(awk '/Non-2xx or 3xx responses/ { print $5 }' "$out")
    echo "$name: ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx ${errors:-0}," \
        "server CPU $(awk -v c="$cpu" -v n="$requests" 'BEGIN { printf "%.3f", (n > 0 ? c / n : 0) }') ms per request" >&2
    echo "$rps $p50 $p99 ${errors:-0}"
}

run_backend() { # backend database-url
    local backend=$1 database=$2
    "$bin" serve --database "$database" --port "$PORT" --demo --log-level warning >"$work/serve-$backend.log" 2>&1 &
    server=$!
    for _ in $(seq 1 200); do
        if curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; then break; fi
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null || { cat "$work/serve-$backend.log" >&2; exit 1; }
    local token
    token=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"username":"integration-ngb","password":"bonded-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/v1/assess" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @"$work/assess.json")
    [ "$status" = 200 ] || { echo "error: assess answered $status" >&2; exit 1; }
    cat >"$work/assess.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/assess.json", "r")
wrk.body = f:read("*a")
f:close()
LUA
    echo "== $backend ($DURATION, $CONNECTIONS connections, $THREADS wrk thread(s))" >&2
    read -r base_rps base_p50 base_p99 _ < <(measure "$backend-health" "http://127.0.0.1:$PORT/health")
    read -r rps p50 p99 errors < <(measure "$backend-assess" "http://127.0.0.1:$PORT/v1/assess?explain=false" "$work/assess.lua")
    read -r xrps xp50 xp99 xerrors < <(measure "$backend-assess-explained" "http://127.0.0.1:$PORT/v1/assess" "$work/assess.lua")
    awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "  assess / health throughput: %.2f\n", a / b }' >&2
    awk -v a="$xrps" -v b="$base_rps" 'BEGIN { printf "  assess with explanation / health throughput: %.2f\n", a / b }' >&2
    local admin
    admin=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"username":"admin","password":"bonded-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    # The flow's product (complete master data, so the compliance gate releases it) and deep stock in every
    # demo warehouse, posted with the CLI beside the running server.
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/products" -H "Authorization: Bearer $admin" \
        -H 'Content-Type: application/json' -d '{"sku":"BENCH-TEE","gtin":"4006381333955","description":"Cotton T-shirt, white",
        "hsCode":"610910","originCountry":"CN","netWeightGrams":200,"lengthMillimetres":300,"widthMillimetres":200,
        "heightMillimetres":30,"lotTracked":false,"category":"clothing","manufacturerCountry":"CN",
        "euResponsiblePerson":"Acme EU GmbH, Berlin"}'
    for warehouse in CN-NGB1 DE-FRA1 US-LAX1; do
        python3 - "$warehouse" >"$work/stock-$warehouse.json" <<'PY'
import json, sys
warehouse = sys.argv[1]
print(json.dumps({"clientOperationID": f"bench-stock-{warehouse}", "warehouse": warehouse, "actor": "bench",
    "movements": [{"sku": "BENCH-TEE", "lot": "", "kind": "receipt", "quantity": 1000000, "reason": "bench",
                   "to": {"location": location, "bucket": "available"}} for location in ["A-01-1", "A-03-1", "B-02-1"]]}))
PY
        "$bin" ledger post --database "$database" "$work/stock-$warehouse.json" >/dev/null
    done
    local ops fp50 fp99 frps lead50 lead99 shipped
    local flow_cpu
    flow_cpu=$(server_cpu_ms)
    profile_start "$backend-order-to-ship"
    local client=()
    [ -z "$PERF_DIR" ] || client=(perf record -q -g -o "$PERF_DIR/$backend-order-to-ship-client.data" --)
    "${client[@]}" "$flow" run "$PORT" "$admin" "$ORDERS" "$FLOW_WORKERS" "$FLOW_BATCH" >"$work/flow-$backend.txt"
    profile_stop
    flow_cpu=$(( $(server_cpu_ms) - flow_cpu ))
    read -r ops fp50 fp99 frps lead50 lead99 shipped order50 order99 <"$work/flow-$backend.txt"
    echo "$backend-order-to-ship: $shipped orders shipped, ${ops} orders/s, ${frps} req/s;" \
        "each request of the flow (send → last byte of the answer) p50 ${fp50} ms, p99 ${fp99} ms;" \
        "each order (its batch's import sent → its ship answered) p50 ${order50} ms, p99 ${order99} ms;" \
        "each batch of $FLOW_BATCH p50 ${lead50} ms, p99 ${lead99} ms" >&2
    awk -v a="$frps" -v b="$base_rps" 'BEGIN { printf "  order-flow requests / health throughput: %.2f\n", a / b }' >&2
    awk -v c="$flow_cpu" -v n="$shipped" 'BEGIN { printf "  server CPU per order: %.2f ms\n", (n > 0 ? c / n : 0) }' >&2
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    [ "${errors:-0}" = 0 ] && [ "${xerrors:-0}" = 0 ] || { echo "error: non-2xx answers" >&2; exit 1; }
    awk -v v="$xrps" -v n="api_assess_explained_rps_$backend" 'BEGIN { printf "RESULT %s value=%.0f unit=req/s target=>=5000 status=%s\n", n, v, (v >= 5000 ? "PASS" : "MISS") }'
    awk -v v="$xp99" -v n="api_assess_explained_p99_$backend" 'BEGIN { printf "RESULT %s value=%.3f unit=ms target=<20 status=%s\n", n, v, (v < 20 ? "PASS" : "MISS") }'
    awk -v v="$rps" -v n="api_assess_rps_$backend" 'BEGIN { printf "RESULT %s value=%.0f unit=req/s target=>=5000 status=%s\n", n, v, (v >= 5000 ? "PASS" : "MISS") }'
    awk -v v="$p99" -v n="api_assess_p99_$backend" 'BEGIN { printf "RESULT %s value=%.3f unit=ms target=<20 status=%s\n", n, v, (v < 20 ? "PASS" : "MISS") }'
    awk -v v="$p50" -v n="api_assess_p50_$backend" 'BEGIN { printf "RESULT %s value=%.3f unit=ms target=<20 status=%s\n", n, v, (v < 20 ? "PASS" : "MISS") }'
    awk -v v="$ops" -v n="order_to_ship_$backend" 'BEGIN { printf "RESULT %s value=%.1f unit=orders/s target=>=300 status=%s\n", n, v, (v >= 300 ? "PASS" : "MISS") }'
    awk -v v="$fp99" -v n="order_to_ship_p99_$backend" 'BEGIN { printf "RESULT %s value=%.3f unit=ms target=<100 status=%s\n", n, v, (v < 100 ? "PASS" : "MISS") }'
}

run_backend sqlite "sqlite:$work/bench.sqlite"
if [ -n "${BONDED_TEST_POSTGRES_URL:-}" ]; then
    run_backend postgres "$BONDED_TEST_POSTGRES_URL"
else
    echo "BONDED_TEST_POSTGRES_URL not set: PostgreSQL skipped (make bench-api sets it)" >&2
fi
