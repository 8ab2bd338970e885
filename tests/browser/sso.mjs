// Signs in through SSO in headless Chromium as a person would: "Sign in with SSO" on the
// sign-in page, the work e-mail, the company's IdP (pysaml2, tests/support/saml_idp.py),
// back to the application with a code. Then the IdP refuses, and the error page is shown.
// Screenshots go to $OUT.
//   BASE=... IDP=http://127.0.0.1:PORT EMAIL=ann@corp.example node sso.mjs
import { env, BASE, OUT, launch, shot } from './common.mjs';

const REDIRECT = env('REDIRECT', 'http://127.0.0.1:9999/callback');
const IDP = env('IDP', '');
const EMAIL = env('EMAIL', 'ann@corp.example');
const browser = await launch();
const fail = (m) => { console.error(`FAIL: ${m}`); process.exitCode = 1; };
const behave = (b) => fetch(`${IDP}/behave`, { method: 'POST', body: JSON.stringify(b) });
const auth = (state) => `${BASE}/authorize?client_id=${env('CLIENT', 'demo-app')}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=${state}`;
try {
  await behave({});
  const page = await browser.newPage({ viewport: { width: 900, height: 760 }, bypassCSP: true });
  await page.goto(auth('sso'));
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  await page.waitForLoadState();
  await page.getByLabel('Work e-mail').fill(EMAIL);
  await shot(page, '20-sso-email.png', '20-sso-email.png', false);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(REDIRECT), { timeout: 15000 }),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  const url = new URL(request.url());
  if (!url.searchParams.get('code')) fail(`no code in ${request.url()}`);
  if (url.searchParams.get('state') !== 'sso') fail('state not returned');
  console.log('signed in through SSO: redirected with a code');

  // The IdP says no: the page explains it, with the status for support and "Try again".
  await behave({
    status: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
    sub_status: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
  });
  const fresh = await browser.newPage({ viewport: { width: 900, height: 760 }, bypassCSP: true });
  await fresh.goto(auth('denied'));
  await fresh.getByRole('button', { name: 'Sign in with SSO' }).click();
  await fresh.waitForLoadState();
  await fresh.getByLabel('Work e-mail').fill(EMAIL);
  await fresh.getByRole('button', { name: 'Continue' }).click();
  await fresh.waitForURL(/\/saml\/.*\/acs$/, { timeout: 15000 });
  await fresh.waitForLoadState();
  const alert = (await fresh.getByRole('alert').textContent()) ?? '';
  if (!/refused the request/.test(alert)) fail(`no explanation on the IdP error page: ${alert}`);
  if (!(await fresh.getByText('RequestDenied').isVisible())) fail('the status code is not shown');
  if (!(await fresh.getByRole('link', { name: 'Try again' }).isVisible())) fail('no "Try again"');
  await shot(fresh, '21-sso-idp-error.png', '21-sso-idp-error.png', false);
  await behave({});
  await fresh.getByRole('link', { name: 'Try again' }).click();
  await fresh.waitForLoadState();
  if (!(await fresh.getByLabel('Work e-mail').isVisible())) fail('"Try again" does not lead back to the SSO page');
} finally {
  await browser.close();
}
