import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './redis';

describe('startRedisServer', () => {
  it('restarts on the same port with empty data, so clients can reconnect', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { maxRetriesPerRequest: null });
    client.on('error', () => {}); // expected while the server is down
    try {
      await client.set('k', 'v');
      await server.restart();
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await client.get('k')).toBeNull();
      await client.set('k', 'again');
      expect(await client.get('k')).toBe('again');
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
