#!/usr/bin/env bash
# Instructions per token request (client_credentials, ES256), idp against the peers' ceiling
# server, counted by valgrind (callgrind) rather than timed: the same figure on every run, so
# a change of a few hundred instructions shows where bench/run.sh's per-CPU-second figures,
# which drift by 10-20 % on a shared VM, cannot. It counts user-space instructions only: not
# the kernel, not cache misses. Under valgrind AWS-LC takes its generic code paths (no
# SHA-NI, no ADX), so crypto weighs more here than on the real CPU.
#
#   bench/instructions.sh               # idp (release build) and ../shared/peers/ceiling
#   BIN=/path/to/idp bench/instructions.sh   # another build of idp, e.g. to compare two commits
#
# Env: DUR (6, seconds counted), PEER_DIR (../shared/peers). Results in bench/results/<time>-ir/.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${DUR:-6}
PEER_DIR=${PEER_DIR:-../shared/peers}
OUT=${OUT:-bench/results/$(date +%Y%m%d-%H%M%S)-ir}; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
for tool in wrk valgrind bc; do
  command -v $tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null; }
done
if [ -z "${BIN:-}" ]; then
  cargo build -q --release -p idp
  BIN=$PWD/target/release/idp
fi
(cd "$PEER_DIR/ceiling" && cargo build -q --release)
CEILING=$PEER_DIR/ceiling/target/release/ceiling

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export IDP_DATABASE__URL="sqlite://$work/idp.db" IDP_LOG__LEVEL=warn
export IDP_CRYPTO__MASTER_KEY=$(head -c 32 /dev/urandom | base64)
"$BIN" tenant create --id bench --name Bench >/dev/null
SECRET=$("$BIN" client create --id bench-es256 --name bench-es256 --redirect-uri http://127.0.0.1:3901/cb \
  --grant client_credentials --scope "api:read" --access-token-alg ES256 |
  sed -n 's/.*"client_secret": "\(.*\)".*/\1/p')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# count NAME URL CLIENT_ID CLIENT_SECRET CMD...: instructions per request of CMD, a server
# listening at URL, counted over DUR seconds of wrk (4 connections) after a 3-second warm-up.
count() {
  local name=$1 url=$2 id=$3 secret=$4; shift 4
  setsid valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/$name.callgrind" \
    "$@" >"$OUT/$name.log" 2>&1 </dev/null &
  local vp=$!; pids+=("$vp")
  for _ in $(seq 300); do curl -s -o /dev/null -X POST "$url" && break; sleep 0.2; done
  export CLIENT_ID=$id CLIENT_SECRET=$secret
  wrk -t1 -c4 -d3s -s bench/token-cc.lua "$url" >/dev/null
  callgrind_control -i on "$vp" >/dev/null
  local n
  n=$(wrk -t1 -c4 -d"${DUR}s" -s bench/token-cc.lua "$url" | tee "$OUT/$name-wrk.txt" | awk '/requests in/{print $1}')
  callgrind_control -i off "$vp" >/dev/null
  callgrind_control -d "$vp" >/dev/null
  kill "$vp"; wait "$vp" 2>/dev/null || true
  if grep -q Non-2xx "$OUT/$name-wrk.txt"; then echo "$name answered errors: see $OUT/$name-wrk.txt" >&2; exit 1; fi
  local ir
  # awk reads to the end: quitting early would give callgrind_annotate a SIGPIPE (and pipefail)
  ir=$(callgrind_annotate "$OUT/$name.callgrind.1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",","",$1); print $1; done=1}')
  echo $((ir / n)) >"$OUT/$name.ir"
  printf '| %-8s | %9s | %12s |\n' "$name" "$n" "$((ir / n))" | tee -a "$OUT/summary.md"
}

{ echo "# Instructions per client_credentials request (ES256), $(date -u +%FT%TZ)"; echo
  echo "| server   |  requests | instructions per request |"; echo "|----------|----------:|-------------:|"; } | tee "$OUT/summary.md"
p=$(free_port)
IDP_SERVER__BIND=127.0.0.1:$p IDP_SERVER__WORKERS=1 count idp "http://127.0.0.1:$p/token" bench-es256 "$SECRET" "$BIN" serve
p=$(free_port)
ALG=ES256 WORKERS=1 PORT=$p count ceiling "http://127.0.0.1:$p/token" bench-client bench-secret-0123456789abcdef0123456789abcdef "$CEILING"
printf '\nidp ÷ ceiling: %.1f %% of its instructions per request\n' "$(echo "100*$(cat "$OUT/idp.ir")/$(cat "$OUT/ceiling.ir")" | bc -l)" | tee -a "$OUT/summary.md"
