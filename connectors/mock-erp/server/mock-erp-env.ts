import { z } from 'zod';
import { FaultConfig } from './erp-faults';

/**
 * Environment of the standalone mock ERP (`connectors/mock-erp/server/main.ts`), apart so the
 * compose file can be checked against it without starting a server.
 *
 * @example
 * const env = MockErpEnv.parse(process.env);
 */
export const MockErpEnv = z.object({
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
