import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { listReviews } from '../../engine/review-queue';
import { loadMappings } from '../../mapping';
import { createJobQueue, type QueueCounts } from '../../queue';
import type { Run } from '../../store';
import type { CliCommand } from '../cli-command';
import { openLocalStore } from '../open-local-store';

/** What `bridge status --json` prints. */
export interface BridgeStatus {
  flows: { name: string; source: string; target: string; lastRun: Run | null }[];
  /** Open dead-letter items by error code. */
  dlqOpen: Record<string, number>;
  /** Review items waiting for a decision, by flow. */
  reviewPending: Record<string, number>;
  /** Job counts of the configured queue, or null when it did not answer in time. */
  queue: QueueCounts | null;
}

/** `bridge status`: one screen of how the bridge is doing, read from the local state. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'flows with their last run, open DLQ items by code, pending reviews, queue counts',
  usage: 'bridge status [--json]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    const env = loadEnv(io.env);
    const { store, dlq, sqlite: state, close } = await openLocalStore(io.env);
    try {
      // Offline: the flow files are read without connecting to any system.
      const flows = await Promise.all(
        loadMappings(env.MAPPINGS_DIR).map(async ({ loaded: { spec } }) => ({
          name: spec.flow,
          source: `${spec.source.connector}.${spec.source.entity}`,
          target: `${spec.target.connector}.${spec.target.entity}`,
          lastRun: (await store.listRuns({ flow: spec.flow, limit: 1 }))[0] ?? null,
        })),
      );
      const reviewPending: Record<string, number> = {};
      const pending = store.matching ? await listReviews(store.matching, { status: 'pending', limit: 1_000_000 }) : [];
      for (const item of pending) {
        reviewPending[item.flow] = (reviewPending[item.flow] ?? 0) + 1;
      }
      const status: BridgeStatus = {
        flows,
        dlqOpen: await dlq.countByCode({ status: 'open' }),
        reviewPending,
        queue: await queueCounts(state, env.REDIS_URL),
      };
      if (values.json) io.out(`${JSON.stringify(status, null, 2)}\n`);
      else io.out(formatStatus(status));
      return 0;
    } finally {
      await close();
    }
  },
};

async function queueCounts(
  state: Parameters<typeof createJobQueue>[0]['state'],
  redisUrl: string | undefined,
): Promise<QueueCounts | null> {
  const queue = createJobQueue({ state, name: 'bridge', ...(redisUrl ? { redisUrl } : {}) });
  let timer: NodeJS.Timeout | undefined;
  try {
    // A Redis that does not answer must not hang a status command.
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), 3000);
    });
    return await Promise.race([queue.counts(), late]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    await queue.close({ force: true }).catch(() => {});
  }
}

function formatStatus(status: BridgeStatus): string {
  const lines = ['flows'];
  for (const flow of status.flows) {
    const run = flow.lastRun;
    const last = run
      ? `${new Date(run.startedAt).toISOString()} ${run.trigger} ${run.status}: read ${run.read} created ${run.created} updated ${run.updated} unchanged ${run.unchanged} failed ${run.failed}`
      : 'never run';
    lines.push(`  ${flow.name.padEnd(26)} ${`${flow.source} -> ${flow.target}`.padEnd(32)} ${last}`);
  }
  const counts = (title: string, byKey: Record<string, number>) => {
    const entries = Object.entries(byKey);
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    lines.push(`${title}: ${total}`);
    for (const [key, n] of entries.sort()) lines.push(`  ${key.padEnd(26)} ${n}`);
  };
  counts('DLQ open', status.dlqOpen);
  counts('review pending', status.reviewPending);
  const q = status.queue;
  lines.push(
    q
      ? `queue: waiting ${q.waiting}, delayed ${q.delayed}, active ${q.active}, dead ${q.dead}`
      : 'queue: did not answer',
  );
  return `${lines.join('\n')}\n`;
}
