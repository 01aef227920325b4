import { TrytonConfig } from '../../../connectors/tryton/client/tryton-config';
import { createTrytonRpc } from '../../../connectors/tryton/client/tryton-rpc';
import { decimal } from '../../../connectors/tryton/client/tryton-values';

/**
 * The set-up a fresh Tryton needs before a sale (see /work/shared/NOTES-tryton.md): a
 * currency, a company, the admin user in that company, a product category, and a user
 * without groups for permission tests. Sales are created with manual invoice and shipment
 * methods, so no chart of accounts is needed.
 *
 * @example
 * await runMinimalSetup({ url, database: 'bridge', username: 'admin', password }, { username: 'limited', password });
 */
export async function runMinimalSetup(
  admin: { url: string; database: string; username: string; password: string },
  limited: { username: string; password: string },
): Promise<void> {
  const rpc = createTrytonRpc(TrytonConfig.parse(admin));
  const [currency] = await rpc.model<number[]>('currency.currency', 'create', [
    [{ name: 'Euro', symbol: '€', code: 'EUR', rounding: decimal('0.01'), digits: 2 }],
  ]);
  const [companyParty] = await rpc.model<number[]>('party.party', 'create', [[{ name: 'Bridge Test Company' }]]);
  const [company] = await rpc.model<number[]>('company.company', 'create', [[{ party: companyParty, currency }]]);
  await rpc.model('res.user', 'write', [[1], { companies: [['add', [company]]], company }]);
  // The context read at login predates the company; a new session reads it again.
  rpc.close();
  await rpc.model('product.category', 'create', [[{ name: 'Goods' }]]);
  await rpc.model('res.user', 'create', [
    [
      {
        name: 'Limited Integration User',
        login: limited.username,
        password: limited.password,
        companies: [['add', [company]]],
        company,
      },
    ],
  ]);
  rpc.close();
}
