// Closed-loop load of whole sign-ins against idp: a flow is
//   GET /authorize -> GET the sign-in form (CSRF token) -> POST the form (argon2id) -> POST /token
// Usage: node login-flow.mjs [--bench -c 16 -d 10]   whole sign-ins
//        node login-flow.mjs --refresh --bench -c 16 -d 10   token refreshes: each of the c
//            loops signs in once, then rotates its own refresh token as fast as it can
//        node login-flow.mjs --statements   database statements (from /metrics) per password
//            sign-in, per password + TOTP sign-in (TOTP_USER, enrolled here through the
//            account page) and per refresh, as JSON
// Env: ISSUER, CLIENT_ID, CLIENT_SECRET, TENANT, BENCH_USER, BENCH_PASSWORD, REDIRECT_URI,
//      TOTP_USER (bob; same password).
import { createHash, createHmac, randomBytes } from 'node:crypto';

const ISSUER = process.env.ISSUER ?? 'http://127.0.0.1:8080';
const CLIENT_ID = process.env.CLIENT_ID ?? 'bench-es256';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? '';
const TENANT = process.env.TENANT ?? 'bench';
const USER = process.env.BENCH_USER ?? 'alice';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'correct horse battery staple';
const TOTP_USER = process.env.TOTP_USER ?? 'bob';
const REDIRECT_URI = process.env.REDIRECT_URI ?? 'http://127.0.0.1:3901/cb';
const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
const b64u = (b) => Buffer.from(b).toString('base64url');
const form = (o) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

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

/// RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, `back` steps ago.
function totp(base32, back = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) - back));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

/// GET `login`, POST the password form; returns the response to the POST.
async function password(jar, login, user) {
  const html = await (await go(jar, login)).text();
  const csrf = csrfOf(html);
  if (!csrf) throw new Error('no sign-in form');
  return go(jar, login, form({ csrf, tenant: TENANT, username: user, password: PASSWORD }));
}

/// One whole sign-in of `user` (with `totpSecret`, through the authenticator step).
export async function flow(user = USER, totpSecret = null) {
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
  res = await password(jar, login, user);
  let cb = res.headers.get('location');
  await res.arrayBuffer();
  if (totpSecret) {
    if (res.status !== 303 || !cb?.endsWith('/factor')) throw new Error(`no second step: ${res.status} ${cb}`);
    const csrf = csrfOf(await (await go(jar, cb)).text());
    res = await go(jar, cb, form({ csrf, code: totp(totpSecret) }));
    cb = res.headers.get('location');
    await res.arrayBuffer();
  }
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

/// Rotates `token`; returns the new refresh token.
async function refresh(token) {
  const res = await fetch(new URL('/token', ISSUER), {
    method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }).toString(),
  });
  const t = await res.json();
  if (!res.ok || !t.refresh_token) throw new Error(`refresh: ${res.status} ${JSON.stringify(t)}`);
  return t.refresh_token;
}

/// Turns an authenticator app on for `user` through the account page; returns its secret.
/// The confirming code is the previous step's, so that a sign-in right after may use this one.
async function enrollTotp(user) {
  const jar = new Jar();
  let res = await go(jar, '/account');
  let next = res.headers.get('location');
  for (let i = 0; i < 8 && res.status === 303; i++) {
    if (next.startsWith('/login/')) res = await password(jar, next, user); else res = await go(jar, next);
    await res.arrayBuffer().catch(() => {});
    next = res.headers.get('location');
    if (next === '/account') break;
  }
  let html = await (await go(jar, '/account/factors/totp')).text();
  res = await go(jar, '/account/factors/totp', form({ csrf: csrfOf(html), start: '1' }));
  await res.arrayBuffer();
  html = await (await go(jar, '/account/factors/totp')).text();
  const secret = /id="totp-secret">([^<]+)</.exec(html)?.[1];
  if (!secret) throw new Error('no authenticator secret on the page');
  res = await go(jar, '/account/factors/totp', form({ csrf: csrfOf(html), code: totp(secret, 1) }));
  await res.arrayBuffer();
  if (res.headers.get('location') !== '/account?done=on') throw new Error(`enrollment: ${res.status} ${res.headers.get('location')}`);
  return secret;
}

async function statementsNow() {
  const text = await (await fetch(new URL('/metrics', ISSUER))).text();
  return Number(/^idp_db_statements_total (\d+)/m.exec(text)?.[1]);
}

/// Statements sent to the database by `f()`.
async function counted(f) {
  const s0 = await statementsNow();
  const out = await f();
  return [(await statementsNow()) - s0, out];
}

async function statements() {
  const secret = await enrollTotp(TOTP_USER);
  await flow(); // warm the caches (client, tenant, keys)
  const [pwd, t] = await counted(() => flow());
  const [withTotp] = await counted(() => flow(TOTP_USER, secret));
  const [rotate] = await counted(() => refresh(t.refresh_token));
  console.log(JSON.stringify({ password: pwd, password_totp: withTotp, refresh: rotate }));
}

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

/// `c` closed loops of `op` for `seconds`; with `refreshing`, each loop signs in first and
/// then rotates its own refresh token.
async function bench(c, seconds, refreshing) {
  const lat = [];
  let errors = 0;
  let first;
  const tokens = refreshing ? await Promise.all(Array.from({ length: c }, async () => (await flow()).refresh_token)) : [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: c }, async (_, i) => {
    while (performance.now() < end) {
      const s = performance.now();
      try {
        if (refreshing) tokens[i] = await refresh(tokens[i]); else await flow();
        lat.push(performance.now() - s);
      } catch (e) {
        errors += 1; first ??= e;
        if (refreshing) tokens[i] = (await flow()).refresh_token;
      }
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
if (a.includes('--statements')) {
  await statements();
} else if (a.includes('--bench')) {
  await flow();
  await bench(arg('-c', 16), arg('-d', 10), a.includes('--refresh'));
} else {
  const t = await flow();
  console.log('OK: sign-in flow completed; id_token header', JSON.parse(Buffer.from(t.id_token.split('.')[0], 'base64url')));
}
