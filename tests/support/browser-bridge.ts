import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningBridge } from '../../src/bridge/running-bridge';
import { loadEnv } from '../../src/config/env';
import { startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { launchChromium } from './chromium';

/** A bridge on the embedded mocks and a headless Chromium, both up for one `describe`. */
export interface BrowserBridge {
  /** The test's temporary folder (state database, copied mapping files). */
  readonly dir: string;
  readonly bridge: RunningBridge;
  readonly browser: Browser;
  /** A new page on the admin page with `token` submitted in the sign-in form. */
  signIn(token: string): Promise<Page>;
}

/**
 * Starts, before the tests of the calling `describe`, a bridge with its admin API on a free port
 * (state in a fresh temporary folder, mocks on free ports) and a headless Chromium, and stops
 * both and deletes the folder after them. `env` gives the test's own variables; it runs inside
 * `beforeAll`, so it may prepare files in `dir` and assert on them.
 *
 * @example
 * const ui = browserBridge('bridge-admin-page-', () => ({ SEED_COMPANIES: '20', ADMIN_TOKENS: TOKEN }));
 * it('signs in', async () => { const page = await ui.signIn(TOKEN); await page.waitForSelector('#runs table'); });
 */
export function browserBridge(prefix: string, env: (dir: string) => Record<string, string>): BrowserBridge {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let bridge: RunningBridge | undefined;
  let browser: Browser | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const vars = env(dir);
    bridge = await startBridge(
      loadEnv({
        DATABASE_PATH: join(dir, 'bridge.db'),
        PORT: '0',
        MOCK_CRM_PORT: '0',
        MOCK_ERP_PORT: '0',
        ...vars,
      }),
      createLogger({ level: 'error' }),
    );
    ({ browser, close: closeBrowser } = await launchChromium());
  }, 120_000);
  afterAll(async () => {
    await closeBrowser?.();
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside the tests, not at describe time`);
    return value;
  };
  return {
    dir,
    get bridge() {
      return started(bridge, 'the bridge');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    async signIn(token) {
      const page = await started(browser, 'Chromium').newPage();
      await page.goto(`${started(bridge, 'the bridge').adminUrl}/admin`);
      await page.fill('#token', token);
      await page.click('#login-form button');
      return page;
    },
  };
}
