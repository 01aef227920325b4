import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/observability/logger';
import { createJobQueue } from '../src/queue';
import { openDatabase } from '../src/store';

/** One queue figure: enqueue and handle `jobs` trivial jobs. */
export interface QueueBenchResult {
  name: string;
  jobs: number;
  concurrency: number;
  enqueuePerSecond: number;
  /** Jobs handled per second, from the first take to the last completion. */
  jobsPerSecond: number;
  /** CPU seconds of this process (queue client and handler; Redis's own CPU is not counted). */
  cpuSeconds: number;
}

/**
 * Queue throughput with a trivial handler: `jobs` jobs enqueued in batches of 500, then handled
 * at `concurrency`; the embedded adapter on a fresh SQLite file, or BullMQ on `redisUrl`.
 *
 * @example
 * const embedded = await benchQueue({ adapter: 'embedded', jobs: 5_000, concurrency: 10 });
 */
export async function benchQueue(options: {
  adapter: 'embedded' | 'bullmq';
  jobs: number;
  concurrency: number;
  redisUrl?: string;
}): Promise<QueueBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-queue-bench-'));
  const state = openDatabase(join(dir, 'bench.db'));
  const queue = createJobQueue({
    state,
    name: `bench-${options.adapter}-${options.concurrency}-${Date.now()}`,
    log: createLogger({ level: 'error' }),
    ...(options.adapter === 'bullmq' ? { redisUrl: options.redisUrl } : {}),
  });
  try {
    const enqueueStart = performance.now();
    for (let i = 0; i < options.jobs; i += 500) {
      const batch = Array.from({ length: Math.min(500, options.jobs - i) }, (_, k) => ({
        name: 'noop',
        payload: { n: i + k },
      }));
      await queue.enqueueMany(batch);
    }
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
    let done = 0;
    const finished = new Promise<void>((resolve) => {
      queue.on('completed', () => {
        if (++done === options.jobs) resolve();
      });
    });
    const cpu = process.cpuUsage();
    const start = performance.now();
    await queue.process(async () => undefined, { concurrency: options.concurrency });
    await finished;
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      name: `${options.adapter}, concurrency ${options.concurrency}`,
      jobs: options.jobs,
      concurrency: options.concurrency,
      enqueuePerSecond: Math.round(options.jobs / enqueueSeconds),
      jobsPerSecond: Math.round(options.jobs / seconds),
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    };
  } finally {
    await queue.close();
    state.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
