import { MockCrmEnv as Env } from './mock-crm-env';
import { startCrmServer } from './start-crm-server';
import { allEventsOf } from './webhooks/webhook-settings';

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
    webhooks: {
      ...(env.CRM_WEBHOOK_TARGET_URL ? { targetUrl: env.CRM_WEBHOOK_TARGET_URL } : {}),
      ...(env.CRM_WEBHOOK_SECRET ? { secret: env.CRM_WEBHOOK_SECRET } : {}),
      subscriptions: env.CRM_WEBHOOK_TARGET_URL ? allEventsOf(['company', 'contact']) : [],
    },
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
