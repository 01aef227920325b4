import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { formatRunSummary, SyncEngine } from '../../engine';
import { openBridgeParts } from '../../main';
import { createLogger } from '../../observability/logger';
import { createJobQueue } from '../../queue';
import type { Run } from '../../store';
import { type CliCommand, UsageError } from '../cli-command';
import { createProgressBar } from '../progress-bar';
import { runProgress, watchProgress } from '../watch-progress';

/**
 * `bridge sync`: runs the flows once against the configured systems and exits, like
 * `SYNC_ONCE=true npm start` without the admin API. Jobs go through the configured queue, so
 * with `REDIS_URL` running workers share the load; this process works too until the runs end.
 */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'run every flow (or one) once, with a progress bar; exit 1 unless all succeeded',
  usage: 'bridge sync [--flow <flow>] [--json]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { flow: { type: 'string' }, json: { type: 'boolean' } } });
    const env = loadEnv(io.env);
    // Warnings and errors only: the bar and the summary are the output.
    const log = createLogger({
      level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL,
      write: (line) => io.err(`${line}\n`),
    });
    const parts = await openBridgeParts(env, log);
    try {
      const names = parts.flows.map((f) => f.name);
      if (values.flow && !names.includes(values.flow)) {
        throw new UsageError(`no enabled flow named "${values.flow}" (flows: ${names.join(', ')})`);
      }
      const queue = createJobQueue({
        state: parts.state,
        name: 'bridge',
        ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      });
      const engine = new SyncEngine({
        store: parts.store,
        dlq: parts.dlq,
        queue,
        flows: parts.flows,
        log,
        pageSize: env.PAGE_SIZE,
        concurrency: env.CONCURRENCY,
      });
      await engine.start();
      const started = Date.now();
      const runs: Run[] = [];
      try {
        const terminal = values.json ? undefined : io.errTerminal;
        const bar = createProgressBar(terminal ?? { write: () => {} });
        for (const name of values.flow ? [values.flow] : engine.flowNames()) {
          const run = await engine.startRun(name, 'cli');
          const watch = watchProgress(bar, name, runProgress(parts.store, run.id));
          try {
            runs.push(await engine.waitForRun(run.id));
          } finally {
            await watch.stop();
          }
        }
      } finally {
        await engine.stop();
      }
      if (values.json) io.out(`${JSON.stringify(runs, null, 2)}\n`);
      else io.out(`${formatRunSummary(runs, Date.now() - started)}\n`);
      return runs.every((r) => r.status === 'succeeded') ? 0 : 1;
    } finally {
      await parts.stop();
    }
  },
};
