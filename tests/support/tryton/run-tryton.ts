import { startTryton } from './start-tryton';

/**
 * `npm run tryton`: a throwaway Tryton 6.0 for trying the bridge against a real ERP. Installs
 * and initialises it like the tests do, serves a private copy of the snapshot on
 * TRYTON_PORT (default 8000), prints the environment `npm start` needs, and deletes the copy
 * on Ctrl-C.
 */
const port = Number(process.env.TRYTON_PORT ?? 8000);
const tryton = await startTryton({ port });
const env = [
  'ERP_CONNECTOR=tryton',
  `TRYTON_URL=${tryton.url}`,
  `TRYTON_DB=${tryton.database}`,
  `TRYTON_USER=${tryton.admin.username}`,
  `TRYTON_PASSWORD=${tryton.admin.password}`,
  'MAPPINGS_DIR=./mappings/tryton',
].join(' ');
process.stdout.write(
  `Tryton ${tryton.url} (database "${tryton.database}"). In another shell:\n\n  ${env} npm start\n\nCtrl-C stops it and deletes its data.\n`,
);
const stop = () => {
  tryton.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
