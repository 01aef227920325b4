import type { CrmStore } from './crm-store';
import { DEFAULT_DEAL_STAGES, TICKET_STAGES } from './lead-to-cash-schemas';
import { createPrng } from './prng';

/** What {@link seedSales} created. */
export interface SeedSalesResult {
  dealIds: string[];
  ticketIds: string[];
}

const TICKET_SUBJECTS = [
  'Cannot log in to the portal',
  'Invoice shows the wrong address',
  'Shipment arrived damaged',
  'Question about renewal terms',
  'Password reset does not arrive',
  'Request for a W-9 form',
] as const;

/**
 * Seeds a handful of deals and some tickets on existing companies, after the companies and
 * contacts, from a PRNG of its own: the company and contact data stay byte-identical whatever
 * these counts are. No products: the ERP masters the catalog and pushes it. Tickets exist so
 * the "never synced" rule (CRM-only) has something to refuse.
 *
 * @example
 * seedSales(store, { companyIds, deals: 6, tickets: 20, seed: 42, startMs: SEED_BASE_MS + 7000 * 1000 });
 */
export function seedSales(
  store: CrmStore,
  options: { companyIds: readonly string[]; deals: number; tickets: number; seed: number; startMs: number },
): SeedSalesResult {
  const result: SeedSalesResult = { dealIds: [], ticketIds: [] };
  const { companyIds } = options;
  if (companyIds.length === 0) return result;
  // A distinct stream: the main seed PRNG must not be advanced by these records.
  const random = createPrng((options.seed ^ 0x5a1e5) >>> 0);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let slot = 0;
  const stamp = () => options.startMs + slot++ * 1000;

  for (let i = 0; i < options.deals; i++) {
    const companyId = pick(companyIds);
    const company = store.get('companies', companyId)?.properties.name?.trim() ?? 'Customer';
    const createdAt = stamp();
    const dealtype = pick(['newbusiness', 'existingbusiness', 'renewal'] as const);
    const start = new Date(Date.UTC(2026, int(0, 11), 1));
    const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), 0));
    const deal = store.create(
      'deals',
      {
        dealname: `${company} - ${dealtype === 'renewal' ? 'Renewal' : 'Order'} ${i + 1}`,
        pipeline: 'default',
        dealstage: pick(DEFAULT_DEAL_STAGES),
        amount: String(int(10, 500) * 100),
        closedate: new Date(createdAt + int(7, 90) * 86_400_000).toISOString(),
        dealtype,
        contract_start_date: dealtype === 'renewal' ? start.toISOString().slice(0, 10) : null,
        contract_end_date: dealtype === 'renewal' ? end.toISOString().slice(0, 10) : null,
        billing_frequency: dealtype === 'renewal' ? pick(['monthly', 'quarterly', 'annually'] as const) : null,
      },
      { createdAt, at: createdAt },
    );
    store.associate('deals', deal.id, 'companies', companyId, { touch: false });
    result.dealIds.push(deal.id);
  }

  for (let i = 0; i < options.tickets; i++) {
    const companyId = pick(companyIds);
    const createdAt = stamp();
    const ticket = store.create(
      'tickets',
      {
        subject: pick(TICKET_SUBJECTS),
        content: `Reported by the customer's team, case ${i + 1}.`,
        hs_pipeline_stage: pick(TICKET_STAGES),
        hs_ticket_priority: pick(['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const),
      },
      { createdAt, at: createdAt },
    );
    store.associate('tickets', ticket.id, 'companies', companyId, { touch: false });
    result.ticketIds.push(ticket.id);
  }
  return result;
}
