// The admin console in headless Chromium, as a tenant administrator uses it: signs in through
// the IdP with the second factor the tenant requires (an authenticator app, codes from pyotp),
// invites a user and follows the registration mail in the outbox, saves the security settings
// with two-factor required, and resends the confirmation mails, reading the count; sets the
// company's branding (a too-light colour refused) and sees it on the invitee's registration
// page. Another company's own administrator uploads its IdP's metadata file and runs "Test
// connection"; the operator registers an application and rotates its secret. Every page is
// checked by axe-core (no serious or critical violations); screenshots go to $OUT.
//   BASE=... OUTBOX=.../data/outbox TENANT=secure USERNAME=tina PASSWORD=... node admin.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { env, BASE, OUT, launch, pyotp, fail, shot } from './common.mjs';

const TENANT = env('TENANT', 'secure');
const outbox = env('OUTBOX', 'data/outbox');

const browser = await launch();
let page;
try {
  // bypassCSP: axe-core is injected as a script, which the pages' CSP (rightly) forbids.
  page = await browser.newPage({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  await page.goto(`${BASE}/admin`);
  await page.getByLabel('Company ID').fill(TENANT);
  await page.getByLabel('User name').fill(env('USERNAME', 'tina'));
  await page.getByLabel('Password').fill(env('PASSWORD', ''));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
  // The tenant requires two-factor: the administrator sets up the authenticator app first.
  if (!(await page.getByRole('heading', { name: 'Set up your authenticator app' }).isVisible())) {
    fail(`an administrator of a tenant that requires two-factor got in without it: ${page.url()}`);
  }
  const secret = (await page.locator('#totp-secret').textContent()).trim();
  await page.getByLabel(/6-digit code/).fill(pyotp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.waitForURL(/\/admin\/t\/[^/]+\/users/);
  if (!(await page.getByRole('heading', { name: 'Users' }).isVisible())) fail(`not on the users page: ${page.url()}`);
  await shot(page, '20-admin-users.png', 'users');
  console.log('signed in to the console with an authenticator-app code');

  // Branding: a colour too light for white text is refused beside its field; a logo (SVG
  // file) and a darker colour are saved, and the invitee's registration page shows them.
  await page.getByRole('link', { name: 'Branding' }).click();
  await page.waitForLoadState();
  await page.getByLabel(/Accent colour/).fill('#ffcc00');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForLoadState();
  if (!(await page.locator('#accent_color-error').isVisible())) fail('a light accent colour was not refused');
  await shot(page, '20-admin-branding-error.png', 'branding with an error');
  await page.getByLabel(/Accent colour/).fill('#7a1f5c');
  await page.getByLabel(/^Logo/).setInputFiles({
    name: 'logo.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 30"><rect width="120" height="30" rx="6" fill="#7a1f5c"/><text x="60" y="20" font-family="sans-serif" font-size="14" fill="#fff" text-anchor="middle">SECURE</text></svg>'),
  });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('status').textContent()).includes('branding was saved')) fail('branding not saved');
  await shot(page, '20-admin-branding.png', 'branding');
  await page.getByRole('link', { name: 'Users' }).click();

  // Invite a user; a bad address is refused beside its field first.
  await page.getByRole('link', { name: 'Invite a user' }).click();
  await page.getByLabel('User name').fill('dave');
  await page.getByLabel('E-mail address').fill('dave-at-secure');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.waitForLoadState();
  if (!(await page.locator('#email-error').isVisible())) fail('no error beside the e-mail field');
  await shot(page, '21-admin-invite-error.png', 'invite with an error');
  await page.getByLabel('E-mail address').fill('dave@secure.example');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('status').textContent()).includes('registration mail sent')) fail('no flash after the invitation');
  await shot(page, '22-admin-user.png', 'user');
  const mail = readdirSync(outbox).filter((f) => f.endsWith('-registration.txt')).sort()
    .map((f) => readFileSync(`${outbox}/${f}`, 'utf8'))
    .filter((m) => m.includes('To: dave@secure.example')).pop();
  if (!mail) fail('the registration mail is not in the outbox');
  const link = mail.match(/https?:\/\/\S+\/account\/register\/\S+/)[0];
  const invitee = await browser.newPage({ viewport: { width: 900, height: 900 }, bypassCSP: true });
  await invitee.goto(link);
  if (!(await invitee.getByRole('heading', { name: 'Choose your password' }).isVisible())) fail('the link from the mail does not open the registration page');
  if (!(await invitee.locator('.brand img').isVisible())) fail('the registration page does not show the logo');
  const button = await invitee.getByRole('button').first().evaluate((b) => getComputedStyle(b).backgroundColor);
  if (button !== 'rgb(122, 31, 92)') fail(`the accent colour is not used: ${button}`);
  await shot(invitee, '22-registration-branded.png', 'branded registration');
  await invitee.close();
  console.log('invited a user; the link in the mail opens the registration page');

  // A destructive action asks first.
  await page.getByRole('link', { name: 'Disable' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('heading', { name: /Disable dave\?/ }).isVisible())) fail('no confirmation step');
  await shot(page, '23-admin-confirm.png', 'confirmation');
  await page.getByRole('link', { name: 'Cancel' }).click();

  // Security: two-factor required, authenticator app and e-mail code.
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('radio', { name: /Required/ }).check();
  await page.getByRole('checkbox', { name: 'E-mail code' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('status').textContent()).includes('security settings were saved')) fail('security settings not saved');
  if (!(await page.getByRole('radio', { name: /Required/ }).isChecked())) fail('required is not shown as set');
  await shot(page, '24-admin-security.png', 'security');

  // Resend e-mail confirmations: the count is shown.
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Resend e-mail confirmations' }).click();
  await page.waitForLoadState();
  const flash = await page.getByRole('status').textContent();
  if (!/Sent \d+ confirmation mails?\./.test(flash)) fail(`no count after the resend: ${flash}`);
  await shot(page, '25-admin-resent.png', 'users after the resend');
  console.log(`resent confirmations: ${flash}`);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForLoadState();
  await shot(page, '26-admin-audit.png', 'audit');

  // The operator (a platform administrator) sees the tenants and, later, registers an application.
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  page = await ctx.newPage();
  await page.goto(`${BASE}/admin`);
  await page.getByLabel('Company ID').fill('ops');
  await page.getByLabel('User name').fill('pat');
  await page.getByLabel('Password').fill(env('PASSWORD', ''));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/admin\/tenants/);
  await shot(page, '27-admin-tenants.png', 'tenants');
  const operator = page;
  // NewCo's own administrator connects it to its SAML IdP with the metadata file
  // (admin.tenant_sso_self_service is on), then tests the connection.
  const own = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  page = await own.newPage();
  await page.goto(`${BASE}/admin`);
  await page.getByLabel('Company ID').fill('newco');
  await page.getByLabel('User name').fill('nora');
  await page.getByLabel('Password').fill(env('PASSWORD', ''));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/admin\/t\/newco\/users/);
  await page.getByRole('link', { name: 'Single sign-on' }).click();
  await page.waitForLoadState();
  if (!(await page.getByText('No SSO connection yet').isVisible())) fail('newco already has SSO');
  const metadata = await (await fetch(`${env('IDP', '')}/metadata`)).text();
  await page.getByLabel(/^or the metadata file \(/).setInputFiles({ name: 'FederationMetadata.xml', mimeType: 'text/xml', buffer: Buffer.from(metadata) });
  await page.getByLabel(/E-mail domains/).fill('newco.example');
  await page.getByRole('checkbox', { name: /just-in-time/ }).check();
  await page.getByRole('button', { name: 'Save and switch to SSO' }).click();
  await page.waitForLoadState();
  if (!(await page.getByRole('status').textContent()).includes('now signs in through its identity provider')) fail('SSO not saved');
  if (!(await page.getByRole('cell', { name: /The identity provider's signing certificate/ }).first().isVisible())) fail('no IdP certificate shown');
  await shot(page, '28-admin-sso.png', 'SSO');
  console.log("a company's own administrator connected it to its SAML IdP with the metadata file");

  // "Test connection": the IdP (which now trusts newco's SP metadata) answers in a new
  // window, and the answer is explained; no one is signed in.
  const IDP = env('IDP', '');
  const sp = await (await fetch(`${BASE}/saml/newco/metadata`)).text();
  await fetch(`${IDP}/sp`, { method: 'POST', body: sp, headers: { 'content-type': 'application/xml' } });
  await fetch(`${IDP}/behave`, { method: 'POST', body: JSON.stringify({
    name_id: 'nina@newco.example',
    attributes: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': ['nina@newco.example'] },
  }) });
  const [report] = await Promise.all([
    own.waitForEvent('page'),
    page.getByRole('button', { name: 'Test connection' }).click(),
  ]);
  await report.waitForURL(/\/saml\/newco\/acs$/, { timeout: 15000 });
  await report.waitForLoadState();
  if (!(await report.getByRole('heading', { name: 'Connection test' }).isVisible())) fail('no test report');
  if (!(await report.getByRole('status').textContent()).includes('passes every check')) fail('the test did not pass');
  if (!(await report.getByText('would create the user nina@newco.example').isVisible())) fail('the mapping is not shown');
  await shot(report, '30-admin-sso-test.png', 'connection test');
  // A wrong relying-party identifier at the IdP: the hint names ours.
  await fetch(`${IDP}/behave`, { method: 'POST', body: JSON.stringify({ audience_override: 'https://wrong.example/sp' }) });
  const [wrong] = await Promise.all([
    own.waitForEvent('page'),
    page.getByRole('button', { name: 'Test connection' }).click(),
  ]);
  await wrong.waitForURL(/\/saml\/newco\/acs$/, { timeout: 15000 });
  await wrong.waitForLoadState();
  if (!(await wrong.getByText('Wrong relying party identifier').isVisible())) fail('no hint for a wrong audience');
  await shot(wrong, '31-admin-sso-test-hint.png', 'connection test with a hint');
  await fetch(`${IDP}/behave`, { method: 'POST', body: '{}' });
  console.log('tested the connection: the answer decoded, mapped and, when wrong, explained');

  // Applications (the operator): registered, the secret shown once.
  page = operator;
  await page.getByRole('link', { name: 'Applications' }).click();
  await page.getByLabel('Client ID').fill('crm');
  await page.getByLabel('Name').fill('CRM');
  await page.getByLabel('Redirect URIs').fill('https://crm.example/cb');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  if (!/^[A-Za-z0-9_-]{40,}$/.test((await page.locator('#client-secret').textContent()).trim())) fail('no client secret shown');
  await shot(page, '29-admin-applications.png', 'applications');
  console.log('registered an application; its secret was shown once');
  await page.getByRole('link', { name: 'crm', exact: true }).click();
  await page.waitForLoadState();
  await page.getByRole('link', { name: 'Rotate the client secret' }).click();
  await page.waitForLoadState();
  await shot(page, '32-admin-client-rotate.png', 'rotate confirmation');
  await page.getByRole('button', { name: 'Rotate the secret' }).click();
  await page.waitForLoadState();
  if (!/^[A-Za-z0-9_-]{40,}$/.test((await page.locator('#client-secret').textContent()).trim())) fail('no new secret shown');
  await shot(page, '33-admin-client.png', 'application page');
  console.log('rotated the secret of an application through its confirmation');
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  if (page) await page.screenshot({ path: `${OUT}/39-admin-failure.png`, fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
