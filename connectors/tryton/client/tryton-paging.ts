import { IntegrationError } from '../../../src/errors';
import type { Row } from './tryton-models';
import { type TrytonDateTime, toTrytonDateTime } from './tryton-values';

/** Position in both streams: the last `(date, id)` consumed from each, and the query's bound. */
export interface PageToken {
  since: string | null;
  created: [TrytonDateTime, number] | null;
  written: [TrytonDateTime, number] | null;
}

type Stream = 'created' | 'written';

/**
 * The search domain of one stream after its key: `created` holds records never written
 * (`write_date` null, ordered by `create_date`), `written` the others (by `write_date`).
 *
 * @example
 * streamDomain('written', { since: '2026-01-01T00:00:00Z', created: null, written: null })
 */
export function streamDomain(stream: Stream, token: PageToken): unknown[] {
  const field = stream === 'created' ? 'create_date' : 'write_date';
  const domain: unknown[] = [['write_date', stream === 'created' ? '=' : '!=', null]];
  if (token.since !== null) domain.push([field, '>=', toTrytonDateTime(token.since)]);
  const key = token[stream];
  if (key)
    domain.push([
      'OR',
      [[field, '>', key[0]]],
      [
        [field, '=', key[0]],
        ['id', '>', key[1]],
      ],
    ]);
  return domain;
}

/**
 * Merges the rows of both streams in `(updatedAt, id)` order, keeps the first `size`, and
 * moves each stream's key past the rows it gave.
 *
 * @example
 * const { rows, next } = mergeStreams(token, { created, written }, 100);
 */
export function mergeStreams(
  token: PageToken,
  streams: Record<Stream, Row[]>,
  size: number,
): { rows: Row[]; next: PageToken | undefined } {
  const keyed = (['created', 'written'] as const).flatMap((stream) =>
    streams[stream].map((row) => {
      const date = (stream === 'created' ? row.create_date : row.write_date) as TrytonDateTime;
      return { row, stream, date, sort: `${sortable(date)}#${String(row.id).padStart(12, '0')}` };
    }),
  );
  keyed.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const taken = keyed.slice(0, size);
  const next: PageToken = { ...token };
  for (const entry of taken) next[entry.stream] = [entry.date, entry.row.id];
  // A stream that filled its page may hold more; one that did not is exhausted once consumed.
  const left = keyed.length > taken.length || streams.created.length === size || streams.written.length === size;
  return { rows: taken.map((entry) => entry.row), next: left ? next : undefined };
}

/** Encodes a token as base64url JSON; opaque to the engine. */
export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** Decodes {@link encodePageToken}; a foreign token is a programming error, reported as such. */
export function decodePageToken(text: string): PageToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    if (!('since' in token) || !('created' in token) || !('written' in token)) throw new Error('missing keys');
    return token;
  } catch (error) {
    throw new IntegrationError('internal', `tryton: page token "${text.slice(0, 40)}" is not one of ours`, {
      cause: error,
    });
  }
}

function sortable(date: TrytonDateTime): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}${pad(date.month)}${pad(date.day)}${pad(date.hour)}${pad(date.minute)}${pad(date.second)}${pad(date.microsecond, 6)}`;
}
