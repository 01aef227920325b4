import { z } from 'zod';

/** A transform step: a bare name (`trim`) or a name with one argument (`{ truncate: 100 }`). */
export const TransformStep = z.union([
  z.string(),
  z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length === 1, {
    message: 'a transform with an argument has exactly one key, e.g. { truncate: 100 }',
  }),
]);
export type TransformStep = z.infer<typeof TransformStep>;

/**
 * A cross-reference lookup: the id of an associated source record (or the id held in a source
 * field, e.g. a line item's product id) becomes the paired target id through the xref store.
 */
export const XrefRule = z
  .strictObject({
    /** Link kind in the xref store (`company`, `product`). */
    link: z.string().min(1),
    /** Association name on the source record (`company`). */
    association: z.string().min(1).optional(),
    /** Source field holding the source id (`hs_product_id`), instead of an association. */
    field: z.string().min(1).optional(),
  })
  .refine((x) => (x.association === undefined) !== (x.field === undefined), {
    message: 'an xref needs exactly one of: association, field',
  });
export type XrefRule = z.infer<typeof XrefRule>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A value map (lookup table): inline `values`, or a `file` under the mappings folder
 * (`lookups/industries.yaml` or `.csv` with columns `from,to`). Without `default`, a value the
 * table does not list fails the record: nothing unmapped slips through silently.
 */
export const ValueMap = z
  .strictObject({
    values: z.record(z.string(), Scalar.nullable()).optional(),
    file: z
      .string()
      .regex(/^lookups\/[\w./-]+\.(ya?ml|csv)$/, 'a file under lookups/, e.g. lookups/industries.csv')
      .optional(),
    /** Value for source values the table does not list. */
    default: Scalar.nullable().optional(),
    /** Compare case-insensitively and ignoring surrounding spaces. */
    ignoreCase: z.boolean().optional(),
  })
  .refine((m) => (m.values === undefined) !== (m.file === undefined), {
    message: 'a value map needs exactly one of: values, file',
  });
export type ValueMap = z.infer<typeof ValueMap>;

const ruleKeys = {
  /** Copy (or rename) one source field. */
  from: z.string().min(1).optional(),
  /** Join several source fields, skipping blanks. */
  concat: z.array(z.string().min(1)).min(1).optional(),
  separator: z.string().optional(),
  /** A constant. */
  const: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  xref: XrefRule.optional(),
  /** A computed value: a CEL expression over `source` (and `item` in line items). */
  expr: z.string().min(1).optional(),
  /** A CEL condition; when false the field is left out of the payload. */
  when: z.string().min(1).optional(),
  transforms: z.array(TransformStep).optional(),
  map: ValueMap.optional(),
  default: Scalar.optional(),
  required: z.boolean().optional(),
};

const VALUE_SOURCES = ['from', 'concat', 'const', 'xref', 'expr'] as const;
const oneSource = (r: Record<string, unknown>) => VALUE_SOURCES.filter((k) => r[k] !== undefined).length === 1;
const oneSourceMessage = `a field needs exactly one of: ${VALUE_SOURCES.join(', ')}`;

/** A rule for one field of a line item; the same kinds as a field rule, without nested line items. */
export const ItemFieldRule = z.strictObject(ruleKeys).refine(oneSource, { message: oneSourceMessage });
export type ItemFieldRule = z.infer<typeof ItemFieldRule>;

/** Line items: every element of a source array becomes one target element, mapped by its own rules. */
export const LineItemsRule = z.strictObject({
  /** Source field holding the array of items (objects). */
  from: z.string().min(1),
  /** A CEL condition over `item`; items for which it is false are left out. */
  when: z.string().min(1).optional(),
  /** Target item field -> rule; `from` reads the item, `expr` sees `item` and `source`. */
  fields: z.record(z.string(), ItemFieldRule).refine((f) => Object.keys(f).length > 0, 'map at least one field'),
});
export type LineItemsRule = z.infer<typeof LineItemsRule>;

/**
 * One target field's rule. Exactly one value source (`from`, `concat`, `const`, `xref`, `expr`)
 * and then, in this order: `transforms`, `map`, `default`, `required`; `when` gates the whole
 * field. Or `lineItems` alone, for an array field.
 */
export const FieldRule = z
  .strictObject({ ...ruleKeys, lineItems: LineItemsRule.optional() })
  .refine((r) => (r.lineItems ? VALUE_SOURCES.every((k) => r[k] === undefined) : oneSource(r)), {
    message: `${oneSourceMessage}, lineItems`,
  });
export type FieldRule = z.infer<typeof FieldRule>;
