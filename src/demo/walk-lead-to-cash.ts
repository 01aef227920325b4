import type { Run } from '../store';
import { type DemoSystems, demoHttp, type Json } from './demo-http';

/** What the walk needs besides the systems: a way to run a flow through the engine, and an output. */
export interface WalkOptions extends DemoSystems {
  /** Runs one flow to its end (the engine's startRun + waitForRun). */
  runFlow(flow: string): Promise<Run>;
  /** Receives each readable step line. */
  print(line: string): void;
  /** Makes the names unique per walk (defaults to the time), so a second start creates a fresh deal. */
  tag?: string;
}

/** The records the walk created, for tests and for the reader. */
export interface WalkResult {
  companyId: string;
  dealId: string;
  quoteId: string;
  orderId: string;
  orderNumber: string;
  /** ERP sales orders carrying the quote id: 1 when the bridge did its job. */
  ordersForQuote: number;
  invoiceNumber: string;
  deal: Record<string, string | null>;
  lines: string[];
}

const money = (value: unknown) =>
  Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const link = (id: string, associationTypeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
});
const DEAL_PROPERTIES = [
  'dealname',
  'erp_order_number',
  'erp_order_status',
  'erp_invoice_number',
  'erp_invoice_status',
  'erp_amount_due',
  'erp_payment_status',
  'erp_last_payment_date',
];

/**
 * Walks one deal from quote to payment against the embedded mocks, as a user would: creates a
 * deal for a synced company and a quote from two ERP-sourced products in the CRM, accepts it, lets
 * the warehouse ship, invoice and collect (the ERP mock's simulator), and after each step runs the
 * flows that carry it across, printing what each system now shows. Every record is new, so a
 * second start walks a second deal instead of tripping over the first. Never for real systems.
 *
 * @example
 * await walkLeadToCash({ crmUrl, crmToken, erpUrl, erpToken, print: console.log,
 *   runFlow: async (flow) => engine.waitForRun((await engine.startRun(flow, 'demo')).id) });
 * // 1. CRM: deal "Bikes for Adatum (2041)" with quote Q-2041 (2 lines, 1,234.00 EUR)
 */
export async function walkLeadToCash(options: WalkOptions): Promise<WalkResult> {
  const http = demoHttp(options);
  const tag = options.tag ?? new Date().toISOString().slice(11, 19).replaceAll(':', '');
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    options.print(line);
  };
  const run = async (flow: string) => {
    const finished = await options.runFlow(flow);
    if (finished.status === 'failed') throw new Error(`demo: flow ${flow} failed (run ${finished.id})`);
    return finished;
  };

  // 1. Sales: a deal for an account the ERP already knows (a new company would meet the matcher,
  // and a second start's "Adatum 2" would wait for review as a likely duplicate of the first's),
  // and a quote built from two products of the ERP's catalog.
  const company = await pickCompany(http);
  const products = await pickProducts(http);
  const deal = await http.crm('POST', 'deals', {
    properties: { dealname: `Bikes for ${company.name} (${tag})`, pipeline: 'default', dealstage: 'contractsent' },
    associations: [link(company.crmId, 341)],
  });
  const lineIds: string[] = [];
  let total = 0;
  for (const [i, product] of products.entries()) {
    const quantity = i + 1;
    total += quantity * Number(product.properties.price);
    const line = await http.crm('POST', 'line_items', {
      properties: {
        name: product.properties.name,
        hs_product_id: product.id,
        quantity: String(quantity),
        price: product.properties.price,
      },
      associations: [link(deal.id, 20)],
    });
    lineIds.push(line.id);
  }
  const title = `Q-${tag}`;
  const quote = await http.crm('POST', 'quotes', {
    properties: { hs_title: title, hs_status: 'DRAFT', hs_currency: 'EUR', hs_quote_amount: String(total) },
    associations: [link(deal.id, 64), link(company.crmId, 71), ...lineIds.map((id) => link(id, 67))],
  });
  say(`1. CRM: deal "${deal.properties.dealname}" with quote ${title} (${lineIds.length} lines, ${money(total)} EUR)`);

  // 2. The customer accepts: exactly one ERP order, and the quote says so.
  await http.crm('PATCH', `quotes/${quote.id}`, { properties: { hs_status: 'ACCEPTED' } });
  await run('quotes-to-sales-orders');
  const synced = await http.crm(
    'GET',
    `quotes/${quote.id}?properties=erp_sync_status,erp_sync_message,erp_order_number`,
  );
  const orders = (await http.erp('GET', `salesOrders?$filter=externalDocumentNumber eq '${quote.id}'`)).value as Json[];
  const order = orders[0];
  if (!order) throw new Error(`demo: quote ${quote.id} made no ERP order: ${synced.properties.erp_sync_message}`);
  say(
    `2. quote accepted -> ERP order ${order.number} (${orders.length} order for quote ${title}; quote says ${synced.properties.erp_sync_status}: ${synced.properties.erp_sync_message})`,
  );

  // 3-5. The warehouse ships, accounting invoices and the customer pays.
  await http.fulfil(order.id, ['ship']);
  await run('orders-to-deals');
  let shown = await readDeal(http, deal.id);
  say(`3. ERP shipped ${order.number} -> CRM deal: order ${shown.erp_order_status}`);
  await http.fulfil(order.id, ['ship', 'invoice']);
  await run('invoices-to-deals');
  const invoice = (await http.erp('GET', `salesInvoices?$filter=orderId eq ${order.id}`)).value[0] as Json;
  shown = await readDeal(http, deal.id);
  say(
    `4. invoiced ${invoice.number} ${money(invoice.totalAmountIncludingTax)} ${invoice.status.toLowerCase()} -> CRM deal: invoice ${shown.erp_invoice_status}, due ${money(shown.erp_amount_due)}`,
  );
  await http.fulfil(order.id, ['ship', 'invoice', 'pay']);
  for (const flow of ['orders-to-deals', 'invoices-to-deals', 'payments-to-deals']) await run(flow);
  shown = await readDeal(http, deal.id);
  say(
    `5. paid -> CRM deal: order ${shown.erp_order_status}, invoice ${shown.erp_invoice_status}, payment ${shown.erp_payment_status} (${shown.erp_last_payment_date})`,
  );
  return {
    companyId: company.crmId,
    dealId: deal.id,
    quoteId: quote.id,
    orderId: order.id,
    orderNumber: order.number,
    ordersForQuote: orders.length,
    invoiceNumber: invoice.number,
    deal: shown,
    lines,
  };
}

/** An ERP customer paired with a CRM company, able to order (not blocked, no credit limit). */
async function pickCompany(http: ReturnType<typeof demoHttp>): Promise<{ crmId: string; name: string }> {
  const page = await http.erp('GET', 'customers?$top=200');
  const customer = (page.value as Json[]).find(
    (c) => c.externalId && String(c.blocked).trim() === '' && Number(c.creditLimit) === 0,
  );
  if (!customer) throw new Error('demo: no ERP customer paired with a CRM company (did companies-to-customers run?)');
  return { crmId: customer.externalId, name: customer.displayName };
}

/** Two CRM products that came from ERP items, priced and in stock for the quantities quoted. */
async function pickProducts(http: ReturnType<typeof demoHttp>): Promise<Json[]> {
  const page = await http.crm('GET', 'products?limit=100&properties=name,price,hs_sku,erp_inventory,erp_item_number');
  const usable = (page.results as Json[]).filter(
    (p) => p.properties.erp_item_number && Number(p.properties.price) > 0 && Number(p.properties.erp_inventory) >= 10,
  );
  if (usable.length < 2)
    throw new Error('demo: fewer than 2 ERP products in stock in the CRM (did items-to-products run?)');
  return usable.slice(0, 2);
}

async function readDeal(http: ReturnType<typeof demoHttp>, id: string): Promise<Record<string, string | null>> {
  return (await http.crm('GET', `deals/${id}?properties=${DEAL_PROPERTIES.join(',')}`)).properties;
}
