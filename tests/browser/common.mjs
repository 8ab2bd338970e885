// What every browser check shares: settings from the environment, the screenshot directory,
// Chromium as the guide prescribes, and TOTP codes from pyotp (an independent implementation).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const env = (k, d) => process.env[k] ?? d;
export const BASE = env('BASE', 'http://127.0.0.1:8080');
export const OUT = env('OUT', 'screenshots');
mkdirSync(OUT, { recursive: true });

export const launch = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

export const pyotp = (secret) =>
  execFileSync('python3', ['-c', 'import pyotp, sys; print(pyotp.TOTP(sys.argv[1]).now())', secret.replace(/\s+/g, '')])
    .toString().trim();

export const fail = (m) => { throw new Error(m); };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core in the page: no serious or critical violation. The page must be opened with
// `bypassCSP: true`, since axe is injected as a script, which the pages' CSP (rightly) forbids.
export async function accessible(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    fail(`${name}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`).join(' | ')}`);
  }
}

// A screenshot of a page that passed the accessibility check.
export async function shot(page, file, name, full = true) {
  await accessible(page, name);
  await page.screenshot({ path: `${OUT}/${file}`, fullPage: full });
}
