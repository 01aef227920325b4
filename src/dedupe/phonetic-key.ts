/**
 * American Soundex of the first word of folded text (`robert` -> `R163`); '' when it does not
 * start with a Latin letter. Used as a blocking key, so that a typo in a name still lands in the
 * same block.
 *
 * @example
 * soundex('tymczak') // 'T522'
 */
export function soundex(text: string): string {
  const word = text.split(' ')[0] ?? '';
  const first = word.charCodeAt(0);
  if (!(first >= 97 && first <= 122)) return '';
  let code = word[0]!.toUpperCase();
  let last = CODES[first - 97]!;
  for (let i = 1; i < word.length && code.length < 4; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) continue;
    const digit = CODES[c - 97]!;
    if (digit !== '0' && digit !== last) code += digit;
    // h and w do not separate equal codes; vowels do.
    if (c !== 104 && c !== 119) last = digit;
  }
  return code.padEnd(4, '0');
}

// a b c d e f g h i j k l m n o p q r s t u v w x y z
const CODES = '01230120022455012623010202';
