import { z } from 'zod';
import type { ConnectorRecord } from '../../../src/connectors';
import { IntegrationError } from '../../../src/errors';
import { HubSpotErrorEntry } from './hubspot-error-body';

/** A v3 object as HubSpot returns it. */
export const ApiObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
  associations: z
    .record(z.string(), z.object({ results: z.array(z.object({ id: z.string(), type: z.string().optional() })) }))
    .optional(),
  objectWriteTraceId: z.string().optional(),
});
export type ApiObject = z.infer<typeof ApiObject>;

const Paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();

/** `GET /crm/v3/objects/{type}` and `POST .../search`. */
export const PageResponse = z.object({ results: z.array(ApiObject), paging: Paging, total: z.number().optional() });

/** Batch read and write answers (200, 201, 207, and 400 with per-input errors). */
export const BatchResponse = z.object({
  results: z.array(ApiObject).default([]),
  errors: z.array(HubSpotErrorEntry).default([]),
});

/** `POST /crm/v4/associations/{from}/{to}/batch/read`. */
export const AssociationBatchResponse = z.object({
  results: z
    .array(
      z.object({
        from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
        to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })),
      }),
    )
    .default([]),
});

/**
 * Validates a response body, or throws `unexpected_response` naming the call and the
 * first problems (a mock or API change must not turn into silently wrong records).
 *
 * @example
 * const page = parseResponse(PageResponse, response.data, 'GET /crm/v3/objects/companies');
 */
export function parseResponse<T extends z.ZodType>(schema: T, data: unknown, operation: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new IntegrationError('unexpected_response', `${operation}: unexpected response shape (${problems})`, {
    details: { operation },
  });
}

/**
 * Turns a HubSpot object into a connector record. `associations` maps entity names to ids;
 * an entity with associations always gets its key, so an emptied association is visible.
 *
 * @example
 * toConnectorRecord(object, { company: ['1001'] })
 */
export function toConnectorRecord(object: ApiObject, associations?: Record<string, string[]>): ConnectorRecord {
  const record: ConnectorRecord = { id: object.id, updatedAt: object.updatedAt, fields: object.properties };
  if (associations) record.associations = associations;
  return record;
}
