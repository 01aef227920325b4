import type { CanonicalField, MatchRules } from '../mapping/match-schema';
import { compileBlockingKey, type KeyBuilder } from './blocking-keys';
import { agreementLevel, type FsModel, fieldWeight, matchProbability } from './fellegi-sunter';
import { FIELD_KINDS, SCORER_FUNCTIONS, type Scorer } from './field-scorers';

/** A record normalised once, ready to be compared many times. */
export interface PreparedRecord {
  id: string;
  /** Normalised canonical values; '' when missing. */
  values: Record<string, string>;
  /** Blocking keys of every pass (exact fields included). */
  keys: string[];
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
  private readonly weights: number[];
  private readonly keyBuilders: KeyBuilder[];
  private readonly sources: [string, string][];

  constructor(
    readonly rules: MatchRules,
    readonly model?: FsModel,
  ) {
    this.fuzzyFields = Object.keys(rules.fuzzy);
    this.scorers = this.fuzzyFields.map((f) => {
      const kind = FIELD_KINDS[f as CanonicalField];
      return SCORER_FUNCTIONS[rules.fuzzy[f]?.scorer ?? kind.scorer];
    });
    const total = this.fuzzyFields.reduce((sum, f) => sum + (rules.fuzzy[f]?.weight ?? 1), 0);
    this.weights = this.fuzzyFields.map((f) => (rules.fuzzy[f]?.weight ?? 1) / total);
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
    const keys: string[] = [];
    for (const build of this.keyBuilders) {
      const key = build(values);
      if (key) keys.push(key);
    }
    return { id, values, keys };
  }

  /** The exact-key field on which both records agree, if any. */
  exactKey(a: PreparedRecord, b: PreparedRecord): string | undefined {
    for (const field of this.rules.exact) {
      const x = a.values[field];
      if (x && x === b.values[field]) return field;
    }
    return undefined;
  }

  /** Similarity per fuzzy field (NaN where a side is missing), written into `out`. */
  compare(a: PreparedRecord, b: PreparedRecord, out = new Float64Array(this.fuzzyFields.length)): Float64Array {
    for (let f = 0; f < this.fuzzyFields.length; f++) {
      const field = this.fuzzyFields[f]!;
      const x = a.values[field];
      const y = b.values[field];
      out[f] = x && y ? this.scorers[f]!(x, y) : Number.NaN;
    }
    return out;
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
