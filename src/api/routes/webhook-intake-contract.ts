import { z } from 'zod';
import { HubSpotEvent } from '../../engine/webhooks/hubspot-event';

const Received = z.object({
  received: z.number().describe('events in the delivery'),
  queued: z.number().describe('syncs queued for them (events on unsynced types or echoes queue nothing)'),
});

/**
 * `POST /webhooks/crm` as both sides see it: the path, the body schema the intake checks, and
 * the OpenAPI operation and security schemes describing it. It is not an ApiRoute (no bearer
 * token, raw body needed for the signature), so the document takes it from here rather than
 * from the route list, and cannot drift from what the intake parses.
 *
 * @example
 * const doc = openApiDocument(routes, version, { webhookIntake: true });
 * doc.paths[webhookIntakeContract.path].post.security; // [{ hubspotSignatureV3: [], hubspotRequestTimestamp: [] }]
 */
export const webhookIntakeContract = {
  path: '/webhooks/crm',
  /** A HubSpot v3 delivery: an array of at most 100 events. */
  delivery: z.array(HubSpotEvent).max(100),
  securitySchemes: {
    hubspotSignatureV3: {
      type: 'apiKey',
      in: 'header',
      name: 'X-HubSpot-Signature-v3',
      description:
        'base64(HMAC-SHA256(CRM_WEBHOOK_SECRET, "POST" + BRIDGE_PUBLIC_URL + "/webhooks/crm" + raw body + timestamp))',
    },
    hubspotRequestTimestamp: {
      type: 'apiKey',
      in: 'header',
      name: 'X-HubSpot-Request-Timestamp',
      description: 'epoch ms of the signing; refused when more than 5 minutes away from the bridge clock',
    },
  },
  operation: (json: (schema: z.ZodType, io: 'input' | 'output') => Record<string, unknown>) => ({
    summary: 'CRM webhook intake: verified HubSpot v3 events are queued and answered at once; no bearer token',
    tags: ['webhooks'],
    security: [{ hubspotSignatureV3: [], hubspotRequestTimestamp: [] }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: json(webhookIntakeContract.delivery, 'input') } },
    },
    responses: {
      200: { description: 'accepted', content: { 'application/json': { schema: json(Received, 'output') } } },
      400: { description: 'validation_failed: the body is not JSON or not a HubSpot v3 event batch' },
      401: { description: 'webhook_signature_invalid: signature missing, wrong or expired; checked before the body' },
    },
  }),
};
