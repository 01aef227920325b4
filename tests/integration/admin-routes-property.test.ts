import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminRoutes } from '../../src/api/admin-routes';
import { describeFlow } from '../../src/api/admin-wiring';
import type { ApiRoute } from '../../src/api/api-route';
import { createAdminApp } from '../../src/api/create-admin-app';
import { loadEnv } from '../../src/config/env';
import { FailureRecorder, replayDlq } from '../../src/engine';
import { type BridgeParts, openBridgeParts } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
type Json = any;
const ADMIN = 'property-admin-token';
const WEBHOOK_SECRET = 'property-webhook-secret';
const PUBLIC_URL = 'https://bridge.example.test';
const sign = (body: string, timestamp: string) =>
  createHmac('sha256', WEBHOOK_SECRET).update(`POST${PUBLIC_URL}/webhooks/crm${body}${timestamp}`).digest('base64');
const VIEWER = 'property-viewer-token';

/** Names of an object schema's properties (path params, query keys, body keys). */
const keysOf = (schema: z.ZodType | undefined): string[] =>
  schema
    ? Object.keys(
        (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {},
      )
    : [];

const huge = fc.string({ minLength: 10_000, maxLength: 20_000 });
const nasty = fc.constantFrom(
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '%00',
  'null',
  '-1',
  '1e309',
  '💥',
  'companies-to-customers',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), nasty, huge);
/** Any JSON value, including wrong types for every field. */
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text);
/** Values that pass some checks (a real flow, a list of ids, a number) so deeper code is reached. */
const nearValid = fc.oneof(
  anyJson,
  { arbitrary: fc.constantFrom('companies-to-customers', 'contacts-to-contacts'), weight: 3 },
  { arbitrary: fc.array(fc.oneof(text, fc.constantFrom('1', '101')), { minLength: 1, maxLength: 3 }), weight: 2 },
  fc.boolean(),
  fc.integer({ min: -5, max: 200 }),
  fc.array(fc.record({ id: text, fields: fc.dictionary(fc.string(), anyJson) }), { minLength: 1, maxLength: 2 }),
);

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

/** Values of the declared type (often valid, sometimes at or past the bounds) so deeper code runs. */
function typed(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return anyJson;
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => typed(s, depth + 1)));
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), text);
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        { arbitrary: fc.constantFrom('companies-to-customers', 'contacts-to-contacts', '1', '101'), weight: 3 },
        { arbitrary: text, weight: 1 },
      );
    case 'integer':
    case 'number':
      return fc.integer({ min: (schema.minimum ?? -10) - 1, max: Math.min(schema.maximum ?? 1000, 1000) + 1 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(typed(schema.items, depth + 1), { minLength: 0, maxLength: 3 });
    case 'object': {
      // A few keys at a time, so combinations that pass cross-field checks come up.
      const properties = schema.properties ?? {};
      return fc
        .subarray(Object.keys(properties), { maxLength: Math.min(3, Object.keys(properties).length) })
        .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, typed(properties[k], depth + 1)]))));
    }
    default:
      return anyJson;
  }
}

/** A random request aimed at one route: bad params, query, body and any token. */
function requestFor(route: ApiRoute) {
  const paramNames = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const queryKeys = [...keysOf(route.query), 'unexpected'];
  const bodyKeys = keysOf(route.body);
  const bodySchema = route.body
    ? (z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
    : undefined;
  const body = fc.oneof(
    { arbitrary: typed(bodySchema).map((v) => JSON.stringify(v)), weight: 8 },
    fc.constant(undefined),
    text, // not JSON, or a JSON scalar by chance
    anyJson.map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom(...bodyKeys, 'extra'), anyJson).map((v) => JSON.stringify(v)),
    // Each declared key present half the time, with values that often pass its check.
    fc
      .record(Object.fromEntries(bodyKeys.map((k) => [k, nearValid])), { requiredKeys: [] })
      .map((v) => JSON.stringify(v)),
  );
  return fc.record({
    params: fc.tuple(...paramNames.map(() => fc.oneof(text, fc.constantFrom('companies-to-customers', '1')))),
    query: fc.dictionary(fc.constantFrom(...queryKeys), fc.oneof(text, fc.integer().map(String))),
    body,
    token: fc.constantFrom(ADMIN, ADMIN, VIEWER, undefined, 'not-a-token'),
    json: fc.boolean(),
  });
}

describe('every admin route under malformed input (fast-check, real mocks and SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-property-'));
  let parts: BridgeParts;
  let app: Hono;
  let routes: ApiRoute[];
  const accepted: unknown[][] = [];

  beforeAll(async () => {
    const env = loadEnv({ DATABASE_PATH: join(dir, 'bridge.db'), SEED_COMPANIES: '5', SEED_CONTACTS: '5' });
    const log = createLogger({ level: 'error', write: () => {} });
    parts = await openBridgeParts(env, log, { mockPort: 0 });
    const { store, dlq, registry, allFlows, flowSwitch } = parts;
    const deps = {
      store,
      registry,
      flows: () => allFlows.map(describeFlow),
      startRun: async (flow: string, trigger: string) => {
        await flowSwitch.assertEnabled(flow);
        return store.startRun(flow, trigger);
      },
      ready: () => true,
      tokens: [
        { token: ADMIN, role: 'admin' as const },
        { token: VIEWER, role: 'viewer' as const },
      ],
      version: 'test',
      dlq,
      replay: (selection: Parameters<typeof replayDlq>[1], mode: Parameters<typeof replayDlq>[2]) =>
        replayDlq({ store, dlq, flows: allFlows, failures: new FailureRecorder({ dlq, log }) }, selection, mode),
      matching: store.matching,
      flowSwitch,
      runtimes: () => allFlows,
      mappingsDir: env.MAPPINGS_DIR,
      webhooks: {
        secret: WEBHOOK_SECRET,
        publicUrl: PUBLIC_URL,
        accept: async (events: unknown[]) => {
          accepted.push(events);
          return { queued: events.length };
        },
      },
    };
    app = createAdminApp(deps);
    routes = adminRoutes(deps);
  }, 60_000);
  afterAll(async () => {
    await parts?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every route the app declares', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'patch /flows/:flow',
        'get /history',
        'post /mappings/validate',
        'post /mappings/preview',
      ]),
    );
    expect(names.length).toBeGreaterThanOrEqual(17);
  });

  it('answers 2xx or 4xx with the JSON error shape and a message, never 5xx, for any input and role', async () => {
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (input) => {
          let i = 0;
          const path = route.path.replace(/:([A-Za-z_]+)/g, () => encodeURIComponent(input.params[i++] ?? ''));
          const query = new URLSearchParams(input.query).toString();
          const headers: Record<string, string> = {};
          if (input.token) headers.authorization = `Bearer ${input.token}`;
          if (input.json) headers['content-type'] = 'application/json';
          const method = route.method.toUpperCase();
          const response = await app.request(`${path}${query ? `?${query}` : ''}`, {
            method,
            headers,
            ...(method !== 'GET' && input.body !== undefined ? { body: input.body } : {}),
          });
          const label = `${method} ${path.slice(0, 80)} -> ${response.status}`;
          expect(response.status, label).toBeLessThan(500);
          if (response.status >= 400) {
            const body = (await response.json()) as Json;
            expect(typeof body.error?.code, label).toBe('string');
            expect(body.error.message.length, label).toBeGreaterThan(0);
          }
        }),
        { numRuns: 200, seed: 20261123 },
      );
    }
  }, 120_000);

  it('documents POST /webhooks/crm with the HubSpot v3 signature headers as its only security', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as Json;
    const post = doc.paths['/webhooks/crm'].post;
    expect(post.security).toEqual([{ hubspotSignatureV3: [], hubspotRequestTimestamp: [] }]);
    expect(doc.components.securitySchemes.hubspotSignatureV3).toMatchObject({
      in: 'header',
      name: 'X-HubSpot-Signature-v3',
    });
    expect(doc.components.securitySchemes.hubspotRequestTimestamp.name).toBe('X-HubSpot-Request-Timestamp');
    expect(post.requestBody.content['application/json'].schema.type).toBe('array');
    expect(Object.keys(post.responses)).toEqual(['200', '400', '401']);
  });

  it('answers the CRM webhook intake 2xx or 4xx, never 5xx, for malformed bodies and signature headers', async () => {
    const event = fc.record(
      {
        eventId: fc.oneof(fc.integer(), text),
        occurredAt: fc.oneof(fc.integer(), fc.double(), text),
        subscriptionType: fc.oneof(
          fc.constantFrom('company.propertyChange', 'contact.creation', 'deal.deletion'),
          text,
        ),
        objectId: fc.oneof(fc.integer({ min: 1 }), fc.constant('42'), text, fc.constant(null)),
        propertyName: fc.oneof(fc.constantFrom('name', 'city'), text),
        propertyValue: fc.oneof(text, fc.constant(null), fc.integer()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { arbitrary: fc.array(event, { maxLength: 3 }).map((v) => JSON.stringify(v)), weight: 4 },
      fc.array(event, { minLength: 101, maxLength: 102 }).map((v) => JSON.stringify(v)),
      anyJson.map((v) => JSON.stringify(v)),
      text,
      fc.constant(''),
    );
    const now = () => String(Date.now());
    // What an HTTP client can put in a header at all (a ByteString without line breaks).
    const headerText = fc.oneof(
      fc.string({ unit: 'grapheme-ascii' }),
      fc.string({ unit: 'grapheme-ascii', minLength: 5_000, maxLength: 9_000 }),
      fc.constantFrom('', ' ', '-1', '1e309', '0', 'é'),
    );
    const timestamp = fc.oneof(
      fc.constant('now'),
      fc.constant(String(Date.now() - 10 * 60_000)),
      fc.constant(String(Date.now() + 10 * 60_000)),
      headerText,
      fc.constant(undefined),
    );
    const signature = fc.oneof(
      { arbitrary: fc.constant('valid'), weight: 4 },
      fc.constant('valid-other-secret'),
      headerText,
      fc.base64String(),
      fc.constant(undefined),
    );
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(body, timestamp, signature, fc.boolean(), async (raw, ts, sig, json) => {
        const stamp = ts === 'now' ? now() : ts;
        const headers: Record<string, string> = {};
        if (json) headers['content-type'] = 'application/json';
        if (stamp !== undefined) headers['x-hubspot-request-timestamp'] = stamp;
        if (sig === 'valid' && stamp !== undefined) headers['x-hubspot-signature-v3'] = sign(raw, stamp);
        else if (sig === 'valid-other-secret')
          headers['x-hubspot-signature-v3'] = createHmac('sha256', 'x').update(raw).digest('base64');
        else if (sig !== undefined && sig !== 'valid') headers['x-hubspot-signature-v3'] = sig;
        const response = await app.request('/webhooks/crm', { method: 'POST', headers, body: raw });
        const label = `POST /webhooks/crm ${raw.slice(0, 60)} -> ${response.status}`;
        expect(response.status, label).toBeLessThan(500);
        const answer = (await response.json()) as Json;
        const signed = sig === 'valid' && ts === 'now';
        if (!signed) {
          expect(response.status, label).toBe(401);
          expect(answer.error.code).toBe('webhook_signature_invalid');
        } else if (response.status === 200) {
          ok++;
          expect(answer.received).toBe((JSON.parse(raw) as unknown[]).length);
        } else {
          expect(response.status, label).toBe(400);
          expect(answer.error.code).toBe('validation_failed');
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
    // The generator reaches the accepting path too, so the 4xx answers are not all the signature check.
    expect(ok).toBeGreaterThan(0);
    expect(accepted.length).toBe(ok);
  }, 120_000);
});
