import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../src/config/env';
import { startBridge } from '../src/main';
import { createLogger } from '../src/observability/logger';

/** One measured figure. */
export interface BenchResult {
  name: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  notes: string;
}

/**
 * Initial load of `companies` CRM companies into the ERP, end to end through both mock HTTP
 * APIs, the embedded SQLite queue and state, with the shipped mapping. Seeding the mock is not
 * timed; the figure is the run's own duration (first read to last commit).
 *
 * @example
 * const result = await benchInitialLoad(20_000);
 */
export async function benchInitialLoad(companies: number): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  try {
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: String(companies),
      SEED_CONTACTS: '0',
      SYNC_ONCE: 'true',
      ...(process.env.PAGE_SIZE ? { PAGE_SIZE: process.env.PAGE_SIZE } : {}),
      ...(process.env.CONCURRENCY ? { CONCURRENCY: process.env.CONCURRENCY } : {}),
    });
    const bridge = await startBridge(env, createLogger({ level: 'warn' }));
    // Seeded near-duplicates are merged or parked by matching instead of created (decision 007).
    const matched = (
      bridge.store.matching?.listReviews({ flow: 'companies-to-customers', limit: companies }) ?? []
    ).filter((r) => r.status !== 'linked').length;
    await bridge.stop();
    const run = bridge.initialRuns.find((r) => r.flow === 'companies-to-customers');
    if (!run?.finishedAt) throw new Error('the companies run did not finish');
    if (run.created + matched !== companies)
      throw new Error(
        `expected ${companies} created or matched, got ${run.created} + ${matched} (failed ${run.failed})`,
      );
    const seconds = (run.finishedAt - run.startedAt) / 1000;
    return {
      name: `initial load, ${companies} companies, embedded default`,
      records: run.created,
      seconds,
      recordsPerSecond: Math.round(run.created / seconds),
      notes: `page ${env.PAGE_SIZE}, concurrency ${env.CONCURRENCY}, ${matched} near-duplicates not created`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
