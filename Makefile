# Bonded — the two commands that matter: `make run` and `make test`.
SWIFT ?= swift
DATA ?= data
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: deps build run demo test bench-ledger bench-docs bench-rules bench-inbound bench-picking bench-api fuzz-rules lint format clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Builds and starts the HTTP service on http://127.0.0.1:8080 over ./data (SQLite) with the demo network and one
## demo user per role; prints the URL and the demo login. Ctrl-C stops it gracefully.
run: build
	@mkdir -p $(DATA)
	$(SWIFT) run bonded serve --demo --database sqlite:$(DATA)/bonded.sqlite

## Creates the demo network and prints its balances (no server).
demo: build
	@mkdir -p $(DATA)
	$(SWIFT) run bonded demo --database sqlite:$(DATA)/bonded.sqlite

## Installs what is missing, starts a throwaway PostgreSQL 15, runs every test, stops the server.
## All tests on a real PostgreSQL. The sync soak (child processes killed and restarted) runs on its own after the
## rest, so a loaded machine does not starve it; both runs must pass.
test: deps
	scripts/with-postgres.sh sh -c '$(SWIFT) test --skip SoakTests; first=$$?; \
		$(SWIFT) test --skip-build --filter SoakTests; soak=$$?; \
		[ $$first -eq 0 ] && [ $$soak -eq 0 ]'

## Ledger appends/s on SQLite and PostgreSQL next to a raw single-row INSERT baseline (100,000 entries each).
bench-ledger: deps
	scripts/with-postgres.sh $(SWIFT) run -c release --package-path Benchmarks LedgerBench

## Documents/s for build + validate + XSLT of a 5-line H7, next to Python lxml in the same run.
bench-docs: deps
	python3 -m pip install --quiet lxml
	$(SWIFT) run -c release --package-path Benchmarks/DocsBench DocsBench

## Rules engine vs hand-written Swift vs zen-engine on 100,000 order lines (fixed seed).
bench-rules: deps
	-python3 -m pip install --quiet zen-engine
	$(SWIFT) run -c release --package-path Benchmarks/RulesBench RulesBench Rules

## Long mutation fuzz of rule files, CSV files and requests (plain `make test` already runs 100,000 inputs).
fuzz-rules: deps
	BONDED_FUZZ_ITERATIONS=1000000 $(SWIFT) test --filter ComplianceEngineTests.FuzzTests

## Inbound lines/s (receive + classify + putaway of a 10,000-line ASN) on SQLite and PostgreSQL, engine share.
bench-inbound: deps
	scripts/with-postgres.sh $(SWIFT) run -c release --package-path Benchmarks/InboundBench InboundBench

## Pick routes and waves: wave picking vs order-by-order S-shape, our routes vs OR-tools (GLS, 10 s each), waves/s.
bench-picking: deps
	-python3 -m pip install --quiet ortools
	$(SWIFT) run -c release --package-path Benchmarks/PickingBench PickingBench

## Forecasts: ours vs statsforecast (AutoETS, CrostonOptimized) on 2,000 generated series: MASE and fit+forecast time.
.PHONY: bench-forecast
bench-forecast: deps
	-python3 -m pip install --quiet statsforecast
	$(SWIFT) run -c release --package-path Benchmarks/ForecastBench ForecastBench
## The outbound acceptance run: 2,000 mixed orders from intake to shipment on SQLite and PostgreSQL.
.PHONY: test-orders-e2e
test-orders-e2e: deps
	BONDED_E2E_ORDERS=2000 scripts/with-postgres.sh $(SWIFT) test --filter OrdersTests.EndToEndTests
## HTTP API: wrk on loopback drives POST /v1/assess against a release `bonded serve` on SQLite and PostgreSQL.
bench-api: deps
	scripts/with-postgres.sh Benchmarks/ApiBench/run.sh

## Style (.swift-format: 4 spaces, 120 columns).
FORMATTED := Sources/WMSCore Sources/Storage Sources/BondedTesting Tests/WMSCoreTests Tests/StorageTests Benchmarks/Sources
lint:
	$(SWIFT) format lint --strict -r $(FORMATTED)

format:
	$(SWIFT) format format -i -r $(FORMATTED)

clean:
	rm -rf .build Benchmarks/.build

## Edge sync: an edge offline for a simulated 24 h with 50,000 operations catches up with a central PostgreSQL
## service over HTTP; prints catch-up time and operations/s applied at the centre (target >= 5,000/s).
.PHONY: bench-sync soak-sync
bench-sync: deps
	scripts/with-postgres.sh $(SWIFT) run -c release --package-path Benchmarks/SyncBench SyncBench

## The sync soak for longer than CI runs it (3 edges, cut links, SIGKILLed processes); BONDED_SYNC_SOAK_SEED varies it.
soak-sync: deps
	$(SWIFT) build --product bonded
	BONDED_SYNC_SOAK_SECONDS=$${BONDED_SYNC_SOAK_SECONDS:-600} scripts/with-postgres.sh $(SWIFT) test --filter SyncTests.SoakTests
