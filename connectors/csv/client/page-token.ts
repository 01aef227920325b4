import type { ConnectorRecord } from '../../../src/connectors';
import { IntegrationError } from '../../../src/errors';

/** Where the previous page ended: the last record's (updatedAt, id). */
export interface PagePosition {
  updatedAt: string;
  id: string;
}

/**
 * Encodes the keyset position after `record` as an opaque token.
 *
 * @example
 * const token = encodePageToken({ id: '7', updatedAt: '2026-01-01T00:00:00.000Z', fields: {} });
 */
export function encodePageToken(record: Pick<ConnectorRecord, 'updatedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([record.updatedAt, record.id])).toString('base64url');
}

/**
 * Decodes a token from {@link encodePageToken}; anything else is a `validation_failed`.
 *
 * @example
 * decodePageToken(encodePageToken(record)); // { updatedAt, id }
 */
export function decodePageToken(token: string): PagePosition {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof updatedAt === 'string' && typeof id === 'string') return { updatedAt, id };
  } catch {
    // fall through to the error below
  }
  throw new IntegrationError('validation_failed', 'invalid page token');
}

/**
 * Whether `record` sorts after `position` in (updatedAt, id) order.
 *
 * @example
 * isAfter({ updatedAt: 'b', id: '1' }, { updatedAt: 'a', id: '9' }); // true
 */
export function isAfter(record: PagePosition, position: PagePosition): boolean {
  return record.updatedAt > position.updatedAt || (record.updatedAt === position.updatedAt && record.id > position.id);
}
