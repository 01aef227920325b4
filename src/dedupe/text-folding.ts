/**
 * Lower-cases, strips accents (NFKD, combining marks removed), turns punctuation into spaces and
 * collapses whitespace. Letters and digits of every script survive, so non-Latin names stay
 * comparable; emoji and symbols are dropped. Input is capped at 1,000 characters: no real name
 * or address is longer, and the cap bounds the cost of hostile input.
 *
 * @example
 * foldText('  Société Générale, S.A. ') // 'societe generale s a'
 */
export function foldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .slice(0, 1000)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
