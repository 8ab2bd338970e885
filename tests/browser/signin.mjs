// Drives the sign-in pages in headless Chromium as a person would: a wrong password, then the
// right one, and saves screenshots of each page to $OUT (default ./screenshots).
//   BASE=http://127.0.0.1:8080 CLIENT=demo-app REDIRECT=http://127.0.0.1:9999/callback \
//   TENANT=demo USERNAME=demo PASSWORD=... node signin.mjs
import { env, BASE, OUT, launch, shot } from './common.mjs';

const REDIRECT = env('REDIRECT', 'http://127.0.0.1:9999/callback');
const browser = await launch();
const fail = (m) => { console.error(`FAIL: ${m}`); process.exitCode = 1; };
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 760 }, bypassCSP: true });
  // Stand in for the relying application's callback.
  await page.route((u) => u.href.startsWith(REDIRECT), (r) => r.fulfill({ status: 200, body: 'callback reached' }));
  const auth = `${BASE}/authorize?client_id=${env('CLIENT', 'demo-app')}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=browser`;
  await page.goto(auth);
  await shot(page, '01-sign-in.png', '01-sign-in.png', false);
  for (const label of ['Company ID', 'User name', 'Password']) {
    if (!(await page.getByLabel(label).isVisible())) fail(`no visible field labelled ${label}`);
  }
  if (!(await page.getByRole('button', { name: 'Sign in with SSO' }).isVisible())) fail('no "Sign in with SSO" button');

  await page.getByLabel('Company ID').fill(env('TENANT', 'demo'));
  await page.getByLabel('User name').fill(env('USERNAME', 'demo'));
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
  const alert = await page.getByRole('alert').textContent();
  if (!/not right/.test(alert ?? '')) fail(`no error shown after a wrong password: ${alert}`);
  if ((await page.getByLabel('User name').inputValue()) !== env('USERNAME', 'demo')) fail('user name not kept');
  if ((await page.getByLabel('Password').inputValue()) !== '') fail('password was kept');
  await shot(page, '02-wrong-password.png', '02-wrong-password.png', false);

  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  await page.waitForLoadState();
  if (!(await page.getByLabel('Work e-mail').isVisible())) fail('no e-mail field on the SSO page');
  await page.getByLabel('Work e-mail').fill('ann@unknown.example');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState();
  await shot(page, '03-sso.png', '03-sso.png', false);
  await page.getByRole('link', { name: /company ID and password/ }).click();
  await page.waitForLoadState();
  await page.getByLabel('Company ID').fill(env('TENANT', 'demo'));
  await page.getByLabel('User name').fill(env('USERNAME', 'demo'));

  await page.getByLabel('Password').fill(env('PASSWORD', ''));
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(REDIRECT)),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  const url = new URL(request.url());
  if (!url.searchParams.get('code')) fail(`no code in ${request.url()}`);
  if (url.searchParams.get('state') !== 'browser') fail('state not returned');
  console.log(`signed in: redirected to ${url.origin}${url.pathname} with a code`);

  // `--demo`'s own application: the session is reused, its callback shows what it received.
  await page.waitForURL((u) => u.href.startsWith(REDIRECT));
  await page.waitForLoadState();
  const demo = page;
  await demo.goto(`${BASE}/demo`);
  await demo.waitForURL(/\/demo\/callback/);
  if (!(await demo.getByRole('heading', { name: 'Signed in to the demo application' }).isVisible())) fail(`no demo callback page: ${demo.url()}`);
  const shown = await demo.locator('pre.claims').allTextContents();
  if (!shown[0].includes('"iss"') || !shown[1].includes('"preferred_username": "demo"')) fail(`the ID token or userinfo is missing: ${shown}`);
  await shot(demo, '04-demo-callback.png', '04-demo-callback.png');
  console.log('the demo application shows the ID token and userinfo');
} finally {
  await browser.close();
}
