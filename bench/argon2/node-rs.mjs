// The peer's password check: @node-rs/argon2 verify at the benchmark's parameters, 60 times.
// Run by bench/argon2.sh from the peer's node_modules (PEER_DIR).
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2] + '/');
const { hash, verify, Algorithm } = require('@node-rs/argon2');
const stored = await hash('correct horse battery staple', { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
const ms = [];
for (let i = 0; i < 60; i++) {
  const a = performance.now();
  if (!(await verify(stored, 'correct horse battery staple'))) throw new Error('verify failed');
  ms.push(performance.now() - a);
}
ms.sort((a, b) => a - b);
const f = (x) => x.toFixed(2).padStart(6);
console.log(`${'node: @node-rs/argon2 verify'.padEnd(44)} min ${f(ms[0])}  p25 ${f(ms[15])}  p50 ${f(ms[30])} ms`);
