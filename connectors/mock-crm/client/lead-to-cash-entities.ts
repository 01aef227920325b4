import { z } from 'zod';
import { system, text } from './crm-entities';

/** A picklist value as HubSpot returns it: one of the options, or null when unset. */
const choice = <const T extends readonly [string, ...string[]]>(options: T) => z.enum(options).nullable();

/**
 * A HubSpot product (`products`). The ERP masters the catalog: `erp_*` are written by the
 * bridge. Numbers (`price`, `erp_inventory`) are strings, as HubSpot sends them.
 */
export const Product = z.object({
  ...system,
  name: text,
  /** The item number the ERP knows the product by; the match key. */
  hs_sku: text,
  price: text,
  description: text,
  erp_inventory: text,
  erp_item_number: text,
});
export type Product = z.infer<typeof Product>;

/** A HubSpot deal (`deals`) of the default pipeline; `erp_*` carry the order, invoice and payment status. */
export const Deal = z.object({
  ...system,
  dealname: text,
  pipeline: text,
  dealstage: text,
  amount: text,
  closedate: text,
  dealtype: choice(['newbusiness', 'existingbusiness', 'renewal']),
  contract_start_date: text,
  contract_end_date: text,
  billing_frequency: choice(['monthly', 'quarterly', 'annually']),
  erp_order_number: text,
  erp_order_status: text,
  erp_invoice_number: text,
  erp_invoice_status: text,
  erp_amount_due: text,
  erp_payment_status: text,
  erp_last_payment_date: text,
  erp_contract_number: text,
});
export type Deal = z.infer<typeof Deal>;

/** One line item as the connector inlines it into a quote (`fields.line_items`). */
export const QuoteLine = z.object({
  id: z.string(),
  name: text,
  hs_product_id: text,
  quantity: text,
  price: text,
  hs_discount_percentage: text,
});
export type QuoteLine = z.infer<typeof QuoteLine>;

/** Quote status (`hs_status`); `ACCEPTED` is what the quote flow pushes to the ERP. */
export const QuoteStatus = z.enum(['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACCEPTED', 'REJECTED', 'EXPIRED']);

/**
 * A HubSpot quote (`quotes`) with its line items inlined (`line_items`, read through the v4
 * associations and one batch read per page), so a flow maps a quote and its lines in one record.
 */
export const Quote = z.object({
  ...system,
  hs_title: text,
  hs_status: QuoteStatus.nullable(),
  hs_expiration_date: text,
  hs_currency: text,
  hs_quote_amount: text,
  payment_terms: text,
  erp_sync_status: choice(['PENDING', 'SYNCED', 'REJECTED', 'PRICE_MISMATCH']),
  erp_sync_message: text,
  erp_order_number: text,
  /** Not a HubSpot property: the associated line items, ascending by id. */
  line_items: z.array(QuoteLine),
});
export type Quote = z.infer<typeof Quote>;

/** A HubSpot line item (`line_items`); `hs_product_id` links it to a product. */
export const LineItem = z.object({
  ...system,
  name: text,
  hs_product_id: text,
  quantity: text,
  price: text,
  hs_discount_percentage: text,
  amount: text,
});
export type LineItem = z.infer<typeof LineItem>;

/** A HubSpot ticket (`tickets`): CRM-only, never synced (DESIGN section 1). */
export const Ticket = z.object({
  ...system,
  subject: text,
  content: text,
  hs_pipeline_stage: text,
  hs_ticket_priority: text,
});
export type Ticket = z.infer<typeof Ticket>;
