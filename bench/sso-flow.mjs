// Closed-loop load of whole SSO sign-ins against idp, the script playing the application and
// a fast IdP (it signs each answer itself, as ADFS does: the assertion signed, RSA-SHA256,
// exclusive c14n, SHA-256). A flow is
//   GET /authorize?login_hint=userN@example.com -> GET /login/{id} (home-realm discovery: a
//   redirect to the IdP with the AuthnRequest) -> POST /saml/{tenant}/acs (a Response to that
//   request, InResponseTo its ID) -> POST /token (code + PKCE)
// Usage: node sso-flow.mjs [--bench -c 16 -d 10] | --statements
// Env: ISSUER, TENANT (bench), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, IDP_KEY (PEM file),
//      IDP_ENTITY_ID, USERS (1000: userN@example.com).
import { createHash, createSign, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const ISSUER = process.env.ISSUER ?? 'http://127.0.0.1:8080';
const TENANT = process.env.TENANT ?? 'bench';
const CLIENT_ID = process.env.CLIENT_ID ?? 'bench-sso';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? '';
const REDIRECT_URI = process.env.REDIRECT_URI ?? 'http://127.0.0.1:3901/cb';
const IDP_KEY = readFileSync(process.env.IDP_KEY ?? 'idp-key.pem', 'utf8');
const IDP_ENTITY_ID = process.env.IDP_ENTITY_ID ?? 'http://idp.bench.test/adfs/services/trust';
const USERS = +(process.env.USERS ?? 1000);
const ACS = `${ISSUER}/saml/${TENANT}/acs`;
const SP = `${ISSUER}/saml/${TENANT}`;
const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
const b64u = (b) => Buffer.from(b).toString('base64url');
const form = (o) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });

class Jar {
  constructor() { this.c = new Map(); }
  take(res) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';');
      const i = pair.indexOf('=');
      this.c.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() { return [...this.c].map(([k, v]) => `${k}=${v}`).join('; '); }
}

async function go(jar, url, init = {}) {
  const res = await fetch(new URL(url, ISSUER), { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: jar.header() } });
  jar.take(res);
  return res;
}

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const iso = (ms) => new Date(ms).toISOString();

/// A Response to request `req` for `email`, its assertion signed. The assertion is written in
/// its exclusive-c14n form (sorted attributes, no empty-element tags), so its digest is the
/// SHA-256 of these very bytes.
function response(req, email) {
  const now = Date.now();
  const aid = `_${randomUUID()}`;
  const t = iso(now), exp = iso(now + 300_000);
  const body = `<Issuer>${IDP_ENTITY_ID}</Issuer>`;
  const rest = `<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${email}</NameID>`
    + `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData InResponseTo="${req}" NotOnOrAfter="${exp}" Recipient="${ACS}"></SubjectConfirmationData></SubjectConfirmation></Subject>`
    + `<Conditions NotBefore="${t}" NotOnOrAfter="${exp}"><AudienceRestriction><Audience>${SP}</Audience></AudienceRestriction></Conditions>`
    + `<AttributeStatement><Attribute Name="email"><AttributeValue>${email}</AttributeValue></Attribute></AttributeStatement>`
    + `<AuthnStatement AuthnInstant="${t}" SessionIndex="${aid}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</AuthnContextClassRef></AuthnContext></AuthnStatement>`;
  const open = `<Assertion xmlns="${SAML}" ID="${aid}" IssueInstant="${t}" Version="2.0">`;
  const digest = createHash('sha256').update(open + body + rest + '</Assertion>').digest('base64');
  const signedInfo = `<ds:SignedInfo xmlns:ds="${DS}"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>`
    + `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod>`
    + `<ds:Reference URI="#${aid}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>`
    + `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
  const sig = createSign('RSA-SHA256').update(signedInfo).sign(IDP_KEY, 'base64');
  const signature = `<ds:Signature xmlns:ds="${DS}">${signedInfo}<ds:SignatureValue>${sig}</ds:SignatureValue></ds:Signature>`;
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${randomUUID()}" Version="2.0" IssueInstant="${t}" Destination="${ACS}" InResponseTo="${req}">`
    + `<Issuer xmlns="${SAML}">${IDP_ENTITY_ID}</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
    + open + body + signature + rest + '</Assertion></samlp:Response>';
  return Buffer.from(xml).toString('base64');
}

let n = 0;
async function flow() {
  const jar = new Jar();
  const verifier = b64u(randomBytes(32));
  const challenge = b64u(createHash('sha256').update(verifier).digest());
  const email = `user${String(n++ % USERS).padStart(5, '0')}@example.com`;
  const q = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state: 's', nonce: b64u(randomBytes(9)), code_challenge: challenge, code_challenge_method: 'S256', login_hint: email });
  const a = await go(jar, `/authorize?${q}`);
  if (a.status !== 303) throw new Error(`authorize answered ${a.status}`);
  const l = await go(jar, a.headers.get('location'));
  const to = l.headers.get('location') ?? '';
  if (l.status !== 303 || !to.includes('SAMLRequest=')) throw new Error(`no redirect to the IdP (${l.status} ${to})`);
  const u = new URL(to);
  const request = inflateRawSync(Buffer.from(u.searchParams.get('SAMLRequest'), 'base64')).toString();
  const req = /ID="([^"]+)"/.exec(request)[1];
  const acs = await go(jar, ACS, form({ SAMLResponse: response(req, email), RelayState: u.searchParams.get('RelayState') }));
  const cb = acs.headers.get('location') ?? '';
  if (acs.status !== 303 || !cb.startsWith(REDIRECT_URI)) throw new Error(`the ACS answered ${acs.status}: ${(await acs.text()).slice(0, 300)}`);
  const code = new URL(cb).searchParams.get('code');
  const t = await fetch(`${ISSUER}/token`, { ...form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }), headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic } });
  if (t.status !== 200) throw new Error(`token answered ${t.status}: ${await t.text()}`);
  return t.json();
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
  lat.sort((x, y) => x - y);
  console.log(JSON.stringify({
    concurrency: c, seconds: +el.toFixed(2), flows: lat.length, errors, flows_per_s: +(lat.length / el).toFixed(1),
    p50_ms: +(pct(lat, 50) ?? 0).toFixed(1), p99_ms: +(pct(lat, 99) ?? 0).toFixed(1),
  }));
  if (first) console.error('first error:', first.message);
}

async function statements() {
  const count = async () => +/^idp_db_statements_total (\d+)/m.exec(await (await fetch(`${ISSUER}/metrics`)).text())[1];
  await flow(); // the user exists from here on (JIT on first sight)
  n -= 1;
  const before = await count();
  await flow();
  console.log(JSON.stringify({ sso_sign_in: (await count()) - before }));
}

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? +args[i + 1] : d; };
if (args.includes('--statements')) await statements();
else if (args.includes('--bench')) await bench(opt('-c', 16), opt('-d', 10));
else { await flow(); console.log('one SSO sign-in: ok'); }
