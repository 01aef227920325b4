import type { Hono } from 'hono';
import type { HubSpotEvent } from '../../engine/webhooks/hubspot-event';
import { verifyHubSpotSignature } from '../../engine/webhooks/verify-hubspot-signature';
import { webhookIntakeContract } from './webhook-intake-contract';

/** What the CRM webhook intake needs from the running bridge. */
export interface WebhookIntakeDeps {
  /** `CRM_WEBHOOK_SECRET`; without it every delivery is refused. */
  secret: string | undefined;
  /** `BRIDGE_PUBLIC_URL`: the signed URI is this plus the path; without it, the request URL. */
  publicUrl: string | undefined;
  /** Queues the syncs the events ask for; must not wait for them. */
  accept: (events: HubSpotEvent[]) => Promise<{ queued: number }>;
}

const { delivery: Delivery, path: PATH } = webhookIntakeContract;

/**
 * Mounts `POST /webhooks/crm`: no bearer token, the HubSpot v3 signature is the authentication
 * (401 `webhook_signature_invalid` when missing, wrong or older than 5 minutes, before the body
 * is even parsed). Verified events are queued and answered with 200 at once, so the sender
 * never times out waiting for a sync and never redelivers because of one.
 *
 * @example
 * mountWebhookIntake(app, { secret: env.CRM_WEBHOOK_SECRET, publicUrl: env.BRIDGE_PUBLIC_URL, accept });
 */
export function mountWebhookIntake(app: Hono, deps: WebhookIntakeDeps): void {
  app.post(PATH, async (c) => {
    const body = await c.req.text();
    const uri = deps.publicUrl ? `${deps.publicUrl.replace(/\/+$/, '')}${PATH}` : c.req.url;
    const verdict = deps.secret
      ? verifyHubSpotSignature(
          {
            method: 'POST',
            uri,
            body,
            signature: c.req.header('x-hubspot-signature-v3'),
            timestamp: c.req.header('x-hubspot-request-timestamp'),
          },
          deps.secret,
        )
      : ({ ok: false, reason: 'missing' } as const);
    if (!verdict.ok) {
      const message = `webhook delivery refused: signature ${verdict.reason}`;
      return c.json({ error: { code: 'webhook_signature_invalid', message } }, 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return c.json({ error: { code: 'validation_failed', message: 'webhook body is not JSON' } }, 400);
    }
    const parsed = Delivery.safeParse(json);
    if (!parsed.success) {
      const message = `webhook body is not a HubSpot v3 event batch: ${parsed.error.issues[0]?.message}`;
      return c.json({ error: { code: 'validation_failed', message } }, 400);
    }
    const { queued } = await deps.accept(parsed.data);
    return c.json({ received: parsed.data.length, queued });
  });
}
