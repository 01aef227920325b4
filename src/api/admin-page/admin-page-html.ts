import { ERROR_CODES } from '../../errors';
import { ADMIN_PAGE_CONFLICTS_SCRIPT } from './admin-page-conflicts-script';
import { ADMIN_PAGE_MAPPINGS_SCRIPT } from './admin-page-mappings-script';
import { ADMIN_PAGE_SCRIPT } from './admin-page-script';

/**
 * The admin page served at `/admin`: a static shell (no data, no secrets) whose script calls
 * the authenticated JSON API. Server-side there is nothing to build or render per request.
 *
 * @example
 * app.get('/admin', (c) => c.html(adminPageHtml()));
 */
export function adminPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crm-erp-bridge admin</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0 2rem 2rem; color: #1d2330; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e6ec; }
  th { background: #f4f6f9; } .status-failed, .error { color: #b3261e; } .status-partial { color: #a15c00; }
  .status-succeeded, .ok { color: #1b6e3a; } #message { min-height: 1.4em; } input { padding: .3rem; } textarea { width: 100%; font: 12px/1.4 ui-monospace, monospace; } button { padding: .3rem .7rem; }
</style>
</head>
<body>
<h1>crm-erp-bridge</h1>
<p id="message" role="status"></p>
<section id="login" hidden>
  <form id="login-form"><label>Admin or viewer token <input id="token" type="password" autocomplete="off" required></label>
  <button type="submit">Sign in</button></form>
</section>
<main id="app" hidden>
  <button id="refresh" type="button">Refresh</button>
  <h2>Flows</h2><div id="flows"></div>
  <h2>Runs</h2><div id="runs"></div>
  <h2>Dead-letter queue</h2>
  <form id="dlq-filter">
    <input id="dlq-flow" placeholder="flow (all)">
    <select id="dlq-code"><option value="">every error code</option>${errorCodeOptions()}</select>
    <select id="dlq-mode"><option value="remap">replay with the current mapping</option><option value="as-is">replay as is</option></select>
    <button type="submit">Filter</button> <button id="dlq-replay-all" type="button">Replay all matching</button>
  </form>
  <p id="dlq-summary"></p><div id="dlq"></div>
  <h2>Conflicts</h2>
  <p>A person changed a field on the copy side that the other system masters. Keep master writes the master value to the copy now; keep copy leaves the copy value until the master changes.</p>
  <form id="conflict-filter">
    <input id="conflict-flow" placeholder="flow (all)">
    <select id="conflict-status"><option value="open">open</option><option value="resolved">resolved</option><option value="">open or resolved</option></select>
    <button type="submit">Filter</button>
    <input id="conflict-note" placeholder="note kept with the next resolution" size="40">
  </form>
  <p id="conflicts-summary"></p><div id="conflicts"></div>
  <h2>Review queue</h2><div id="review"></div>
  <h2>Record history</h2>
  <form id="history-form"><input id="history-flow" placeholder="flow" required> <input id="history-id" placeholder="source record id" required>
  <button type="submit">Show</button></form>
  <div id="history"></div>
  <h2>Mappings</h2>
  <p>Edit a mapping here to validate and preview it; nothing is saved or written. Change the file in <code>mappings/</code> to apply it.</p>
  <select id="mapping-flow"></select>
  <textarea id="mapping-yaml" rows="18" spellcheck="false"></textarea>
  <p><button id="mapping-validate" type="button">Validate</button> <button id="mapping-preview" type="button">Preview</button>
  <label>records <input id="mapping-limit" type="number" min="1" max="100" value="10"></label></p>
  <div id="mapping-result"></div>
</main>
<script type="module">${ADMIN_PAGE_SCRIPT}${ADMIN_PAGE_CONFLICTS_SCRIPT}${ADMIN_PAGE_MAPPINGS_SCRIPT}</script>
</body>
</html>`;
}

/** One option per stable error code, so a code added to ERROR_CODES is filterable at once. */
function errorCodeOptions(): string {
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return Object.entries(ERROR_CODES)
    .map(([code, { summary }]) => `<option value="${code}" title="${attr(summary)}">${code}</option>`)
    .join('');
}
