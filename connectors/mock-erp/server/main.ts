import { z } from 'zod';
import { FaultConfig } from './erp-faults';
import { startErpServer } from './start-erp-server';

const Env = z.object({
  MOCK_ERP_PORT: z.coerce.number().int().min(0).max(65_535).default(4020),
  MOCK_ERP_HOST: z.string().min(1).default('127.0.0.1'),
  MOCK_ERP_TOKEN: z.string().min(1).default('dev-erp-token'),
  MOCK_ERP_DATA_FILE: z.string().min(1).optional(),
  MOCK_ERP_SEED_CUSTOMERS: z.coerce.number().int().min(0).default(0),
  MOCK_ERP_SEED: z.coerce.number().int().default(1),
  MOCK_ERP_SEED_ITEMS: z.coerce.number().int().min(0).default(50),
  /** Lowest margin per sales order line, in percent. */
  ERP_MIN_MARGIN_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** When set, the fulfilment simulator ships, invoices and pays open orders this often. */
  ERP_FULFIL_EVERY_MS: z.coerce.number().int().positive().optional(),
  /** JSON fault settings, e.g. `{"errorRates":{"503":0.1}}`. */
  MOCK_ERP_FAULTS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
      const faults = FaultConfig.safeParse(json);
      if (faults.success) return faults.data;
      for (const issue of faults.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      }
      return z.NEVER;
    }),
});

// Standalone mock ERP: `npm run mock:erp`. Reads MOCK_ERP_* variables, prints where it listens.
const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  process.stderr.write(`mock ERP: invalid environment\n${problems}\n`);
  process.exit(1);
}
const env = parsed.data;
const erp = await startErpServer({
  port: env.MOCK_ERP_PORT,
  host: env.MOCK_ERP_HOST,
  tokens: { [env.MOCK_ERP_TOKEN]: '*' },
  seed: { customers: env.MOCK_ERP_SEED_CUSTOMERS, items: env.MOCK_ERP_SEED_ITEMS, seed: env.MOCK_ERP_SEED },
  minMarginPercent: env.ERP_MIN_MARGIN_PERCENT,
  ...(env.ERP_FULFIL_EVERY_MS ? { fulfilEveryMs: env.ERP_FULFIL_EVERY_MS } : {}),
  ...(env.MOCK_ERP_DATA_FILE ? { dataFile: env.MOCK_ERP_DATA_FILE } : {}),
  ...(env.MOCK_ERP_FAULTS ? { faults: env.MOCK_ERP_FAULTS } : {}),
});
process.stdout.write(
  `mock ERP (Business Central API v2.0) listening on ${erp.apiUrl}\ncompany ${erp.store.company.name} ${erp.companyId}\n`,
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`mock ERP: ${signal}, stopping\n`);
  erp.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`mock ERP: stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
