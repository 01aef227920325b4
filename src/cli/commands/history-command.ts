import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../cli-command';
import { openLocalStore } from '../open-local-store';

/** `bridge history <flow> <sourceId>`: every attempt to sync one record. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'show every sync attempt of one source record, with errors',
  usage: 'bridge history <flow> <sourceId> [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const [flow, sourceId] = positionals;
    if (!flow || !sourceId) throw new UsageError('flow and sourceId are required');
    const { store, close } = await openLocalStore(io.env);
    try {
      const rows = await store.history(flow, sourceId);
      if (values.json) {
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return 0;
      }
      if (rows.length === 0) io.out(`no history for ${flow} ${sourceId}\n`);
      for (const h of rows) {
        const error = h.errorCode ? `  ${h.errorCode}: ${h.errorMessage}` : '';
        io.out(
          `${new Date(h.at).toISOString()}  ${h.action.padEnd(9)} target ${h.targetId ?? '-'}  mapping ${h.mappingVersion ?? '-'}${error}\n`,
        );
      }
      return 0;
    } finally {
      await close();
    }
  },
};
