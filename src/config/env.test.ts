import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('loadEnv: cross-variable rules', () => {
  it('defaults to one process doing everything, and accepts api/worker with Redis', () => {
    expect(loadEnv({}).BRIDGE_ROLE).toBe('all');
    expect(loadEnv({ BRIDGE_ROLE: 'worker', REDIS_URL: 'redis://redis:6379' }).BRIDGE_ROLE).toBe('worker');
  });

  it('refuses api or worker without REDIS_URL, listed with every other problem', () => {
    let error: unknown;
    try {
      loadEnv({ BRIDGE_ROLE: 'api', PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'config_invalid' });
    const message = (error as Error).message;
    expect(message).toContain('BRIDGE_ROLE: "api" needs REDIS_URL');
    expect(message).toContain('PORT:');
    expect(() => loadEnv({ BRIDGE_ROLE: 'both' })).toThrow(/BRIDGE_ROLE/);
  });

  it('asks for CSV_DIR when the CRM side is a folder of CSV files', () => {
    expect(() => loadEnv({ CRM_CONNECTOR: 'csv' })).toThrow(/CSV_DIR: CRM_CONNECTOR=csv reads the CRM side/);
    expect(loadEnv({ CRM_CONNECTOR: 'csv', CSV_DIR: './exports' }).CSV_DIR).toBe('./exports');
  });

  it('selects the PostgreSQL state with DATABASE_URL, and then requires REDIS_URL, naming both', () => {
    const url = 'postgres://bridge:secret@db:5432/bridge';
    expect(loadEnv({ DATABASE_URL: url, REDIS_URL: 'redis://redis:6379' }).DATABASE_URL).toBe(url);
    expect(loadEnv({}).DATABASE_URL).toBeUndefined();
    expect(() => loadEnv({ DATABASE_URL: url })).toThrow(/DATABASE_URL: the PostgreSQL state needs REDIS_URL too/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://db/bridge', REDIS_URL: 'redis://redis:6379' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });
});
