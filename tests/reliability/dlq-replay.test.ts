import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { runCli } from '../../src/cli/main';
import { runCliCaptured } from '../../src/cli/testkit/run-cli-captured';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { metrics } from '../../src/observability/metrics';
import type { DlqItem } from '../../src/store';
import { accountMappingsDir } from '../support/account-mappings';

const COMPANIES = 12;
const CONTACTS = 30;

describe('a 403 on the ERP contacts module: DLQ, error log, metric, replay, reconcile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-dlq-'));
  const errors: string[] = [];
  const log = createLogger({ level: 'error', write: (line) => errors.push(line) });
  let crm: RunningCrmServer;
  let erp: ErpServer;
  let bridge: RunningBridge;
  let cliEnv: Record<string, string>;

  const cli = (...argv: string[]) => runCliCaptured(argv, cliEnv);
  const erpCount = (set: 'customers' | 'contacts') => erp.store.table(set).size;

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: COMPANIES, contacts: CONTACTS } });
    erp = await startErpServer({ faults: { forbiddenSets: ['contacts'] } });
    cliEnv = {
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: accountMappingsDir(dir),
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      LOG_LEVEL: 'error',
    };
    bridge = await startBridge(loadEnv({ ...cliEnv, SYNC_ONCE: 'true', PORT: '0' }), log);
  });
  afterAll(async () => {
    await bridge?.stop();
    await crm?.close();
    await erp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dead-letters every contact with permission_denied, logs at error level and counts it', async () => {
    const [companies, contacts] = bridge.initialRuns;
    expect(companies).toMatchObject({ status: 'succeeded', created: COMPANIES });
    expect(contacts).toMatchObject({ status: 'partial', failed: CONTACTS, created: 0 });
    const listed = await cli('dlq', 'list', '--code', 'permission_denied', '--limit', '100', '--json');
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.out) as { items: DlqItem[]; total: number };
    expect(page.total).toBe(CONTACTS);
    const item = page.items[0]!;
    expect(item).toMatchObject({ flow: 'contacts-to-contacts', httpStatus: 403, status: 'open' });
    expect(item.sourceRecord.fields).toHaveProperty('email');
    // Per-item 403s keep the response excerpt; a 403 that failed the whole job keeps the message.
    expect(item.responseExcerpt ?? item.errorMessage).toContain('Authorization_Failed');
    expect(item.attempts.length).toBeGreaterThanOrEqual(1);
    expect(errors.some((line) => line.includes('error') && line.includes('permission_denied'))).toBe(true);
    expect(metrics.value('sync_errors_total', { flow: 'contacts-to-contacts', code: 'permission_denied' })).toBe(
      CONTACTS,
    );
    const shown = await cli('dlq', 'show', item.id);
    expect(shown.out).toContain('permission_denied (403)');
    const companiesOk = await cli('reconcile', '--flow', 'companies-to-customers');
    expect(companiesOk).toMatchObject({ code: 0, out: expect.stringContaining('missing 0 (lost 0), duplicate 0') });
    // Reconciling contacts needs to read them: the same 403, said loudly.
    const contactsBlocked = await cli('reconcile', '--flow', 'contacts-to-contacts');
    expect(contactsBlocked).toMatchObject({ code: 1, err: expect.stringContaining('Authorization_Failed') });
  });

  it('a replay whose answers are lost leaves the items open; the next replay finds the records instead of duplicating', async () => {
    erp.faults.configure({ dropAfterCommitRate: 1 });
    const lost = await cli('dlq', 'replay', '--flow', 'contacts-to-contacts', '--json');
    expect(lost.code).toBe(1);
    expect(JSON.parse(lost.out)).toMatchObject({ replayed: [], failed: expect.any(Array) });
    expect(erpCount('contacts')).toBe(CONTACTS);
    const again = JSON.parse((await cli('dlq', 'list', '--json')).out) as { items: DlqItem[] };
    expect(again.items.every((i) => i.errorCode === 'timeout' && i.attempts.length >= 2)).toBe(true);

    erp.faults.configure({});
    // On a terminal the replay draws a progress bar on stderr, the report stays on stdout.
    const frames: string[] = [];
    let out = '';
    const terminal = { isTTY: true, columns: 100, write: (t: string) => frames.push(t) };
    const code = await runCli(['dlq', 'replay', '--all'], {
      out: (t) => (out += t),
      err: () => {},
      env: cliEnv,
      errTerminal: terminal,
    });
    expect(code).toBe(0);
    expect(out).toBe(`replayed ${CONTACTS}, failed again 0, skipped 0\n`);
    expect(frames.join('')).toMatch(new RegExp(`\\rreplay \\[=+\\] ${CONTACTS}/${CONTACTS} +100%`));
    expect(erpCount('contacts')).toBe(CONTACTS);
    expect((await cli('dlq', 'list', '--json')).out).toContain('"total": 0');
    const reconcile = await cli('reconcile');
    expect(reconcile.out).toContain('missing 0 (lost 0), duplicate 0, mismatch 0');
    expect(reconcile.code).toBe(0);
  });

  it('discards with a reason and refuses a discard without one', async () => {
    expect((await cli('dlq', 'discard', '--all')).code).toBe(2);
    expect((await cli('dlq', 'discard', 'no-such-id', '--reason', 'test')).out).toContain('discarded 0');
  });
});
