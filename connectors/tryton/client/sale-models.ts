import { IntegrationError, ValidationError } from '../../../src/errors';
import { type Row, readById, type TrytonModel } from './tryton-models';
import { decimal } from './tryton-values';

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
/**
 * States a sale reaches once `confirm` and the processing it triggers went through. Tryton
 * runs that processing after committing the confirm (without a queue worker, before the RPC
 * answers); when it fails the sale stays `confirmed` and only the server log says why.
 */
const PROCESSED = new Set(['processing', 'done']);

interface SaleLineInput {
  productId: string;
  quantity: number;
  unitPrice: string | number;
  description?: string;
}

/**
 * Sales with lines. Creating one also quotes and confirms it (unless `confirm: false`), then
 * reads the state back: Tryton's `confirm` answers success even when the processing it
 * triggers fails (the error only reaches the server log), so a sale that is not processing
 * or done is reported as a failed item carrying its id (`details.id`), not as created.
 */
export const saleModel: TrytonModel = {
  model: 'sale.sale',
  readFields: [
    'number',
    'reference',
    'party',
    'state',
    'invoice_method',
    'shipment_method',
    'invoice_state',
    'shipment_state',
    'total_amount',
    'lines',
  ],
  async toFields(rpc, rows) {
    const lines = await readById(
      rpc,
      'sale.line',
      rows.flatMap((r) => r.lines as number[]),
      ['type', 'product', 'quantity', 'unit_price', 'description'],
    );
    return rows.map((row) => ({
      number: str(row.number),
      reference: str(row.reference),
      customerId: str(row.party),
      state: row.state,
      invoiceMethod: row.invoice_method,
      shipmentMethod: row.shipment_method,
      invoiceState: str(row.invoice_state),
      shipmentState: str(row.shipment_state),
      totalAmount: row.total_amount == null ? null : str(row.total_amount),
      lines: (row.lines as number[])
        .map((id) => lines.get(id))
        .filter((line): line is Row => line?.type === 'line')
        .map((line) => ({
          productId: str(line.product),
          quantity: Number(line.quantity),
          unitPrice: str(line.unit_price),
          description: str(line.description),
        })),
    }));
  },
  async createValues(rpc, fields) {
    const partyId = Number(fields.customerId);
    const [party] = await rpc.model<Row[]>('party.party', 'search_read', [
      [['id', '=', partyId]],
      0,
      1,
      null,
      ['addresses'],
    ]);
    if (!party) {
      throw new ValidationError(`customer ${String(fields.customerId)} does not exist`, [
        { field: 'customerId', message: 'unknown customer' },
      ]);
    }
    const address = (party.addresses as number[])[0];
    const lines = (fields.lines ?? []) as SaleLineInput[];
    const products = await readById(
      rpc,
      'product.product',
      lines.map((l) => Number(l.productId)),
      ['default_uom'],
    );
    return {
      party: partyId,
      ...(address === undefined ? {} : { invoice_address: address, shipment_address: address }),
      ...(fields.reference === undefined ? {} : { reference: fields.reference }),
      ...(fields.invoiceMethod === undefined ? {} : { invoice_method: fields.invoiceMethod }),
      ...(fields.shipmentMethod === undefined ? {} : { shipment_method: fields.shipmentMethod }),
      lines: [
        [
          'create',
          lines.map((line) => ({
            type: 'line',
            product: Number(line.productId),
            quantity: line.quantity,
            unit: products.get(Number(line.productId))?.default_uom,
            unit_price: decimal(line.unitPrice),
            description: line.description ?? '',
          })),
        ],
      ],
    };
  },
  async afterCreate(rpc, id, fields) {
    if (fields.confirm === false) return;
    await rpc.model('sale.sale', 'quote', [[id]]);
    await rpc.model('sale.sale', 'confirm', [[id]]);
    const [after] = await rpc.model<Row[]>('sale.sale', 'read', [[id], ['state']]);
    if (!after || !PROCESSED.has(str(after.state))) {
      throw new IntegrationError(
        'validation_failed',
        `sale.sale ${id}: confirm returned but the sale is "${str(after?.state)}", not processed (no invoice or shipment); see the Tryton server log`,
        { details: { id: String(id), state: after?.state } },
      );
    }
  },
  async write(rpc, id, fields) {
    // Only header fields that Tryton lets change after confirmation; lines are immutable then.
    const values: Record<string, unknown> = {};
    if (Object.hasOwn(fields, 'reference')) values.reference = fields.reference;
    if (Object.keys(values).length > 0) await rpc.model('sale.sale', 'write', [[id], values]);
  },
  searchKeys: { reference: (value) => [['reference', '=', value]], number: (value) => [['number', '=', value]] },
  fieldNames: { party: 'customerId', reference: 'reference', lines: 'lines', unit_price: 'lines', product: 'lines' },
};

/** Customer invoices, read-only: state and totals go back to the CRM. */
export const invoiceModel: TrytonModel = {
  model: 'account.invoice',
  readFields: ['number', 'reference', 'type', 'party', 'state', 'total_amount', 'invoice_date', 'sales'],
  async toFields(_rpc, rows) {
    return rows.map((row) => ({
      number: str(row.number),
      reference: str(row.reference),
      type: row.type,
      customerId: str(row.party),
      state: row.state,
      totalAmount: row.total_amount == null ? null : str(row.total_amount),
      invoiceDate: str(row.invoice_date),
      saleIds: ((row.sales as number[] | undefined) ?? []).map(String),
    }));
  },
  searchKeys: { reference: (value) => [['reference', '=', value]], number: (value) => [['number', '=', value]] },
  fieldNames: {},
};
