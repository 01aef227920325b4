import { parseArgs } from 'node:util';
import { loadEnv } from '../../../config/env';
import { type PreviewRow, type PreviewSource, previewFlow, readSampleRecords } from '../../../engine';
import { openBridgeParts } from '../../../main';
import { createLogger } from '../../../observability/logger';
import { type CliIo, UsageError } from '../../cli-command';

/**
 * `bridge mappings preview <flow> --ids a,b | --file sample.json|csv | --next N`: what a sync
 * would do with each record, and the field-by-field diff against the target. Writes nothing.
 *
 * @example
 * await mappingsPreview(['companies-to-customers', '--ids', '101,102'], io);
 */
export async function mappingsPreview(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ids: { type: 'string' }, file: { type: 'string' }, next: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [name] = positionals;
  if (!name) throw new UsageError('a flow name is required');
  const chosen = [values.ids, values.file, values.next].filter((v) => v !== undefined).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --ids, --file, --next');
  let from: PreviewSource;
  if (values.ids)
    from = {
      ids: values.ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  else if (values.file) from = { records: readSampleRecords(values.file) };
  else {
    const next = Number(values.next);
    if (!Number.isInteger(next) || next < 1) throw new UsageError('--next needs a positive whole number');
    from = { next };
  }

  const parts = await openBridgeParts(loadEnv(io.env), createLogger({ level: 'error', write: () => {} }), {
    mockPort: 0,
  });
  try {
    const flow = parts.flows.find((f) => f.name === name);
    if (!flow) throw new UsageError(`no enabled flow "${name}" (flows: ${parts.flows.map((f) => f.name).join(', ')})`);
    const rows = await previewFlow(flow, parts.store, from);
    if (values.json) io.out(`${JSON.stringify({ flow: name, version: flow.mapping.version, rows }, null, 2)}\n`);
    else io.out(formatPreview(name, flow.mapping.version, rows));
    return 0;
  } finally {
    await parts.stop();
  }
}

/**
 * Prints preview rows for people: one line per record, one indented line per changed field.
 *
 * @example
 * formatPreview('companies-to-customers', '1-ab12cd34', rows)
 */
export function formatPreview(flow: string, version: string, rows: PreviewRow[]): string {
  const lines = [`${flow} (mapping ${version}): ${rows.length} record(s), nothing written`];
  const counts = new Map<string, number>();
  for (const row of rows) {
    counts.set(row.action, (counts.get(row.action) ?? 0) + 1);
    const target = row.targetId ? ` -> ${row.targetId}` : '';
    lines.push(`${row.action.padEnd(7)} ${row.sourceId}${target}${row.reason ? `  ${row.reason}` : ''}`);
    for (const c of row.changes) {
      const refused = c.refused ? `  (refused: ${c.refused})` : '';
      lines.push(`        ${c.field}: ${show(c.before)} -> ${show(c.after)}${refused}`);
    }
  }
  lines.push([...counts].map(([action, n]) => `${action} ${n}`).join(', '));
  return `${lines.join('\n')}\n`;
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
