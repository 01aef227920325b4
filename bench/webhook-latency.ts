import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../src/config/env';
import { freeLoopbackPort } from '../src/connectors/testkit/free-loopback-port';
import { startBridge } from '../src/main';
import { createLogger } from '../src/observability/logger';
import { startBenchProcess } from './bench-processes';

/** What {@link benchWebhookLatency} measured, in ms unless named otherwise. */
export interface WebhookLatencyResult {
  changes: number;
  observed: number;
  ratePerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Mean time from the CRM PATCH answer to the delivery reaching the bridge (includes the flush window). */
  meanToIntake: number;
  /** Mean time from the delivery reaching the bridge to the ERP write. */
  meanIntakeToWrite: number;
  /** The mock CRM dispatcher's batching window. */
  flushMs: number;
  /** Share of the mean latency spent before the bridge got the delivery. */
  dispatcherShare: number;
  cpuSeconds: { bridge: number; crm: number; erp: number };
  /** 1-minute load average at the end: on a shared machine, how much CPU others took. */
  loadAverage: number;
  notes: string;
}

const FLOW = 'companies-to-customers';
const SECRET = 'bench-webhook-secret-0123456789';
const crmHeaders = { authorization: 'Bearer dev-crm-token', 'content-type': 'application/json' };

/**
 * Real-time latency: the bridge (embedded queue, SQLite) started in this process against the
 * mock CRM and ERP as separate processes; the CRM delivers signed webhooks to the bridge's
 * `/webhooks/crm` (polling off). `changes` company property changes are made through the CRM
 * API at `ratePerSecond`, each on a different linked company; a change's latency is the time
 * from its PATCH answer to the ERP's commit of that customer (read from the mock ERP's
 * `/__admin/changes` feed, wall clock of the same machine).
 *
 * @example
 * const result = await benchWebhookLatency({ changes: 1000, ratePerSecond: 20 });
 */
export async function benchWebhookLatency(options: {
  changes: number;
  ratePerSecond: number;
}): Promise<WebhookLatencyResult> {
  const { changes, ratePerSecond } = options;
  const dir = mkdtempSync(join(tmpdir(), 'bridge-webhook-bench-'));
  const stops: (() => Promise<unknown> | unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    // Enough companies that every change is on its own linked company (near-duplicates are not linked).
    const companies = Math.ceil(changes * 1.1) + 50;
    const crm = await startBenchProcess(
      'connectors/mock-crm/server/main.ts',
      {
        MOCK_CRM_PORT: '0',
        MOCK_CRM_COMPANIES: String(companies),
        MOCK_CRM_CONTACTS: '0',
        CRM_WEBHOOK_SECRET: SECRET,
      },
      /listening on (\S+)/,
    );
    stops.push(() => crm.stop());
    const erp = await startBenchProcess(
      'connectors/mock-erp/server/main.ts',
      { MOCK_ERP_PORT: '0' },
      /listening on (\S+)\/api/,
    );
    stops.push(() => erp.stop());
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml'))) {
      const path = join(mappings, file);
      let yaml = readFileSync(path, 'utf8').replace(/poll: \S+/, 'poll: 1h');
      if (file === `${FLOW}.yaml`) yaml = yaml.replace('  poll: 1h', '  poll: 1h\n  webhook: true');
      writeFileSync(path, yaml);
    }
    const port = await freeLoopbackPort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappings,
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      PORT: String(port),
      BRIDGE_PUBLIC_URL: publicUrl,
      CRM_WEBHOOK_SECRET: SECRET,
      ADMIN_TOKENS: 'bench-admin-token',
      LOG_LEVEL: 'warn',
    });
    // The initial sync links the companies; it is not part of the figure.
    const bridge = await startBridge(env, createLogger({ level: 'error' }));
    stops.push(() => bridge.stop());

    const ids = await linkedCompanies(crm.url, bridge, changes);
    // When each delivery reached the bridge, per CRM id: splits latency into before and after intake.
    const intakeAt = new Map<string, number>();
    const accept = bridge.engine.acceptWebhookEvents.bind(bridge.engine);
    bridge.engine.acceptWebhookEvents = (side, events) => {
      const now = Date.now();
      for (const e of events) if (!intakeAt.has(String(e.objectId))) intakeAt.set(String(e.objectId), now);
      return accept(side, events);
    };

    const feed = `${erp.url}/__admin/changes?set=customers`;
    let since = ((await (await fetch(`${feed}&since=0`)).json()) as { last: number }).last;
    const patchedAt = new Map<string, number>(); // ERP id -> PATCH answer time
    const crmOf = new Map<string, string>(); // ERP id -> CRM id
    const latencies = new Map<string, number>();
    const cpuBefore = { bridge: process.cpuUsage(), crm: crm.cpuSeconds(), erp: erp.cpuSeconds() };

    let polling = true;
    const poller = (async () => {
      while (polling) {
        const page = (await (await fetch(`${feed}&since=${since}`)).json()) as {
          entries: { id: string; at: number; kind: string }[];
          last: number;
        };
        since = page.last;
        for (const entry of page.entries) {
          const t0 = patchedAt.get(entry.id);
          if (t0 !== undefined && !latencies.has(entry.id) && entry.at >= t0) latencies.set(entry.id, entry.at - t0);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // Steady rate by absolute schedule, so a slow PATCH does not slow the ones after it.
    const start = Date.now();
    const patches: Promise<void>[] = [];
    for (let i = 0; i < changes; i++) {
      const wait = start + (i * 1000) / ratePerSecond - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { crmId, erpId } = ids[i]!;
      crmOf.set(erpId, crmId);
      patches.push(
        fetch(`${crm.url}/crm/v3/objects/companies/${crmId}`, {
          method: 'PATCH',
          headers: crmHeaders,
          body: JSON.stringify({ properties: { city: `Latency ${i}` } }),
        }).then(async (res) => {
          if (!res.ok) throw new Error(`PATCH ${crmId}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          patchedAt.set(erpId, Date.now());
        }),
      );
    }
    await Promise.all(patches);
    const deadline = Date.now() + 30_000;
    while (latencies.size < changes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    polling = false;
    await poller;
    const used = process.cpuUsage(cpuBefore.bridge);

    const sorted = [...latencies.values()].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
    let toIntake = 0;
    let total = 0;
    let counted = 0;
    for (const [erpId, latency] of latencies) {
      const intake = intakeAt.get(crmOf.get(erpId)!);
      if (intake === undefined) continue;
      toIntake += intake - patchedAt.get(erpId)!;
      total += latency;
      counted++;
    }
    const meanToIntake = counted ? toIntake / counted : NaN;
    const meanTotal = counted ? total / counted : NaN;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      changes,
      observed: latencies.size,
      ratePerSecond,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      max: sorted.at(-1) ?? NaN,
      meanToIntake: round(meanToIntake),
      meanIntakeToWrite: round(meanTotal - meanToIntake),
      flushMs: 50,
      dispatcherShare: round(meanToIntake / meanTotal),
      cpuSeconds: {
        bridge: round((used.user + used.system) / 1e6),
        crm: round(crm.cpuSeconds() - cpuBefore.crm),
        erp: round(erp.cpuSeconds() - cpuBefore.erp),
      },
      loadAverage: round(loadavg()[0] ?? 0),
      notes: `${companies} companies seeded, one change per company, embedded queue, SQLite`,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** `count` CRM companies the initial sync linked, with their ERP ids. */
async function linkedCompanies(
  crmUrl: string,
  bridge: Awaited<ReturnType<typeof startBridge>>,
  count: number,
): Promise<{ crmId: string; erpId: string }[]> {
  const found: { crmId: string; erpId: string }[] = [];
  let after: string | undefined;
  while (found.length < count) {
    const page = (await (
      await fetch(`${crmUrl}/crm/v3/objects/companies?limit=100${after ? `&after=${after}` : ''}`, {
        headers: crmHeaders,
      })
    ).json()) as { results: { id: string }[]; paging?: { next?: { after: string } } };
    const xrefs = await bridge.store.findXrefs(
      'company',
      'crm',
      page.results.map((r) => r.id),
    );
    for (const [crmId, xref] of xrefs) if (found.length < count) found.push({ crmId, erpId: xref.erpId });
    after = page.paging?.next?.after;
    if (!after) break;
  }
  if (found.length < count) throw new Error(`only ${found.length} linked companies for ${count} changes`);
  return found;
}

/**
 * Prints one result as a table row block.
 *
 * @example
 * process.stdout.write(formatWebhookLatency(result));
 */
export function formatWebhookLatency(r: WebhookLatencyResult): string {
  return [
    `changes ${r.changes} at ${r.ratePerSecond}/s, observed ${r.observed}`,
    `latency ms: p50 ${r.p50}, p95 ${r.p95}, p99 ${r.p99}, max ${r.max}`,
    `mean ms: PATCH answer -> bridge intake ${r.meanToIntake} (dispatcher flush window ${r.flushMs} ms), intake -> ERP write ${r.meanIntakeToWrite}; share before intake ${Math.round(r.dispatcherShare * 100)}%`,
    `CPU s: bridge ${r.cpuSeconds.bridge}, crm ${r.cpuSeconds.crm}, erp ${r.cpuSeconds.erp}; load average ${r.loadAverage}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchWebhookLatency({
    changes: Number(process.env.BENCH_WEBHOOK_CHANGES ?? 1000),
    ratePerSecond: Number(process.env.BENCH_WEBHOOK_RATE ?? 20),
  });
  process.stdout.write(`\nWebhook latency (CRM PATCH -> ERP write)\n${formatWebhookLatency(result)}\n`);
}
