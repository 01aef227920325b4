import type { CanonicalField, MatchRules } from '../mapping/match-schema';
import { compileBlockingKey, type KeyBuilder } from './blocking-keys';
import { agreementLevel, type FsModel, fieldWeight, matchProbability } from './fellegi-sunter';
import { FIELD_KINDS, SCORER_FUNCTIONS, type Scorer } from './field-scorers';
import { tokenListSimilarity } from './string-similarity';
import { internTokens, tokenIdSimilarity } from './token-similarity-memo';

/** A record normalised once, ready to be compared many times. */
export interface PreparedRecord {
  id: string;
  /** Normalised canonical values; '' when missing. */
  values: Record<string, string>;
  /** Blocking keys of every pass (exact fields included). */
  keys: string[];
  /** Values of the fuzzy fields in the matcher's order, and their tokens where the scorer uses tokens. */
  fuzzy: string[];
  tokens: (readonly string[] | null)[];
  /** The same tokens numbered (see token-similarity-memo.ts); null where there are none. */
  tokenIds: (Int32Array | null)[];
  /** Values of the exact-key fields, in the rules' order. */
  exact: string[];
}

/** How one field contributed to a pair's score. */
export interface FieldExplanation {
  field: string;
  left: string;
  right: string;
  /** Similarity in [0, 1]; null when a side is missing. */
  similarity: number | null;
  level: 'exact' | 'close' | 'similar' | 'different' | 'missing';
  /** Configured mode: the field's weight share; em mode: log2(m/u), negative when it argues against. */
  weight: number;
}

/** A scored pair with the reasons. */
export interface PairExplanation {
  score: number;
  /** Canonical field whose equality decided the pair, when an exact key did. */
  exactKey?: string;
  fields: FieldExplanation[];
}

/** What to do with a record given its best score. */
export type MatchDecision = 'link' | 'review' | 'create';

/** Share of the configured weight that must be present on both sides for a score to count in full. */
const MIN_EVIDENCE = 0.6;

const LEVEL_NAMES = ['different', 'similar', 'close', 'exact'] as const;

/**
 * Match rules compiled to plain functions: normalise a record, build its blocking keys, score a
 * pair (weighted mean, or Fellegi-Sunter posterior once a model is set) and explain it. Pure;
 * the same matcher serves the engine, the CLI and the benchmark.
 *
 * @example
 * const matcher = new RecordMatcher(rules);
 * const a = matcher.prepare('1', { displayName: 'Acme Inc' });
 * const b = matcher.prepare('2', { displayName: 'ACME' });
 * matcher.decide(matcher.score(a, b)) // 'link'
 */
export class RecordMatcher {
  /** Canonical fields scored pairwise, in a fixed order (the order of model rows). */
  readonly fuzzyFields: string[];
  private readonly scorers: Scorer[];
  private readonly tokenScored: boolean[];
  private readonly weights: number[];
  /** Fuzzy field positions, heaviest first: the order in which a score can be abandoned early. */
  private readonly pruneOrder: number[];
  private readonly keyBuilders: KeyBuilder[];
  private readonly sources: [string, string][];

  constructor(
    readonly rules: MatchRules,
    readonly model?: FsModel,
  ) {
    this.fuzzyFields = Object.keys(rules.fuzzy);
    const scorerNames = this.fuzzyFields.map((f) => rules.fuzzy[f]?.scorer ?? FIELD_KINDS[f as CanonicalField].scorer);
    this.scorers = scorerNames.map((name) => SCORER_FUNCTIONS[name]);
    this.tokenScored = scorerNames.map((name) => name === 'tokenSet');
    const total = this.fuzzyFields.reduce((sum, f) => sum + (rules.fuzzy[f]?.weight ?? 1), 0);
    this.weights = this.fuzzyFields.map((f) => (rules.fuzzy[f]?.weight ?? 1) / total);
    this.pruneOrder = this.weights.map((_, f) => f).sort((x, y) => this.weights[y]! - this.weights[x]!);
    this.keyBuilders = [...rules.blocking, ...rules.exact.map((f) => [f])].map(compileBlockingKey);
    this.sources = Object.entries(rules.fields);
  }

  /** The same rules with a Fellegi-Sunter model: scores become match probabilities. */
  withModel(model: FsModel): RecordMatcher {
    return new RecordMatcher(this.rules, model);
  }

  /** Maps a raw record (target fields or CSV columns) to normalised canonical values and keys. */
  prepare(id: string, record: Readonly<Record<string, unknown>>): PreparedRecord {
    const raw: Record<string, string> = {};
    for (const [from, to] of this.sources) {
      const value = record[from];
      if (value === null || value === undefined || value === '') continue;
      raw[to] = raw[to] ? `${raw[to]} ${String(value)}` : String(value);
    }
    const values: Record<string, string> = {};
    for (const [field, value] of Object.entries(raw)) {
      const kind = FIELD_KINDS[field as CanonicalField];
      values[field] = kind ? kind.normalise(value, this.rules.defaultCountry) : value;
    }
    return this.fromValues(id, values);
  }

  /**
   * A prepared record from values {@link prepare} already normalised (as the engine's index
   * stores them): normalising is the costly part, and an indexed record is compared many times.
   */
  fromValues(id: string, values: Record<string, string>): PreparedRecord {
    const keys: string[] = [];
    for (const build of this.keyBuilders) {
      const key = build(values);
      if (key) keys.push(key);
    }
    const fuzzy = this.fuzzyFields.map((f) => values[f] ?? '');
    const tokens = fuzzy.map((value, f) => (this.tokenScored[f] && value ? value.split(' ') : null));
    const tokenIds = tokens.map((t) => (t ? internTokens(t) : null));
    const exact = this.rules.exact.map((f) => values[f] ?? '');
    return { id, values, keys, fuzzy, tokens, tokenIds, exact };
  }

  /** The exact-key field on which both records agree, if any. */
  exactKey(a: PreparedRecord, b: PreparedRecord): string | undefined {
    for (let k = 0; k < a.exact.length; k++) {
      const x = a.exact[k];
      if (x && x === b.exact[k]) return this.rules.exact[k];
    }
    return undefined;
  }

  /** Similarity per fuzzy field (NaN where a side is missing), written into `out`. */
  compare(a: PreparedRecord, b: PreparedRecord, out = new Float64Array(this.fuzzyFields.length)): Float64Array {
    for (let f = 0; f < this.fuzzyFields.length; f++) out[f] = this.similarity(a, b, f);
    return out;
  }

  private similarity(a: PreparedRecord, b: PreparedRecord, f: number): number {
    const x = a.fuzzy[f];
    const y = b.fuzzy[f];
    if (!x || !y) return Number.NaN;
    const ia = a.tokenIds[f];
    const ib = b.tokenIds[f];
    if (ia && ib) return tokenIdSimilarity(ia, ib);
    const ta = a.tokens[f];
    const tb = b.tokens[f];
    return ta && tb ? tokenListSimilarity(ta, tb) : this.scorers[f]!(x, y);
  }

  /**
   * The pair's score when it is at least `floor`, else some value below `floor`: in configured
   * mode the heaviest fields are scored first and the pair is dropped as soon as even perfect
   * agreement on the remaining fields could not lift it to `floor`. Most blocked pairs are
   * non-matches that fail on the name, so this skips most of the scoring work.
   */
  scoreAtLeast(a: PreparedRecord, b: PreparedRecord, floor: number): number {
    if (this.model || this.exactKey(a, b)) return this.score(a, b);
    let sum = 0;
    let present = 0;
    let remaining = 1;
    for (const f of this.pruneOrder) {
      const w = this.weights[f]!;
      remaining -= w;
      const s = this.similarity(a, b, f);
      if (Number.isNaN(s)) continue;
      sum += w * s;
      present += w;
      // Remaining fields agreeing fully is the best case: the mean can rise to this, no higher.
      const bound = (sum + remaining) / (present + remaining);
      if (bound < floor) return bound;
    }
    return present ? (sum / present) * Math.min(1, present / MIN_EVIDENCE) : 0;
  }

  /** Score in [0, 1] of similarities from {@link compare}. */
  scoreOf(similarities: Float64Array): number {
    if (this.model) {
      const levels = new Int8Array(similarities.length);
      for (let f = 0; f < similarities.length; f++) levels[f] = agreementLevel(similarities[f]!);
      return matchProbability(this.model, levels);
    }
    let score = 0;
    let present = 0;
    for (let f = 0; f < similarities.length; f++) {
      const s = similarities[f]!;
      if (Number.isNaN(s)) continue;
      score += this.weights[f]! * s;
      present += this.weights[f]!;
    }
    // A missing value is no evidence either way, so it leaves the mean; but a mean over too
    // little evidence (a name alone) must not reach the link threshold, so it is scaled down.
    return present ? (score / present) * Math.min(1, present / MIN_EVIDENCE) : 0;
  }

  /** The pair's score: 1 on an exact key, else the fuzzy score. */
  score(a: PreparedRecord, b: PreparedRecord): number {
    return this.exactKey(a, b) ? 1 : this.scoreOf(this.compare(a, b));
  }

  /** The pair's score with every field's part in it, for the review queue and reports. */
  explain(a: PreparedRecord, b: PreparedRecord): PairExplanation {
    const similarities = this.compare(a, b);
    const exactKey = this.exactKey(a, b);
    const fields = this.fuzzyFields.map((field, f): FieldExplanation => {
      const s = similarities[f]!;
      const level = agreementLevel(s);
      const missing = Number.isNaN(s);
      const weight = this.model ? fieldWeight(this.model, f, level) : this.weights[f]!;
      return {
        field,
        left: a.values[field] ?? '',
        right: b.values[field] ?? '',
        similarity: missing ? null : Math.round(s * 1000) / 1000,
        level: missing ? 'missing' : LEVEL_NAMES[level]!,
        weight: Math.round(weight * 1000) / 1000,
      };
    });
    const score = exactKey ? 1 : this.scoreOf(similarities);
    return { score, ...(exactKey ? { exactKey } : {}), fields };
  }

  /** link at or above the link threshold, review from the review threshold, else create. */
  decide(score: number): MatchDecision {
    const { link, review } = this.rules.thresholds;
    if (score >= link) return 'link';
    return score >= review ? 'review' : 'create';
  }
}
