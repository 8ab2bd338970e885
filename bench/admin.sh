#!/usr/bin/env bash
# The admin console's work at scale, on the release binary: the users list with each filter
# at 100,000 users (p50/p99 latency through the admin API), then "Resend e-mail confirmations"
# to 10,000 unconfirmed users (wall time, mails per second, into the file outbox), and the
# server's peak memory. Prints figures, passes or fails nothing.
#   bench/admin.sh                 # SQLite
#   DB=postgres bench/admin.sh     # a fresh database on 127.0.0.1:5432, dropped afterwards
# Env: USERS (100000), UNCONFIRMED (10000), REPS (50 requests per filter).
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-100000}; UNCONFIRMED=${UNCONFIRMED:-10000}; REPS=${REPS:-50}; DB=${DB:-sqlite}
cargo build -q --release -p idp
BIN=$PWD/target/release/idp
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export IDP_SERVER__BIND=127.0.0.1:$port IDP_MAIL__OUTBOX_DIR=$work/outbox IDP_LOG__LEVEL=warn
pg=postgres://postgres@127.0.0.1:5432
if [ "$DB" = postgres ]; then
  db=idp_bench_admin_$$
  psql "$pg/postgres" -qc "CREATE DATABASE $db"
  export IDP_DATABASE__URL=$pg/$db
fi
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null
  [ "$DB" = postgres ] && psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$BIN" tenant create --id big --name "Big Corp" >/dev/null
secret=$("$BIN" client create --id bench-admin --name Bench --redirect-uri https://b.example/cb \
  --grant client_credentials --admin | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')
start=$(date +%s.%N)
if [ "$DB" = postgres ]; then
  python3 "$OLDPWD/bench/admin.py" seed-postgres "$IDP_DATABASE__URL" big "$USERS" "$UNCONFIRMED"
else
  python3 "$OLDPWD/bench/admin.py" seed-sqlite "$work/data/idp.db" big "$USERS" "$UNCONFIRMED"
fi
echo "seeded $USERS users ($UNCONFIRMED unconfirmed) on $DB in $(echo "$(date +%s.%N) - $start" | bc) s"
"$BIN" serve >"$work/log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -fs -u "bench-admin:$secret" -d grant_type=client_credentials "http://127.0.0.1:$port/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
python3 "$OLDPWD/bench/admin.py" measure "http://127.0.0.1:$port" "$token" big "$REPS"
echo "mails in the outbox: $(ls "$work/outbox" | wc -l)"
echo "server peak RSS: $(awk '/^VmHWM/{printf "%.1f MB", $2/1024}' /proc/$server/status)"
