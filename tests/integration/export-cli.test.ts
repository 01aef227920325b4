import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { runCliCaptured } from '../../src/cli/testkit/run-cli-captured';

describe('bridge export (mock ERP on loopback)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-export-'));
  let erp: ErpServer;
  const run = async (...argv: string[]) => {
    const result = await runCliCaptured(argv, { ERP_BASE_URL: erp.url, DATABASE_PATH: join(dir, 'bridge.db') });
    if (result.code !== 0 && process.env.DEBUG_EXPORT) process.stderr.write(result.err);
    return result;
  };

  beforeAll(async () => {
    erp = await startErpServer({ seed: { customers: 237 }, tokens: { 'dev-erp-token': 'all' } });
  });
  afterAll(async () => {
    await erp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams every customer to CSV with the entity fields as header, paging through the ERP', async () => {
    const out = join(dir, 'customers.csv');
    const result = await run('export', '--connector', 'erp', '--entity', 'customer', '--out', out);
    expect(result.err).toBe('');
    expect(result).toMatchObject({ code: 0, out: `exported 237 erp.customer record(s) to ${out}\n` });
    const text = readFileSync(out, 'utf8');
    const header = text.split('\n')[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['id', 'updatedAt', 'number', 'displayName']);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(237);
    expect(new Set(rows.map((r) => r.id)).size).toBe(237);

    // Each row holds what the ERP serves for that customer.
    const one = rows[100]!;
    const served = (await (
      await fetch(`${erp.url}/api/v2.0/companies(${erp.companyId})/customers(${one.id})`, {
        headers: { authorization: 'Bearer dev-erp-token' },
      })
    ).json()) as Record<string, unknown>;
    expect(one.displayName).toBe(served.displayName);
    expect(one.blocked).toBe(String(served.blocked ?? ''));
  });

  it('exports only what changed since a date, and refuses bad arguments', async () => {
    const out = join(dir, 'none.csv');
    const future = await run(
      'export',
      '--connector',
      'erp',
      '--entity',
      'customer',
      '--out',
      out,
      '--since',
      '2999-01-01',
    );
    expect(future.out).toContain('exported 0');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);
    expect((await run('export', '--connector', 'sap', '--entity', 'x', '--out', out)).code).toBe(2);
    const unknown = await run('export', '--connector', 'erp', '--entity', 'invoice', '--out', out);
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('has no entity "invoice"') });
    // A mistyped entity is refused before the file is opened: the earlier export is still there.
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
