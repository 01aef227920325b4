import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { MockCrmEnv } from '../../connectors/mock-crm/server/mock-crm-env';
import { MockErpEnv } from '../../connectors/mock-erp/server/mock-erp-env';
import { workerCommand } from '../../src/cli/commands/worker-command';
import { Env, loadEnv } from '../../src/config/env';

const root = join(import.meta.dirname, '../..');
const compose = YAML.parse(readFileSync(join(root, 'docker/compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[] }
  >;
};
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');

/** `${NAME:-default}` as compose would expand it with nothing set. */
const expandDefaults = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env)
      .map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')])
      .filter(([, v]) => v !== ''),
  );

// Docker cannot run here; these keep the files in step with the code they start.
describe('docker/compose.yaml and docker/Dockerfile', () => {
  it('runs api and worker roles on one Redis and one PostgreSQL state, beside them and the two mocks', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'mock-crm',
      'mock-erp',
      'postgres',
      'redis',
      'worker',
    ]);
    const { api, worker, postgres } = compose.services;
    expect(api?.environment?.BRIDGE_ROLE).toBe('api');
    expect(worker?.environment?.BRIDGE_ROLE).toBe('worker');
    expect(api?.environment?.REDIS_URL).toBe(worker?.environment?.REDIS_URL);
    expect(api?.environment?.DATABASE_URL).toBe(worker?.environment?.DATABASE_URL);
    const url = new URL(expandDefaults(api?.environment ?? {}).DATABASE_URL ?? '');
    expect(url).toMatchObject({ protocol: 'postgres:', hostname: 'postgres', port: '5432', username: 'bridge' });
    expect(expandDefaults(postgres?.environment ?? {})).toMatchObject({
      POSTGRES_USER: url.username,
      POSTGRES_PASSWORD: url.password,
      POSTGRES_DB: url.pathname.slice(1),
    });
    // The state is in PostgreSQL: no SQLite file is shared between the processes any more.
    expect(api?.volumes).toBeUndefined();
    expect(worker?.volumes).toBeUndefined();
  });

  it('sets only variables the bridge reads, and values it accepts', () => {
    for (const name of ['api', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      expect(Object.keys(env).filter((k) => !(k in Env.shape))).toEqual([]);
      expect(() => loadEnv(expandDefaults(env))).not.toThrow();
    }
  });

  it('sets only variables the mocks read, and values they accept', () => {
    for (const [name, schema] of [
      ['mock-crm', MockCrmEnv],
      ['mock-erp', MockErpEnv],
    ] as const) {
      const env = expandDefaults(compose.services[name]?.environment ?? {});
      expect(Object.keys(env).filter((k) => !(k in schema.shape))).toEqual([]);
      expect(schema.safeParse(env).success, name).toBe(true);
    }
    // The lead-to-cash demo: orders ship, invoice and get paid while someone watches.
    expect(Number(expandDefaults(compose.services['mock-erp']?.environment ?? {}).ERP_FULFIL_EVERY_MS)).toBeGreaterThan(
      0,
    );
  });

  it('points the mock CRM webhooks at the api intake, signed with the secret the api checks', () => {
    const crm = expandDefaults(compose.services['mock-crm']?.environment ?? {});
    const api = expandDefaults(compose.services.api?.environment ?? {});
    // The api verifies against BRIDGE_PUBLIC_URL + the path: exactly the URL the mock signs and posts to.
    expect(crm.CRM_WEBHOOK_TARGET_URL).toBe(`${api.BRIDGE_PUBLIC_URL}/webhooks/crm`);
    expect(crm.CRM_WEBHOOK_SECRET).toBe(api.CRM_WEBHOOK_SECRET);
    expect(loadEnv(api).CRM_WEBHOOK_SECRET).toBe(crm.CRM_WEBHOOK_SECRET);
    const target = new URL(crm.CRM_WEBHOOK_TARGET_URL ?? '');
    expect(target.hostname).toBe('api');
    // Inside the compose network the mock reaches the api container on the port it listens on.
    expect(target.port).toBe(String(loadEnv(api).PORT));
    // Only the api serves the intake; a worker has no HTTP server to receive it.
    expect(compose.services.worker?.environment?.CRM_WEBHOOK_SECRET).toBeUndefined();
  });

  it('starts files that exist, and the image copies everything the runtime imports', () => {
    for (const service of Object.values(compose.services)) {
      const file = service.command?.find((part) => /\.(ts|mjs)$/.test(part));
      if (file) expect(existsSync(join(root, file)), file).toBe(true);
    }
    // The worker runs as the CLI's `bridge worker`, the command the README and runbooks name.
    expect(compose.services.worker?.command).toEqual(['node', 'bin/bridge.mjs', workerCommand.name]);
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]?.split(' ') ?? []);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'bin', 'src', 'connectors', 'mappings']));
    for (const path of copied) expect(existsSync(join(root, path)), path).toBe(true);
  });
});
