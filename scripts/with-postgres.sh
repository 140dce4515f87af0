#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1:${BONDED_TEST_PG_PORT:-54329}, exports BONDED_TEST_POSTGRES_URL,
# runs the given command, and stops the server afterwards — also when the command fails or is interrupted.
set -euo pipefail
port="${BONDED_TEST_PG_PORT:-54329}"
bindir=$(dirname "$(dpkg -L postgresql-15 | grep '/bin/initdb$' | head -1)")
if [ ! -x "$bindir/initdb" ]; then
    echo "error: initdb of postgresql-15 not found (run scripts/install-deps.sh)" >&2
    exit 1
fi
dir=$(mktemp -d /tmp/bonded-pg.XXXXXX)
run_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
stop() {
    run_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT INT TERM
# A server left over from an interrupted run would hold the port.
if [ -S "/tmp/.s.PGSQL.$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is in use; set BONDED_TEST_PG_PORT or stop the other server" >&2
    exit 1
fi
run_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
run_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
psql -h "$dir" -p "$port" -U postgres -q -c "CREATE DATABASE bonded_test" >/dev/null
export BONDED_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/bonded_test"
echo "PostgreSQL 15 for tests at $BONDED_TEST_POSTGRES_URL"
set +e
"$@"
status=$?
set -e
exit $status
