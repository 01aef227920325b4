import { z } from 'zod';
import { startCrmServer } from './start-crm-server';

/** Environment of the standalone mock; every problem is reported at once. */
const Env = z.object({
  MOCK_CRM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  MOCK_CRM_HOST: z.string().default('127.0.0.1'),
  MOCK_CRM_TOKEN: z.string().min(1).default('dev-crm-token'),
  MOCK_CRM_SEED: z.coerce.number().int().default(42),
  /** Seed size on first start (ignored when MOCK_CRM_DATA_FILE already holds data). */
  MOCK_CRM_COMPANIES: z.coerce.number().int().nonnegative().default(2000),
  MOCK_CRM_CONTACTS: z.coerce.number().int().nonnegative().default(5000),
  MOCK_CRM_DEALS: z.coerce.number().int().nonnegative().default(6),
  MOCK_CRM_TICKETS: z.coerce.number().int().nonnegative().default(20),
  /** Optional JSON file so the data survives restarts. */
  MOCK_CRM_DATA_FILE: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    process.stderr.write(`mock CRM: invalid environment\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  const env = parsed.data;
  const crm = await startCrmServer({
    port: env.MOCK_CRM_PORT,
    host: env.MOCK_CRM_HOST,
    seed: {
      seed: env.MOCK_CRM_SEED,
      companies: env.MOCK_CRM_COMPANIES,
      contacts: env.MOCK_CRM_CONTACTS,
      deals: env.MOCK_CRM_DEALS,
      tickets: env.MOCK_CRM_TICKETS,
    },
    tokens: { [env.MOCK_CRM_TOKEN]: 'all' },
    ...(env.MOCK_CRM_DATA_FILE ? { dataFile: env.MOCK_CRM_DATA_FILE } : {}),
  });
  // The token itself is never printed; a developer knows the one they set.
  process.stdout.write(`mock CRM (HubSpot v3-compatible) listening on ${crm.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`mock CRM: ${signal}, stopping\n`);
    crm.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mock CRM: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`mock CRM failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
