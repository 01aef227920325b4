import { createHmac } from 'node:crypto';

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(secret, method + uri + body + timestamp)).
 *
 * @example
 * const signature = signHubSpotV3('secret', 'POST', 'http://127.0.0.1:3000/webhooks/crm', body, Date.now());
 */
export function signHubSpotV3(secret: string, method: string, uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}
