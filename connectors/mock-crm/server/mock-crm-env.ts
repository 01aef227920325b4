import { z } from 'zod';

/**
 * Environment of the standalone mock CRM (`connectors/mock-crm/server/main.ts`), apart so the
 * compose file can be checked against it without starting a server.
 *
 * @example
 * const env = MockCrmEnv.parse(process.env);
 */
export const MockCrmEnv = z.object({
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
  /** Where webhook deliveries go, subscribed to every company and contact event (no API calls needed). */
  CRM_WEBHOOK_TARGET_URL: z.url().optional(),
  /** The app secret deliveries are signed with (X-HubSpot-Signature-v3). */
  CRM_WEBHOOK_SECRET: z.string().min(1).optional(),
});
