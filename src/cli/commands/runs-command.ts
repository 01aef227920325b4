import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-command';
import { openLocalStore } from '../open-local-store';

/** `bridge runs`: recent runs with their counts. */
export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'list recent runs with created/updated/unchanged/failed counts',
  usage: 'bridge runs [--flow <flow>] [--limit <n>] [--json]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { flow: { type: 'string' }, limit: { type: 'string', default: '20' }, json: { type: 'boolean' } },
    });
    const { store, close } = await openLocalStore(io.env);
    try {
      const runs = await store.listRuns({ ...(values.flow ? { flow: values.flow } : {}), limit: Number(values.limit) });
      if (values.json) {
        io.out(`${JSON.stringify(runs, null, 2)}\n`);
        return 0;
      }
      for (const r of runs) {
        const when = new Date(r.startedAt).toISOString();
        io.out(
          `${when}  ${r.flow.padEnd(24)} ${r.trigger.padEnd(8)} ${r.status.padEnd(9)} read ${r.read} created ${r.created} updated ${r.updated} unchanged ${r.unchanged} failed ${r.failed}\n`,
        );
      }
      if (runs.length === 0) io.out('no runs yet\n');
      return 0;
    } finally {
      await close();
    }
  },
};
