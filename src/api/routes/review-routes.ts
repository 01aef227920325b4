import { z } from 'zod';
import { decideReview, listReviews } from '../../engine/review-queue';
import { IntegrationError } from '../../errors';
import type { ReviewStatus } from '../../store';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';

/** A pair the matcher could not decide alone, with its per-field explanation. */
export const ReviewItemSchema = z.object({
  id: z.number(),
  flow: z.string(),
  kind: z.string(),
  sourceSide: z.enum(['crm', 'erp']),
  sourceId: z.string(),
  candidateId: z.string().nullable().describe('target record the source may be'),
  candidateSourceId: z.string().nullable().describe('source record that already owns the candidate, if any'),
  reason: z.string(),
  score: z.number(),
  explanation: z.unknown().describe('per field: values, similarity, agreement, weight'),
  sourceFields: z.unknown(),
  status: z.string(),
  decidedBy: z.string().nullable(),
  note: z.string().nullable(),
  appliedAt: z.number().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
});

/** Review queue of the dedupe matcher: list, approve (link), reject (create), merge. */
export function reviewRoutes(deps: AdminDeps) {
  const matching = () => {
    if (!deps.matching) throw new IntegrationError('not_found', 'this bridge has no review queue', { status: 404 });
    return deps.matching;
  };
  const decide = (action: 'approve' | 'reject' | 'merge', summary: string) =>
    defineRoute({
      method: 'post',
      path: `/review/:id/${action}`,
      summary,
      tag: 'review',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ note: z.string().optional() }),
      response: ReviewItemSchema,
      handler: async ({ params, body }) => {
        try {
          return await decideReview(matching(), params.id, action, {
            by: 'admin-api',
            ...(body.note ? { note: body.note } : {}),
          });
        } catch (error) {
          if (error instanceof IntegrationError && error.code === 'review_conflict') {
            throw new IntegrationError('review_conflict', error.message, { status: 409 });
          }
          if (error instanceof IntegrationError && error.code === 'not_found') {
            throw new IntegrationError('not_found', error.message, { status: 404 });
          }
          throw error;
        }
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/review',
      summary: 'Review items (pending by default) with score and per-field explanation',
      tag: 'review',
      query: z.object({
        flow: z.string().optional(),
        status: z.enum(['pending', 'linked', 'created', 'merged', 'all']).default('pending'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.object({ items: z.array(ReviewItemSchema) }),
      handler: async ({ query }) => ({
        items: await listReviews(matching(), {
          ...(query.flow ? { flow: query.flow } : {}),
          ...(query.status === 'all' ? {} : { status: query.status as ReviewStatus }),
          limit: query.limit,
        }),
      }),
    }),
    decide('approve', 'Link the source record to the candidate target; the next run updates it'),
    decide('reject', 'The pair differs; the next run creates a new target record'),
    decide('merge', 'The source record duplicates the source record that owns the candidate; never written'),
  ];
}
