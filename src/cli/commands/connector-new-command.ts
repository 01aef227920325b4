import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../cli-command';
import { connectorScaffoldFiles, type ScaffoldNames } from './connector-scaffold-templates';

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ENTITY = /^[a-z][a-zA-Z0-9]*$/;
/** The repository's `src/`, which generated files import the contract from. */
const SRC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Writes a new connector folder and returns the paths written.
 *
 * @example
 * scaffoldConnector({ id: 'acme-erp', entity: 'customer', root: process.cwd() })
 * // ['connectors/acme-erp/index.ts', ...]
 */
export function scaffoldConnector(options: { id: string; entity: string; root: string; force?: boolean }): {
  dir: string;
  files: string[];
} {
  if (!ID.test(options.id)) throw new UsageError(`connector id "${options.id}" must be kebab-case (a-z, 0-9, -)`);
  if (!ENTITY.test(options.entity)) throw new UsageError(`entity "${options.entity}" must be camelCase`);
  const dir = join(resolve(options.root), 'connectors', options.id);
  if (existsSync(dir) && !options.force) throw new UsageError(`${dir} already exists (use --force to overwrite)`);
  const src = relative(dir, SRC_DIR).split('\\').join('/');
  const names: ScaffoldNames = {
    id: options.id,
    pascal: pascal(options.id),
    camel: pascal(options.id).replace(/^./, (c) => c.toLowerCase()),
    entity: options.entity,
    entityPascal: pascal(options.entity),
    src: src.startsWith('.') ? src : `./${src}`,
    deepSrc: `../${src}`,
  };
  const files = connectorScaffoldFiles(names);
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  formatWithBiome(dir);
  return { dir, files: Object.keys(files).map((path) => join(dir, path)) };
}

/**
 * Line breaks depend on the length of the names, so the templates cannot be pre-formatted for
 * every id: the repository's Biome formats the new folder. Best effort: a folder Biome
 * ignores, or a checkout without Biome, keeps the unformatted (but valid) files.
 */
function formatWithBiome(dir: string): void {
  const biome = resolve(SRC_DIR, '../node_modules/@biomejs/biome/bin/biome');
  if (!existsSync(biome)) return;
  spawnSync(process.execPath, [biome, 'check', '--write', dir], { stdio: 'ignore', cwd: resolve(SRC_DIR, '..') });
}

function pascal(text: string): string {
  return text
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `bridge connector new <id>`: a connector folder with the standard layout and a passing acceptance test. */
export const connectorNewCommand: CliCommand = {
  name: 'connector',
  summary: 'connector new <id>: scaffold a connector folder that passes the acceptance suite',
  usage: 'bridge connector new <id> [--entity <name>] [--root <repo dir>] [--force] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        entity: { type: 'string', default: 'customer' },
        root: { type: 'string', default: '.' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const [sub, id, ...extra] = positionals;
    if (sub !== 'new' || !id || extra.length > 0) throw new UsageError('expected: connector new <id>');
    const { dir, files } = scaffoldConnector({ id, entity: values.entity, root: values.root, force: values.force });
    if (values.json) {
      io.out(`${JSON.stringify({ id, dir, files }, null, 2)}\n`);
      return 0;
    }
    io.out(`created ${dir}\n${files.map((f) => `  ${relative(dir, f)}`).join('\n')}\n`);
    io.out(`next: npx vitest run ${relative(process.cwd(), join(dir, `${id}.acceptance.test.ts`))}\n`);
    io.out('then replace the in-memory client with calls to your system (connectors/README.md)\n');
    return 0;
  },
};
