import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_AGE_MS, type SignedDelivery, verifyHubSpotSignature } from './verify-hubspot-signature';

const secret = 'app-client-secret';
const now = Date.parse('2026-11-23T12:00:00Z');
const uri = 'https://bridge.example.com/webhooks/crm';
const body = JSON.stringify([{ eventId: 1, objectId: 1001, subscriptionType: 'company.propertyChange' }]);

/** Signs the way HubSpot documents it, independently of the code under test. */
function signed(overrides: Partial<SignedDelivery> = {}, at = now): SignedDelivery {
  const timestamp = String(at);
  const signature = createHmac('sha256', secret).update(`POST${uri}${body}${timestamp}`).digest('base64');
  return { method: 'POST', uri, body, signature, timestamp, ...overrides };
}

describe('verifyHubSpotSignature', () => {
  it('accepts a delivery signed with the secret over method, uri, body and timestamp', () => {
    expect(verifyHubSpotSignature(signed(), secret, now)).toEqual({ ok: true });
    expect(verifyHubSpotSignature(signed({}, now - MAX_SIGNATURE_AGE_MS + 1000), secret, now)).toEqual({ ok: true });
  });

  it('refuses a missing signature or timestamp', () => {
    expect(verifyHubSpotSignature(signed({ signature: undefined }), secret, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyHubSpotSignature(signed({ timestamp: undefined }), secret, now).ok).toBe(false);
    expect(verifyHubSpotSignature(signed({ timestamp: 'yesterday' }), secret, now).ok).toBe(false);
  });

  it('refuses a signature older than 5 minutes, and one from far in the future', () => {
    const old = signed({}, now - MAX_SIGNATURE_AGE_MS - 1);
    expect(verifyHubSpotSignature(old, secret, now)).toEqual({ ok: false, reason: 'expired' });
    const future = signed({}, now + MAX_SIGNATURE_AGE_MS + 1);
    expect(verifyHubSpotSignature(future, secret, now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a tampered body, uri, method or timestamp, and another secret', () => {
    const mismatch = { ok: false, reason: 'mismatch' };
    expect(verifyHubSpotSignature(signed({ body: body.replace('1001', '1002') }), secret, now)).toEqual(mismatch);
    expect(verifyHubSpotSignature(signed({ uri: `${uri}?x=1` }), secret, now)).toEqual(mismatch);
    expect(verifyHubSpotSignature(signed({ method: 'PUT' }), secret, now)).toEqual(mismatch);
    expect(verifyHubSpotSignature(signed({ timestamp: String(now - 1) }), secret, now)).toEqual(mismatch);
    expect(verifyHubSpotSignature(signed(), 'another-secret', now)).toEqual(mismatch);
    expect(verifyHubSpotSignature(signed({ signature: 'c2hvcnQ=' }), secret, now)).toEqual(mismatch);
  });
});
