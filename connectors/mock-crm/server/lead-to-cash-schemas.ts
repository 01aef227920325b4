import type { CrmObjectSchema, PropertyDefinition } from './crm-schemas';
import { SYSTEM } from './system-properties';

const text: PropertyDefinition = { type: 'string' };
const number: PropertyDefinition = { type: 'number' };
const date: PropertyDefinition = { type: 'date' };
const choice = (...options: string[]): PropertyDefinition => ({ type: 'enumeration', options });
/** `erp_*` properties: created by the bridge app, read-only for people, written by its token. */
const erp = (definition: PropertyDefinition): PropertyDefinition => ({ ...definition, custom: true, appOwned: true });

/** Stages of HubSpot's default sales pipeline (internal values). */
export const DEFAULT_DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
] as const;

/** Quote statuses (`hs_status`); a PATCH to `ACCEPTED` is what the quote flow waits for. */
export const QUOTE_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACCEPTED', 'REJECTED', 'EXPIRED'] as const;

/** Stages of HubSpot's default support pipeline: New, Waiting on contact, Waiting on us, Closed. */
export const TICKET_STAGES = ['1', '2', '3', '4'] as const;

/**
 * The lead-to-cash object types (decision 010): products, deals, quotes, line items and
 * tickets, with HubSpot's type ids and internal property names.
 */
export const LEAD_TO_CASH_SCHEMAS: Readonly<Record<string, CrmObjectSchema>> = {
  products: {
    name: 'products',
    typeId: '0-7',
    properties: {
      ...SYSTEM,
      name: text,
      hs_sku: text,
      price: number,
      description: text,
      erp_inventory: erp(number),
      erp_item_number: erp(text),
    },
  },
  deals: {
    name: 'deals',
    typeId: '0-3',
    properties: {
      ...SYSTEM,
      dealname: text,
      pipeline: choice('default'),
      dealstage: choice(...DEFAULT_DEAL_STAGES),
      amount: number,
      closedate: { type: 'datetime' },
      dealtype: choice('newbusiness', 'existingbusiness', 'renewal'),
      contract_start_date: { ...date, custom: true },
      contract_end_date: { ...date, custom: true },
      billing_frequency: { ...choice('monthly', 'quarterly', 'annually'), custom: true },
      erp_order_number: erp(text),
      erp_order_status: erp(text),
      erp_invoice_number: erp(text),
      erp_invoice_status: erp(text),
      erp_amount_due: erp(number),
      erp_payment_status: erp(text),
      erp_last_payment_date: erp(date),
      erp_contract_number: erp(text),
    },
  },
  quotes: {
    name: 'quotes',
    typeId: '0-14',
    properties: {
      ...SYSTEM,
      hs_title: text,
      hs_status: choice(...QUOTE_STATUSES),
      hs_expiration_date: date,
      hs_currency: text,
      hs_quote_amount: number,
      payment_terms: { ...text, custom: true },
      erp_sync_status: erp(choice('PENDING', 'SYNCED', 'REJECTED', 'PRICE_MISMATCH')),
      erp_sync_message: erp(text),
      erp_order_number: erp(text),
    },
  },
  line_items: {
    name: 'line_items',
    typeId: '0-8',
    properties: {
      ...SYSTEM,
      name: text,
      hs_product_id: text,
      quantity: number,
      price: number,
      hs_discount_percentage: number,
      amount: number,
    },
  },
  tickets: {
    name: 'tickets',
    typeId: '0-5',
    properties: {
      ...SYSTEM,
      subject: text,
      content: text,
      hs_pipeline_stage: choice(...TICKET_STAGES),
      hs_ticket_priority: choice('LOW', 'MEDIUM', 'HIGH', 'URGENT'),
    },
  },
};
