import { IntegrationError } from '../../../src/errors';

/** Which file a position belongs to: a rename (our own writes), truncation or append changes it. */
export interface CsvFileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * Where the previous page stopped: the byte just after its last row, the line that byte is on
 * (so error messages keep counting from the top of the file), how many data rows lie before it
 * (to find the place again in a file that was rewritten), and the file and header it was read
 * from. The header travels along so a page reads nothing before its offset.
 */
export interface CsvPosition {
  offset: number;
  line: number;
  row: number;
  file: CsvFileIdentity;
  header: string[];
  /** The encoding the first page settled on (a BOM overrides the configured one). */
  encoding: BufferEncoding;
}

/**
 * Encodes a position as an opaque token.
 *
 * @example
 * const token = encodePageToken({ offset: 120, line: 4, row: 2, file: { size: 900, mtimeMs: 1, ino: 7 }, header: ['id'], encoding: 'utf8' });
 */
export function encodePageToken(position: CsvPosition): string {
  return Buffer.from(JSON.stringify({ v: 2, ...position })).toString('base64url');
}

/**
 * Decodes a token from {@link encodePageToken}; anything else (including a token of the
 * keyset format this connector used before it streamed) is a `validation_failed`.
 *
 * @example
 * decodePageToken(encodePageToken(position)); // position
 */
export function decodePageToken(token: string): CsvPosition {
  try {
    const { v, offset, line, row, file, header, encoding } = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const f = file as Partial<CsvFileIdentity> | undefined;
    if (
      v === 2 &&
      [offset, line, row, f?.size, f?.mtimeMs, f?.ino].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
      Array.isArray(header) &&
      header.every((h) => typeof h === 'string') &&
      typeof encoding === 'string' &&
      Buffer.isEncoding(encoding)
    ) {
      return {
        offset: offset as number,
        line: line as number,
        row: row as number,
        file: { size: f!.size!, mtimeMs: f!.mtimeMs!, ino: f!.ino! },
        header: header as string[],
        encoding: encoding as BufferEncoding,
      };
    }
  } catch {
    // fall through to the error below
  }
  throw new IntegrationError('validation_failed', 'invalid page token');
}
