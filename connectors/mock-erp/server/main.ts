import { MockErpEnv as Env } from './mock-erp-env';
import { startErpServer } from './start-erp-server';

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
