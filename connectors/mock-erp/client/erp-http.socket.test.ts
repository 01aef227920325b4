import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpsertResult } from '../../../src/connectors';
import { TransportError } from '../../../src/errors';
import { createErpClient } from './create-erp-client';

// A real socket that answers late or not at all: the transport failures nock cannot produce here.
const COMPANY = 'b1c8f0a4-5d2e-4f17-9c3a-0e6d7a2b4c91';
const TOKEN = 'socket-secret-token';
const hits: Record<string, number> = {};
const held: ServerResponse[] = [];
let writeFault: 'hang' | 'reset' = 'hang';
let server: Server;
let baseUrl: string;

function handle(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const key = `${req.method} ${path}`;
  hits[key] = (hits[key] ?? 0) + 1;
  const fault =
    req.method !== 'GET' ? writeFault : hits[key] > 1 ? undefined : path.endsWith('/contacts') ? 'reset' : 'hang';
  if (fault === 'hang') {
    held.push(res);
    return;
  }
  if (fault === 'reset') {
    req.socket.destroy();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      value: [{ id: '5d115c9c-44e3-4a11-bb43-000d3a2feca1', lastModifiedDateTime: '2026-01-01T00:00:00.000Z' }],
    }),
  );
}

const client = () =>
  createErpClient({ baseUrl, token: TOKEN, companyId: COMPANY, timeoutMs: 150, retries: 2, retryDelayMs: 1 });

function expectAmbiguous(results: UpsertResult[]) {
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) {
    const error = !result.ok && result.error;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ ambiguous: true, code: 'timeout', retryable: true });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain(TOKEN);
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ERP client transport failures', () => {
  it('retries a GET that timed out, then succeeds', async () => {
    const page = await client().listChanges({ entity: 'customer', since: null });
    expect(page.records).toHaveLength(1);
    expect(hits[`GET /api/v2.0/companies(${COMPANY})/customers`]).toBe(2);
  });

  it('retries a GET whose connection was reset, then succeeds', async () => {
    const page = await client().listChanges({ entity: 'contact', since: null });
    expect(page.records).toHaveLength(1);
    expect(hits[`GET /api/v2.0/companies(${COMPANY})/contacts`]).toBe(2);
  });

  it('sends a write that timed out once, and reports every item as an ambiguous TransportError', async () => {
    writeFault = 'hang';
    hits['POST /api/v2.0/$batch'] = 0;
    expectAmbiguous(
      await client().upsertBatch('customer', [
        { key: 'a', fields: { displayName: 'A' } },
        { key: 'b', fields: { displayName: 'B' } },
      ]),
    );
    expect(hits['POST /api/v2.0/$batch']).toBe(1);
  });

  it('sends a write whose connection was reset once, as an ambiguous TransportError', async () => {
    writeFault = 'reset';
    hits['POST /api/v2.0/$batch'] = 0;
    expectAmbiguous(await client().upsertBatch('customer', [{ key: 'a', fields: { displayName: 'A' } }]));
    expect(hits['POST /api/v2.0/$batch']).toBe(1);
  });
});
