import { z } from 'zod';
import { FieldRule } from './field-rule-schema';
import { AlsoLink, Checks, Feedback, TargetIdRule } from './lead-to-cash-schema';
import { MatchRules } from './match-schema';

export { FieldRule, ItemFieldRule, LineItemsRule, TransformStep, ValueMap, XrefRule } from './field-rule-schema';
export { AlsoLink, Checks, Feedback, PriceMatchesCheck, TargetIdRule } from './lead-to-cash-schema';

const Endpoint = z.strictObject({
  /** Connector instance name from configuration (`crm`, `erp`). */
  connector: z.string().min(1),
  /** Entity of that connector (`company`). */
  entity: z.string().min(1),
});

/** The target endpoint; `id` finds the record to update through another link (decision 010). */
const TargetEndpoint = Endpoint.extend({ id: TargetIdRule.optional() });

/** Record master, field-level exceptions and what to do when the copy side edited a master field. */
export const Ownership = z.strictObject({
  master: z.enum(['source', 'target']),
  /** Target field -> the side that owns it, overriding `master` for that field. */
  fields: z.record(z.string(), z.enum(['source', 'target'])).default({}),
  /** `master-wins` overwrites and logs the copy-side edit; `flag` parks it for review. */
  conflictPolicy: z.enum(['master-wins', 'flag']).default('master-wins'),
});
export type Ownership = z.infer<typeof Ownership>;

const Duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration like 500ms, 30s, 5m or 1h');

const Constant = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * What an archived (soft-deleted) source record does to its linked target (decision 010):
 * `ignore` (default), `archive` (archive the target through the target connector's
 * `archiveByIds`), or `{ fields }` (update the target with constants, e.g. `blocked: { const: All }`).
 * A record counts as archived when its connector says so (`ConnectorRecord.archived`).
 */
export const ArchiveRule = z.union([
  z.enum(['ignore', 'archive']),
  z.strictObject({
    fields: z
      .record(z.string(), z.strictObject({ const: Constant }))
      .refine((f) => Object.keys(f).length > 0, 'set at least one field'),
  }),
]);
export type ArchiveRule = z.infer<typeof ArchiveRule>;

/** The whole flow file (`mappings/<flow>.yaml`). */
export const FlowFile = z.strictObject({
  flow: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case, e.g. companies-to-customers'),
  description: z.string().optional(),
  /** Bumped by the author when the meaning changes; the content hash is added automatically. */
  version: z.number().int().positive(),
  enabled: z.boolean().default(true),
  source: Endpoint,
  target: TargetEndpoint,
  /** Cross-reference kind pairing source and target records. */
  link: z.string().min(1),
  /** Flows whose records this one references; they run first. */
  dependsOn: z.array(z.string()).default([]),
  /** `one-way` (source to target) or `two-way` (the ownership rules decide per field). */
  direction: z.enum(['one-way', 'two-way']).default('one-way'),
  /** What starts a run: polling every `poll`, the source's webhooks, and/or a manual trigger. */
  trigger: z
    .strictObject({
      poll: Duration.optional(),
      webhook: z.union([z.boolean(), z.strictObject({ events: z.array(z.string().min(1)).min(1) })]).optional(),
      manual: z.boolean().optional(),
    })
    .default({}),
  /** Who masters the record and which fields are exceptions; parsed here, enforced by the engine. */
  ownership: Ownership.default({ master: 'source', fields: {}, conflictPolicy: 'master-wins' }),
  /** CEL condition over `source`; records failing it are read and skipped (decision 010). */
  filter: z.string().min(1).optional(),
  /**
   * `upsert` (default) creates and updates; `create-once` never updates a linked record (an
   * accepted quote is pushed once); `update-only` never creates (status flows).
   */
  // Optional rather than defaulted: a default would change every existing flow's mapping version.
  write: z.enum(['upsert', 'create-once', 'update-only']).optional(),
  /** Match rules for dedupe before create. Owned by the dedupe module (`match-schema.ts`). */
  match: MatchRules.optional(),
  /** Job retry policy of this flow (attempts, exponential backoff base and cap); defaults: the job catalog. */
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(50).optional(),
      baseMs: z.number().int().min(0).optional(),
      maxMs: z.number().int().min(0).optional(),
    })
    .optional(),
  /** What an archived source record does to its target; default `ignore`. */
  archive: ArchiveRule.default('ignore'),
  /**
   * A CEL condition over `source`: a live record for which it is true is handled like an archived
   * one by the `archive:` rule (an ERP item `blocked` -> its CRM product archived).
   */
  archiveWhen: z.string().min(1).optional(),
  /**
   * Look every create up in the target by its external reference first, not only on retries,
   * so a lost answer or a replay links instead of creating twice. Default: on for `create-once`.
   */
  lookupBeforeCreate: z.boolean().optional(),
  /** Extra xrefs written after a create: link kind -> source association. */
  alsoLink: AlsoLink.optional(),
  /** Named pre-write checks; a failed check fails the record before anything is written. */
  checks: Checks.optional(),
  /** Source fields written back after the write or a permanent failure. */
  feedback: Feedback.optional(),
  /** Target field -> rule. */
  fields: z.record(z.string(), FieldRule).refine((f) => Object.keys(f).length > 0, 'map at least one field'),
});
export type FlowFile = z.infer<typeof FlowFile>;

/**
 * Parses a duration such as `30s` into milliseconds.
 *
 * @example
 * durationMs('5m') // 300000
 */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}
