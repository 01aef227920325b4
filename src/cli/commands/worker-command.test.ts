import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../testkit/run-cli-captured';

// What `bridge worker` refuses before it starts anything (the running worker is exercised by
// tests/e2e/two-workers.test.ts, which starts two of them as child processes).
describe('bridge worker (refusals)', () => {
  const run = (argv: string[], env: Record<string, string> = {}) => runCliCaptured(argv, env);

  it('needs REDIS_URL: the embedded queue serves one process only', async () => {
    const result = await run(['worker']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/BRIDGE_ROLE: "worker" needs REDIS_URL/);
  });

  it('rejects a concurrency that is not a whole number, with its usage line', async () => {
    const result = await run(['worker', '--concurrency', 'many'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('usage: bridge worker [--concurrency <n>]');
  });

  it('is listed by bridge help', async () => {
    expect((await run(['help'])).out).toMatch(/worker\s+run a worker process/);
  });
});
