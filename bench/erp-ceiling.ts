import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../src/config/env';
import type { ConnectorRecord, UpsertItem } from '../src/connectors';
import { requireCapability } from '../src/connectors';
import { bindFlows, entityCatalog } from '../src/engine';
import { createConnectors } from '../src/main';
import { loadMappings } from '../src/mapping';
import { createLogger } from '../src/observability/logger';
import type { BenchMocks, BenchResult } from './initial-load';

/**
 * The mock ERP's batch-write ceiling as a bare client sees it: the companies flow's own mapped
 * records (read and mapped before the clock starts) written with the ERP connector's
 * `upsertBatch`, `batch` items a call, `inFlight` calls at once (the engine's defaults: 100 and
 * 4), with no engine, queue, state or matching. What an initial load could reach at best.
 *
 * @example
 * const ceiling = await benchErpCeiling({ mocks, records: 20_000 });
 */
export async function benchErpCeiling(options: {
  mocks: BenchMocks;
  records: number;
  batch?: number;
  inFlight?: number;
}): Promise<BenchResult> {
  const batch = options.batch ?? 100;
  const inFlight = options.inFlight ?? 4;
  const dir = mkdtempSync(join(tmpdir(), 'bridge-ceiling-'));
  const log = createLogger({ level: 'warn' });
  const env = loadEnv({
    DATABASE_PATH: join(dir, 'unused.db'),
    CRM_BASE_URL: options.mocks.crmUrl,
    ERP_BASE_URL: options.mocks.erpUrl,
  });
  const { registry, close } = createConnectors(
    env,
    { crmUrl: options.mocks.crmUrl, erpUrl: options.mocks.erpUrl },
    log,
  );
  try {
    const flow = bindFlows(loadMappings(env.MAPPINGS_DIR, entityCatalog(registry)), registry).find(
      (f) => f.name === 'companies-to-customers',
    );
    if (!flow) throw new Error('the companies flow is not enabled');
    const list = requireCapability(flow.source, 'listChanges');
    const upsert = requireCapability(flow.target, 'upsertBatch');
    const items: UpsertItem[] = [];
    let pageToken: string | undefined;
    do {
      const page = await list({
        entity: flow.spec.source.entity,
        since: null,
        limit: 100,
        ...(pageToken ? { pageToken } : {}),
      });
      for (const record of page.records as ConnectorRecord[])
        items.push({ key: record.id, fields: flow.mapping.map(record, { xref: () => undefined }) });
      pageToken = page.nextPageToken;
    } while (pageToken && items.length < options.records);
    items.splice(options.records);

    const batches: UpsertItem[][] = [];
    for (let i = 0; i < items.length; i += batch) batches.push(items.slice(i, i + batch));
    let next = 0;
    let written = 0;
    const erpBefore = options.mocks.cpuSeconds().erp;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < batches.length) {
          const results = await upsert(flow.spec.target.entity, batches[next++]!);
          written += results.filter((r) => r.ok).length;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    if (written !== items.length) throw new Error(`the ERP took ${written} of ${items.length} records`);
    return {
      name: 'mock ERP batch-write ceiling (bare client)',
      records: written,
      seconds: Number(seconds.toFixed(2)),
      recordsPerSecond: Math.round(written / seconds),
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(1)),
      processCpuSeconds: { erp: Number((options.mocks.cpuSeconds().erp - erpBefore).toFixed(1)) },
      notes: `upsertBatch of ${batch}, ${inFlight} in flight, no engine`,
    };
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}
