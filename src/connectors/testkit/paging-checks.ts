import type { ConnectorRecord } from '../connector-types';
import { type AcceptanceContext, AcceptanceFailure, type EntityUnderTest } from './acceptance-types';

/** Upper bound on pages per drain, so a connector whose page token never ends fails instead of hanging. */
const MAX_PAGES = 500;

/**
 * Reads every page of `listChanges` for one query, calling `between` after each page (the
 * paging check edits records there, to imitate writes that land while the engine pages).
 *
 * @example
 * const records = await drainChanges(ctx, { entity: 'company', since: null, limit: 5 });
 */
export async function drainChanges(
  ctx: AcceptanceContext,
  query: { entity: string; since: string | null; limit?: number },
  between?: (pageIndex: number, records: ConnectorRecord[]) => Promise<void>,
): Promise<ConnectorRecord[]> {
  return (await drainPages(ctx, query, between)).flat();
}

/**
 * {@link drainChanges}, page by page: the order contract holds within a page (oldest first); across
 * pages any order is allowed, because the engine saves its cursor only after the last page.
 *
 * @example
 * const pages = await drainPages(ctx, { entity: 'company', since: null, limit: 5 });
 */
export async function drainPages(
  ctx: AcceptanceContext,
  query: { entity: string; since: string | null; limit?: number },
  between?: (pageIndex: number, records: ConnectorRecord[]) => Promise<void>,
): Promise<ConnectorRecord[][]> {
  const list = ctx.methods.listChanges;
  if (!list) throw new AcceptanceFailure('listChanges', 'the connector does not implement listChanges');
  const all: ConnectorRecord[][] = [];
  let pageToken: string | undefined;
  let pageIndex = 0;
  do {
    const page = await list.call(ctx.methods, { ...query, ...(pageToken ? { pageToken } : {}) });
    all.push(page.records);
    if (pageToken !== undefined && page.nextPageToken === pageToken) {
      throw new AcceptanceFailure('paging', `listChanges returned the same page token twice: ${pageToken}`);
    }
    pageToken = page.nextPageToken;
    pageIndex += 1;
    if (pageIndex > MAX_PAGES)
      throw new AcceptanceFailure('paging', `more than ${MAX_PAGES} pages: the token never ends`);
    if (pageToken && between) await between(pageIndex - 1, page.records);
  } while (pageToken);
  return all;
}

/**
 * Complete paging: every seeded record appears, no unchanged record appears twice, and two
 * records edited while paging (one already read, one not yet read) are not lost. An edited
 * record may come back once more (it moved to the end of an `updatedAt` order), never more.
 * With `incremental`, pages the query `since` = the oldest seeded record's `updatedAt`.
 *
 * @example
 * await checkCompletePaging(ctx, companies, { incremental: false });
 */
export async function checkCompletePaging(
  ctx: AcceptanceContext,
  entity: EntityUnderTest,
  options: { incremental: boolean },
): Promise<void> {
  const check = options.incremental ? 'paging (incremental)' : 'paging (initial)';
  const limit = entity.pageSize ?? 5;
  const seeded = await entity.seed(ctx, limit * 3 + 2);
  let since: string | null = null;
  if (options.incremental) {
    const read = await readSeeded(ctx, entity, seeded, check);
    since = read.map((r) => r.updatedAt).sort()[0] ?? null;
  }
  const edited = new Set<string>();
  const records = await drainChanges(ctx, { entity: entity.entity, since, limit }, async (pageIndex, page) => {
    if (pageIndex !== 0) return;
    const seen = new Set(page.map((r) => r.id));
    const readOne = seeded.find((id) => seen.has(id));
    const unread = [...seeded].reverse().find((id) => !seen.has(id));
    for (const id of [readOne, unread]) {
      if (id === undefined) continue;
      await entity.edit(ctx, id);
      edited.add(id);
    }
  });
  if (records.length <= limit) {
    throw new AcceptanceFailure(
      check,
      `expected several pages of at most ${limit}, got ${records.length} records in one`,
    );
  }
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.id, (counts.get(record.id) ?? 0) + 1);
  const lost = seeded.filter((id) => !counts.has(id));
  if (lost.length > 0) {
    const during = lost.filter((id) => edited.has(id));
    throw new AcceptanceFailure(
      check,
      `${lost.length} seeded record(s) never appeared across pages: ${lost.join(', ')}` +
        (during.length > 0 ? ` (edited while paging: ${during.join(', ')})` : ''),
    );
  }
  const repeated = [...counts].filter(([id, n]) => n > (edited.has(id) ? 2 : 1));
  if (repeated.length > 0) {
    const list = repeated.map(([id, n]) => `${id} x${n}${edited.has(id) ? ' (edited)' : ''}`).join(', ');
    throw new AcceptanceFailure(check, `record(s) repeated across pages: ${list}`);
  }
}

/**
 * Cursor monotonicity of `listChanges`: an incremental read from the newest `updatedAt` seen
 * returns that boundary record again (the bound is inclusive) and nothing older, in
 * non-decreasing `updatedAt` order; a record edited after the read shows up in the next read.
 *
 * @example
 * await checkCursorMonotonic(ctx, companies);
 */
export async function checkCursorMonotonic(ctx: AcceptanceContext, entity: EntityUnderTest): Promise<void> {
  const check = 'cursor';
  const seeded = await entity.seed(ctx, 3);
  const read = await readSeeded(ctx, entity, seeded, check);
  const newest = [...read].sort((a, b) => cmp(a.updatedAt, b.updatedAt)).at(-1)!;
  const cursor = newest.updatedAt;
  const againPages = await drainPages(ctx, { entity: entity.entity, since: cursor, limit: entity.pageSize ?? 5 });
  const again = againPages.flat();
  const older = again.filter((r) => Date.parse(r.updatedAt) < Date.parse(cursor));
  if (older.length > 0) {
    throw new AcceptanceFailure(check, `since=${cursor} returned older records: ${describe(older)}`);
  }
  if (!again.some((r) => r.id === newest.id)) {
    throw new AcceptanceFailure(
      check,
      `since=${cursor} left out record ${newest.id} whose updatedAt equals the bound: "since" must be inclusive`,
    );
  }
  for (const page of againPages) assertNonDecreasing(check, page);
  const target = seeded[0]!;
  await entity.edit(ctx, target);
  const nextPages = await drainPages(ctx, { entity: entity.entity, since: cursor, limit: entity.pageSize ?? 5 });
  const next = nextPages.flat();
  const found = next.find((r) => r.id === target);
  if (!found) {
    throw new AcceptanceFailure(
      check,
      `record ${target} edited after a read is missing from the next read since=${cursor}`,
    );
  }
  if (Date.parse(found.updatedAt) < Date.parse(cursor)) {
    throw new AcceptanceFailure(
      check,
      `edited record ${target} has updatedAt ${found.updatedAt} before the cursor ${cursor}`,
    );
  }
  for (const page of nextPages) assertNonDecreasing(check, page);
}

async function readSeeded(ctx: AcceptanceContext, entity: EntityUnderTest, ids: string[], check: string) {
  if (!ctx.methods.readByIds) throw new AcceptanceFailure(check, 'needs readByIds to read the seeded records');
  const read = await ctx.methods.readByIds(entity.entity, ids);
  if (read.length !== ids.length) {
    throw new AcceptanceFailure(check, `readByIds returned ${read.length} of ${ids.length} seeded records`);
  }
  return read;
}

function assertNonDecreasing(check: string, records: ConnectorRecord[]): void {
  for (let i = 1; i < records.length; i += 1) {
    const before = records[i - 1]!;
    const after = records[i]!;
    if (Date.parse(after.updatedAt) < Date.parse(before.updatedAt)) {
      throw new AcceptanceFailure(
        check,
        `an incremental page must be oldest first: ${after.id} (${after.updatedAt}) came after ${before.id} (${before.updatedAt})`,
      );
    }
  }
}

function cmp(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

function describe(records: ConnectorRecord[]): string {
  return records
    .slice(0, 5)
    .map((r) => `${r.id}@${r.updatedAt}`)
    .join(', ');
}
