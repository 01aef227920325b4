import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDedupeFileConfig } from '../../dedupe/dedupe-file-config';
import { type DedupePair, dedupeRows } from '../../dedupe/dedupe-rows';
import { IntegrationError } from '../../errors';
import { type CliCommand, UsageError } from '../cli-command';
import { readCsvRows } from '../read-csv-rows';

/** `bridge dedupe file|link`: duplicates within one CSV export, or links between two. */
export const dedupeCommand: CliCommand = {
  name: 'dedupe',
  summary: 'find duplicate rows in one CSV file, or link the rows of two, by match rules',
  usage:
    'bridge dedupe file <input.csv> --config <match.yaml> --out <pairs.csv> [--json]\n' +
    '       bridge dedupe link <left.csv> <right.csv> --config <match.yaml> --out <pairs.csv> [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { config: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const [mode, first, second] = positionals;
    if (mode !== 'file' && mode !== 'link') throw new UsageError('say file or link');
    if (!first || (mode === 'link' && !second)) throw new UsageError('input CSV file(s) missing');
    if (!values.config || !values.out) throw new UsageError('--config and --out are required');
    let text: string;
    try {
      text = readFileSync(values.config, 'utf8');
    } catch (error) {
      throw new IntegrationError('config_invalid', `cannot read ${values.config}: ${(error as Error).message}`);
    }
    const config = parseDedupeFileConfig(text, values.config);
    const started = performance.now();
    const left = readCsvRows(first);
    const right = mode === 'link' ? readCsvRows(second!) : undefined;
    for (const [file, rows] of [
      [first, left],
      [second, right],
    ] as const) {
      if (rows?.length && !(config.id in rows[0]!)) {
        throw new IntegrationError('config_invalid', `${file}: no column "${config.id}" (the config's id)`);
      }
    }
    const result = dedupeRows(config, left, right);
    writeFileSync(values.out, toCsv(result.pairs));
    const summary = {
      mode,
      rows: right ? [left.length, right.length] : [left.length],
      compared: result.compared,
      link: result.pairs.filter((p) => p.decision === 'link').length,
      review: result.pairs.filter((p) => p.decision === 'review').length,
      seconds: Math.round(performance.now() - started) / 1000,
      out: values.out,
    };
    if (values.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      io.out(
        `${summary.rows.join(' x ')} rows, ${summary.compared} pairs compared: ${summary.link} link, ${summary.review} review -> ${summary.out} (${summary.seconds} s)\n`,
      );
    }
    return 0;
  },
};

function toCsv(pairs: readonly DedupePair[]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = pairs.map((p) => [cell(p.leftId), cell(p.rightId), p.score.toFixed(4), p.decision].join(','));
  return `left_id,right_id,score,decision\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
