/**
 * The admin page's "Mappings" section: pick a flow, edit its YAML, validate it (problems with
 * line numbers) and preview it (records and the target fields that would change). Both calls
 * are read-only on the server; nothing is saved from the page. Uses the helpers of
 * ADMIN_PAGE_SCRIPT (`$`, `el`, `api`, `say`, `table`), with which it is served.
 */
export const ADMIN_PAGE_MAPPINGS_SCRIPT = `
async function loadMappingList() {
  const { mappings } = await api('/mappings');
  const select = $('#mapping-flow');
  if (select.options.length) return;
  select.replaceChildren(...mappings.map((m) => el('option', { value: m.flow }, m.flow + ' (' + m.file + ', ' + m.version + ')')));
  if (mappings.length) await loadMapping();
}
async function loadMapping() {
  try {
    const m = await api('/mappings/' + encodeURIComponent($('#mapping-flow').value));
    $('#mapping-yaml').value = m.yaml;
    $('#mapping-result').replaceChildren();
  } catch (error) { say(error.message, 'error'); }
}
async function validateMapping() {
  try {
    const result = await api('/mappings/validate', { method: 'POST', body: JSON.stringify({ yaml: $('#mapping-yaml').value }) });
    $('#mapping-result').replaceChildren(result.ok
      ? el('p', { class: 'ok' }, 'valid: ' + result.flow + ' version ' + result.version)
      : table(['line', 'column', 'problem'], result.errors.map((e) => [e.line, e.column, e.message])));
  } catch (error) { say(error.message, 'error'); }
}
async function previewMapping() {
  const limit = Number($('#mapping-limit').value) || 10;
  try {
    const { rows, version } = await api('/mappings/preview', { method: 'POST',
      body: JSON.stringify({ flow: $('#mapping-flow').value, yaml: $('#mapping-yaml').value, limit }) });
    const show = (v) => v === undefined ? '(none)' : JSON.stringify(v);
    const lines = [];
    for (const r of rows) {
      if (!r.changes.length) lines.push([r.sourceId, r.action, r.targetId || '', '', '', '', r.reason || '']);
      for (const c of r.changes) lines.push([r.sourceId, r.action, r.targetId || '', c.field, show(c.before), show(c.after), c.refused || r.reason || '']);
    }
    $('#mapping-result').replaceChildren(el('p', {}, rows.length + ' record(s) with mapping ' + version + '; nothing written'),
      table(['record', 'action', 'target', 'field', 'before', 'after', 'note'], lines));
  } catch (error) { say(error.message, 'error'); }
}
$('#mapping-flow').addEventListener('change', loadMapping);
$('#mapping-validate').addEventListener('click', validateMapping);
$('#mapping-preview').addEventListener('click', previewMapping);
`;
