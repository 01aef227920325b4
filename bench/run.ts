import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { type RedisServer, startRedisServer } from '../tests/setup/redis';
import { benchCsvImport } from './csv-bench';
import { benchDedupe } from './dedupe-bench';
import { benchErpCeiling } from './erp-ceiling';
import { type BenchMocks, type BenchResult, benchInitialLoad, startMocks } from './initial-load';
import { benchMapping, formatMappingBench } from './mapping-bench';
import { benchQueue, type QueueBenchResult } from './queue-bench';
import { benchWebhookLatency, formatWebhookLatency } from './webhook-latency';

/**
 * `npm run bench`: every benchmark in one process, side by side. Prints tables and writes
 * bench/results.json. Figures only; targets are judged by reading them, never by a test.
 * BENCH_ONLY=csv,queue,load,webhook,mapping,dedupe picks some; BENCH_COMPANIES (100,000) sizes the initial
 * load (BENCH_LOAD=ceiling,embedded,bullmq1,bullmq2 picks its variants; BENCH_RESULTS: where to write), BENCH_JOBS (20,000) the queue runs, BENCH_SCALE multiplies both for a quick run. BullMQ
 * figures use REDIS_URL, or a private redis-server started for the run.
 * BENCH_CSV_ROWS (1,000,000, times BENCH_SCALE) sizes the CSV import; BENCH_WEBHOOK_CHANGES (1,000, not scaled) and
 * BENCH_WEBHOOK_RATE (20/s) the webhook latency run.
 */
async function main(): Promise<void> {
  const only = new Set((process.env.BENCH_ONLY ?? 'csv,queue,load,webhook,mapping,dedupe').split(','));
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  const results: Record<string, unknown> = {};

  // The import runs in a child process of its own, so its peak RSS is the import's alone.
  if (only.has('csv')) {
    const csv = await benchCsvImport();
    results.csvImport = csv;
    write(
      'CSV import through the CSV connector (listChanges pages + schema + company mapping, counting sink, own process)',
      [
        'rows',
        'file MB',
        'page size',
        'pages',
        'wall s',
        'CPU s',
        'rows/s',
        'valid',
        'refused',
        'peak RSS MB',
        'start RSS MB',
        'target',
      ],
      [
        [
          String(csv.rows),
          String(csv.fileMb),
          String(csv.pageSize),
          String(csv.pages),
          csv.importSeconds.toFixed(1),
          csv.cpuSeconds.toFixed(1),
          String(csv.rowsPerSecond),
          String(csv.valid),
          String(csv.invalid),
          String(csv.peakRssMb),
          String(csv.startRssMb),
          csv.peakRssMb < 256 ? '< 256 MB: met' : '< 256 MB: not met',
        ],
      ],
    );
  }
  // BENCH_SCALE shrinks every size for a quick run (0.1: 10,000 companies, 2,000 jobs).
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  let redis: RedisServer | undefined;
  const redisUrl = async () => {
    if (process.env.REDIS_URL) return process.env.REDIS_URL;
    redis ??= await startRedisServer();
    return redis.url;
  };
  if (only.has('queue')) {
    const jobs = Math.max(100, Math.round(Number(process.env.BENCH_JOBS ?? 20_000) * scale));
    const queue: QueueBenchResult[] = [];
    for (const concurrency of [1, 10, 50]) queue.push(await benchQueue({ adapter: 'embedded', jobs, concurrency }));
    for (const concurrency of [1, 10, 50])
      queue.push(await benchQueue({ adapter: 'bullmq', jobs, concurrency, redisUrl: await redisUrl() }));
    results.queue = queue;
    const embedded = queue[1]!.jobsPerSecond;
    write(
      'Queue (trivial handler)',
      ['adapter', 'jobs', 'enqueue jobs/s', 'jobs/s', 'CPU s', 'x embedded c10'],
      queue.map((q) => [
        q.name,
        String(q.jobs),
        String(q.enqueuePerSecond),
        String(q.jobsPerSecond),
        q.cpuSeconds.toFixed(2),
        (q.jobsPerSecond / embedded).toFixed(2),
      ]),
    );
  }
  if (only.has('load')) {
    const companies = Math.max(500, Math.round(Number(process.env.BENCH_COMPANIES ?? 100_000) * scale));
    const load: BenchResult[] = [];
    const fresh = async (fn: (mocks: BenchMocks) => Promise<BenchResult>) => {
      const mocks = await startMocks(companies);
      try {
        load.push(await fn(mocks));
      } finally {
        await mocks.stop();
      }
    };
    // BENCH_LOAD picks variants: ceiling, embedded, bullmq1, bullmq2 (all by default).
    const variants = new Set((process.env.BENCH_LOAD ?? 'ceiling,embedded,bullmq1,bullmq2').split(','));
    if (variants.has('ceiling')) await fresh((mocks) => benchErpCeiling({ mocks, records: companies }));
    if (variants.has('embedded')) await fresh((mocks) => benchInitialLoad({ companies, mocks, workers: 0 }));
    for (const workers of [1, 2])
      if (variants.has(`bullmq${workers}`))
        await fresh(async (mocks) => benchInitialLoad({ companies, mocks, workers, redisUrl: await redisUrl() }));
    results.initialLoad = load;
    const ceiling = variants.has('ceiling') ? load[0]!.recordsPerSecond : Number.NaN;
    write(
      `End to end: initial load of ${companies} companies CRM -> ERP (mocks as separate processes)`,
      ['benchmark', 'records', 'seconds', 'records/s', 'x ceiling', 'CPU s: bench process, others', 'notes'],
      load.map((r) => [
        r.name,
        String(r.records),
        r.seconds.toFixed(2),
        String(r.recordsPerSecond),
        (r.recordsPerSecond / ceiling).toFixed(2),
        `${r.cpuSeconds?.toFixed(1) ?? ''}; ${Object.entries(r.processCpuSeconds ?? {})
          .map(([name, s]) => `${name} ${s}`)
          .join(', ')}`,
        r.notes,
      ]),
    );
  }
  if (only.has('webhook')) {
    // Not scaled: the target is stated over 1,000 changes.
    const webhook = await benchWebhookLatency({
      changes: Number(process.env.BENCH_WEBHOOK_CHANGES ?? 1000),
      ratePerSecond: Number(process.env.BENCH_WEBHOOK_RATE ?? 20),
    });
    results.webhookLatency = webhook;
    process.stdout.write(`\nWebhook latency (CRM PATCH answer -> ERP write)\n${formatWebhookLatency(webhook)}\n`);
  }
  if (only.has('mapping')) {
    const mapping = await benchMapping();
    results.mapping = mapping;
    process.stdout.write(`\nMapping\n${formatMappingBench(mapping)}\n`);
  }
  if (only.has('dedupe')) {
    const dedupe = await benchDedupe({ size: Number(process.env.DEDUPE_BENCH_SIZE ?? 100_000) });
    results.dedupe = dedupe;
    const f = (n: number) => n.toFixed(4);
    write(
      'Dedupe quality',
      ['data set', 'P', 'R', 'F1', 'compared'],
      dedupe.quality.map((q) => [q.name, f(q.precision), f(q.recall), f(q.f1), String(q.compared)]),
    );
    const s = dedupe.speed;
    write(
      'Dedupe speed',
      ['records', 'match s (wall)', 'match s (CPU)', 'pairs compared', 'pairs/s', 'peak RSS MB'],
      [
        [
          `${s.left} x ${s.right}`,
          s.matchSeconds.toFixed(2),
          s.matchCpuSeconds.toFixed(2),
          String(s.compared),
          String(s.pairsPerSecond),
          String(s.peakRssMb),
        ],
      ],
    );
  }
  await redis?.stop();
  // A BENCH_ONLY run replaces its own entries and keeps the others' figures; BENCH_RESULTS writes
  // elsewhere, so an exploratory run does not touch the published figures.
  const out = process.env.BENCH_RESULTS ?? 'bench/results.json';
  const previous = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { results?: Record<string, unknown> }).results
    : {};
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), machine, results: { ...previous, ...results } }, null, 2)}\n`,
  );
  process.stdout.write(
    `\nmachine: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; written to ${out}\n`,
  );
}

function write(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${title}\n${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
