#!/usr/bin/env bash
# The SAML ACS, side by side with the node-saml peer (../shared/peers/saml-sp) in one run:
# signed Responses (ADFS-shaped, assertion signed, RSA-SHA256) validated and signed in per
# server CPU-second. Ours does per Response: pre-checks, xmlsec signature check, every
# condition, the replay insert in the database, the user lookup (1000 users, created just in
# time on first sight), a new session, the redirect. The peer's work is in its README.
#
#   bench/acs.sh          # N (pool lines, 60000), REPS (3), DUR (5s), WARM (3s), CONC (16),
#                         # DB (sqlite, or postgres: a fresh database on 127.0.0.1:5432), PEER_DIR
#
# Each server is pinned to core 0 (ours with one async worker), wrk to core 1; the peer's
# run.sh does the measuring for both. Results: bench/results/acs-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER=$(realpath "${PEER_DIR:-../shared/peers}")/saml-sp
N=${N:-60000}; REPS=${REPS:-3}; DB=${DB:-sqlite}
export DUR=${DUR:-5s} WARM=${WARM:-3s} CONC=${CONC:-16}
OUT=bench/results/acs-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
for tool in wrk bc curl; do
  command -v $tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null; }
done
scripts/setup
cargo build -q --release -p idp
BIN=$PWD/target/release/idp
[ -d "$PEER/node_modules" ] || (cd "$PEER" && npm ci --silent)
[ -x "$PEER/.venv/bin/python" ] || (cd "$PEER" && python3 -m venv .venv && .venv/bin/pip install -q lxml cryptography)

work=$(mktemp -d)
IDP_PID=""
cleanup() {
  [ -n "$IDP_PID" ] && kill "$IDP_PID" 2>/dev/null || true
  [ -n "${PGDB:-}" ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
issuer=http://127.0.0.1:$port

# One IdP key for both pools: the peer's (made once, kept in its data/), and ours.
[ -s "$PEER/data/responses.b64" ] || (cd "$PEER" && .venv/bin/python gen.py >/dev/null)
mkdir -p "$work/ours" && cp "$PEER"/data/idp-*.pem "$work/ours/"
echo "acs: generating $N signed responses for $issuer/saml/bench" >&2
"$PEER/.venv/bin/python" "$PEER/gen.py" --out "$work/ours" -n "$N" \
  --sp-entity-id "$issuer/saml/bench" --acs-url "$issuer/saml/bench/acs" >/dev/null

case $DB in
  sqlite) export IDP_DATABASE__URL="sqlite://$work/idp.db" ;;
  postgres)
    PGDB=bench_acs_$$
    psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $PGDB" >/dev/null
    export IDP_DATABASE__URL="postgres://postgres@127.0.0.1:5432/$PGDB" ;;
  *) echo "DB must be sqlite or postgres" >&2; exit 2 ;;
esac
export IDP_LOG__LEVEL=warn IDP_SERVER__ISSUER=$issuer
export IDP_CRYPTO__MASTER_KEY=$(head -c 32 /dev/urandom | base64)
(cd "$work" && "$BIN" tenant create --id bench --name Bench >/dev/null \
  && "$BIN" sso configure --tenant bench --metadata-file ours/idp-metadata.xml --domain example.com \
       --jit --idp-initiated http://127.0.0.1:9/app --attribute email=email \
       --attribute username=username --attribute display_name=displayname >/dev/null 2>&1)
(cd "$work" && IDP_SERVER__BIND=127.0.0.1:$port IDP_SERVER__WORKERS=1 exec taskset -c 0 "$BIN" serve >"$OUT/idp.log" 2>&1) &
IDP_PID=$!
for _ in $(seq 100); do curl -fs "$issuer/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
IDP_PID=$(pgrep -f "$BIN serve" | head -1)

# Correctness first: accepted once (303 to the application), every bad case refused.
fails=0
post() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "SAMLResponse=$(cat "$work/ours/check/$1.b64")" "$issuer/saml/bench/acs")
  [[ ${code:0:1} == "$2" ]] || { echo "acs: $1 answered $code, expected ${2}xx" >&2; fails=$((fails + 1)); }
}
post valid 3; post valid 4
for c in tampered rogue-key expired wrong-audience wrong-recipient wrong-issuer; do post "$c" 4; done
[ "$fails" = 0 ] || { echo "acs: correctness gate failed" >&2; exit 1; }
echo "acs: correctness gate passed (valid once, replay and 6 bad cases refused)" >&2

echo "## ours ($DB)" | tee "$OUT/summary.md"
(cd "$PEER" && BASE=$issuer ACS_PATH=/saml/bench/acs SERVER_PID=$IDP_PID POOL="$work/ours/responses.b64" \
  REPS=$REPS OUT="$OUT/ours" ./run.sh) | tee -a "$OUT/summary.md"
echo "RSS after the run: $(awk '/^VmRSS/{printf "%.1f MB", $2/1024}' /proc/$IDP_PID/status) (peak $(awk '/^VmHWM/{printf "%.1f MB", $2/1024}' /proc/$IDP_PID/status))" | tee -a "$OUT/summary.md"

# Whole SSO sign-ins: authorize -> discovery -> AuthnRequest -> ACS -> token, the script as the
# application and as an IdP that signs each answer itself (bench/sso-flow.mjs).
secret=$(cd "$work" && "$BIN" client create --id bench-sso --name "Bench SSO" --redirect-uri http://127.0.0.1:3901/cb \
  | sed -n 's/.*"client_secret": *"\([^"]*\)".*/\1/p')
export ISSUER=$issuer CLIENT_SECRET=$secret IDP_KEY=$work/ours/idp-key.pem
node bench/sso-flow.mjs --statements | tee -a "$OUT/summary.md"
hz=$(getconf CLK_TCK)
sso_row() {
  local c0 c1 j
  c0=$(awk '{print $14+$15}' "/proc/$IDP_PID/stat")
  j=$(taskset -c 1 node bench/sso-flow.mjs --bench -c "$CONC" -d "${DUR%s}")
  c1=$(awk '{print $14+$15}' "/proc/$IDP_PID/stat")
  echo "$j" | node -e "const j=JSON.parse(require('fs').readFileSync(0,'utf8')); const cpu=($c1-$c0)/$hz;
    console.log('| sso sign-in | ' + j.flows_per_s + ' flows/s | ' + j.p50_ms + ' / ' + j.p99_ms + ' ms | ' + (j.flows/cpu).toFixed(1) + ' flows/cpu-s | errors ' + j.errors + ' |')"
}
echo "| load | rate | p50 / p99 | per server CPU-second | |" | tee -a "$OUT/summary.md"
echo "|---|---|---|---|---|" | tee -a "$OUT/summary.md"
for _ in $(seq "$REPS"); do sso_row | tee -a "$OUT/summary.md"; done
kill "$IDP_PID"; IDP_PID=""
echo "## peer (node-saml)" | tee -a "$OUT/summary.md"
(cd "$PEER" && REPS=$REPS OUT="$OUT/peer" ./run.sh) | tee -a "$OUT/summary.md"
echo "acs: results in $OUT/summary.md" >&2
