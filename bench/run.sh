#!/usr/bin/env bash
# Performance figures for idp, optionally side by side with a reference OpenID Provider.
#
#   bench/run.sh                 # idp only
#   PEER=node bench/run.sh       # also panva's oidc-provider from ../shared/peers, same loads, same run
#
# The server under test is pinned to core 0 (idp with one async worker and one hashing
# thread), the load generators to core 1, so every figure is per server core. Printed per
# load: req/s, p50/p99 latency, server CPU-seconds, requests per server CPU-second; then
# RSS, and a burst of 200 concurrent sign-ins with the token endpoint's latency during it.
# Env: DUR (10, seconds per load), WARM (5), CONC (16), REPS (1; take the median of 3 for
# comparisons), LOADS (all; or some of: discovery jwks token-cc-es256 token-cc-rs256 sign-in
# refresh burst), CEILING (1: with PEER=node, also the peers' ceiling server on discovery and JWKS),
# PEER_DIR (../shared/peers), DB (sqlite, or postgres: a fresh database on the local server
# at 127.0.0.1:5432, user postgres, dropped afterwards), BASELINE (a commit, e.g. b2456c7: that
# commit's idp too, built from `git archive` in target/baseline/, on its own database with the
# same data, in the sign-in load, alternating with today's rep by rep). Results:
# bench/results/<time>/summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${DUR:-10}; WARM=${WARM:-5}; CONC=${CONC:-16}; REPS=${REPS:-1}
PEER_DIR=${PEER_DIR:-../shared/peers}
OUT=${OUT:-bench/results/$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
SUMMARY=$OUT/summary.md

for tool in wrk bc; do
  command -v $tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null; }
done
cargo build -q --release -p idp
BIN=$PWD/target/release/idp
HZ=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/{print $2}' "/proc/$1/status"; }
row() {
  printf '| %-8s | %-26s | %10s | %9s | %9s | %9s | %s\n' "$@" | tee -a "$SUMMARY"
  printf '%s\t%s\t%s\n' "$1" "$2" "$6" >>"$OUT/rows.tsv"
}
# median SERVER LOAD: the median requests per CPU-second of that server's reps of that load.
median() {
  awk -F'\t' -v s="$1" -v l="$2" '$1==s && $2==l {print $3}' "$OUT/rows.tsv" | sort -g |
    awk '{v[NR]=$1} END {if (NR==0) exit; if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}
SIGNIN="sign-in (argon2id 19M/2/1)"
# want LOAD: whether LOADS (default: all) names this load.
want() { [ -z "${LOADS:-}" ] || [[ " $LOADS " == *" $1 "* ]]; }

# wrk_load SERVER PID NAME URL [LUA]: one closed-loop load (after a warm-up), wrk pinned to
# core 1. Each call keeps wrk's report as SERVER-NAME-N.txt, N counting that pair's calls.
wrk_load() {
  local server=$1 pid=$2 name=$3 url=$4 lua=${5:-} args=(-t1 -c"$CONC" --latency)
  [ -n "$lua" ] && args+=(-s "$lua")
  taskset -c 1 wrk "${args[@]}" -d"${WARM}s" "$url" >/dev/null
  local n=1
  while [ -e "$OUT/$server-$name-$n.txt" ]; do n=$((n + 1)); done
  local t0 c0 t1 c1 f=$OUT/$server-$name-$n.txt
  t0=$(date +%s.%N); c0=$(cpu_ticks "$pid")
  taskset -c 1 wrk "${args[@]}" -d"${DUR}s" "$url" >"$f"
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  local rps p50 p99 cpu non2xx
  rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$f")
  p50=$(awk '$1=="50%"{print $2}' "$f"); p99=$(awk '$1=="99%"{print $2}' "$f")
  non2xx=$(awk -F: '/Non-2xx/{gsub(/ /,"",$2);print $2}' "$f")
  cpu=$(echo "($c1-$c0)/$HZ" | bc -l)
  row "$server" "$name" "$rps" "$p50" "$p99" "$(printf %.0f "$(echo "$rps*($t1-$t0)/($cpu+0.0001)" | bc -l)")" "${non2xx:+non-2xx $non2xx}"
}

# flow_once SERVER PID NAME CONCURRENCY CMD...: whole sign-ins from a node script on core 1
# (after a warm-up unless WARM=0).
flow_once() {
  local server=$1 pid=$2 name=$3 c=$4; shift 4
  local t0 c0 t1 c1 json
  [ "$WARM" = 0 ] || taskset -c 1 "$@" --bench -c "$c" -d "$WARM" >/dev/null # warm-up (JIT, caches), not counted
  t0=$(date +%s.%N); c0=$(cpu_ticks "$pid")
  json=$(taskset -c 1 "$@" --bench -c "$c" -d "$DUR" | tail -1)
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  local fps p50 p99 errors cpu
  fps=$(echo "$json" | sed -n 's/.*"flows_per_s":\([0-9.]*\).*/\1/p')
  p50=$(echo "$json" | sed -n 's/.*"p50_ms":\([0-9.]*\).*/\1/p'); p99=$(echo "$json" | sed -n 's/.*"p99_ms":\([0-9.]*\).*/\1/p')
  errors=$(echo "$json" | sed -n 's/.*"errors":\([0-9]*\).*/\1/p')
  cpu=$(echo "($c1-$c0)/$HZ" | bc -l)
  row "$server" "$name" "$fps" "${p50}ms" "${p99}ms" "$(printf %.1f "$(echo "$fps*($t1-$t0)/($cpu+0.0001)" | bc -l)")" "errors $errors"
}

header() {
  echo | tee -a "$SUMMARY"
  row server load "req/s" p50 p99 "req/cpu-s" note
  echo "|----------|----------------------------|------------|-----------|-----------|-----------|" | tee -a "$SUMMARY"
}

# --- idp -----------------------------------------------------------------------------------
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DB=${DB:-sqlite}
PGDB=""
case "$DB" in
  sqlite) export IDP_DATABASE__URL="sqlite://$work/idp.db" ;;
  postgres)
    PGDB=idp_bench_$$
    psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $PGDB" >/dev/null
    export IDP_DATABASE__URL="postgres://postgres@127.0.0.1:5432/$PGDB" ;;
  *) echo "DB must be sqlite or postgres" >&2; exit 2 ;;
esac
export IDP_LOG__LEVEL=warn
export IDP_CRYPTO__MASTER_KEY=$(head -c 32 /dev/urandom | base64)
# Two-factor optional: alice signs in with her password alone; bob turns an authenticator app
# on (through the account page, by the flow script) for the statement count of a TOTP sign-in.
"$BIN" tenant create --id bench --name Bench --two-factor optional --methods totp >/dev/null
for u in alice bob; do
  printf %s 'correct horse battery staple' | "$BIN" user create --tenant bench --username $u --email $u@bench.example --password-stdin >/dev/null
done
secret_of() { sed -n 's/.*"client_secret": "\(.*\)".*/\1/p'; }
mk_client() {
  "$BIN" client create --id "$1" --name "$1" --redirect-uri http://127.0.0.1:3901/cb \
    --grant authorization_code,refresh_token,client_credentials --scope "openid offline_access profile email api:read" \
    --access-token-alg "$2" --id-token-alg "${3:-RS256}" | secret_of
}
ES_SECRET=$(mk_client bench-es256 ES256); RS_SECRET=$(mk_client bench-rs256 RS256)
# Token refresh with ES256 ID and access tokens: the endpoint and the database, not RSA.
RF_SECRET=$(mk_client bench-refresh ES256 ES256)
IDP_SERVER__BIND=127.0.0.1:$port IDP_SERVER__WORKERS=1 IDP_PASSWORD__MAX_CONCURRENT_HASHES=1 \
  taskset -c 0 "$BIN" serve >"$OUT/idp.log" 2>&1 &
IDP_PID=$!
cleanup() {
  kill $IDP_PID ${OLD_PID:-} ${NODE_RS:-} ${NODE_ES:-} ${CEIL:-} ${CEIL_ES:-} 2>/dev/null
  wait $IDP_PID 2>/dev/null || true
  for d in "$PGDB" "${OLD_PGDB:-}"; do
    [ -n "$d" ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
BASE=http://127.0.0.1:$port
for _ in $(seq 100); do curl -fs "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# --- an earlier build of idp (BASELINE), the same data on a database of its own ------------
OLD_PID=""; OLD_PGDB=""
if [ -n "${BASELINE:-}" ]; then
  rev=$(git rev-parse --short "$BASELINE^{commit}")
  bdir=$PWD/target/baseline/$rev
  if [ ! -x "$bdir/target/release/idp" ]; then
    rm -rf "$bdir/src" && mkdir -p "$bdir/src"
    git archive "$rev" | tar -x -C "$bdir/src"
    cargo build -q --release -p idp --manifest-path "$bdir/src/Cargo.toml" --target-dir "$bdir/target"
  fi
  OLD_BIN=$bdir/target/release/idp
  old_url="sqlite://$work/before.db"
  if [ "$DB" = postgres ]; then
    OLD_PGDB=idp_bench_before_$$
    psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $OLD_PGDB" >/dev/null
    old_url="postgres://postgres@127.0.0.1:5432/$OLD_PGDB"
  fi
  # From its own tree, which holds the config/idp.toml that build reads.
  old() { (cd "$bdir/src" && IDP_DATABASE__URL=$old_url "$OLD_BIN" "$@"); }
  old tenant create --id bench --name Bench --two-factor optional --methods totp >/dev/null
  printf %s 'correct horse battery staple' | old user create --tenant bench --username alice --email alice@bench.example --password-stdin >/dev/null
  OLD_SECRET=$(old client create --id bench-es256 --name bench-es256 --redirect-uri http://127.0.0.1:3901/cb \
    --grant authorization_code,refresh_token,client_credentials --scope "openid offline_access profile email api:read" \
    --access-token-alg ES256 | secret_of)
  old_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$bdir/src" && IDP_DATABASE__URL=$old_url IDP_SERVER__BIND=127.0.0.1:$old_port IDP_SERVER__WORKERS=1 \
    IDP_PASSWORD__MAX_CONCURRENT_HASHES=1 exec taskset -c 0 "$OLD_BIN" serve) >"$OUT/before.log" 2>&1 &
  OLD_PID=$!
  OLD_BASE=http://127.0.0.1:$old_port
  for _ in $(seq 100); do curl -fs "$OLD_BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
fi

{ echo "# idp benchmark $(date -u +%FT%TZ), database: $DB${BASELINE:+, before: $BASELINE}"; echo; echo "$(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo); DUR=${DUR}s WARM=${WARM}s CONC=$CONC REPS=$REPS"; } | tee "$SUMMARY"

# --- the reference provider, started next to idp so that both see the same machine --------
# Two instances (RS256 and ES256 access tokens), each pinned to core 0 like idp; an idle server
# costs nothing, and every load alternates idp and node rep by rep, so a drift of the VM's
# speed during the run hits both alike.
NODE_RS=""; NODE_ES=""
if [ "${PEER:-}" = node ]; then
  [ -d "$PEER_DIR/node-oidc-provider" ] || { echo "PEER=node needs $PEER_DIR/node-oidc-provider" >&2; exit 1; }
  [ -d "$PEER_DIR/node-oidc-provider/node_modules" ] || (cd "$PEER_DIR/node-oidc-provider" && npm ci --silent --no-audit --no-fund)
  start_node() { # PORT ALG: prints the pid once it answers
    (cd "$PEER_DIR/node-oidc-provider" && PORT=$1 AT_ALG=$2 NODE_ENV=production exec taskset -c 0 node server.js >"$OUT/node-$2.log" 2>&1) &
    local pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/.well-known/openid-configuration" >/dev/null 2>&1 && break; sleep 0.1; done
    echo $pid
  }
  NODE_RS=$(start_node 3900 RS256); NODE_ES=$(start_node 3902 ES256)
fi
NODE_SECRET=bench-secret-0123456789abcdef0123456789abcdef
# The ceiling server of ../shared/peers (axum + aws-lc-rs, fixed bytes, no database) joins the
# discovery and JWKS loads: what any server on this stack gets against the peer that day.
CEIL=""
if [ -n "$NODE_RS" ] && [ "${CEILING:-1}" = 1 ] && (cd "$PEER_DIR/ceiling" && cargo build -q --release); then
  WORKERS=1 PORT=3910 taskset -c 0 "$PEER_DIR/ceiling/target/release/ceiling" >"$OUT/ceiling.log" 2>&1 &
  CEIL=$!
  # A second one signing ES256, for the token load (the issue's target: idp at 95 % of it).
  ALG=ES256 WORKERS=1 PORT=3911 taskset -c 0 "$PEER_DIR/ceiling/target/release/ceiling" >"$OUT/ceiling-es256.log" 2>&1 &
  CEIL_ES=$!
  for _ in $(seq 100); do curl -fs http://127.0.0.1:3910/jwks >/dev/null 2>&1 && curl -fs http://127.0.0.1:3911/jwks >/dev/null 2>&1 && break; sleep 0.1; done
fi

header
# static_load NAME PATH: a GET that every server answers at the same path (node on 3900, the
# ceiling server on 3910), alternating rep by rep.
static_load() {
  want "$1" || return 0
  for rep in $(seq "$REPS"); do
    wrk_load idp $IDP_PID "$1" "$BASE$2"
    [ -n "$NODE_RS" ] && wrk_load node $NODE_RS "$1" "http://127.0.0.1:3900$2"
    [ -n "$CEIL" ] && wrk_load ceiling $CEIL "$1" "http://127.0.0.1:3910$2"
  done
  return 0
}
# token_load ALG IDP_SECRET NODE_PID NODE_PORT: client_credentials with that access-token
# algorithm, idp's client of that name against the node instance signing with it.
token_load() {
  want "token-cc-$1" || return 0
  local ceil=""
  [ "$1" = es256 ] && ceil=${CEIL_ES:-}
  for rep in $(seq "$REPS"); do
    # idp and the ceiling server back to back, which of them first alternating rep by rep,
    # so that each rep's pair sees the same machine (this VM's speed drifts by 10-20 %
    # within minutes); then the node instance.
    [ -n "$ceil" ] && [ $((rep % 2)) = 0 ] && ceiling_token_load "$1"
    CLIENT_ID=bench-$1 CLIENT_SECRET=$2 wrk_load idp $IDP_PID "token-cc-$1" "$BASE/token" bench/token-cc.lua
    [ -n "$ceil" ] && [ $((rep % 2)) = 1 ] && ceiling_token_load "$1"
    [ -n "$3" ] && CLIENT_ID=bench-client CLIENT_SECRET=$NODE_SECRET wrk_load node "$3" "token-cc-$1" "http://127.0.0.1:$4/token" bench/token-cc.lua
  done
  return 0
}
ceiling_token_load() {
  CLIENT_ID=bench-client CLIENT_SECRET=$NODE_SECRET wrk_load ceiling "$CEIL_ES" "token-cc-$1" "http://127.0.0.1:3911/token" bench/token-cc.lua
}
# paired_ratio LOAD [OTHER]: the median over reps of idp's figure ÷ OTHER's (the ceiling server
# unless named) in that rep.
paired_ratio() {
  paste <(awk -F'\t' -v l="$1" '$1=="idp" && $2==l {print $3}' "$OUT/rows.tsv") \
    <(awk -F'\t' -v l="$1" -v o="${2:-ceiling}" '$1==o && $2==l {print $3}' "$OUT/rows.tsv") |
    awk -F'\t' '$1 && $2 {print 100*$1/$2}' | sort -g |
    awk '{v[NR]=$1} END {if (NR==0) exit; if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}
static_load discovery /.well-known/openid-configuration
static_load jwks /jwks
token_load es256 "$ES_SECRET" "$NODE_ES" 3902
token_load rs256 "$RS_SECRET" "$NODE_RS" 3900
# Statements per whole sign-in (authorize to token: password, and password + TOTP) and per
# token refresh, from /metrics around one of each.
if want sign-in; then
  json=$(ISSUER=$BASE CLIENT_ID=bench-es256 CLIENT_SECRET=$ES_SECRET node bench/login-flow.mjs --statements)
  st() { echo "$json" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
  echo "database statements: $(st password) per password sign-in, $(st password_totp) per password + TOTP sign-in (authorize to token), $(st refresh) per token refresh" | tee -a "$SUMMARY"
fi
want sign-in && for rep in $(seq "$REPS"); do
  ISSUER=$BASE CLIENT_ID=bench-es256 CLIENT_SECRET=$ES_SECRET flow_once idp $IDP_PID "$SIGNIN" "$CONC" node bench/login-flow.mjs
  [ -n "$OLD_PID" ] && ISSUER=$OLD_BASE CLIENT_ID=bench-es256 CLIENT_SECRET=$OLD_SECRET flow_once before $OLD_PID "$SIGNIN" "$CONC" node bench/login-flow.mjs
  [ -n "$NODE_ES" ] && ISSUER=http://127.0.0.1:3902 flow_once node $NODE_ES "$SIGNIN" "$CONC" node "$PEER_DIR/node-oidc-provider/login-flow.mjs"
done
# Token refresh: each loop rotates its own refresh token (new ES256 access and ID tokens).
want refresh && for rep in $(seq "$REPS"); do
  ISSUER=$BASE CLIENT_ID=bench-refresh CLIENT_SECRET=$RF_SECRET flow_once idp $IDP_PID "token refresh (ES256)" "$CONC" node bench/login-flow.mjs --refresh
done
echo | tee -a "$SUMMARY"
echo "idp RSS right after the runs: $(( $(rss_kb $IDP_PID) / 1024 )) MB (peak so far $(( $(hwm_kb $IDP_PID) / 1024 )) MB)" | tee -a "$SUMMARY"
[ -n "$NODE_ES" ] && echo "node RSS after the runs: $(( $(rss_kb $NODE_RS) / 1024 )) MB (RS256 instance), $(( $(rss_kb $NODE_ES) / 1024 )) MB (ES256 instance)" | tee -a "$SUMMARY"
sleep 5 # the hashing threads give their buffers back after 3 idle seconds
echo "idp RSS 5 s after the runs: $(( $(rss_kb $IDP_PID) / 1024 )) MB" | tee -a "$SUMMARY"

# Medians per server and load, and idp's ratio to the peer with the issue's targets.
if [ -n "$NODE_ES" ]; then
  { echo; echo "Medians of $REPS (requests per server CPU-second), idp ÷ node:"; echo
    echo "| load | idp | node | ratio | target | ceiling server ÷ node |"; echo "|---|---:|---:|---:|---:|---:|"
    for load in discovery:8 jwks:8 token-cc-es256:5 token-cc-rs256:1.3 "$SIGNIN:1.2"; do
      name=${load%:*}; target=${load##*:}
      i=$(median idp "$name"); n=$(median node "$name"); c=$(median ceiling "$name")
      [ -n "$i" ] && [ -n "$n" ] || continue
      printf '| %s | %s | %s | %.2fx | %sx | %s |\n' "$name" "$i" "$n" "$(echo "$i/$n" | bc -l)" "$target" \
        "$([ -n "$c" ] && printf '%.2fx' "$(echo "$c/$n" | bc -l)")"
    done
    i=$(median idp token-cc-es256); c=$(median ceiling token-cc-es256)
    # (an if, not &&: without the token load the group would end with a failure)
    if [ -n "$i" ] && [ -n "$c" ]; then printf '\nclient_credentials ES256: idp at %.0f %% of the ceiling server (ratio of the medians; target 95 %%), %.0f %% (median of the %s reps'"'"' ratios, each rep running both back to back)\n' \
      "$(echo "100*$i/$c" | bc -l)" "$(paired_ratio token-cc-es256)" "$REPS"; fi
  } | tee -a "$SUMMARY"
fi
if [ -n "$OLD_PID" ] && want sign-in; then
  i=$(median idp "$SIGNIN"); b=$(median before "$SIGNIN")
  printf '\nwhole sign-in: %s flows per CPU-second, %s at %s: %.2fx (medians of %s); %.0f %% (median of the reps'"'"' ratios, the two alternating)\n' \
    "$i" "$b" "$BASELINE" "$(echo "$i/$b" | bc -l)" "$REPS" "$(paired_ratio "$SIGNIN" before)" | tee -a "$SUMMARY"
fi

if want burst; then
# A burst of 200 concurrent sign-ins, with the token endpoint measured at the same time.
echo | tee -a "$SUMMARY"; echo "Burst: 200 concurrent sign-ins for ${DUR}s; client_credentials (ES256, 4 connections) at the same time:" | tee -a "$SUMMARY"
header
( CONC=4 CLIENT_ID=bench-es256 CLIENT_SECRET=$ES_SECRET WARM=1 wrk_load idp $IDP_PID "token-cc during burst" "$BASE/token" bench/token-cc.lua ) &
wrk_bg=$!
ISSUER=$BASE CLIENT_ID=bench-es256 CLIENT_SECRET=$ES_SECRET WARM=0 flow_once idp $IDP_PID "sign-in burst c=200" 200 node bench/login-flow.mjs
wait $wrk_bg
echo "idp peak RSS (whole run, burst included): $(( $(hwm_kb $IDP_PID) / 1024 )) MB; RSS now $(( $(rss_kb $IDP_PID) / 1024 )) MB" | tee -a "$SUMMARY"
sleep 5
echo "idp RSS 5 s after the burst: $(( $(rss_kb $IDP_PID) / 1024 )) MB" | tee -a "$SUMMARY"
fi

[ -n "$NODE_RS" ] && kill "$NODE_RS" "$NODE_ES" ${CEIL:-} ${CEIL_ES:-} 2>/dev/null
echo; echo "results: $SUMMARY"
