import { z } from 'zod';

const text = z.string();
/** Decimal as an exact string ("10.50"), as the connector reads Tryton's Decimal objects. */
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

/**
 * A Tryton party (`party.party`) read as an ERP customer. Field names follow the mock ERP's
 * Business Central customer where the meaning is the same, so a companies flow written for
 * one can target the other; the first address supplies the address fields, and phone, email
 * and website are the party's first contact mechanism of each type ('' when none).
 */
export const TrytonCustomer = z.object({
  /** Party code (Tryton's sequence, read-only). */
  number: text,
  displayName: text,
  addressLine1: text,
  city: text,
  postalCode: text,
  phoneNumber: text,
  email: text,
  website: text,
  active: z.boolean(),
});
export type TrytonCustomer = z.infer<typeof TrytonCustomer>;

/** A product template (`product.template`) with its variants and list price. */
export const TrytonItem = z.object({
  name: text,
  /** Template code; '' when unset. */
  code: text,
  type: z.enum(['goods', 'assets', 'service']),
  listPrice: decimalText.nullable(),
  salable: z.boolean(),
  /** Unit of measure symbol (`u`). */
  unit: text,
  /** Accounting product category id ('' when none); products invoiced on order need one. */
  accountCategoryId: text,
  /** Variant (`product.product`) ids and codes; sale lines reference these ids. */
  variants: z.array(z.object({ id: z.string(), code: text })),
});
export type TrytonItem = z.infer<typeof TrytonItem>;

/**
 * A sellable product variant (`product.product`) with its template's name, list price and
 * unit: the id sale lines reference, so the CRM product is paired with it directly.
 */
export const TrytonProduct = z.object({
  name: text,
  /** Variant code (template code plus variant suffix); '' when unset. */
  code: text,
  listPrice: decimalText.nullable(),
  salable: z.boolean(),
  /** Unit of measure symbol (`u`). */
  unit: text,
  /** The template (`product.template`) id, i.e. the `item` entity's id. */
  templateId: text,
  active: z.boolean(),
});
export type TrytonProduct = z.infer<typeof TrytonProduct>;

/** One line of a {@link TrytonSale}. */
export const TrytonSaleLine = z.object({
  /** Variant (`product.product`) id. */
  productId: z.string(),
  quantity: z.number(),
  unitPrice: decimalText,
  description: text,
});

/** A sale (`sale.sale`) with its lines; `reference` carries the source quote id. */
export const TrytonSale = z.object({
  number: text,
  reference: text,
  customerId: z.string(),
  state: z.enum(['draft', 'quotation', 'confirmed', 'processing', 'done', 'cancelled']),
  /** When Tryton invoices the sale: `order` needs products with an accounting category. */
  invoiceMethod: z.enum(['manual', 'order', 'shipment']),
  shipmentMethod: z.enum(['manual', 'order', 'invoice']),
  invoiceState: text,
  shipmentState: text,
  totalAmount: decimalText.nullable(),
  lines: z.array(TrytonSaleLine),
});
export type TrytonSale = z.infer<typeof TrytonSale>;

/** An invoice (`account.invoice`): read-only, for status back to the CRM. */
export const TrytonInvoice = z.object({
  number: text,
  reference: text,
  type: z.enum(['out', 'in']),
  customerId: z.string(),
  state: z.enum(['draft', 'validated', 'posted', 'paid', 'cancelled']),
  totalAmount: decimalText.nullable(),
  invoiceDate: text,
  /** Sales this invoice bills (`sale.sale` ids). */
  saleIds: z.array(z.string()),
});
export type TrytonInvoice = z.infer<typeof TrytonInvoice>;
