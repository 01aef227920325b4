import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { allCrmScopes, createCrmApp, DEFAULT_CRM_TOKEN } from './create-crm-app';
import type { CrmEnv } from './crm-env';
import type { CrmSnapshot } from './crm-object';
import { uniquePropertiesOf } from './crm-schemas';
import { CrmStore } from './crm-store';
import { type CrmFaults, FaultInjector } from './fault-injector';
import { RequestStats } from './request-stats';
import { type SeedCrmOptions, type SeedCrmResult, seedCrm } from './seed-crm';
import { type DispatcherOptions, WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookSettings, type WebhookSettingsOptions } from './webhooks/webhook-settings';

/** Options of {@link startCrmServer}. */
export interface StartCrmServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed value, seed options, or false for an empty store. Ignored when `dataFile` exists. */
  seed?: number | SeedCrmOptions | false;
  /** JSON file to load from (when it exists) and save to, so a restarted mock keeps its data. */
  dataFile?: string;
  /** Bearer token -> scopes, or 'all' for every scope. Default: `dev-crm-token` with all. */
  tokens?: Readonly<Record<string, readonly string[] | 'all'>>;
  faults?: CrmFaults;
  /** Quiet time after the last write before saving (default 500 ms; saves at least every 5 s). */
  saveDelayMs?: number;
  /** Webhook app: target URL, signing secret, initial subscriptions and delivery tuning. */
  webhooks?: WebhookSettingsOptions & DispatcherOptions;
}

/** A running mock CRM. */
export interface RunningCrmServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  store: CrmStore;
  app: Hono<CrmEnv>;
  /** Same injector as `POST /__admin/faults`, for tests that prefer a direct call. */
  faults: FaultInjector;
  stats: RequestStats;
  /** Webhook app settings (also editable through `/webhooks/v3`) and its deliveries. */
  webhooks: { settings: WebhookSettings; dispatcher: WebhookDispatcher };
  /** What was seeded; undefined when the data came from `dataFile` or seeding was off. */
  seeded?: SeedCrmResult;
  /** Writes `dataFile` now (no-op without one). */
  save(): Promise<void>;
  /** Saves pending changes and stops listening, closing idle keep-alive sockets. */
  close(): Promise<void>;
}

const MAX_SAVE_WAIT_MS = 5000;

/**
 * Starts the mock CRM on a real HTTP port (127.0.0.1:0 by default).
 *
 * @example
 * const crm = await startCrmServer({ seed: { companies: 50, contacts: 100 } });
 * // ... point the connector at crm.url with token 'dev-crm-token'
 * await crm.close();
 */
export async function startCrmServer(options: StartCrmServerOptions = {}): Promise<RunningCrmServer> {
  const { port = 0, host = '127.0.0.1', dataFile, saveDelayMs = 500 } = options;
  const storeOptions = { uniqueProperties: uniquePropertiesOf() };
  let store: CrmStore;
  let seeded: SeedCrmResult | undefined;
  const loaded = dataFile !== undefined && existsSync(dataFile);
  if (loaded) {
    store = CrmStore.fromSnapshot(JSON.parse(readFileSync(dataFile, 'utf8')) as CrmSnapshot, storeOptions);
  } else {
    store = new CrmStore(storeOptions);
    if (options.seed !== false) {
      seeded = seedCrm(store, typeof options.seed === 'number' ? { seed: options.seed } : options.seed);
    }
  }

  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  let firstDirtyAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    dirty = false;
    firstDirtyAt = undefined;
    if (!dataFile) return saving;
    const json = JSON.stringify(store.snapshot());
    saving = saving.then(() => writeAtomically(dataFile, json));
    return saving;
  };
  const unsubscribe = store.subscribe(() => {
    if (!dataFile) return;
    dirty = true;
    const now = Date.now();
    firstDirtyAt ??= now;
    if (timer) clearTimeout(timer);
    // Debounced, but never postponed beyond MAX_SAVE_WAIT_MS under a steady stream of writes.
    timer = setTimeout(
      () => {
        save().catch((error: unknown) => process.emitWarning(`mock CRM could not save ${dataFile}: ${String(error)}`));
      },
      Math.max(0, Math.min(saveDelayMs, firstDirtyAt + MAX_SAVE_WAIT_MS - now)),
    );
    timer.unref();
  });
  if (dataFile && !loaded) await save();

  const tokens = Object.fromEntries(
    Object.entries(options.tokens ?? { [DEFAULT_CRM_TOKEN]: 'all' }).map(([token, scopes]) => [
      token,
      scopes === 'all' ? allCrmScopes() : scopes,
    ]),
  );
  const faults = new FaultInjector(options.faults);
  const stats = new RequestStats();
  const settings = new WebhookSettings(options.webhooks);
  const dispatcher = new WebhookDispatcher(store, settings, options.webhooks);
  dispatcher.start();
  const app = createCrmApp({ store, tokens, faults, stats, webhooks: settings, dispatcher });
  const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    store,
    app,
    faults,
    stats,
    webhooks: { settings, dispatcher },
    ...(seeded ? { seeded } : {}),
    save,
    async close() {
      unsubscribe();
      dispatcher.close();
      if (dirty) await save();
      await saving;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}
