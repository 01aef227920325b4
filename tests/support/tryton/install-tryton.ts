import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Debian packages the Tryton tests need (sale pulls party, product, company, currency). */
export const TRYTON_PACKAGES = [
  'tryton-server',
  'tryton-modules-sale',
  'tryton-modules-party',
  'tryton-modules-product',
  'tryton-modules-account-invoice',
  'tryton-modules-stock',
] as const;

const MODULES_DIR = '/usr/lib/python3/dist-packages/trytond/modules';

/**
 * Makes sure trytond and the modules are installed, installing them with apt (as root) when
 * they are not, and says so on the console. Throws when the install fails: the Tryton tests
 * must run, never skip quietly.
 *
 * @example
 * const { installedNow, ms } = ensureTrytonInstalled();
 */
export function ensureTrytonInstalled(): { installedNow: boolean; ms: number } {
  if (isInstalled()) return { installedNow: false, ms: 0 };
  const started = Date.now();
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${TRYTON_PACKAGES.join(' ')}`;
  console.log(`[tryton] trytond or its modules are missing: running \`${command}\``);
  const install = spawnSync('sh', ['-c', command], { stdio: 'inherit' });
  if (install.status !== 0 || !isInstalled()) {
    throw new Error(
      `[tryton] installing ${TRYTON_PACKAGES.join(', ')} failed (exit ${install.status ?? install.signal}); the Tryton tests need them (run as root, or install them yourself)`,
    );
  }
  const ms = Date.now() - started;
  console.log(`[tryton] installed in ${(ms / 1000).toFixed(1)} s`);
  return { installedNow: true, ms };
}

/**
 * The installed package versions, e.g. `tryton-server=6.0.29-2+deb12u4,...`; keys the cached
 * database snapshot so an upgrade re-initialises it.
 *
 * @example
 * trytonVersions() // 'tryton-server=6.0.29-2+deb12u4,tryton-modules-sale=6.0.10-1,...'
 */
export function trytonVersions(): string {
  // dpkg-query's own ${field} format, not a JS template.
  const format = ['$', '{Package}=$', '{Version},'].join('');
  const query = spawnSync('dpkg-query', ['-W', '-f', format, ...TRYTON_PACKAGES], {
    encoding: 'utf8',
  });
  if (query.status !== 0) throw new Error(`[tryton] dpkg-query failed: ${query.stderr}`);
  return query.stdout.replace(/,$/, '');
}

function isInstalled(): boolean {
  const onPath = ['trytond', 'trytond-admin'].every(
    (binary) => spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0,
  );
  return (
    onPath && ['sale', 'party', 'product', 'account_invoice', 'stock'].every((m) => existsSync(`${MODULES_DIR}/${m}`))
  );
}
