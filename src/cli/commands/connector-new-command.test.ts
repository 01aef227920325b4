import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ConnectorAcceptanceOptions,
  checkCompletePaging,
  checkCursorMonotonic,
  checkErrorMapping,
  checkIdempotentUpsert,
  checkReadByIdsWithMissing,
  checkSchemaMatches,
  checkSearchByKeys,
  createAcceptanceContext,
} from '../../connectors/testkit';
import { runCliCaptured } from '../testkit/run-cli-captured';

const REPO = resolve(import.meta.dirname, '../../..');

describe('bridge connector new', () => {
  // Under the repository's git- and Biome-ignored .tmp/, so zod and the contract resolve as
  // they do for a real connector folder.
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  const root = mkdtempSync(join(REPO, '.tmp', 'scaffold-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (...argv: string[]) => runCliCaptured(argv, {});

  it('writes the standard layout, refuses to overwrite, and rejects a bad id', async () => {
    const created = await run('connector', 'new', 'acme-erp', '--root', root, '--json');
    expect(created.code).toBe(0);
    const { files } = JSON.parse(created.out) as { files: string[] };
    expect(files.map((f) => f.slice(join(root, 'connectors', 'acme-erp').length + 1)).sort()).toEqual([
      'acme-erp.acceptance.test.ts',
      'client/acme-erp-config.ts',
      'client/acme-erp-entities.ts',
      'client/create-acme-erp-client.ts',
      'fixtures/acme-erp-acceptance.ts',
      'fixtures/customer-records.json',
      'index.ts',
    ]);
    expect(readFileSync(join(root, 'connectors/acme-erp/index.ts'), 'utf8')).toContain("id: 'acme-erp'");
    expect(await run('connector', 'new', 'acme-erp', '--root', root)).toMatchObject({
      code: 2,
      err: expect.stringContaining('already exists'),
    });
    expect(await run('connector', 'new', 'Acme_ERP', '--root', root)).toMatchObject({
      code: 2,
      err: expect.stringContaining('kebab-case'),
    });
  });

  it('type-checks under the repository tsconfig', () => {
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ extends: join(REPO, 'tsconfig.json'), include: ['connectors'] }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', root], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('loads, and its acceptance options pass every check of the suite', async () => {
    const modulePath = join(root, 'connectors/acme-erp/fixtures/acme-erp-acceptance.ts');
    const { acmeErpAcceptance } = (await import(modulePath)) as { acmeErpAcceptance: ConnectorAcceptanceOptions };
    expect(acmeErpAcceptance.connector.id).toBe('acme-erp');
    const ctx = createAcceptanceContext(acmeErpAcceptance.connector, acmeErpAcceptance.config());
    const [entity] = acmeErpAcceptance.entities;
    await checkCompletePaging(ctx, entity!, { incremental: false });
    await checkCompletePaging(ctx, entity!, { incremental: true });
    await checkCursorMonotonic(ctx, entity!);
    await checkIdempotentUpsert(ctx, entity!);
    await checkReadByIdsWithMissing(ctx, entity!);
    await checkSearchByKeys(ctx, entity!);
    await checkSchemaMatches(ctx, entity!);
    for (const [kind, probe] of Object.entries(acmeErpAcceptance.errors ?? {})) {
      await checkErrorMapping(ctx, kind as 'not_found', probe, { field: 'email' });
    }
  });
});
