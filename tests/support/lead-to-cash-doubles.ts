import { z } from 'zod';
import { ConnectorRegistry, type UpsertItem } from '../../src/connectors';
import { memoryConnectorDouble } from '../../src/connectors/testkit/memory-connector-double';
import type { IntegrationError } from '../../src/errors';

// Schemas shaped like decision 010's entities; HubSpot numbers (price, erp_inventory,
// erp_amount_due) are strings, as the mock CRM connector returns them. Optional, so tests seed only what a case needs. The real connectors land
// from other branches; the pending flows are validated against these until then.
const n = z.number().nullable().optional();
const s = z.string().nullable().optional();
const crmId = { hs_object_id: s, createdate: s, hs_lastmodifieddate: s };

const crmEntities = {
  company: { label: 'Company', schema: z.object({ ...crmId, name: s }) },
  product: {
    label: 'Product',
    schema: z.object({ ...crmId, name: s, hs_sku: s, price: s, description: s, erp_inventory: s, erp_item_number: s }),
  },
  deal: {
    label: 'Deal',
    schema: z.object({
      ...crmId,
      dealname: s,
      pipeline: s,
      dealstage: s,
      amount: s,
      closedate: s,
      dealtype: z.enum(['newbusiness', 'existingbusiness', 'renewal']).nullable().optional(),
      contract_start_date: s,
      contract_end_date: s,
      billing_frequency: z.enum(['monthly', 'quarterly', 'annually']).nullable().optional(),
      erp_order_number: s,
      erp_order_status: s,
      erp_invoice_number: s,
      erp_invoice_status: s,
      erp_amount_due: s,
      erp_payment_status: s,
      erp_last_payment_date: s,
      erp_contract_number: s,
    }),
  },
  quote: {
    label: 'Quote',
    schema: z.object({
      ...crmId,
      hs_title: s,
      hs_status: z
        .enum(['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACCEPTED', 'REJECTED', 'EXPIRED'])
        .nullable()
        .optional(),
      hs_expiration_date: s,
      hs_currency: s,
      hs_quote_amount: s,
      payment_terms: s,
      erp_sync_status: z.enum(['PENDING', 'SYNCED', 'REJECTED', 'PRICE_MISMATCH']).nullable().optional(),
      erp_sync_message: s,
      erp_order_number: s,
      line_items: z
        .array(
          z.object({ id: z.string(), name: s, hs_product_id: s, quantity: s, price: s, hs_discount_percentage: s }),
        )
        .nullable()
        .optional(),
    }),
  },
};

const erpEntities = {
  item: {
    label: 'Item',
    schema: z.object({
      number: s,
      displayName: s,
      displayName2: s,
      type: z.enum(['Inventory', 'Service']).nullable().optional(),
      unitPrice: n,
      unitCost: n,
      inventory: n,
      blocked: z.boolean().optional(),
    }),
    readOnlyFields: ['number'],
  },
  salesOrder: {
    label: 'Sales order',
    schema: z.object({
      number: s,
      externalDocumentNumber: s,
      orderDate: s,
      customerId: s,
      customerNumber: s,
      currencyCode: s,
      status: z.enum(['Draft', 'Open', 'Released']).optional(),
      fullyShipped: z.boolean().optional(),
      totalAmountExcludingTax: n,
      totalAmountIncludingTax: n,
      salesOrderLines: z.array(z.object({})).optional(),
    }),
    searchKeys: ['externalDocumentNumber'],
    externalRefField: 'externalDocumentNumber',
    requiredFields: ['customerId'],
    readOnlyFields: ['number', 'status', 'fullyShipped'],
  },
  salesInvoice: {
    label: 'Sales invoice',
    schema: z.object({
      number: s,
      externalDocumentNumber: s,
      orderId: s,
      orderNumber: s,
      customerId: s,
      invoiceDate: s,
      dueDate: s,
      status: z.enum(['Draft', 'Open', 'Paid', 'Canceled']).optional(),
      totalAmountIncludingTax: n,
      remainingAmount: n,
    }),
  },
  customerPayment: {
    label: 'Customer payment',
    schema: z.object({
      customerId: s,
      postingDate: s,
      amount: n,
      appliesToInvoiceId: s,
      appliesToInvoiceNumber: s,
      externalDocumentNumber: s,
      description: s,
    }),
  },
  billingContract: {
    label: 'Billing contract',
    schema: z.object({
      number: s,
      externalDocumentNumber: s,
      customerId: s,
      startDate: s,
      endDate: s,
      billingPeriod: s,
      amount: n,
      status: z.enum(['Active', 'Cancelled']).optional(),
    }),
    searchKeys: ['externalDocumentNumber'],
    externalRefField: 'externalDocumentNumber',
    requiredFields: ['customerId', 'startDate'],
    readOnlyFields: ['number'],
  },
};

/**
 * A CRM and an ERP in memory with decision 010's lead-to-cash entities, registered as `crm` and
 * `erp`. `refuse` lets the ERP answer a write with a 400, like its order checks; `refuseCrm` the CRM.
 *
 * @example
 * const { registry, crm, erp } = leadToCashDoubles();
 */
export function leadToCashDoubles(
  refuse?: (entity: string, item: UpsertItem) => IntegrationError | undefined,
  refuseCrm?: (entity: string, item: UpsertItem) => IntegrationError | undefined,
) {
  const crm = memoryConnectorDouble(
    {},
    { id: 'crm-double', entities: crmEntities, ...(refuseCrm ? { refuse: refuseCrm } : {}) },
  );
  const erp = memoryConnectorDouble(
    {},
    {
      id: 'erp-double',
      entities: erpEntities,
      numbers: { salesOrder: 'SO', salesInvoice: 'INV', billingContract: 'BC' },
      ...(refuse ? { refuse } : {}),
    },
  );
  const registry = new ConnectorRegistry().register(crm).register(erp);
  const context = { log: () => {} };
  const crmInstance = registry.instantiate('crm', 'crm', 'crm-double', {}, context);
  const erpInstance = registry.instantiate('erp', 'erp', 'erp-double', {}, context);
  return { registry, crm, erp, crmInstance, erpInstance };
}
