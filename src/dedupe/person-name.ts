import { foldText } from './text-folding';

/**
 * Common English given-name short forms -> the formal name. No maintained JS package covers this
 * (the npm ones are unmaintained copies of one CSV); these are the forms that matter most in
 * B2B contact data. An unknown nickname only lowers similarity a little.
 */
const NICKNAMES: Record<string, string> = {
  abby: 'abigail',
  al: 'albert',
  alex: 'alexander',
  andy: 'andrew',
  ben: 'benjamin',
  beth: 'elizabeth',
  betty: 'elizabeth',
  bill: 'william',
  billy: 'william',
  bob: 'robert',
  bobby: 'robert',
  cathy: 'catherine',
  charlie: 'charles',
  chris: 'christopher',
  chuck: 'charles',
  dan: 'daniel',
  danny: 'daniel',
  dave: 'david',
  debbie: 'deborah',
  dick: 'richard',
  don: 'donald',
  ed: 'edward',
  eddie: 'edward',
  fred: 'frederick',
  greg: 'gregory',
  hank: 'henry',
  jack: 'john',
  jake: 'jacob',
  jeff: 'jeffrey',
  jen: 'jennifer',
  jenny: 'jennifer',
  jerry: 'gerald',
  jim: 'james',
  jimmy: 'james',
  joe: 'joseph',
  joey: 'joseph',
  johnny: 'john',
  jon: 'jonathan',
  kate: 'katherine',
  kathy: 'katherine',
  katie: 'katherine',
  ken: 'kenneth',
  kim: 'kimberly',
  larry: 'lawrence',
  liz: 'elizabeth',
  maggie: 'margaret',
  matt: 'matthew',
  meg: 'margaret',
  mike: 'michael',
  mick: 'michael',
  nate: 'nathan',
  nick: 'nicholas',
  pam: 'pamela',
  pat: 'patricia',
  peggy: 'margaret',
  pete: 'peter',
  phil: 'philip',
  rich: 'richard',
  rick: 'richard',
  rob: 'robert',
  ron: 'ronald',
  sam: 'samuel',
  sandy: 'sandra',
  steve: 'steven',
  sue: 'susan',
  ted: 'edward',
  tim: 'timothy',
  tom: 'thomas',
  tommy: 'thomas',
  tony: 'anthony',
  vicky: 'victoria',
  will: 'william',
  zach: 'zachary',
};

/**
 * Normalises a person's name: folded text, and each token that is a known nickname replaced by
 * the formal name (`Bill` -> `william`). Initials stay single letters, which the `personName`
 * scorer treats as agreeing with any name they start.
 *
 * @example
 * normalisePersonName(' Bob  O\'Brien ') // 'robert o brien'
 */
export function normalisePersonName(value: unknown): string {
  return foldText(value)
    .split(' ')
    .map((token) => NICKNAMES[token] ?? token)
    .join(' ');
}
