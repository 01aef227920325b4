/** Tryton's JSON encoding of a Python `Decimal`. */
export interface TrytonDecimal {
  __class__: 'Decimal';
  decimal: string;
}

/** Tryton's JSON encoding of a naive UTC `datetime`. */
export interface TrytonDateTime {
  __class__: 'datetime';
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

/**
 * Wraps a number or numeric string as a Tryton Decimal; Tryton rejects floats for Numeric
 * fields, and a string keeps "10.50" exact.
 *
 * @example
 * decimal('10.50') // { __class__: 'Decimal', decimal: '10.50' }
 */
export function decimal(value: string | number): TrytonDecimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`"${value}" is not a decimal number`);
  return { __class__: 'Decimal', decimal: text };
}

/**
 * Encodes an ISO-8601 instant as a Tryton datetime (naive, UTC), for domains on
 * `write_date`/`create_date`. Milliseconds become microseconds, so the bound stays inclusive.
 *
 * @example
 * toTrytonDateTime('2026-01-02T03:04:05.678Z').microsecond // 678000
 */
export function toTrytonDateTime(iso: string): TrytonDateTime {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new TypeError(`"${iso}" is not a date`);
  return {
    __class__: 'datetime',
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    microsecond: date.getUTCMilliseconds() * 1000,
  };
}

/**
 * Turns a Tryton datetime into an ISO-8601 string (milliseconds, `Z`). Microseconds are cut,
 * never rounded up, so an inclusive bound built from the result still includes the record.
 *
 * @example
 * fromTrytonDateTime({ __class__: 'datetime', year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 678901 })
 * // '2026-01-02T03:04:05.678Z'
 */
export function fromTrytonDateTime(value: TrytonDateTime): string {
  const ms = Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
  return new Date(ms + Math.floor(value.microsecond / 1000)).toISOString();
}

/** True for Tryton's datetime objects. */
export function isTrytonDateTime(value: unknown): value is TrytonDateTime {
  return typeof value === 'object' && value !== null && (value as { __class__?: unknown }).__class__ === 'datetime';
}

/**
 * Replaces Tryton's tagged values in an RPC answer with plain JSON: Decimal -> string
 * ("10.50", exact), date -> "YYYY-MM-DD". Datetimes stay tagged, because paging tokens
 * need their microseconds; callers convert them with {@link fromTrytonDateTime}.
 *
 * @example
 * decodeValues({ list_price: { __class__: 'Decimal', decimal: '10.50' } }) // { list_price: '10.50' }
 */
export function decodeValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValues);
  if (typeof value !== 'object' || value === null) return value;
  const tagged = value as Record<string, unknown>;
  if (tagged.__class__ === 'Decimal') return String(tagged.decimal);
  if (tagged.__class__ === 'date') {
    const pad = (n: unknown, width = 2) => String(n).padStart(width, '0');
    return `${pad(tagged.year, 4)}-${pad(tagged.month)}-${pad(tagged.day)}`;
  }
  if (tagged.__class__ === 'datetime') return value;
  return Object.fromEntries(Object.entries(tagged).map(([k, v]) => [k, decodeValues(v)]));
}
