import { z } from 'zod';
import { IntegrationError } from '../errors';

const port = z.coerce.number().int().min(0).max(65_535);
const positive = z.coerce.number().int().positive();

/**
 * Every setting the process reads from the environment, in one schema. Secrets (tokens) are
 * only ever read here and passed to the component that needs them.
 */
export const Env = z.object({
  /** Admin API port. */
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** SQLite state file (jobs of the embedded queue live there too). */
  DATABASE_PATH: z.string().default('./data/bridge.db'),
  /**
   * PostgreSQL state (`postgres://user:password@host:5432/db`) shared by every bridge process;
   * when set it replaces DATABASE_PATH for the state and needs REDIS_URL for the queue.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** When set, jobs go to BullMQ on this Redis instead of the embedded queue. */
  REDIS_URL: z.url().optional(),
  MAPPINGS_DIR: z.string().default('./mappings'),
  /** Point at running CRM/ERP APIs; when absent, the mocks are started in-process. */
  CRM_BASE_URL: z.url().optional(),
  ERP_BASE_URL: z.url().optional(),
  CRM_TOKEN: z.string().min(1).default('dev-crm-token'),
  ERP_TOKEN: z.string().min(1).default('dev-erp-token'),
  /** Which connector the `crm` instance is: the mock HubSpot, or a folder of CSV exports (CSV_DIR). */
  CRM_CONNECTOR: z.enum(['mock-crm', 'csv']).default('mock-crm'),
  /** Folder holding companies.csv and contacts.csv; read only when CRM_CONNECTOR=csv. */
  CSV_DIR: z.string().min(1).optional(),
  /** Which connector the `erp` instance is: the mock Business Central, or a real Tryton. */
  ERP_CONNECTOR: z.enum(['mock-erp', 'tryton']).default('mock-erp'),
  /** Tryton server, database and integration user; read only when ERP_CONNECTOR=tryton. */
  TRYTON_URL: z.url().optional(),
  TRYTON_DB: z.string().min(1).optional(),
  TRYTON_USER: z.string().min(1).default('admin'),
  TRYTON_PASSWORD: z.string().min(1).optional(),
  MOCK_CRM_PORT: port.default(4010),
  MOCK_ERP_PORT: port.default(4020),
  /** Embedded mock ERP: lowest margin per sales order line, in percent. */
  ERP_MIN_MARGIN_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** Embedded mock ERP: when set, its fulfilment simulator ships, invoices and pays orders this often. */
  ERP_FULFIL_EVERY_MS: z.coerce.number().int().positive().optional(),
  SEED_COMPANIES: z.coerce.number().int().nonnegative().default(2000),
  SEED_CONTACTS: z.coerce.number().int().nonnegative().default(5000),
  /** Requests per second to each system, shared by every worker (Redis when REDIS_URL is set); unset: no budget. */
  CRM_RATE_LIMIT_RPS: z.coerce.number().positive().optional(),
  ERP_RATE_LIMIT_RPS: z.coerce.number().positive().optional(),
  PAGE_SIZE: positive.max(100).default(100),
  CONCURRENCY: positive.max(64).default(4),
  /**
   * What this process does: `all` (one process: jobs, polling and the admin API), `worker`
   * (jobs and polling, no API) or `api` (the admin API; runs it starts are enqueued for the
   * workers). `api` and `worker` need REDIS_URL: the embedded queue serves one process only.
   * Of several workers on one Redis, only the holder of the scheduler lease polls.
   */
  BRIDGE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How long the scheduler lease lasts unrenewed: a dead poller's successor takes over within it. */
  SCHEDULER_LEASE_MS: positive.default(10_000),
  /** Exit after the first full sync instead of polling (CI, benchmarks). */
  SYNC_ONCE: z.stringbool().default(false),
  /**
   * After the initial sync, walk one new deal from quote to payment and print each step
   * (`npm start` on the embedded mocks only; never against real systems). `DEMO=0` skips it.
   */
  DEMO: z.stringbool().default(true),
  /**
   * Admin API bearer tokens, comma-separated (several allow rotation). When none is set,
   * `npm start` generates one and prints it once.
   */
  ADMIN_TOKENS: z.string().optional(),
  /** Read-only (viewer) tokens, comma-separated. */
  VIEWER_TOKENS: z.string().optional(),
  /**
   * The app secret CRM webhook deliveries are signed with (HubSpot v3 signature). Without it the
   * intake refuses every delivery and no webhooks are registered. Never logged.
   */
  CRM_WEBHOOK_SECRET: z.string().min(16).optional(),
  /**
   * The bridge's public base URL as the CRM reaches it (e.g. `https://bridge.example.com`): the
   * webhook target is this plus `/webhooks/crm`, and signatures are checked against that URL.
   */
  BRIDGE_PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
});
export type Env = z.infer<typeof Env>;

/**
 * Parses the environment, reporting every invalid variable at once.
 *
 * @example
 * const env = loadEnv(process.env);
 */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const parsed = Env.safeParse(source);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  // Checked beside the schema so that it is reported together with every other problem.
  const role = source.BRIDGE_ROLE;
  if ((role === 'api' || role === 'worker') && !source.REDIS_URL) {
    problems.push(
      `  BRIDGE_ROLE: "${role}" needs REDIS_URL: the embedded queue lives in one process's SQLite, so api and worker processes can only share jobs through Redis (or use BRIDGE_ROLE=all)`,
    );
  }
  if (source.DATABASE_URL && !source.REDIS_URL) {
    problems.push(
      '  DATABASE_URL: the PostgreSQL state needs REDIS_URL too: the embedded queue lives in the SQLite file (DATABASE_PATH), so with DATABASE_URL jobs must go to BullMQ on Redis; set REDIS_URL or unset DATABASE_URL',
    );
  }
  if (source.CRM_CONNECTOR === 'csv' && !source.CSV_DIR) {
    problems.push('  CSV_DIR: CRM_CONNECTOR=csv reads the CRM side from this folder; set it');
  }
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new IntegrationError('config_invalid', `invalid environment:\n${problems.join('\n')}`);
}
