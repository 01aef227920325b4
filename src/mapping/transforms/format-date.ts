/** Output forms of the `date` transform. */
export type DateOutput = 'date' | 'datetime' | 'epochMs';

/**
 * Parses a date the way CRMs and ERPs send them: epoch milliseconds (number or digit string,
 * HubSpot's date properties), ISO-8601 with or without time and offset, `YYYY-MM-DD`. A time
 * without an offset is read as wall-clock time in `inputTimeZone` (default UTC).
 * Returns undefined for anything else, rather than guessing day/month order.
 *
 * @example
 * parseDate('1700000000000')?.toISOString() // '2023-11-14T22:13:20.000Z'
 */
export function parseDate(value: unknown, inputTimeZone = 'UTC'): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const text = String(value).trim();
  if (/^\d{10,13}$/.test(text)) return new Date(text.length === 13 ? Number(text) : Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  // A bare date means that calendar day, not midnight UTC shifted into another zone.
  if (text.length === 10) return valid(new Date(`${text}T00:00:00Z`));
  const iso = text.replace(' ', 'T');
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return valid(new Date(iso));
  // No offset: wall-clock time in `inputTimeZone`, never the server's own zone.
  const wall = valid(new Date(`${iso}Z`));
  if (!wall) return undefined;
  const guess = wall.getTime() - zoneOffsetMs(wall, inputTimeZone);
  return new Date(wall.getTime() - zoneOffsetMs(new Date(guess), inputTimeZone));
}

const valid = (date: Date) => (Number.isNaN(date.getTime()) ? undefined : date);

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;

// Building an Intl.DateTimeFormat costs far more than formatting with one; mappings call this per record.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zero-padded calendar fields of `date` on `timeZone`'s wall clock. */
function wallClock(date: Date, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value])) as WallClock;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `date`, in ms. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const w = wallClock(date, timeZone);
  const local = Date.UTC(
    Number(w.year),
    Number(w.month) - 1,
    Number(w.day),
    Number(w.hour),
    Number(w.minute),
    Number(w.second),
  );
  return local - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * Formats an instant for a target: `date` is the calendar day in `timeZone`, `datetime` is
 * ISO-8601 with that zone's offset, `epochMs` a number. The zone defaults to UTC.
 *
 * @example
 * formatDate(new Date('2024-03-31T23:30:00Z'), 'date', 'Europe/Berlin') // '2024-04-01'
 */
export function formatDate(date: Date, output: DateOutput, timeZone = 'UTC'): string | number {
  if (output === 'epochMs') return date.getTime();
  const parts = wallClock(date, timeZone);
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (output === 'date') return day;
  const offsetMin = Math.round(zoneOffsetMs(date, timeZone) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset =
    offsetMin === 0
      ? 'Z'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/**
 * True when `timeZone` is an IANA zone this runtime knows, so a typo fails validation.
 *
 * @example
 * isTimeZone('Europe/Berlin') // true
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
