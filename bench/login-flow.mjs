// Closed-loop load of whole sign-ins against idp: a flow is
//   GET /authorize -> GET the sign-in form (CSRF token) -> POST the form (argon2id) -> POST /token
// Usage: node login-flow.mjs [--bench -c 16 -d 10]
// Env: ISSUER, CLIENT_ID, CLIENT_SECRET, TENANT, BENCH_USER, BENCH_PASSWORD, REDIRECT_URI.
import { createHash, randomBytes } from 'node:crypto';

const ISSUER = process.env.ISSUER ?? 'http://127.0.0.1:8080';
const CLIENT_ID = process.env.CLIENT_ID ?? 'bench-es256';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? '';
const TENANT = process.env.TENANT ?? 'bench';
const USER = process.env.BENCH_USER ?? 'alice';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'correct horse battery staple';
const REDIRECT_URI = process.env.REDIRECT_URI ?? 'http://127.0.0.1:3901/cb';
const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
const b64u = (b) => Buffer.from(b).toString('base64url');

class Jar {
  constructor() { this.c = new Map(); }
  take(res) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';');
      const i = pair.indexOf('=');
      const v = pair.slice(i + 1);
      if (v === '' || /max-age=0/i.test(sc)) this.c.delete(pair.slice(0, i)); else this.c.set(pair.slice(0, i), v);
    }
  }
  header() { return [...this.c].map(([k, v]) => `${k}=${v}`).join('; '); }
}

async function go(jar, url, init = {}) {
  const res = await fetch(new URL(url, ISSUER), { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: jar.header() } });
  jar.take(res);
  return res;
}

export async function flow() {
  const jar = new Jar();
  const verifier = b64u(randomBytes(32));
  const state = b64u(randomBytes(12));
  const q = new URLSearchParams({
    client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid offline_access email api:read',
    state, nonce: b64u(randomBytes(12)), code_challenge: b64u(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  });
  let res = await go(jar, `/authorize?${q}`);
  const login = res.headers.get('location');
  await res.arrayBuffer();
  if (res.status !== 303 || !login?.startsWith('/login/')) throw new Error(`authorize: ${res.status} ${login}`);
  res = await go(jar, login);
  const html = await res.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no sign-in form: ${res.status}`);
  res = await go(jar, login, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, tenant: TENANT, username: USER, password: PASSWORD }).toString(),
  });
  const cb = res.headers.get('location');
  await res.arrayBuffer();
  if (res.status !== 303 || !cb?.startsWith(REDIRECT_URI)) throw new Error(`sign-in: ${res.status} ${cb}`);
  const u = new URL(cb);
  if (u.searchParams.get('state') !== state) throw new Error('state mismatch');
  res = await fetch(new URL('/token', ISSUER), {
    method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: u.searchParams.get('code'), redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
  });
  const t = await res.json();
  if (!res.ok || !t.id_token) throw new Error(`token: ${res.status} ${JSON.stringify(t)}`);
  return t;
}

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

async function bench(c, seconds) {
  const lat = [];
  let errors = 0;
  let first;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: c }, async () => {
    while (performance.now() < end) {
      const s = performance.now();
      try { await flow(); lat.push(performance.now() - s); } catch (e) { errors += 1; first ??= e; }
    }
  }));
  const el = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(JSON.stringify({
    concurrency: c, seconds: +el.toFixed(2), flows: lat.length, errors, flows_per_s: +(lat.length / el).toFixed(1),
    p50_ms: +(pct(lat, 50) ?? 0).toFixed(1), p99_ms: +(pct(lat, 99) ?? 0).toFixed(1),
  }));
  if (first) console.error('first error:', first.message);
}

const a = process.argv.slice(2);
const arg = (k, d) => (a.includes(k) ? Number(a[a.indexOf(k) + 1]) : d);
if (a.includes('--bench')) {
  await flow();
  await bench(arg('-c', 16), arg('-d', 10));
} else {
  const t = await flow();
  console.log('OK: sign-in flow completed; id_token header', JSON.parse(Buffer.from(t.id_token.split('.')[0], 'base64url')));
}
