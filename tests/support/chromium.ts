import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure Debian's Chromium is installed, installing it with apt when missing (tests run as
 * root on the project's machines). Throws when that fails: browser tests never skip silently.
 *
 * @example
 * ensureChromium();
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  process.stderr.write('[chromium] /usr/bin/chromium missing: apt-get update && apt-get install -y chromium\n');
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'] });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    throw new Error(`browser tests need Chromium and installing it failed: ${(error as Error).message}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error('apt-get reported success but /usr/bin/chromium is still missing');
  return CHROMIUM;
}

/**
 * Launches headless Chromium with the flags this closed network needs (no background
 * networking).
 *
 * @example
 * const { browser, close } = await launchChromium();
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = ensureChromium();
  // Playwright gives every launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
