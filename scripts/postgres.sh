#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests and benchmarks: a new cluster in a temporary directory,
# on its own port, trusting local connections. Prints the URL to give the tests:
#   export WETTBEWERB_TEST_POSTGRES=$(scripts/postgres.sh start)
#   scripts/postgres.sh stop
# PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user.
set -euo pipefail
PORT=${PGPORT_TEST:-55432}
DIR=${PGDATA_TEST:-/tmp/wettbewerb-postgres-$PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$DIR"
        as_owner "$BIN/initdb" -D "$DIR" -U wettbewerb --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        # Durable as in production (fsync, synchronous commit); sized for many test schemas.
        cat >>"$DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 400
shared_buffers = 256MB
CONF
    fi
    # Already running (an earlier start): used as it is.
    as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1 ||
        as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start >/dev/null
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U wettbewerb -d postgres -Atqc \
        "SELECT 1 FROM pg_database WHERE datname = 'wettbewerb'" | grep -q 1 ||
        as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U wettbewerb wettbewerb
    echo "postgres://wettbewerb@127.0.0.1:$PORT/wettbewerb"
    ;;
stop)
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
