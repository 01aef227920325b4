import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { dirname } from 'node:path';
import { type HttpBindings, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createErpApp } from './create-erp-app';
import type { TokenGrants } from './erp-auth';
import { type FaultConfig, FaultInjector } from './erp-faults';
import { RequestStats } from './erp-stats';
import { type ErpSnapshot, ErpStore } from './erp-store';
import { fulfilOrders } from './fulfil-orders';
import { type SeedErpOptions, seedErp } from './seed-erp';
import { seedItems } from './seed-items';

/** Options of {@link startErpServer}. */
export interface StartErpServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** What to seed when starting empty (no data file yet); also seeds the GUID sequence. */
  seed?: SeedErpOptions;
  /** JSON file to load at start (if present) and to save to after writes and on close. */
  dataFile?: string;
  /** Bearer token -> entity sets; default `{ 'dev-erp-token': '*' }`. */
  tokens?: TokenGrants;
  faults?: FaultConfig;
  /** Most records per page. Default 1000. */
  maxPageSize?: number;
  /** Clock in epoch ms for timestamps and the rate limit window; tests pin it. */
  now?: () => number;
  /** Delay between a write and saving the data file. Default 500 ms. */
  saveDelayMs?: number;
  /** Lowest margin per sales order line, in percent (`ERP_MIN_MARGIN_PERCENT`). Default 10. */
  minMarginPercent?: number;
  /** Run the fulfilment simulator this often, one step per order per tick (`ERP_FULFIL_EVERY_MS`). */
  fulfilEveryMs?: number;
}

/** A running mock ERP. */
export interface ErpServer {
  /** Origin, e.g. `http://127.0.0.1:4020`: the connector's `baseUrl`; the API is under `/api/v2.0`. */
  url: string;
  /** The OData service root, `${url}/api/v2.0`. */
  apiUrl: string;
  port: number;
  companyId: string;
  store: ErpStore;
  app: Hono<{ Bindings: HttpBindings }>;
  /** Reconfigure faults in-process (same as `POST /__admin/faults`). */
  faults: FaultInjector;
  stats: RequestStats;
  /** Writes the data file now (no-op without one). */
  save(): Promise<void>;
  /** Stops listening, drops open connections and saves the data file. */
  close(): Promise<void>;
}

/**
 * Starts the mock Business Central API on a real HTTP port. With `dataFile`, a restarted mock
 * keeps its data: the file is loaded when it exists (otherwise the store is seeded and saved),
 * saved again shortly after writes, and on close.
 *
 * @example
 * const erp = await startErpServer({ seed: { customers: 100 } });
 * // ... point the connector at erp.url with token 'dev-erp-token'
 * await erp.close();
 */
export async function startErpServer(options: StartErpServerOptions = {}): Promise<ErpServer> {
  const store = new ErpStore({
    seed: options.seed?.seed ?? 1,
    ...(options.now ? { now: options.now } : {}),
  });
  const dataFile = options.dataFile;
  const loaded = dataFile !== undefined && existsSync(dataFile);
  if (loaded) store.restore(JSON.parse(readFileSync(dataFile, 'utf8')) as ErpSnapshot);
  else seedErp(store, options.seed);
  // A data file written before the mock had items gets the seeded catalogue, so quotes can be ordered.
  const addItems = loaded && store.table('items').size === 0 && (options.seed?.items ?? 50) > 0;
  if (addItems) seedItems(store, options.seed?.items ?? 50);

  let saving: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let dirty = !loaded || addItems;
  const save = (): Promise<void> => {
    if (!dataFile) return Promise.resolve();
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Chained so two saves never write the temp file at the same time.
    saving = saving.then(async () => {
      if (!dirty) return;
      dirty = false;
      const json = JSON.stringify(store.snapshot());
      await mkdir(dirname(dataFile), { recursive: true });
      const temp = `${dataFile}.${process.pid}.tmp`;
      await writeFile(temp, json);
      await rename(temp, dataFile);
    });
    return saving;
  };
  const unsubscribe = store.subscribe(() => {
    dirty = true;
    if (!dataFile || timer) return;
    timer = setTimeout(() => void save().catch(() => undefined), options.saveDelayMs ?? 500);
    timer.unref();
  });
  await save();

  const faults = new FaultInjector(options.faults ?? {}, options.now);
  const stats = new RequestStats();
  const app = createErpApp({
    store,
    tokens: options.tokens ?? { 'dev-erp-token': '*' },
    faults,
    stats,
    ...(options.maxPageSize === undefined ? {} : { maxPageSize: options.maxPageSize }),
    ...(options.minMarginPercent === undefined ? {} : { minMarginPercent: options.minMarginPercent }),
  });
  const fulfilTimer =
    options.fulfilEveryMs && options.fulfilEveryMs > 0
      ? setInterval(() => fulfilOrders(store, { oneStepPerOrder: true }), options.fulfilEveryMs)
      : undefined;
  fulfilTimer?.unref();
  const host = options.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }) as Server;
  // Longer than typical client keep-alive pools, so the server rarely closes a socket a client is reusing.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      if (fulfilTimer) clearInterval(fulfilTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      unsubscribe();
      await save();
    })();
    return closed;
  };
  return { url, apiUrl: `${url}/api/v2.0`, port, companyId: store.company.id, store, app, faults, stats, save, close };
}
