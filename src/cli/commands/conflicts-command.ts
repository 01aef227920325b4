import { parseArgs } from 'node:util';
import { resolveConflict } from '../../engine/resolve-conflict';
import type { Conflict } from '../../store';
import { type CliCommand, UsageError } from '../cli-command';
import { openBridgeContext } from '../open-bridge-context';
import { openLocalStore } from '../open-local-store';

/** `bridge conflicts list|show|resolve`: copy-side edits of master-owned fields. */
export const conflictsCommand: CliCommand = {
  name: 'conflicts',
  summary: 'list, show and resolve ownership conflicts (keep the master value or the copy value)',
  usage:
    'bridge conflicts list [--flow <flow>] [--status open|resolved] [--limit <n>] [--offset <n>] [--json]\n' +
    '       bridge conflicts show <id> [--json]\n' +
    '       bridge conflicts resolve <id> --keep master|copy [--note <text>] [--by <name>] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        flow: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string', default: '50' },
        offset: { type: 'string', default: '0' },
        keep: { type: 'string' },
        note: { type: 'string' },
        by: { type: 'string', default: 'cli' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
    });
    const [verb, id] = positionals;
    if (values.status && values.status !== 'open' && values.status !== 'resolved') {
      throw new UsageError('--status must be open or resolved');
    }
    if (verb !== 'list' && (!id || !/^\d+$/.test(id))) throw new UsageError('the conflict id is required');
    const print = (value: unknown, text: string) => io.out(values.json ? `${JSON.stringify(value, null, 2)}\n` : text);
    if (verb === 'resolve') {
      if (values.keep !== 'master' && values.keep !== 'copy') throw new UsageError('--keep must be master or copy');
      // Keeping the master writes to the copy side: it needs the live systems, not just the state.
      const ctx = await openBridgeContext(io.env);
      try {
        const conflict = await resolveConflict(ctx, Number(id), {
          keep: values.keep,
          by: values.by,
          ...(values.note ? { note: values.note } : {}),
        });
        print(conflict, `conflict ${conflict.id}: ${conflict.resolution}\n`);
        return 0;
      } finally {
        await ctx.close();
      }
    }
    const { store, close } = await openLocalStore(io.env);
    try {
      const ownership = store.ownership;
      if (!ownership) throw new UsageError('this state store keeps no ownership conflicts');
      if (verb === 'list') {
        const page = await ownership.listConflicts({
          ...(values.flow ? { flow: values.flow } : {}),
          ...(values.status ? { status: values.status as 'open' | 'resolved' } : {}),
          limit: Number(values.limit),
          offset: Number(values.offset),
        });
        print(
          page,
          page.items.length ? `${page.items.map(formatConflict).join('\n')}\n${page.total} in all\n` : 'no conflicts\n',
        );
        return 0;
      }
      if (verb !== 'show') throw new UsageError('unknown conflicts action');
      const conflict = await ownership.getConflict(Number(id));
      if (!conflict) {
        io.err(`no conflict ${id}\n`);
        return 1;
      }
      print(
        conflict,
        `${formatConflict(conflict)}\n    base   ${JSON.stringify(conflict.base)}\n${conflict.note ? `    note   ${conflict.note}\n` : ''}`,
      );
      return 0;
    } finally {
      close();
    }
  },
};

function formatConflict(c: Conflict): string {
  const state = c.status === 'open' ? 'open' : `resolved (${c.resolution})`;
  return `#${c.id} ${c.flow} source ${c.sourceId} -> target ${c.targetId}  ${c.field}: copy ${JSON.stringify(c.copy)} / master ${JSON.stringify(c.master)}  ${state}`;
}
