// The pages in German, as a German-speaking user and administrator see them in headless
// Chromium (browser language de-DE; the company's default is German too): the sign-in page,
// the authenticator set-up and the second-factor step, the registration page from the German
// invitation mail, and the admin console. Each page is checked for English words left over
// and for labels or buttons that overflow (German words are long), then screenshotted.
//   BASE=... OUTBOX=.../data/outbox TENANT=gmbh USERNAME=gerd ADMIN=greta PASSWORD=... INVITED=dora@gmbh.example node german.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { env, BASE, launch, pyotp, fail, shot } from './common.mjs';

const TENANT = env('TENANT', 'gmbh');
const PASSWORD = env('PASSWORD', '');
const REDIRECT = 'http://127.0.0.1:9999/callback';
// Words that would show a page still (partly) in English.
const ENGLISH = [/\bSign in\b/, /\bCompany ID\b/, /\bUser name\b/, /\bPassword\b/, /\bEnter\b/, /\bYour\b/,
  /\bChoose\b/, /\bUsers\b/, /\bSettings\b/, /\bSave\b/, /\bthe\b/];

async function german(page, name) {
  if ((await page.getAttribute('html', 'lang')) !== 'de') fail(`${name}: <html lang> is not de`);
  const text = await page.evaluate(() => document.body.innerText);
  const left = ENGLISH.filter((w) => w.test(text));
  if (left.length) fail(`${name}: English left: ${left.join(', ')}\n${text}`);
  // Nothing a user reads or clicks is cut off or sticks out of its box or the page.
  const over = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('button, a.button, label, h1, h2, th, td, input, select, nav a')]
      .filter((e) => e.offsetParent !== null)
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > width + 1)
      .map((e) => `${e.tagName.toLowerCase()} "${(e.innerText || e.value || '').trim().slice(0, 40)}"`);
  });
  if (over.length) fail(`${name}: overflowing: ${over.join('; ')}`);
}

async function check(page, file, name) {
  await german(page, name);
  await shot(page, file, name);
}

async function signIn(page, path, user) {
  await page.goto(`${BASE}${path}`);
  await page.getByLabel('Firmen-ID').fill(TENANT);
  await page.getByLabel('Benutzername').fill(user);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForLoadState();
}

const browser = await launch();
try {
  // A narrow phone-sized window as well as a desktop one: German must fit both.
  for (const [viewport, tag] of [[{ width: 390, height: 900 }, 'phone'], [{ width: 1200, height: 900 }, 'desktop']]) {
    const context = await browser.newContext({ viewport, locale: 'de-DE', bypassCSP: true });
    const page = await context.newPage();
    await page.route((u) => u.href.startsWith(REDIRECT), (r) => r.fulfill({ status: 200, body: 'callback reached' }));
    await page.goto(`${BASE}/authorize?client_id=demo-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=de`);
    await check(page, `30-de-signin-${tag}.png`, `sign-in (${tag})`);
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 900, height: 1000 }, locale: 'de-DE', bypassCSP: true });
  const page = await context.newPage();
  await page.route((u) => u.href.startsWith(REDIRECT), (r) => r.fulfill({ status: 200, body: 'callback reached' }));
  await signIn(page, `/authorize?client_id=demo-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=de`, env('USERNAME', 'gerd'));
  if (!(await page.getByRole('heading', { name: 'Authenticator-App einrichten' }).isVisible())) fail(`no German enrollment page: ${page.url()}`);
  await page.getByLabel(/6-stelliger Code/).fill('000000');
  await page.getByRole('button', { name: 'Einschalten' }).click();
  await page.waitForLoadState();
  if (!/nicht richtig/.test((await page.getByRole('alert').textContent()) ?? '')) fail('no German error after a wrong code');
  await check(page, '31-de-totp-enrollment.png', 'enrollment');
  const secret = (await page.locator('#totp-secret').textContent()).trim();
  const first = pyotp(secret);
  await page.getByLabel(/6-stelliger Code/).fill(first);
  await Promise.all([page.waitForRequest((r) => r.url().startsWith(REDIRECT)), page.getByRole('button', { name: 'Einschalten' }).click()]);
  await page.waitForURL((u) => u.href.startsWith(REDIRECT));
  await page.goto(`${BASE}/logout`);
  await check(page, '32-de-logout.png', 'logout');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForLoadState();
  await signIn(page, `/authorize?client_id=demo-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=de`, env('USERNAME', 'gerd'));
  if (!(await page.getByRole('heading', { name: 'Bestätigungscode eingeben' }).isVisible())) fail(`no German code page: ${page.url()}`);
  await check(page, '33-de-second-factor.png', 'second factor');
  console.log('German sign-in, enrollment and second factor: no English, nothing overflows');

  // The invitation mail is German (the company's default), and so is its page.
  const outbox = env('OUTBOX', 'data/outbox');
  const mail = readdirSync(outbox).filter((f) => f.endsWith('-registration.txt')).sort()
    .map((f) => readFileSync(`${outbox}/${f}`, 'utf8'))
    .filter((m) => m.includes(`To: ${env('INVITED', 'dora@gmbh.example')}`)).pop();
  if (!mail) fail('no invitation mail');
  if (!/Subject: Ihr Konto bei /.test(mail) || !/Guten Tag/.test(mail)) fail(`the invitation is not German: ${mail}`);
  const link = mail.match(/https?:\/\/\S+\/account\/register\/\S+/)[0];
  // A browser set to German (a browser's own language comes before the company's default).
  const fresh = await browser.newContext({ viewport: { width: 900, height: 1000 }, locale: 'de-DE', bypassCSP: true });
  const reg = await fresh.newPage();
  await reg.goto(link);
  if (!(await reg.getByLabel('Neues Passwort').count())) fail(`no German registration page at ${link}: ${await reg.textContent('body')}`);
  await reg.getByLabel('Neues Passwort').fill('password1234');
  await reg.getByLabel('Passwort wiederholen').fill('password1234');
  await reg.getByRole('button', { name: 'Passwort festlegen' }).click();
  await reg.waitForLoadState();
  if (!/zu leicht zu erraten/.test((await reg.getByRole('alert').textContent()) ?? '')) fail('weak password not refused in German');
  await check(reg, '34-de-registration.png', 'registration');
  await fresh.close();

  // The admin console.
  const admin = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'de-DE', bypassCSP: true });
  const ap = await admin.newPage();
  await signIn(ap, '/admin', env('ADMIN', 'greta'));
  const asecret = (await ap.locator('#totp-secret').textContent()).trim();
  await ap.getByLabel(/6-stelliger Code/).fill(pyotp(asecret));
  await ap.getByRole('button', { name: 'Einschalten' }).click();
  await ap.waitForURL(/\/admin\/t\/[^/]+\/users/);
  await check(ap, '35-de-admin-users.png', 'admin users');
  for (const [path, file] of [['security', '36-de-admin-security.png'], ['users/new', '37-de-admin-invite.png'], ['audit', '38-de-admin-audit.png'], ['branding', '39-de-admin-branding.png'], ['sso', '40-de-admin-sso.png']]) {
    await ap.goto(`${BASE}/admin/t/${TENANT}/${path}`);
    await check(ap, file, `admin ${path}`);
  }
  await ap.goto(`${BASE}/admin/t/${TENANT}/users/${env('USERNAME', 'gerd')}`);
  await check(ap, '41-de-admin-user.png', 'admin user');
  console.log('German admin console: no English, nothing overflows');
} finally {
  await browser.close();
}
