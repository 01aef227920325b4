/**
 * The admin page's "Conflicts" section: copy-side edits of master-owned fields parked by a
 * `conflictPolicy: flag` flow, filtered by flow and status, each resolved with Keep master
 * (write the master value to the copy now) or Keep copy (leave it until the master changes).
 * The note sits in one input outside the table, so the 5-second refresh never wipes it while
 * it is typed. Uses the helpers of ADMIN_PAGE_SCRIPT (`$`, `el`, `api`, `say`, `table`).
 */
export const ADMIN_PAGE_CONFLICTS_SCRIPT = `
async function refreshConflicts() {
  const params = new URLSearchParams({ limit: '100' });
  const flow = $('#conflict-flow').value.trim();
  const status = $('#conflict-status').value;
  if (flow) params.set('flow', flow);
  if (status) params.set('status', status);
  let page;
  try {
    page = await api('/conflicts?' + params);
  } catch (error) {
    // A bridge without an ownership store answers not_found; the rest of the page still works.
    if (!String(error.message).startsWith('not_found')) throw error;
    $('#conflicts').replaceChildren(el('p', {}, 'this bridge keeps no conflicts'));
    return;
  }
  const show = (v) => v === undefined || v === null ? '(none)' : JSON.stringify(v);
  $('#conflicts-summary').textContent = page.total + ' ' + (status || 'open or resolved');
  $('#conflicts').replaceChildren(page.items.length ? table(['found', 'flow', 'record', 'field', 'base', 'master', 'copy', 'status', ''],
    page.items.map((c) => [new Date(c.createdAt).toLocaleString(), c.flow, c.sourceId + ' -> ' + c.targetId, c.field,
      show(c.base), show(c.master), show(c.copy),
      c.status === 'open' ? 'open' : c.resolution + (c.note ? ' (' + c.note + ')' : '') + (c.resolvedBy ? ' by ' + c.resolvedBy : ''),
      c.status === 'open' ? el('span', {},
        el('button', { 'data-keep-master': c.id, onclick: () => resolveConflict(c.id, 'master') }, 'Keep master'), ' ',
        el('button', { 'data-keep-copy': c.id, onclick: () => resolveConflict(c.id, 'copy') }, 'Keep copy')) : '',
    ])) : el('p', {}, 'no conflicts'));
}
async function resolveConflict(id, keep) {
  const note = $('#conflict-note').value.trim();
  try {
    const c = await api('/conflicts/' + id + '/resolve', { method: 'POST', body: JSON.stringify(note ? { keep, note } : { keep }) });
    $('#conflict-note').value = '';
    say('conflict ' + id + ' (' + c.field + '): ' + c.resolution, 'ok');
    await refresh();
  } catch (error) { say(error.message, 'error'); }
}
$('#conflict-filter').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
`;
