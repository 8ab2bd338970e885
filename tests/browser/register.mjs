// Registration as a new user does it, in headless Chromium: the link from the registration
// mail (read from the outbox), a weak password refused, then a good one with the authenticator
// app set up on the spot (pyotp code), then the reset page answering the same for everyone.
//   BASE=... OUTBOX=.../data/outbox EMAIL=carol@secure.example node register.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { env, BASE, OUT, launch, pyotp, fail, shot } from './common.mjs';

// The newest registration mail to EMAIL in the outbox.
const outbox = env('OUTBOX', 'data/outbox');
const mail = readdirSync(outbox).filter((f) => f.endsWith('-registration.txt')).sort()
  .map((f) => readFileSync(`${outbox}/${f}`, 'utf8'))
  .filter((m) => m.includes(`To: ${env('EMAIL', 'carol@secure.example')}`)).pop();
if (!mail) fail('no registration mail in the outbox');
const link = mail.match(/https?:\/\/\S+\/account\/register\/\S+/)[0];

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 }, bypassCSP: true });
  await page.goto(link);
  if (!(await page.getByRole('heading', { name: 'Choose your password' }).isVisible())) fail('no password page');
  await page.getByLabel('New password').fill('password1234');
  await page.getByLabel('Type it again').fill('password1234');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForLoadState();
  const alert = await page.getByRole('alert').textContent();
  if (!/too easy to guess/.test(alert ?? '')) fail(`weak password not refused: ${alert}`);
  await shot(page, '13-register-weak-password.png', '13-register-weak-password.png');

  await page.getByLabel('New password').fill('violet anchor meadow 94');
  await page.getByLabel('Type it again').fill('violet anchor meadow 94');
  await page.getByLabel(/authenticator app now/).check();
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('heading', { name: 'Set up your authenticator app' }).isVisible())) fail(`no TOTP set-up after registration: ${page.url()}`);
  const secret = (await page.locator('#totp-secret').textContent()).trim();
  await page.getByLabel(/6-digit code/).fill(pyotp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('heading', { name: 'Your account is ready' }).isVisible())) fail('registration did not finish');
  await shot(page, '14-registered.png', '14-registered.png');
  // The link works once.
  const again = await page.goto(link);
  if (again.status() !== 404) fail(`a used registration link answered ${again.status()}`);
  console.log('registered with the mailed link and set up TOTP with a pyotp code');

  // Password reset: the same answer for an existing and an unknown account.
  const answers = [];
  for (const user of ['carol', 'nobody']) {
    await page.goto(`${BASE}/account/reset`);
    await page.getByLabel('Company ID').fill('secure');
    await page.getByLabel('User name').fill(user);
    await page.getByRole('button', { name: 'Send the reset mail' }).click();
    await page.waitForLoadState();
    answers.push(await page.locator('main').innerText());
  }
  if (answers[0] !== answers[1]) fail('the reset page answers differently for existing and unknown accounts');
  await shot(page, '15-reset-requested.png', '15-reset-requested.png');
  console.log('reset page answers the same for everyone');
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
