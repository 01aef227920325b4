import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import type { Logger } from '../../src/observability/logger';

const skipped: string[] = [];
const quiet: Logger = {
  debug: () => {},
  info: (message) => {
    if (message.includes('skipped')) skipped.push(message);
  },
  warn: () => {},
  error: () => {},
};
const shippedMappings = join(import.meta.dirname, '../../mappings');

describe('CSV export -> mock ERP with the shipped mappings (CRM_CONNECTOR=csv)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-csv-e2e-'));
  const csvDir = join(dir, 'exports');
  const cliEnv = () => ({
    DATABASE_PATH: join(dir, 'bridge.db'),
    CRM_CONNECTOR: 'csv',
    CSV_DIR: csvDir,
    ERP_BASE_URL: bridge.erpUrl,
    MAPPINGS_DIR: shippedMappings,
  });
  let bridge: RunningBridge;

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../../connectors/csv/fixtures'), csvDir, { recursive: true });
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      // The shipped folder as is: the CSV export holds companies and contacts only, so the
      // lead-to-cash flows are skipped at start, each with one log line.
      MAPPINGS_DIR: shippedMappings,
      CRM_CONNECTOR: 'csv',
      CSV_DIR: csvDir,
      MOCK_ERP_PORT: '0',
      SYNC_ONCE: 'true',
    });
    bridge = await startBridge(env, quiet);
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the shipped mappings, skipping the flows a CSV folder cannot run', () => {
    expect(bridge.initialRuns.map((r) => r.flow)).toEqual(['companies-to-customers', 'contacts-to-contacts']);
    expect(skipped).toHaveLength(7);
    expect(skipped).toContain('flow "quotes-to-sales-orders" skipped: connector "crm" (csv) has no entity "quote"');
  });

  it('syncs the good rows, and parks each bad row in the DLQ naming its line and column', async () => {
    const [companies, contacts] = bridge.initialRuns;
    expect(companies).toMatchObject({ flow: 'companies-to-customers', read: 5, created: 3, failed: 2 });
    expect(contacts).toMatchObject({ flow: 'contacts-to-contacts', read: 2, created: 2, failed: 0 });
    const failed = (await bridge.dlq.list({ flow: 'companies-to-customers' })).items
      .map((i) => [i.sourceId, i.errorCode, i.errorMessage])
      .sort();
    expect(failed).toEqual([
      ['3', 'record_invalid', expect.stringContaining('companies.csv line 4, column "numberofemployees"')],
      [
        '4',
        'record_invalid',
        expect.stringContaining('companies.csv line 5, column "zip": expected 15 columns, got 7'),
      ],
    ]);
  });

  it('the CLI commands that talk to the systems work on a CSV folder too (reconcile)', async () => {
    let out = '';
    const code = await runCli(['reconcile', '--flow', 'companies-to-customers'], {
      out: (t) => (out += t),
      err: (t) => (out += t),
      env: cliEnv(),
    });
    expect(code).toBe(1);
    expect(out).toContain('companies-to-customers: 5 source, 3 target; missing 2 (lost 0), duplicate 0, mismatch 0');
    expect(out).toMatch(/missing +3 \[in DLQ\]/);
  });
});
