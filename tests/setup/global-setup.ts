import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres';
import { ensureRedisServerInstalled, startRedisServer } from './redis';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the Redis server the suite shares; read it with `inject('redisUrl')`. */
    redisUrl: string;
    /**
     * URL of the PostgreSQL server the suite shares (a role that may create databases); each test
     * file creates its own database with `createTestDatabase(inject('postgresUrl'))`.
     */
    postgresUrl: string;
  }
}

/**
 * Starts the shared services the suite needs: a private Redis server and a private PostgreSQL
 * cluster on free ports, unless `REDIS_URL` / `TEST_POSTGRES_URL` point at running ones. Tests
 * read the URLs with `inject('redisUrl')` / `inject('postgresUrl')` and isolate themselves (a
 * fresh key prefix, a database of their own), so one server of each serves every test file.
 *
 * @example
 * // vitest.config.ts: test.globalSetup = ['tests/setup/global-setup.ts']
 * const url = inject('redisUrl');
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    project.provide('redisUrl', await redisUrl(stops));
    project.provide('postgresUrl', await postgresUrl(stops));
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function redisUrl(stops: (() => Promise<void>)[]): Promise<string> {
  const external = process.env.REDIS_URL;
  if (external) {
    console.log(`[redis] using REDIS_URL=${external}`);
    return external;
  }
  ensureRedisServerInstalled();
  const server = await startRedisServer();
  console.log(`[redis] started a private redis-server at ${server.url}`);
  stops.push(() => server.stop());
  return server.url;
}

async function postgresUrl(stops: (() => Promise<void>)[]): Promise<string> {
  // Not DATABASE_URL: that one selects the bridge's own store, and tests choose theirs explicitly.
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    console.log('[postgres] using TEST_POSTGRES_URL');
    return external;
  }
  const server = await startPostgresServer();
  console.log(`[postgres] started a private cluster at ${server.url} in ${server.startupMs} ms`);
  stops.push(() => server.stop());
  return server.url;
}
