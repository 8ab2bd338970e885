#!/usr/bin/env bash
# Starts two `idp serve` nodes on one PostgreSQL database behind HAProxy on this machine, runs
# a whole sign-in through the load balancer (authorize, sign-in form, token, userinfo,
# refresh, logout), shows that both nodes served it, and stops everything.
#
#   deploy/two-node/run.sh            # needs PostgreSQL on 127.0.0.1:5432 (trust, user postgres)
#   KEEP=1 deploy/two-node/run.sh     # leave it running; stop with: deploy/two-node/run.sh stop
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/idp-two-node}
export LB_PORT=${LB_PORT:-18080} NODE1_PORT=${NODE1_PORT:-18081} NODE2_PORT=${NODE2_PORT:-18082}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=idp_two_node

stop() {
  for f in "$WORK"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; done
}
if [ "${1:-}" = stop ]; then stop; exit 0; fi

command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
cargo build -q -p idp
BIN=$PWD/target/debug/idp

mkdir -p "$WORK"; stop
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export IDP_DATABASE__URL="$PG/$DB"
export IDP_SERVER__ISSUER="http://127.0.0.1:$LB_PORT"
export IDP_CRYPTO__MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export IDP_LOG__LEVEL=warn
export IDP_SERVER__TRUSTED_PROXIES='["127.0.0.1"]'   # HAProxy adds X-Forwarded-For

"$BIN" tenant create --id acme --name "Acme" >/dev/null
echo -n "correct horse battery staple" | "$BIN" user create --tenant acme --username alice --email alice@acme.example --password-stdin >/dev/null
SECRET=$("$BIN" client create --id shop --name Shop --redirect-uri http://127.0.0.1:3901/cb \
  --post-logout-redirect-uri http://127.0.0.1:3901/ | sed -n 's/.*"client_secret": "\(.*\)".*/\1/p')

for n in 1 2; do
  port_var=NODE${n}_PORT
  IDP_SERVER__BIND=127.0.0.1:${!port_var} "$BIN" serve >"$WORK/node$n.log" 2>&1 &
  echo $! >"$WORK/node$n.pid"
done
haproxy -f deploy/two-node/haproxy.cfg -D -p "$WORK/haproxy.pid"
trap '[ -n "${KEEP:-}" ] || stop' EXIT

LB="http://127.0.0.1:$LB_PORT"
for _ in $(seq 100); do curl -fs "$LB/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 2 # both health checks up

jar="$WORK/cookies"; rm -f "$jar"
CB=http%3A%2F%2F127.0.0.1%3A3901%2Fcb
verifier=$(head -c 48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-64)
challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
login=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' \
  "$LB/authorize?client_id=shop&response_type=code&scope=openid%20profile%20offline_access&redirect_uri=$CB&state=st&nonce=n&code_challenge=$challenge&code_challenge_method=S256")
csrf=$(curl -s -c "$jar" -b "$jar" "$login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
cb=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$login" \
  --data-urlencode "csrf=$csrf" -d tenant=acme -d username=alice --data-urlencode "password=correct horse battery staple")
code=$(printf %s "$cb" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$code" ] || { echo "sign-in failed: $cb" >&2; exit 1; }
tokens=$(curl -s -u "shop:$SECRET" -d grant_type=authorization_code -d "code=$code" \
  -d redirect_uri=http://127.0.0.1:3901/cb -d "code_verifier=$verifier" "$LB/token")
echo "token response: ${tokens:0:120}..."
at=$(printf %s "$tokens" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
rt=$(printf %s "$tokens" | sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p')
idt=$(printf %s "$tokens" | sed -n 's/.*"id_token":"\([^"]*\)".*/\1/p')
info=$(curl -fs -H "Authorization: Bearer $at" "$LB/userinfo") || { echo "userinfo failed" >&2; exit 1; }
echo "userinfo: $info"
curl -fs -u "shop:$SECRET" -d grant_type=refresh_token -d "refresh_token=$rt" "$LB/token" >/dev/null && echo "refresh: ok"
replay=$(curl -s -u "shop:$SECRET" -d grant_type=refresh_token -d "refresh_token=$rt" "$LB/token")
echo "refresh replay: $replay"
case "$replay" in *invalid_grant*) ;; *) echo "a replayed refresh token was accepted" >&2; exit 1 ;; esac
out=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' \
  "$LB/logout?id_token_hint=$idt&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A3901%2F&state=bye")
echo "logout: $out"
[ "$out" = "http://127.0.0.1:3901/?state=bye" ] || { echo "logout did not return to the application" >&2; exit 1; }

for n in 1 2; do
  port_var=NODE${n}_PORT
  served=$(curl -s "http://127.0.0.1:${!port_var}/metrics" | awk '/^idp_http_responses_total/ {s+=$2} END {print s}')
  echo "node$n served $served requests"
  [ "${served:-0}" -gt 2 ] || { echo "node$n served no traffic" >&2; exit 1; }
done
echo "two-node sign-in through the load balancer: OK"
