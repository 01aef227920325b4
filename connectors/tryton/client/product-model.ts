import { IntegrationError } from '../../../src/errors';
import { itemModel, type Row, type TrytonModel } from './tryton-models';
import { unitSymbols } from './unit-symbols';

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
/** Tryton on SQLite answers Boolean fields as 0/1. */
const bool = (value: unknown): boolean => value === true || value === 1;

/**
 * Sellable products as variants (`product.product`): the record id is the one sale lines
 * take, and name, list price and salable come from the variant's template (Tryton exposes
 * them on the variant). Creating one creates its template first; writing one writes the
 * template and then touches the variant, because listChanges pages by the variant's
 * `write_date` and a template edit alone does not move it.
 */
export const productModel: TrytonModel = {
  model: 'product.product',
  readFields: ['template', 'code', 'name', 'list_price', 'salable', 'default_uom', 'active'],
  async toFields(rpc, rows) {
    const uoms = await unitSymbols(rpc, rows);
    return rows.map((row) => ({
      name: str(row.name),
      code: str(row.code),
      listPrice: row.list_price == null ? null : str(row.list_price),
      salable: bool(row.salable),
      unit: str(uoms.get(row.default_uom as number)),
      templateId: str(row.template),
      active: bool(row.active),
    }));
  },
  async createValues(rpc, fields) {
    // The item model builds the template (unit lookup, sale unit); the variant is created
    // here instead of with it, so the create answers the variant's id.
    const { products: _variants, ...template } = await itemModel.createValues!(rpc, fields);
    const [templateId] = await rpc.model<number[]>('product.template', 'create', [[template]]);
    return { template: templateId };
  },
  async write(rpc, id, fields) {
    const [variant] = await rpc.model<Row[]>('product.product', 'search_read', [
      [['id', '=', id]],
      0,
      1,
      null,
      ['template'],
    ]);
    if (!variant) throw new IntegrationError('not_found', `product.product ${id} does not exist`);
    await itemModel.write!(rpc, variant.template as number, fields);
    await rpc.model('product.product', 'write', [[id], { active: fields.active !== false }]);
  },
  searchKeys: {
    name: (value) => [['name', '=', value]],
    code: (value) => [['code', '=', value]],
  },
  fieldNames: { ...itemModel.fieldNames, template: 'templateId', active: 'active' },
};
