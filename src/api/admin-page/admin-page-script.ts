/**
 * The admin page's browser code, served inline (no build step). It keeps the token in
 * sessionStorage, calls the JSON API with it, and renders with textContent only, so record
 * values can never inject markup.
 */
export const ADMIN_PAGE_SCRIPT = String.raw`
const $ = (sel) => document.querySelector(sel);
const token = () => sessionStorage.getItem('bridge-token') || '';
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}
async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { authorization: 'Bearer ' + token(), 'content-type': 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error && (body.error.code + ': ' + body.error.message)) || response.statusText);
  return body;
}
function say(text, kind) {
  const box = $('#message');
  box.textContent = text;
  box.className = kind || '';
}
function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
}
async function refresh() {
  try {
    const [{ flows }, { runs }] = await Promise.all([api('/flows'), api('/runs?limit=20')]);
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#flows').replaceChildren(table(['flow', 'source', 'target', 'mapping', 'runs', ''], flows.map((f) => [
      f.name, f.source.connector + '.' + f.source.entity, f.target.connector + '.' + f.target.entity, f.mappingVersion,
      (f.enabled === false ? 'disabled' : 'enabled') + (f.enabledSource === 'override' ? ' (override)' : ''),
      el('span', {}, el('button', { 'data-run': f.name, onclick: () => runFlow(f.name) }, 'Run now'), ' ',
        el('button', { 'data-toggle': f.name, onclick: () => toggleFlow(f.name, f.enabled === false) }, f.enabled === false ? 'Enable' : 'Disable')),
    ])));
    await loadMappingList();
    $('#runs').replaceChildren(table(['started', 'flow', 'trigger', 'status', 'progress', 'read', 'created', 'updated', 'unchanged', 'failed'],
      runs.map((r) => [new Date(r.startedAt).toLocaleString(), r.flow, r.trigger, el('span', { class: 'status-' + r.status }, r.status),
        r.pagesDone + '/' + r.pagesTotal + (r.readingDone ? '' : '+'), r.read, r.created, r.updated, r.unchanged, r.failed])));
    await Promise.all([refreshDlq(), refreshReview(), refreshConflicts()]);
  } catch (error) {
    if (String(error.message).startsWith('auth_failed')) { $('#login').hidden = false; $('#app').hidden = true; }
    say(error.message, 'error');
  }
}
async function refreshDlq() {
  const code = $('#dlq-code').value;
  const flow = $('#dlq-flow').value.trim();
  const params = new URLSearchParams({ limit: '100' });
  if (code) params.set('code', code);
  if (flow) params.set('flow', flow);
  const { items, total, openByCode } = await api('/dlq?' + params);
  $('#dlq-summary').textContent = total + ' open' + (Object.keys(openByCode).length ? ' (' + Object.entries(openByCode).map(([c, n]) => c + ': ' + n).join(', ') + ')' : '');
  $('#dlq').replaceChildren(items.length ? table(['last attempt', 'flow', 'record', 'code', 'reason', 'attempts', ''], items.map((i) => [
    new Date(i.updatedAt).toLocaleString(), i.flow, i.sourceId, i.errorCode, i.errorMessage, i.attempts.length,
    el('span', {}, el('button', { 'data-replay': i.id, onclick: () => replay({ ids: [i.id] }) }, 'Replay'), ' ',
      el('button', { 'data-discard': i.id, onclick: () => discard(i.id) }, 'Discard')),
  ])) : el('p', {}, 'nothing in the dead-letter queue'));
}
async function replay(selection) {
  try {
    const report = await api('/dlq/replay', { method: 'POST', body: JSON.stringify({ ...selection, mode: $('#dlq-mode').value }) });
    const skipped = report.skipped.length ? ', ' + report.skipped.length + ' skipped: ' + report.skipped[0].reason : '';
    say('replayed ' + report.replayed.length + ', failed again ' + report.failed.length + skipped, report.failed.length ? 'error' : 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
function replayFiltered() {
  const filter = {};
  if ($('#dlq-code').value) filter.code = $('#dlq-code').value;
  if ($('#dlq-flow').value.trim()) filter.flow = $('#dlq-flow').value.trim();
  replay({ filter });
}
async function discard(id) {
  const reason = prompt('Why discard this record? (kept with the item)');
  if (!reason) return;
  try {
    await api('/dlq/discard', { method: 'POST', body: JSON.stringify({ ids: [id], reason }) });
    say('discarded', 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
async function refreshReview() {
  const { items } = await api('/review');
  $('#review').replaceChildren(items.length ? table(['flow', 'record', 'candidate', 'score', 'why', ''], items.map((r) => [
    r.flow, r.sourceId, r.candidateId || r.candidateSourceId || '', r.score.toFixed(3), explain(r),
    el('span', {}, ...['approve', 'reject', 'merge'].map((a) => el('button', { 'data-review': a + '-' + r.id, onclick: () => decide(r.id, a) }, a))),
  ])) : el('p', {}, 'no pairs waiting for review'));
}
function explain(r) {
  const fields = (r.explanation && r.explanation.fields) || [];
  return r.reason + (fields.length ? ': ' + fields.map((f) => f.field + ' ' + (f.similarity ?? f.level ?? '')).join(', ') : '');
}
async function decide(id, action) {
  try {
    await api('/review/' + id + '/' + action, { method: 'POST', body: '{}' });
    say('review ' + id + ': ' + action, 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
async function runFlow(name) {
  try {
    const run = await api('/flows/' + encodeURIComponent(name) + '/runs', { method: 'POST' });
    say('started run ' + run.id + ' of ' + name, 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
async function toggleFlow(name, enabled) {
  try {
    await api('/flows/' + encodeURIComponent(name), { method: 'PATCH', body: JSON.stringify({ enabled }) });
    say(name + (enabled ? ' enabled' : ' disabled'), 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
async function showHistory(event) {
  event.preventDefault();
  const flow = $('#history-flow').value.trim();
  const id = $('#history-id').value.trim();
  try {
    const { history } = await api('/flows/' + encodeURIComponent(flow) + '/records/' + encodeURIComponent(id) + '/history');
    $('#history').replaceChildren(history.length ? table(['at', 'action', 'target', 'mapping', 'error'], history.map((h) => [
      new Date(h.at).toLocaleString(), h.action, h.targetId || '', h.mappingVersion || '', h.errorCode ? h.errorCode + ': ' + h.errorMessage : '',
    ])) : el('p', {}, 'no history for ' + flow + ' ' + id));
  } catch (error) { say(error.message, 'error'); }
}
$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('bridge-token', $('#token').value.trim());
  $('#token').value = '';
  refresh();
});
$('#history-form').addEventListener('submit', showHistory);
$('#refresh').addEventListener('click', refresh);
$('#dlq-filter').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
$('#dlq-replay-all').addEventListener('click', replayFiltered);
if (token()) refresh(); else $('#login').hidden = false;
setInterval(() => { if (token() && !$('#app').hidden) refresh(); }, 5000);
`;
