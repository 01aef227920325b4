import { z } from 'zod';

const Id = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(String);

/**
 * One event of a HubSpot v3 webhook delivery (decision 010). Unknown keys are kept out; a
 * delivery is an array of these, at most 100.
 */
export const HubSpotEvent = z.object({
  eventId: z.union([z.number(), z.string()]),
  subscriptionId: z.number().optional(),
  portalId: z.number().optional(),
  appId: z.number().optional(),
  occurredAt: z.number().int(),
  /** `<object type singular>.<creation|propertyChange|deletion|merge>`. */
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z]+$/),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: Id,
  propertyName: z.string().optional(),
  propertyValue: z.string().nullable().optional(),
  changeSource: z.string().optional(),
});
export type HubSpotEvent = z.infer<typeof HubSpotEvent>;
