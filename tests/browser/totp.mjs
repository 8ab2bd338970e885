// TOTP in headless Chromium, checked by an independent implementation (pyotp): a user of a
// tenant that requires two-factor signs in, is sent to enrollment, reads the secret from the
// page, confirms it with a pyotp code, signs out, signs in again and answers the challenge
// with the next pyotp code. Screenshots of the enrollment and challenge pages go to $OUT.
//   BASE=... CLIENT=demo-app REDIRECT=... TENANT=secure USERNAME=bob PASSWORD=... node totp.mjs
import { env, BASE, OUT, launch, pyotp, fail, shot } from './common.mjs';

const REDIRECT = env('REDIRECT', 'http://127.0.0.1:9999/callback');
const browser = await launch();

async function signIn(page) {
  const auth = `${BASE}/authorize?client_id=${env('CLIENT', 'demo-app')}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=totp`;
  await page.goto(auth);
  await page.getByLabel('Company ID').fill(env('TENANT', 'secure'));
  await page.getByLabel('User name').fill(env('USERNAME', 'bob'));
  await page.getByLabel('Password').fill(env('PASSWORD', ''));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
}

async function submitCode(page, code) {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(REDIRECT)),
    page.getByRole('button', { name: /Turn on|Verify/ }).click(),
  ]);
  const url = new URL(request.url());
  if (!url.searchParams.get('code')) fail(`no authorization code in ${request.url()}`);
  await page.waitForURL((u) => u.href.startsWith(REDIRECT));
  await page.waitForLoadState();
  const body = await page.textContent('body');
  if (body !== 'callback reached') fail(`the callback page did not load: ${page.url()} ${body}`);
  return url;
}

try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 }, bypassCSP: true });
  // Stand in for the relying application's callback.
  await page.route((u) => u.href.startsWith(REDIRECT), (r) => r.fulfill({ status: 200, body: 'callback reached' }));
  await signIn(page);
  if (!(await page.getByRole('heading', { name: 'Set up your authenticator app' }).isVisible())) {
    fail(`not on the enrollment page: ${page.url()}`);
  }
  const qr = page.getByRole('img', { name: /QR code/ });
  if (!(await qr.isVisible())) fail('no QR code image');
  const box = await qr.boundingBox();
  if (!box || box.width < 150) fail('the QR code is not rendered at a scannable size');
  const secret = (await page.locator('#totp-secret').textContent()).trim();
  if (!/^[A-Z2-7 ]{32,}$/.test(secret)) fail(`the secret is not base32 text: ${secret}`);
  await shot(page, '10-totp-enrollment.png', '10-totp-enrollment.png');

  await page.getByLabel(/6-digit code/).fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.waitForLoadState();
  const alert = await page.getByRole('alert').textContent();
  if (!/not right/.test(alert ?? '')) fail(`no error after a wrong code: ${alert}`);

  const first = pyotp(secret);
  await page.getByLabel(/6-digit code/).fill(first);
  await submitCode(page, first);
  console.log('enrolled TOTP with a pyotp code');

  // Sign out at the identity provider.
  await page.goto(`${BASE}/logout`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState();

  await signIn(page);
  if (!(await page.getByRole('heading', { name: 'Enter your code' }).isVisible())) fail(`not on the code page: ${page.url()}`);
  if (await page.locator('#totp-secret').count()) fail('the secret is shown at sign-in');
  await shot(page, '11-totp-challenge.png', '11-totp-challenge.png');
  // The code used for enrollment is refused (no replay); wait for the app's next code.
  let next = pyotp(secret);
  for (let i = 0; next === first && i < 35; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    next = pyotp(secret);
  }
  if (next === first) fail('pyotp did not move to the next step');
  await page.getByLabel(/6-digit code/).fill(next);
  const url = await submitCode(page, next);
  if (url.searchParams.get('state') !== 'totp') fail('state not returned');
  console.log('signed in again with the next pyotp code');

  // The account page signs in through the IdP too; the session is reused.
  await page.goto(`${BASE}/account`);
  if (!(await page.getByRole('heading', { name: 'Your account' }).isVisible())) fail(`no account page: ${page.url()}`);
  if (!(await page.locator('#factor-totp').getByText(/On since/).isVisible())) fail('TOTP not shown as on');
  await shot(page, '12-account.png', '12-account.png');
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
