#!/usr/bin/env bash
# Load benchmark on the InnoRegio demo at scale 10 (4,440 applications), with wrk:
# requests per second and latency of /health (the baseline), the jury dashboard, the ranking
# page, the jury meeting and its minutes, the round's list filtered by the formal check and one
# application's check, the applicant dashboard, an application's financing
# plan, its status page with the jury's evaluation summary, the JSON API's list of applications
# and one application (with a staff token), and a submission POST; cold start (open the store and replay the
# whole log to ready), the restart after a clean stop (from the read models' snapshots written on
# shutdown), and the restarted service's resident memory after the run. Run from anywhere: bench/load.sh   (needs wrk:
# apt-get install wrk)
#
# Environment: DURATION (default 10s per page), POST_DURATION (3s), CONNECTIONS (16), THREADS
# (2), DRAFTS (12000 drafts to submit), PORT (18080), KEEP=1 keeps the data directory, REUSE=DIR measures a kept one again
# (its drafts are then partly submitted already), BIN=path measures another build of the binary
# (an older one, for "before" figures) instead of building this one. STORE=postgres://… puts
# the log on PostgreSQL and runs two instances on it (ports PORT and PORT+1, each with its own
# data directory): pages are measured on the first while the second follows the log, and the
# submissions go through both at once, half the connections each.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
DRAFTS=${DRAFTS:-12000}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
STORE=${STORE:-}
STORE_ARGS=()
[ -n "$STORE" ] && STORE_ARGS=(--store "$STORE")
SECOND_BASE="http://127.0.0.1:$((PORT + 1))"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
    cargo build --release --locked --quiet
    BIN=target/release/wettbewerb
fi
WORK=$(mktemp -d)
DATA="$WORK/data"
SERVER=""
SECOND=""
cleanup() {
    [ -n "$SECOND" ] && kill "$SECOND" 2>/dev/null && wait "$SECOND" 2>/dev/null
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ] || [ -n "${REUSE:-}" ]; then echo "data kept in $DATA"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ -n "${REUSE:-}" ]; then
    # A data directory kept by an earlier run (KEEP=1), with the demo's output beside it.
    DATA="$REUSE"
    cp "$REUSE/../demo.txt" "$WORK/demo.txt"
else
    echo "## demo: ${PRESET:-innoregio}, scale ${SCALE:-10}, plus $DRAFTS open drafts" >&2
    "$BIN" demo --preset "${PRESET:-innoregio}" --scale "${SCALE:-10}" --open-drafts "$DRAFTS" --data "$DATA" "${STORE_ARGS[@]}" | tee "$WORK/demo.txt" >&2
fi
COMPETITION=$(grep -m1 '^Competition: ' "$WORK/demo.txt" | sed 's|.*/||')

# Cold start: from exec to the first answer of /health; the service replays the log into its
# read models before it binds the port.
if curl -s -o /dev/null "$BASE/health"; then
    echo "something already answers on port $PORT; stop it or set PORT" >&2
    exit 2
fi
# Starts `serve` and waits for its first /health answer; sets SERVER and START_MS.
serve() {
    local start ready
    start=$(date +%s%N)
    # Staff and jurors log in with their password only in the measurement.
    RUST_LOG=warn WETTBEWERB_SECOND_FACTOR=optional "$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" "${STORE_ARGS[@]}" >>"$WORK/serve.log" 2>&1 &
    SERVER=$!
    until curl -sf "$BASE/health" >/dev/null; do sleep 0.005; done
    ready=$(date +%s%N)
    START_MS=$(( (ready - start) / 1000000 ))
}
serve
COLD_MS=$START_MS
EVENTS=$(curl -s "$BASE/health" | sed 's/.*"events":\([0-9]*\).*/\1/')

# A logged-in browser: a cookie jar and the session's CSRF token.
log_in() {
    local jar="$WORK/$1.jar" csrf
    csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/anmelden" | grep -m1 -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
        --data-urlencode "email=$1" --data-urlencode "password=wettbewerb-demo" "$BASE/anmelden"
    # Logging in renews the session; its new CSRF token lives in the cookie set with it.
    CSRF=$(curl -s -c "$jar" -b "$jar" "$BASE/" | grep -m1 -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
    # curl marks HttpOnly cookies (the session) with a "#HttpOnly_" prefix.
    COOKIE=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }')
}

# The first start also turns the demo's events into mail (written to files); wait for the outbox
# to drain so that it does not run beside the measurements.
# Drained: the outbox has read the whole log (the page says so while it has not), nothing is
# pending, and the count of sent messages is the same as a second before.
drain_outbox() {
    log_in leitung@demo.wettbewerb.test
    local drain_start last_sent="" outbox sent page
    drain_start=$(date +%s)
    while :; do
        page=$(curl -s -H "Cookie: $COOKIE" "$BASE/verwaltung/postausgang")
        outbox=$(echo "$page" | grep -o '>[0-9]* wartend, [0-9]* versandt' || true)
        sent=${outbox##*, }
        if ! echo "$page" | grep -q 'Nachrichten werden noch vorbereitet'; then
            case "$outbox" in ">0 wartend"*) [ "$sent" = "$last_sent" ] && break ;; esac
        fi
        last_sent=$sent
        [ $(( $(date +%s) - drain_start )) -lt 600 ] || { echo "the outbox did not drain" >&2; exit 1; }
        sleep 1
    done
    echo "outbox of $BASE drained after $(( $(date +%s) - drain_start )) s" >&2
}
drain_outbox
COLD_RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status")

# Restart: a clean stop (SIGTERM; the service writes the read models' snapshots on its way out),
# then from exec to the first /health answer again, with the snapshots current. The load runs
# against the restarted service, as it runs after any restart.
kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
serve
RESTART_MS=$START_MS
if [ -n "$STORE" ]; then
    # The second instance: a replica of its own, built from the database at its first start.
    start=$(date +%s%N)
    RUST_LOG=warn WETTBEWERB_SECOND_FACTOR=optional "$BIN" serve --data "$WORK/second" --listen "127.0.0.1:$((PORT + 1))" "${STORE_ARGS[@]}" >>"$WORK/second.log" 2>&1 &
    SECOND=$!
    until curl -sf "$SECOND_BASE/health" >/dev/null; do sleep 0.005; done
    SECOND_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "second instance ready after $SECOND_MS ms" >&2
    # Its outbox learns from the first's what was sent; that work ends before the measurements.
    FIRST_BASE=$BASE
    BASE=$SECOND_BASE
    drain_outbox
    BASE=$FIRST_BASE
fi

results="$WORK/results.md"
echo "| page | requests/s | p50 | p99 | errors |" >"$results"
echo "|---|---|---|---|---|" >>"$results"
HEALTH_RPS=0
measure() {
    local name=$1 out rps p50 p99 errors
    shift
    local duration=$DURATION
    if [ "$1" = --for ]; then duration=$2; shift 2; fi
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@")
    [ -n "${TRACE:-}" ] && echo "wrk -t$THREADS -c$CONNECTIONS -d$duration --latency $*" >&2
    echo "$out" >"$WORK/wrk-$name.txt"
    rps=$(echo "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
    p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
    errors=$(echo "$out" | awk '/Non-2xx or 3xx/ { print $5 } /Socket errors/ { print }' | tr '\n' ' ')
    [ "$name" = health ] && HEALTH_RPS=$rps
    echo "| $name | $rps | $p50 | $p99 | ${errors:-0} |" >>"$results"
    echo "$name: $rps req/s, p50 $p50, p99 $p99" >&2
}

measure health "$BASE/health"
log_in jury0@demo.wettbewerb.test
measure jury-dashboard -H "Cookie: $COOKIE" "$BASE/jury"
log_in leitung@demo.wettbewerb.test
measure ranking -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION/rangliste"
# The last stage's jury meeting: attendance, the agenda with a form per application, and its
# minutes.
measure meeting -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION/sitzung"
measure minutes -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION/sitzung/protokoll"
# The round's list filtered by the formal check's state: every application of the stage read
# for its check, those closed as complete listed (a page of 100).
measure round-list-check -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION?pruefung=vollstaendig"
# One application's formal check, with the comparison of a round of corrections where it had one.
# Read whole before searching: grep stopping at its first match would cut curl off mid-page.
curl -s -o "$WORK/checked.html" -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION?pruefung=vollstaendig"
CHECKED=$(grep -m1 -o '/antraege/[0-9a-f-]\{36\}/formalpruefung' "$WORK/checked.html")
measure formal-check -H "Cookie: $COOKIE" "$BASE/verwaltung/wettbewerbe/$COMPETITION$CHECKED"
log_in antrag0@demo.wettbewerb.test
measure applicant-dashboard -H "Cookie: $COOKIE" "$BASE/antraege"
# The financing plan of the applicant's first application: a grid per partner and year, the
# rates and pledges beside it.
curl -s -o "$WORK/dashboard.html" -H "Cookie: $COOKIE" "$BASE/antraege"
PLAN=$(grep -m1 -o 'href="/antraege/[0-9a-f-]\{36\}"' "$WORK/dashboard.html" | sed 's/href="//; s/"$//')
measure plan-editor -H "Cookie: $COOKIE" "$BASE$PLAN/finanzierung"
# Its status page: the history and, once released, the jury's evaluation summary (the
# consensus comments per criterion, read from the report's stream).
measure status-summary -H "Cookie: $COOKIE" "$BASE$PLAN/status"

# The JSON API with a staff token made on the account page: a page of 100 applications of the
# competition (each with its consortium and plan), and one application.
log_in leitung@demo.wettbewerb.test
TOKEN=$(curl -s -H "Cookie: $COOKIE" --data-urlencode "csrf=$CSRF" --data-urlencode "name=Lastmessung" \
    --data-urlencode "scope_read=on" --data-urlencode "lifetime=30" "$BASE/konto/api-schluessel" |
    grep -m1 -o 'id="token" class="break">wb_[A-Za-z0-9_-]*' | sed 's/.*>//')
[ -n "$TOKEN" ] || { echo "no API token was made" >&2; exit 1; }
measure api-list -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/applications?competition=$COMPETITION&limit=100"
measure api-detail -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/applications/${PLAN#/antraege/}"

# Submissions: every request submits another complete draft of the open round, once.
log_in offen@demo.wettbewerb.test
curl -s -H "Cookie: $COOKIE" "$BASE/antraege" | grep -o 'href="/antraege/[0-9a-f-]\{36\}"' |
    sed 's/href="//; s/"$//' | sort -u | sed 's|$|/einreichen|' >"$WORK/drafts.txt"
echo "$(wc -l <"$WORK/drafts.txt") drafts to submit" >&2
# Each draft is submitted once: the run is shorter so that the drafts last (about 3,500/s).
if [ -z "$STORE" ]; then
    measure submission-post --for "${POST_DURATION:-3s}" -H "Cookie: $COOKIE" -s bench/submit.lua \
        "$BASE/antraege" -- "$WORK/drafts.txt" "$CSRF" "$THREADS"
else
    # Through both instances at once, each with half the drafts and half the connections (the
    # session is valid on both); the rows give each instance's share, and their sum.
    awk 'NR % 2 == 1' "$WORK/drafts.txt" >"$WORK/drafts-a.txt"
    awk 'NR % 2 == 0' "$WORK/drafts.txt" >"$WORK/drafts-b.txt"
    pids=()
    for side in a b; do
        target=$BASE
        [ "$side" = b ] && target=$SECOND_BASE
        wrk -t"$THREADS" -c"$((CONNECTIONS / 2))" -d"${POST_DURATION:-3s}" --latency -H "Cookie: $COOKIE" \
            -s bench/submit.lua "$target/antraege" -- "$WORK/drafts-$side.txt" "$CSRF" "$THREADS" \
            >"$WORK/wrk-submission-$side.txt" &
        pids+=($!)
    done
    wait "${pids[@]}"
    total=0
    for side in a b; do
        out=$(cat "$WORK/wrk-submission-$side.txt")
        rps=$(echo "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
        total=$((total + rps))
        echo "| submission-post-$side | $rps | $(echo "$out" | awk '$1 == "50%" { print $2 }') | $(echo "$out" | awk '$1 == "99%" { print $2 }') | $(echo "$out" | awk '/Non-2xx or 3xx/ { print $5 }') |" >>"$results"
    done
    echo "| submission-post (both) | $total | | | |" >>"$results"
    echo "submissions through both instances: $total req/s" >&2
fi
SUBMITTED=$(curl -s -H "Cookie: $COOKIE" "$BASE/antraege" | grep -o '>Eingereicht<' | wc -l)

RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status")
PEAK_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER/status")

echo
echo "InnoRegio demo, scale 10: $EVENTS events in the log${STORE:+, on PostgreSQL with two instances}"
[ -n "$STORE" ] && echo "second instance (replica built from the database): ready after ${SECOND_MS} ms"
echo "cold start (exec to first /health answer, the whole log replayed): ${COLD_MS} ms; $((COLD_RSS_KB / 1024)) MB once the outbox drained"
echo "restart after a clean stop (exec to first /health answer): ${RESTART_MS} ms"
echo "resident memory of the restarted service after the run: $((RSS_KB / 1024)) MB (peak $((PEAK_KB / 1024)) MB)"
echo "submissions shown as submitted afterwards: $SUBMITTED"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (submissions ${POST_DURATION:-3s}), /health at $HEALTH_RPS requests/s:"
echo
cat "$results"
