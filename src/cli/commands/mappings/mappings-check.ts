import { parseArgs } from 'node:util';
import { loadEnv } from '../../../config/env';
import { checkSchemaDrift } from '../../../engine';
import { openBridgeParts } from '../../../main';
import { createLogger } from '../../../observability/logger';
import type { CliIo } from '../../cli-command';

/**
 * `bridge mappings check`: reads the live schemas of every flow's source and target and reports
 * fields added, removed or retyped since the connectors' schemas the mappings were validated
 * against. Exit 1 when a field a flow uses drifted (the next sync may break on it).
 *
 * @example
 * await mappingsCheck(['--json'], io);
 */
export async function mappingsCheck(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const parts = await openBridgeParts(loadEnv(io.env), createLogger({ level: 'error', write: () => {} }), {
    mockPort: 0,
  });
  try {
    const reports = await checkSchemaDrift(parts.flows);
    const breaking = reports.some((r) => r.drift.some((d) => d.used) || r.status === 'failed');
    if (values.json) {
      io.out(`${JSON.stringify({ ok: !breaking, reports }, null, 2)}\n`);
      return breaking ? 1 : 0;
    }
    for (const r of reports) {
      const head = `${r.flow} ${r.side} ${r.connector}.${r.entity}`;
      if (r.status !== 'checked') io.out(`${head}: ${r.status}${r.error ? ` (${r.error})` : ''}\n`);
      else if (r.drift.length === 0) io.out(`${head}: no drift\n`);
      else {
        io.out(`${head}:\n`);
        for (const d of r.drift) {
          io.out(
            `  ${d.used ? 'USED  ' : 'unused'} ${d.change.padEnd(7)} ${d.field}${d.detail ? `  ${d.detail}` : ''}\n`,
          );
        }
      }
    }
    return breaking ? 1 : 0;
  } finally {
    await parts.stop();
  }
}
