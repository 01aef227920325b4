import { TrytonConfig } from '../../../connectors/tryton/client/tryton-config';
import { createTrytonRpc, type TrytonRpc } from '../../../connectors/tryton/client/tryton-rpc';
import { decimal } from '../../../connectors/tryton/client/tryton-values';

/**
 * The set-up a fresh Tryton needs before a sale (see /work/shared/NOTES-tryton.md): a
 * currency, a company, the admin user in that company, the "Minimal Account Chart" with
 * default receivable/payable accounts, an accounting product category ("Goods"), and a user
 * without groups for permission tests. With the chart, a sale invoiced on order gets a draft
 * invoice; with manual methods it needs none.
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
  const accounts = await createMinimalChart(rpc, company as number);
  // Products invoiced on order need a category that carries the revenue/expense accounts.
  await rpc.model('product.category', 'create', [
    [{ name: 'Goods', accounting: true, account_revenue: accounts.revenue, account_expense: accounts.expense }],
  ]);
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

/** Runs the `account.create_chart` wizard with the minimal template; returns the revenue and expense accounts. */
async function createMinimalChart(rpc: TrytonRpc, company: number): Promise<{ revenue: number; expense: number }> {
  const [template] = await rpc.model<{ id: number }[]>('account.account.template', 'search', [
    [
      ['parent', '=', null],
      ['name', '=', 'Minimal Account Chart'],
    ],
    0,
    1,
    null,
  ]);
  if (template === undefined) throw new Error('[tryton] the "Minimal Account Chart" template is missing');
  const [session] = await rpc.invoke<[number]>('wizard.account.create_chart.create', []);
  const execute = (data: unknown, state: string) =>
    rpc.invoke('wizard.account.create_chart.execute', [session, data, state]);
  await execute({}, 'account');
  await execute({ account: { company, account_template: template } }, 'create_account');
  const accountOf = async (kind: string) => {
    const [id] = await rpc.model<number[]>('account.account', 'search', [[[`type.${kind}`, '=', true]], 0, 1, null]);
    if (id === undefined) throw new Error(`[tryton] the minimal chart has no ${kind} account`);
    return id;
  };
  const [receivable, payable, revenue, expense] = [
    await accountOf('receivable'),
    await accountOf('payable'),
    await accountOf('revenue'),
    await accountOf('expense'),
  ];
  await execute(
    {
      properties: {
        company,
        account_receivable: receivable,
        account_payable: payable,
        category_account_revenue: revenue,
        category_account_expense: expense,
      },
    },
    'create_properties',
  );
  await rpc.invoke('wizard.account.create_chart.delete', [session]);
  return { revenue, expense };
}
