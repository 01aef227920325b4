import { createHmac, timingSafeEqual } from 'node:crypto';

/** A webhook delivery as the intake saw it, before any parsing. */
export interface SignedDelivery {
  method: string;
  /** The URL the sender was given (public base + path), not what the proxy in front rewrote. */
  uri: string;
  /** The raw body, byte for byte: a re-serialised JSON body would not verify. */
  body: string;
  /** `X-HubSpot-Signature-v3`. */
  signature: string | undefined;
  /** `X-HubSpot-Request-Timestamp`, epoch ms. */
  timestamp: string | undefined;
}

/** Why a delivery was refused; `ok` when it verified. */
export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'mismatch' };

/** HubSpot's limit: a signature older than this is refused, which bounds replays of a captured delivery. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/**
 * Checks a HubSpot v3 webhook signature: base64(HMAC-SHA256(secret, method + uri + body + timestamp)),
 * compared in constant time, with the timestamp no more than {@link MAX_SIGNATURE_AGE_MS} away from
 * `now` (either way: a timestamp far in the future would make a captured delivery replayable later).
 * Pure: the caller supplies the clock and the secret.
 *
 * @example
 * const verdict = verifyHubSpotSignature({ method: 'POST', uri, body, signature, timestamp }, secret);
 * if (!verdict.ok) return c.json({ error: { code: 'webhook_signature_invalid' } }, 401);
 */
export function verifyHubSpotSignature(delivery: SignedDelivery, secret: string, now = Date.now()): SignatureVerdict {
  const { signature, timestamp } = delivery;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing' };
  if (Math.abs(now - Number(timestamp)) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'expired' };
  const expected = createHmac('sha256', secret)
    .update(`${delivery.method.toUpperCase()}${delivery.uri}${delivery.body}${timestamp}`)
    .digest();
  const presented = Buffer.from(signature, 'base64');
  // Length first: timingSafeEqual throws on unequal lengths, and the length is not a secret.
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true };
}
