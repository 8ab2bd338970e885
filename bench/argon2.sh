#!/usr/bin/env bash
# argon2id alone, on core 1: the reference implementation idp links (with and without huge
# pages and wiping, and with the same work in 1 MiB, which fits in cache), then the peer's
# @node-rs/argon2 if ../shared/peers is there. Alternates REPS (3) times; prints ms per hash.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_DIR=${PEER_DIR:-../shared/peers}; REPS=${REPS:-3}
cargo fetch -q
src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name 'argon2-kdf-1.7*' | sort | tail -1)/phc-winner-argon2-20190702
[ -d "$src" ] || { echo "argon2-kdf sources not found under the cargo registry" >&2; exit 1; }
bin=$(mktemp -d); trap 'rm -rf "$bin"' EXIT
gcc -O3 -march=x86-64-v3 -std=gnu99 -pthread -I"$src/include" -I"$src/src" bench/argon2/reference.c \
  "$src"/src/{argon2.c,core.c,blake2/blake2b.c,thread.c,encoding.c,opt.c} -o "$bin/reference"
node_modules=$PEER_DIR/node-oidc-provider/node_modules
for _ in $(seq "$REPS"); do
  taskset -c 1 "$bin/reference"
  taskset -c 1 "$bin/reference" 38 1024 | head -1
  if [ -d "$node_modules/@node-rs/argon2" ]; then taskset -c 1 node bench/argon2/node-rs.mjs "$(realpath "$node_modules")"; fi
done
