const ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  deutschland: 'DE',
  'south korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  uae: 'AE',
};

let byName: Map<string, string> | undefined;

/** Builds the name -> code table once from the runtime's own CLDR data (no hand-kept list). */
function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      if (name && name !== code) {
        byName.set(name.toLowerCase(), code);
        byName.set(code.toLowerCase(), code);
      }
    }
  }
  return byName;
}

/**
 * Turns a country name or code ("United States", "usa", "de") into ISO 3166-1 alpha-2.
 * Returns undefined when the value is not a known country.
 *
 * @example
 * countryCode('Germany') // 'DE'
 */
export function countryCode(value: string): string | undefined {
  return names().get(value.trim().replace(/\s+/g, ' ').toLowerCase());
}
