import { crmTestApi } from '../../connectors/mock-crm/server/crm-test-api';

/** One quote line: a CRM product id, quantity and price as HubSpot sends them (text). */
export interface QuoteLineInput {
  name: string;
  productId: string;
  quantity: string;
  price: string;
}

/** HubSpot association type ids the mock CRM checks (deal->company, quote->deal/company/line item). */
const TYPE = { dealCompany: 341, quoteDeal: 64, quoteCompany: 71, quoteLine: 67 } as const;

/**
 * Builds lead-to-cash scenes in a running mock CRM over its HTTP API, the way a sales rep's
 * clicks would: a deal of a company, line items for products, a quote tying them together,
 * and property reads and patches for assertions.
 *
 * @example
 * const crm = crmQuoteScene(bridge.crmUrl);
 * const { deal, quote } = await crm.quote(companyId, 'Bikes', [{ name: 'Bike', productId, quantity: '2', price: '350' }]);
 * await crm.patch('quotes', quote, { hs_status: 'ACCEPTED' });
 */
export function crmQuoteScene(crmUrl: string) {
  const api = crmTestApi({ url: crmUrl });
  const create = async (type: string, properties: Record<string, unknown>, associations: unknown[] = []) => {
    const response = await api.post(`/crm/v3/objects/${type}`, { properties, associations });
    if (response.status !== 201)
      throw new Error(`creating ${type}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };
  const link = (id: string, typeId: number) => ({
    to: { id },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
  });
  return {
    api,
    /** A DRAFT quote on a new deal of the company, with one line item per line. */
    async quote(company: string, title: string, lines: QuoteLineInput[]) {
      const deal = await create('deals', { dealname: title, pipeline: 'default', dealstage: 'contractsent' }, [
        link(company, TYPE.dealCompany),
      ]);
      const lineIds: string[] = [];
      for (const line of lines) {
        const { productId, ...rest } = line;
        lineIds.push(await create('line_items', { ...rest, hs_product_id: productId }));
      }
      const quote = await create('quotes', { hs_title: title, hs_status: 'DRAFT', hs_currency: 'EUR' }, [
        link(deal, TYPE.quoteDeal),
        link(company, TYPE.quoteCompany),
        ...lineIds.map((id) => link(id, TYPE.quoteLine)),
      ]);
      return { deal, quote };
    },
    async props(type: string, id: string, names: string[]): Promise<Record<string, string | null>> {
      return (await api.get(`/crm/v3/objects/${type}/${id}?properties=${names.join(',')}`)).body.properties;
    },
    async patch(type: string, id: string, properties: Record<string, unknown>): Promise<void> {
      const response = await api.patch(`/crm/v3/objects/${type}/${id}`, { properties });
      if (response.status !== 200) throw new Error(`patching ${type} ${id}: ${response.status}`);
    },
  };
}
