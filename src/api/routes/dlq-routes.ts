import { z } from 'zod';
import { type DlqSelection, discardDlq } from '../../engine';
import { IntegrationError, ValidationError } from '../../errors';
import type { DlqFilter } from '../../store';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';

const DlqAttemptSchema = z.object({
  at: z.number(),
  attempt: z.number(),
  code: z.string(),
  message: z.string(),
  status: z.number().nullable(),
});

/** A dead-lettered record as the API returns it. */
export const DlqItemSchema = z.object({
  id: z.string(),
  flow: z.string(),
  sourceId: z.string(),
  sourceRecord: z.unknown().describe('the source record exactly as read, kept for replay'),
  mappingVersion: z.string().nullable(),
  runId: z.string().nullable(),
  errorCode: z.string(),
  errorMessage: z.string(),
  httpStatus: z.number().nullable(),
  responseExcerpt: z.string().nullable(),
  attempts: z.array(DlqAttemptSchema),
  status: z.enum(['open', 'replayed', 'discarded']),
  resolution: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  resolvedAt: z.number().nullable(),
});

const FilterSchema = z.object({
  flow: z.string().optional(),
  code: z.string().optional(),
  from: z.coerce.number().int().optional().describe('epoch ms, on the last attempt time'),
  to: z.coerce.number().int().optional(),
});

const SelectionSchema = z
  .object({ ids: z.array(z.string()).min(1).optional(), filter: FilterSchema.optional() })
  .refine((s) => (s.ids === undefined) !== (s.filter === undefined), 'give exactly one of ids or filter');

function selection(input: { ids?: string[]; filter?: z.infer<typeof FilterSchema> }): DlqSelection {
  if (!SelectionSchema.safeParse({ ids: input.ids, filter: input.filter }).success) {
    throw new ValidationError('give exactly one of ids or filter', [{ field: 'body', message: 'ids xor filter' }]);
  }
  if (input.ids) return { ids: input.ids };
  return { filter: { ...clean(input.filter ?? {}), status: 'open' } };
}

function clean(filter: z.infer<typeof FilterSchema>): DlqFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as DlqFilter;
}

/** Dead-letter queue: list, show, replay (as-is or re-mapped), discard with a reason. */
export function dlqRoutes(deps: AdminDeps) {
  const dlq = () => {
    if (!deps.dlq) throw new IntegrationError('not_found', 'this bridge has no dead-letter queue', { status: 404 });
    return deps.dlq;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/dlq',
      summary: 'Dead-lettered records with filters and paging, plus open counts by error code',
      tag: 'dlq',
      query: FilterSchema.extend({
        status: z.enum(['open', 'replayed', 'discarded', 'all']).default('open'),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: z.object({
        items: z.array(DlqItemSchema),
        total: z.number(),
        openByCode: z.record(z.string(), z.number()),
      }),
      handler: async ({ query }) => {
        const { limit, offset, ...filter } = query;
        const page = await dlq().list(clean(filter), { limit, offset });
        const openByCode = await dlq().countByCode({ ...(query.flow ? { flow: query.flow } : {}), status: 'open' });
        return { ...page, openByCode };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dlq/:id',
      summary: 'One dead-lettered record with every attempt',
      tag: 'dlq',
      params: z.object({ id: z.string() }),
      response: DlqItemSchema,
      handler: async ({ params }) => {
        const item = await dlq().get(params.id);
        if (!item) throw new IntegrationError('not_found', `DLQ item ${params.id} does not exist`, { status: 404 });
        return item;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dlq/replay',
      summary: 'Replay DLQ items (ids or filter) as-is or re-mapped with the current mapping; idempotent',
      tag: 'dlq',
      body: z.object({
        ids: z.array(z.string()).min(1).optional(),
        filter: FilterSchema.optional(),
        mode: z.enum(['as-is', 'remap']).default('remap'),
      }),
      response: z.object({
        replayed: z.array(z.string()),
        failed: z.array(z.string()),
        skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
        runIds: z.array(z.string()),
      }),
      handler: async ({ body }) => {
        const chosen = selection(body);
        if (!deps.replay) throw new IntegrationError('not_found', 'replay is not available here', { status: 404 });
        return deps.replay(chosen, body.mode);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dlq/discard',
      summary: 'Close DLQ items without syncing them, keeping the reason',
      tag: 'dlq',
      body: z.object({
        ids: z.array(z.string()).min(1).optional(),
        filter: FilterSchema.optional(),
        reason: z.string().trim().min(1),
      }),
      response: z.object({ discarded: z.number() }),
      handler: async ({ body }) => {
        return { discarded: await discardDlq(dlq(), selection(body), body.reason) };
      },
    }),
  ];
}
