// What every browser check shares: settings from the environment, the screenshot directory,
// Chromium as the guide prescribes, and TOTP codes from pyotp (an independent implementation).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

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
