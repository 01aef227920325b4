import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { runBridgeProcess } from '../../main';
import { createLogger } from '../../observability/logger';
import type { CliCommand } from '../cli-command';
import { UsageError } from '../cli-command';

/**
 * `bridge worker`: a worker process (the same as `BRIDGE_ROLE=worker npm start`). Start any
 * number, on any host, against one REDIS_URL and one state database: each takes jobs from the
 * shared queue, every connector's request budget is shared through Redis, and the one holding
 * the scheduler lease also polls. Runs until SIGINT/SIGTERM.
 */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'run a worker process: take jobs from the shared Redis queue (needs REDIS_URL)',
  usage: 'bridge worker [--concurrency <n>]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { concurrency: { type: 'string' }, json: { type: 'boolean' } } });
    if (values.concurrency !== undefined && !/^\d+$/.test(values.concurrency))
      throw new UsageError('--concurrency takes a whole number of jobs');
    const env = loadEnv({
      ...io.env,
      BRIDGE_ROLE: 'worker',
      ...(values.concurrency ? { CONCURRENCY: values.concurrency } : {}),
    });
    const log = createLogger({ level: env.LOG_LEVEL, json: values.json || env.LOG_FORMAT === 'json' });
    const { exited } = await runBridgeProcess(env, log);
    return exited;
  },
};
