import { parseArgs } from 'node:util';
import { loadEnv } from '../../config/env';
import { recordTrail, type TrailFlow } from '../../engine';
import { flowFilesIn, validateMappings } from '../../mapping';
import type { HistoryEntry } from '../../store';
import { type CliCommand, type CliIo, UsageError } from '../cli-command';
import { openLocalStore } from '../open-local-store';

type Row = HistoryEntry & { runId: string | null; at: number };

/**
 * `bridge history <flow> <sourceId>` or `bridge history --system crm|erp --id <id>`: every
 * attempt to sync one record; by system and id, across every flow that reads or writes it.
 */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'show every sync attempt of one record (by flow and source id, or by system and id)',
  usage: 'bridge history <flow> <sourceId> | --system crm|erp --id <id> [--entity e] [--flow f] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        system: { type: 'string' },
        id: { type: 'string' },
        entity: { type: 'string' },
        flow: { type: 'string' },
      },
      allowPositionals: true,
    });
    if (values.system !== undefined || values.id !== undefined) return bySystem(values, io);
    const [flow, sourceId] = positionals;
    if (!flow || !sourceId) throw new UsageError('give <flow> <sourceId>, or --system and --id');
    const { store, close } = await openLocalStore(io.env);
    try {
      const rows = await store.history(flow, sourceId);
      if (values.json) {
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return 0;
      }
      if (rows.length === 0) io.out(`no history for ${flow} ${sourceId}\n`);
      for (const h of rows) io.out(formatRow(h));
      return 0;
    } finally {
      await close();
    }
  },
};

async function bySystem(
  values: { system?: string; id?: string; entity?: string; flow?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const { system, id } = values;
  if (system !== 'crm' && system !== 'erp') throw new UsageError('--system must be crm or erp');
  if (!id) throw new UsageError('--id is required with --system');
  // Flow files name the connector instances `crm` and `erp`, which is all the trail needs:
  // no connector is built and no system is called.
  const { flows: loaded } = validateMappings(flowFilesIn(loadEnv(io.env).MAPPINGS_DIR));
  const flows: TrailFlow[] = loaded.map((l) => ({
    name: l.spec.flow,
    kind: l.spec.link,
    sourceSide: l.spec.source.connector === 'erp' ? 'erp' : 'crm',
    spec: l.spec,
  }));
  const { store, close } = await openLocalStore(io.env);
  try {
    const trail = await recordTrail(store, flows, {
      system,
      id,
      ...(values.entity ? { entity: values.entity } : {}),
      ...(values.flow ? { flow: values.flow } : {}),
    });
    if (values.json) {
      io.out(`${JSON.stringify({ system, id, flows: trail }, null, 2)}\n`);
      return 0;
    }
    if (trail.length === 0) io.out(`no flow has touched ${system} record ${id}\n`);
    for (const t of trail) {
      const pair = t.xref ? `crm ${t.xref.crmId} <-> erp ${t.xref.erpId}` : 'not paired';
      io.out(`${t.flow} (${t.role}, ${t.entity}): ${pair}\n`);
      for (const h of t.history) io.out(`  ${formatRow(h)}`);
    }
    return 0;
  } finally {
    close();
  }
}

function formatRow(h: Row): string {
  const error = h.errorCode ? `  ${h.errorCode}: ${h.errorMessage}` : '';
  return `${new Date(h.at).toISOString()}  ${h.action.padEnd(9)} source ${h.sourceId} target ${h.targetId ?? '-'}  mapping ${h.mappingVersion ?? '-'}${error}\n`;
}
