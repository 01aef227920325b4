import { z } from 'zod';
import { MatchRules } from './match-schema';

/** A transform step: a bare name (`trim`) or a name with one argument (`{ truncate: 100 }`). */
export const TransformStep = z.union([
  z.string(),
  z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length === 1, {
    message: 'a transform with an argument has exactly one key, e.g. { truncate: 100 }',
  }),
]);
export type TransformStep = z.infer<typeof TransformStep>;

/** A cross-reference lookup: the id of an associated source record becomes the target's id. */
export const XrefRule = z.strictObject({
  /** Link kind in the xref store (`company`). */
  link: z.string().min(1),
  /** Association name on the source record (`company`). */
  association: z.string().min(1),
});

/**
 * One target field's rule. Exactly one value source: `from` (copy/rename), `concat`, `const`
 * or `xref`; then optional transforms, `default` and `required`.
 */
export const FieldRule = z
  .strictObject({
    from: z.string().min(1).optional(),
    concat: z.array(z.string().min(1)).min(1).optional(),
    separator: z.string().optional(),
    const: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    xref: XrefRule.optional(),
    transforms: z.array(TransformStep).optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    required: z.boolean().optional(),
  })
  .refine((r) => [r.from, r.concat, r.const, r.xref].filter((v) => v !== undefined).length === 1, {
    message: 'a field needs exactly one of: from, concat, const, xref',
  });
export type FieldRule = z.infer<typeof FieldRule>;

const Endpoint = z.strictObject({
  /** Connector instance name from configuration (`crm`, `erp`). */
  connector: z.string().min(1),
  /** Entity of that connector (`company`). */
  entity: z.string().min(1),
});

const Duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration like 500ms, 30s, 5m or 1h');

/** The whole flow file (`mappings/<flow>.yaml`). */
export const FlowFile = z.strictObject({
  flow: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case, e.g. companies-to-customers'),
  description: z.string().optional(),
  /** Bumped by the author when the meaning changes; the content hash is added automatically. */
  version: z.number().int().positive(),
  enabled: z.boolean().default(true),
  source: Endpoint,
  target: Endpoint,
  /** Cross-reference kind pairing source and target records. */
  link: z.string().min(1),
  /** Flows whose records this one references; they run first. */
  dependsOn: z.array(z.string()).default([]),
  trigger: z.strictObject({ poll: Duration.optional(), manual: z.boolean().optional() }).default({}),
  /** Record-level ownership; the ownership issue adds field overrides and conflict policy. */
  ownership: z.strictObject({ master: z.enum(['source', 'target']) }).default({ master: 'source' }),
  /** Target field -> rule. */
  fields: z.record(z.string(), FieldRule).refine((f) => Object.keys(f).length > 0, 'map at least one field'),
  match: MatchRules.optional(),
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
