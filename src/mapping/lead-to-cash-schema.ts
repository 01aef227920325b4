import { z } from 'zod';

/**
 * `target.id`: the target record is found through another link rather than the flow's own.
 * The source `field` holds an id of the other side of link `link` (an invoice's `orderId` is
 * the ERP order paired with a CRM deal under link `deal`), and that pair's target-side id is
 * the record to update.
 */
export const TargetIdRule = z.strictObject({
  xref: z.strictObject({
    /** Link kind in the xref store (`deal`). */
    link: z.string().min(1),
    /** Source field holding the other-side id (`orderId`). */
    field: z.string().min(1),
  }),
});
export type TargetIdRule = z.infer<typeof TargetIdRule>;

/** `alsoLink`: link kind -> where the source-side id of the extra pair comes from. */
export const AlsoLink = z.record(
  z.string().min(1),
  z.strictObject({
    /** Association name on the source record (`deal`); its first id is paired with the created record. */
    association: z.string().min(1),
  }),
);
export type AlsoLink = z.infer<typeof AlsoLink>;

/** `checks.priceMatches`: every mapped line's price must equal the target item's price. */
export const PriceMatchesCheck = z.strictObject({
  /** Target field holding the mapped lines (`salesOrderLines`). */
  lines: z.string().min(1),
  /** Target entity of the items the lines reference (`item`). */
  item: z.string().min(1),
  /** Line field holding the item id; default `itemId`. */
  itemField: z.string().min(1).default('itemId'),
  /** Price field, named the same on the line and on the item (`unitPrice`). */
  priceField: z.string().min(1),
  /** Largest accepted absolute difference, e.g. 0.005 for rounding to cents. */
  tolerance: z.number().min(0).default(0),
});
export type PriceMatchesCheck = z.infer<typeof PriceMatchesCheck>;

/** Named pre-write checks. */
export const Checks = z.strictObject({ priceMatches: PriceMatchesCheck.optional() });
export type Checks = z.infer<typeof Checks>;

const FeedbackValues = z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/**
 * `feedback`: source fields written back after the write. String values may hold
 * `{{target.<field>}}` (success) and `{{error.message}}` / `{{error.code}}` (failure).
 * `byCode` overrides failure values for one error code (`price_mismatch` -> `PRICE_MISMATCH`).
 */
export const Feedback = z
  .strictObject({
    success: FeedbackValues.optional(),
    failure: FeedbackValues.optional(),
    byCode: z.record(z.string().min(1), FeedbackValues).optional(),
  })
  .refine((f) => f.success !== undefined || f.failure !== undefined, 'feedback needs success, failure or both');
export type Feedback = z.infer<typeof Feedback>;
