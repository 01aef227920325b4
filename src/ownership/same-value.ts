/**
 * Equality of field values across systems: blanks (`null`, `undefined`, `''`) are equal, and a
 * scalar equals its text form, because HubSpot returns every property as a string
 * (`"5000"` for the ERP's `5000`). Arrays and objects compare by content, in any key order.
 *
 * @example
 * sameValue(5000, '5000') // true
 * sameValue(null, '') // true
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const blankA = a === null || a === undefined || a === '';
  const blankB = b === null || b === undefined || b === '';
  if (blankA || blankB) return blankA && blankB;
  if (typeof a === 'number' || typeof b === 'number') {
    // `"5000.00"` from a text field is the number 5000.
    const [x, y] = [Number(a), Number(b)];
    if (Number.isFinite(x) && Number.isFinite(y)) return x === y;
  }
  if (typeof a !== 'object' && typeof b !== 'object') return String(a) === String(b);
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}
