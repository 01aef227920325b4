import type { TestProject } from 'vitest/node';
import { ensureRedisServerInstalled, startRedisServer } from './redis';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the Redis server the suite shares; read it with `inject('redisUrl')`. */
    redisUrl: string;
  }
}

/**
 * Starts the shared services the suite needs: a private Redis server on a free port, unless
 * `REDIS_URL` points at one already. Tests read the URL with `inject('redisUrl')` and isolate
 * themselves with a fresh key prefix, so one server serves every test file.
 *
 * @example
 * // vitest.config.ts: test.globalSetup = ['tests/setup/global-setup.ts']
 * const url = inject('redisUrl');
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.REDIS_URL;
  if (external) {
    console.log(`[redis] using REDIS_URL=${external}`);
    project.provide('redisUrl', external);
    return async () => {};
  }
  ensureRedisServerInstalled();
  const server = await startRedisServer();
  console.log(`[redis] started a private redis-server at ${server.url}`);
  project.provide('redisUrl', server.url);
  return async () => {
    await server.stop();
  };
}
