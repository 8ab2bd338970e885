#!/usr/bin/env bash
# argon2id alone, on core 1, at the benchmark's parameters (m=19456 KiB, t=2, p=1): idp's
# password check (argon2-rust, through PasswordHasher), RustCrypto's argon2 with reused memory,
# and the peer's @node-rs/argon2 if ../shared/peers is there. Alternates REPS (3) times;
# prints milliseconds per check.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_DIR=${PEER_DIR:-../shared/peers}; REPS=${REPS:-3}
cargo build -q --release -p idp-accounts --example argon2
node_modules=$PEER_DIR/node-oidc-provider/node_modules
for _ in $(seq "$REPS"); do
  taskset -c 1 target/release/examples/argon2
  if [ -d "$node_modules/@node-rs/argon2" ]; then taskset -c 1 node bench/argon2/node-rs.mjs "$(realpath "$node_modules")"; fi
done
