import type { Hono } from 'hono';
import { z } from 'zod';
import { bearerAuth } from '../bearer-auth';
import type { CrmEnv } from '../crm-env';
import { HubSpotHttpError } from '../hubspot-http-error';
import { readBody } from '../request-schemas';
import { WEBHOOK_EVENTS, type WebhookSettings } from './webhook-settings';

const eventType = z
  .string()
  .refine((value) => WEBHOOK_EVENTS.some((event) => value.endsWith(`.${event}`)), 'e.g. company.propertyChange');
const NewSubscription = z.object({
  eventType,
  propertyName: z.string().min(1).optional(),
  active: z.boolean().optional(),
});
const Settings = z.object({
  targetUrl: z.url(),
  throttling: z.object({ period: z.string(), maxConcurrentRequests: z.number().int().positive() }).optional(),
});

/**
 * Registers HubSpot's webhooks API v3 for the mock's one app: `GET/POST/DELETE
 * /webhooks/v3/{appId}/subscriptions` and `GET/PUT /webhooks/v3/{appId}/settings`. HubSpot
 * authenticates these with the developer key; the mock accepts any of its bearer tokens.
 *
 * @example
 * registerWebhookRoutes(app, settings, tokens);
 */
export function registerWebhookRoutes(
  app: Hono<CrmEnv>,
  settings: WebhookSettings,
  tokens: Readonly<Record<string, readonly string[]>>,
): void {
  app.use('/webhooks/*', bearerAuth(tokens));
  app.use('/webhooks/v3/:appId/*', async (c, next) => {
    if (c.req.param('appId') !== String(settings.appId)) throw HubSpotHttpError.notFound(c.req.param('appId'));
    await next();
  });
  app.get('/webhooks/v3/:appId/subscriptions', (c) => c.json({ results: settings.list() }));
  app.post('/webhooks/v3/:appId/subscriptions', async (c) => {
    const input = await readBody(c, NewSubscription);
    if (input.propertyName && !input.eventType.endsWith('.propertyChange')) {
      throw HubSpotHttpError.badRequest('propertyName is only allowed on propertyChange subscriptions');
    }
    return c.json(settings.subscribe(input), 201);
  });
  app.delete('/webhooks/v3/:appId/subscriptions/:id', (c) => {
    if (!settings.unsubscribe(Number(c.req.param('id')))) throw HubSpotHttpError.notFound(c.req.param('id'));
    return c.body(null, 204);
  });
  const current = () => ({
    targetUrl: settings.targetUrl ?? null,
    throttling: { period: 'SECONDLY', maxConcurrentRequests: 10 },
    createdAt: settings.createdAt,
  });
  app.get('/webhooks/v3/:appId/settings', (c) => c.json(current()));
  app.put('/webhooks/v3/:appId/settings', async (c) => {
    settings.targetUrl = (await readBody(c, Settings)).targetUrl;
    return c.json(current());
  });
}
