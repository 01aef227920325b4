import { parseArgs } from 'node:util';
import { type DlqSelection, discardDlq, replayDlq, selectDlqItems } from '../../engine';
import type { DlqFilter, DlqItem } from '../../store';
import { type CliCommand, type CliIo, UsageError } from '../cli-command';
import { type BridgeContext, openBridgeContext } from '../open-bridge-context';
import { openLocalStore } from '../open-local-store';
import { createProgressBar, type ProgressTerminal } from '../progress-bar';
import { progressOfRuns, watchProgress } from '../watch-progress';

const FILTERS = {
  flow: { type: 'string' },
  code: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `bridge dlq list|show|replay|discard`: inspect and act on dead-lettered records. */
export const dlqCommand: CliCommand = {
  name: 'dlq',
  summary: 'list, show, replay or discard dead-lettered records',
  usage:
    'bridge dlq list [--flow F] [--code C] [--from ISO] [--to ISO] [--status open|replayed|discarded|all] [--limit N] [--offset N] [--json]\n' +
    '       bridge dlq show <id> [--json]\n' +
    '       bridge dlq replay (<id>... | --all | --flow/--code/--from/--to) [--remap] [--json]\n' +
    '       bridge dlq discard (<id>... | --all | --flow/--code/--from/--to) --reason TEXT [--json]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io);
    if (sub === 'show') return show(rest, io);
    if (sub === 'replay') return replay(rest, io);
    if (sub === 'discard') return discard(rest, io);
    throw new UsageError(sub ? `unknown dlq subcommand "${sub}"` : 'a subcommand is required');
  },
};

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...FILTERS, status: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
  });
  const filter = filterOf(values);
  if (values.status) filter.status = statusOf(values.status);
  const paging = { limit: intOf(values.limit, 50, 'limit'), offset: intOf(values.offset, 0, 'offset') };
  const { dlq, close } = await openLocalStore(io.env);
  try {
    const page = await dlq.list(filter, paging);
    if (values.json) io.out(`${JSON.stringify(page, null, 2)}\n`);
    else {
      io.out(`${page.total} item(s)${page.total > page.items.length ? `, showing ${page.items.length}` : ''}\n`);
      for (const item of page.items) io.out(`${summaryLine(item)}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [id] = positionals;
  if (!id) throw new UsageError('an item id is required');
  const { dlq, close } = await openLocalStore(io.env);
  try {
    const item = await dlq.get(id);
    if (!item) {
      io.err(`no DLQ item ${id}\n`);
      return 1;
    }
    if (values.json) {
      io.out(`${JSON.stringify(item, null, 2)}\n`);
      return 0;
    }
    io.out(`${summaryLine(item)}\n`);
    io.out(`message   ${item.errorMessage}\n`);
    if (item.responseExcerpt) io.out(`response  ${item.responseExcerpt}\n`);
    io.out(`mapping   ${item.mappingVersion ?? '-'}   run ${item.runId ?? '-'}\n`);
    if (item.resolution) io.out(`resolved  ${item.status}: ${item.resolution}\n`);
    io.out('attempts\n');
    for (const a of item.attempts) {
      io.out(
        `  ${new Date(a.at).toISOString()}  #${a.attempt}  ${a.code}${a.status ? ` (${a.status})` : ''}  ${a.message}\n`,
      );
    }
    io.out(`source record\n${JSON.stringify(item.sourceRecord, null, 2)}\n`);
    return 0;
  } finally {
    await close();
  }
}

async function replay(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...FILTERS, all: { type: 'boolean' }, remap: { type: 'boolean' } },
    allowPositionals: true,
  });
  const selection = selectionOf(values, positionals);
  const ctx = await openBridgeContext(io.env);
  try {
    const report = await withReplayProgress(ctx, selection, values.json ? undefined : io.errTerminal, () =>
      replayDlq(ctx, selection, values.remap ? 'remap' : 'as-is'),
    );
    if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.out(
        `replayed ${report.replayed.length}, failed again ${report.failed.length}, skipped ${report.skipped.length}\n`,
      );
      for (const s of report.skipped) io.out(`  skipped ${s.id}: ${s.reason}\n`);
    }
    return report.failed.length || report.skipped.length ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

async function discard(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...FILTERS, all: { type: 'boolean' }, reason: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.reason?.trim()) throw new UsageError('--reason is required');
  const selection = selectionOf(values, positionals);
  const { dlq, close } = await openLocalStore(io.env);
  try {
    const discarded = await discardDlq(dlq, selection, values.reason);
    io.out(values.json ? `${JSON.stringify({ discarded })}\n` : `discarded ${discarded}\n`);
    return 0;
  } finally {
    await close();
  }
}

function selectionOf(values: { all?: boolean | undefined } & FilterValues, ids: string[]): DlqSelection {
  if (ids.length) return { ids };
  const filter = filterOf(values);
  if (!values.all && Object.keys(filter).length === 0) {
    throw new UsageError('name item ids, or select with --flow/--code/--from/--to, or --all');
  }
  return { filter };
}

interface FilterValues {
  flow?: string | undefined;
  code?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filterOf(values: FilterValues): DlqFilter {
  return {
    ...(values.flow ? { flow: values.flow } : {}),
    ...(values.code ? { code: values.code } : {}),
    ...(values.from ? { from: timeOf(values.from, 'from') } : {}),
    ...(values.to ? { to: timeOf(values.to, 'to') } : {}),
  };
}

function timeOf(text: string, name: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--${name} must be an ISO-8601 time`);
  return ms;
}

function intOf(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

function statusOf(text: string): NonNullable<DlqFilter['status']> {
  if (text === 'open' || text === 'replayed' || text === 'discarded' || text === 'all') return text;
  throw new UsageError('--status must be open, replayed, discarded or all');
}

function summaryLine(item: DlqItem): string {
  const status = item.httpStatus ? ` (${item.httpStatus})` : '';
  return `${item.id}  ${new Date(item.updatedAt).toISOString()}  ${item.flow}  ${item.sourceId}  ${item.errorCode}${status}  ${item.attempts.length} attempt(s)  ${item.status}`;
}

/**
 * Runs a replay under a progress bar: the selected items are the total, and the replay runs
 * started since (trigger `replay`) say how many are done.
 */
async function withReplayProgress<T>(
  ctx: BridgeContext,
  selection: DlqSelection,
  terminal: ProgressTerminal | undefined,
  replay: () => Promise<T>,
): Promise<T> {
  if (!terminal?.isTTY) return replay();
  const total = (await selectDlqItems(ctx.dlq, selection)).length;
  const since = Date.now();
  const watch = watchProgress(createProgressBar(terminal), 'replay', async () => {
    const runs = (await ctx.store.listRuns({ limit: 100 })).filter(
      (r) => r.trigger === 'replay' && r.startedAt >= since,
    );
    return { done: Math.min(total, progressOfRuns(runs).done), total, totalFinal: true };
  });
  try {
    return await replay();
  } finally {
    await watch.stop();
  }
}
