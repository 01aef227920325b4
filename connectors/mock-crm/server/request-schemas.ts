import type { Context } from 'hono';
import { z } from 'zod';
import { HubSpotHttpError } from './hubspot-http-error';

const Id = z.union([z.string().min(1), z.number()]).transform(String);
const PropertyValues = z.record(z.string(), z.unknown());
const TraceId = z.string().optional();

/** Max inputs of one batch call, as HubSpot enforces. */
export const MAX_BATCH_INPUTS = 100;

const Association = z.object({
  to: z.object({ id: Id }),
  types: z.array(z.object({ associationCategory: z.string().optional(), associationTypeId: z.number().int() })).min(1),
});

/** Body of `POST .../search`, with HubSpot's limits (5 groups, 6 filters each, 18 in all). */
export const SearchBody = z
  .object({
    filterGroups: z
      .array(
        z.object({
          filters: z
            .array(
              z.object({
                propertyName: z.string(),
                operator: z.string(),
                value: z.unknown().optional(),
                highValue: z.unknown().optional(),
                values: z.array(z.unknown()).optional(),
              }),
            )
            .max(6),
        }),
      )
      .max(5)
      .default([]),
    sorts: z
      .array(
        z.union([
          z.string().transform((propertyName) => ({ propertyName, direction: 'ASCENDING' as const })),
          z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
        ]),
      )
      .max(1, 'only one sort is supported')
      .default([]),
    properties: z.array(z.string()).optional(),
    limit: z.number().int().min(0).max(200).default(10),
    after: z.union([z.string(), z.number()]).transform(String).optional(),
  })
  .refine((body) => body.filterGroups.reduce((n, group) => n + group.filters.length, 0) <= 18, {
    message: 'at most 18 filters in total',
  });

/** Body of `POST .../batch/read`. */
export const BatchReadBody = z.object({
  inputs: z.array(z.object({ id: Id })).max(MAX_BATCH_INPUTS),
  properties: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
  archived: z.boolean().optional(),
});

/** One input of `batch/create` (and the body of a single create). */
export const CreateInput = z.object({
  properties: PropertyValues,
  associations: z.array(Association).optional(),
  objectWriteTraceId: TraceId,
});
export type CreateInput = z.infer<typeof CreateInput>;

/** One input of `batch/update`. */
export const UpdateInput = z.object({
  id: Id,
  idProperty: z.string().optional(),
  properties: PropertyValues,
  objectWriteTraceId: TraceId,
});
export type UpdateInput = z.infer<typeof UpdateInput>;

/** One input of `batch/upsert`: `id` is the value of the unique property `idProperty`. */
export const UpsertInput = z.object({
  id: Id,
  idProperty: z.string(),
  properties: PropertyValues,
  objectWriteTraceId: TraceId,
});
export type UpsertInput = z.infer<typeof UpsertInput>;

/** `{ inputs: [...] }` with at most {@link MAX_BATCH_INPUTS} items. */
export const batchOf = <T extends z.ZodType>(input: T) => z.object({ inputs: z.array(input).max(MAX_BATCH_INPUTS) });

/** Body of `POST /crm/v4/associations/{from}/{to}/batch/read`. */
export const AssociationBatchReadBody = z.object({ inputs: z.array(z.object({ id: Id })).max(1000) });

/**
 * Reads and validates a JSON body, answering HubSpot's 400 for bad JSON or a bad shape.
 *
 * @example
 * const body = await readBody(c, SearchBody);
 */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw HubSpotHttpError.badRequest('Invalid input JSON on line 1: the body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    throw HubSpotHttpError.badRequest(`Invalid input: ${problems.join('; ')}`);
  }
  return parsed.data;
}
