// `npm run chaos`: the large chaos run of issue 6 on both queue adapters, with printed figures.
// Sizes and adapters can be narrowed: CHAOS_COMPANIES, CHAOS_CONTACTS, CHAOS_ADAPTERS=embedded,bullmq.
import { ensureRedisServerInstalled } from '../setup/redis';
import { type ChaosReport, runChaos } from './chaos-harness';

const companies = Number(process.env.CHAOS_COMPANIES ?? 10_000);
const contacts = Number(process.env.CHAOS_CONTACTS ?? 20_000);
const adapters = (process.env.CHAOS_ADAPTERS ?? 'embedded,bullmq').split(',') as ('embedded' | 'bullmq')[];
const stamp = () => new Date().toISOString().slice(11, 19);

if (adapters.includes('bullmq')) ensureRedisServerInstalled();
const reports: ChaosReport[] = [];
for (const adapter of adapters) {
  reports.push(
    await runChaos({
      adapter,
      companies,
      contacts,
      pageSize: 100,
      concurrency: 4,
      rps: Number(process.env.CHAOS_RPS ?? 300),
      killAt: 0.4,
      restartRedisAt: adapter === 'bullmq' ? 0.7 : 0,
      faults: 'issue',
      progress: (line) => process.stdout.write(`${stamp()} ${line}\n`),
    }),
  );
}

const rows: [string, (r: ChaosReport) => string | number][] = [
  ['records (companies + contacts)', (r) => r.records],
  ['sync seconds (faults on)', (r) => r.seconds.toFixed(1)],
  ['ERP write operations (attempts)', (r) => r.erpWrites],
  ['HTTP requests CRM / ERP', (r) => `${r.httpRequests.crm} / ${r.httpRequests.erp}`],
  ['record retries (workers)', (r) => r.retries],
  ['faults injected by the ERP', (r) => JSON.stringify(r.injectedErp)],
  ['worker kill -9 / Redis restarts', (r) => `${r.killed} / ${r.redisRestarts}`],
  ['DLQ items by code', (r) => JSON.stringify(r.dlqByCode)],
  ['lost (missing, not in DLQ)', (r) => r.beforeReplay.lost],
  ['duplicates', (r) => r.beforeReplay.duplicate],
  ['missing, all in DLQ', (r) => r.beforeReplay.missing],
  ['dedupe: parked for review / merged', (r) => `${r.afterReplay.inReview} / ${r.afterReplay.merged}`],
  ['bulk replay: replayed / failed', (r) => `${r.replay.replayed} / ${r.replay.failed}`],
  ['after replay: DLQ open', (r) => r.afterReplay.dlqOpen],
  [
    'after replay: missing/dup/mismatch',
    (r) => `${r.afterReplay.missing}/${r.afterReplay.duplicate}/${r.afterReplay.mismatch}`,
  ],
];
const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(`\n${''.padEnd(width)}  ${reports.map((r) => r.adapter).join('  |  ')}\n`);
for (const [label, value] of rows) {
  process.stdout.write(`${label.padEnd(width)}  ${reports.map(value).join('  |  ')}\n`);
}
const ok = reports.every(
  (r) =>
    r.beforeReplay.lost === 0 &&
    r.beforeReplay.duplicate === 0 &&
    r.afterReplay.dlqOpen === 0 &&
    r.afterReplay.missing + r.afterReplay.duplicate + r.afterReplay.mismatch === 0,
);
process.stdout.write(`\n${ok ? 'OK: nothing lost, nothing duplicated, DLQ emptied by one replay' : 'FAILED'}\n`);
process.exit(ok ? 0 : 1);
