// Keel's definitions page (issue 23): served by strategy-service itself, no CDN. Reads need no key unless reads are
// closed; writes need an operator key, typed once and kept in this tab's sessionStorage only (never in a URL).
'use strict';

const KEY = 'keel.apiKey';
const state = { selected: null, version: null, editing: null, reportUrl: '', example: null, timer: null, seq: 0 };
const $ = id => document.getElementById(id);

function apiKey() { return sessionStorage.getItem(KEY); }

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (apiKey()) headers['X-API-Key'] = apiKey();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { status: r.status, ok: r.ok, json, text };
}

function problemText(res) {
  if (res.json && res.json.errors && res.json.errors.length) {
    return res.json.errors.map(e => e.field + ': ' + e.message);
  }
  if (res.json && res.json.detail) return [res.json.detail];
  return ['HTTP ' + res.status];
}

function showKeyState() {
  $('key-state').textContent = apiKey() ? 'key set for this tab' : 'no key: read only';
  refreshButtons();
}

function refreshButtons() {
  const canWrite = !!apiKey() && state.editing !== null;
  $('save').disabled = !canWrite || !$('validation').classList.contains('valid');
  $('run').disabled = !apiKey() || !state.selected || state.editing !== 'existing' || $('editor').dataset.dirty === 'true';
  $('copy').disabled = !state.selected;
}

async function loadList(select) {
  const res = await api('GET', '/api/v1/definitions');
  const ul = $('definitions');
  ul.replaceChildren();
  if (!res.ok) { ul.textContent = problemText(res).join('; '); return; }
  for (const d of res.json) {
    const li = document.createElement('li');
    li.dataset.name = d.name;
    li.textContent = d.name + ' v' + d.latestVersion;
    if (d.active) { const a = document.createElement('span'); a.className = 'active'; a.textContent = 'active'; li.append(a); }
    li.addEventListener('click', () => selectDefinition(d.name));
    ul.append(li);
  }
  if (select) await selectDefinition(select);
}

async function selectDefinition(name, version) {
  const res = await api('GET', '/api/v1/definitions/' + encodeURIComponent(name) + (version ? '?version=' + version : ''));
  if (!res.ok) { $('status').textContent = problemText(res).join('; '); return; }
  state.selected = name;
  state.version = res.json.version;
  for (const li of $('definitions').children) li.classList.toggle('selected', li.dataset.name === name);
  const versions = await api('GET', '/api/v1/definitions/' + encodeURIComponent(name) + '/versions');
  const vl = $('versions');
  vl.replaceChildren();
  $('versions-title').hidden = false;
  $('versions-title').textContent = 'Versions of ' + name;
  for (const v of (versions.json || []).slice().reverse()) {
    const li = document.createElement('li');
    li.dataset.version = v.version;
    li.textContent = 'v' + v.version + ' · ' + new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    li.classList.toggle('selected', v.version === state.version);
    li.addEventListener('click', () => selectDefinition(name, v.version));
    vl.append(li);
  }
  edit(res.json.definition, 'existing');
}

function edit(definition, mode) {
  state.editing = mode;
  $('editor').value = JSON.stringify(definition, null, 2);
  $('editor').dataset.dirty = mode === 'existing' ? 'false' : 'true';
  $('mode').textContent = mode === 'existing' ? 'editing ' + state.selected + ' (saving adds a version)' : 'new definition (not saved)';
  validateSoon(0);
}

function validateSoon(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(validate, delay === undefined ? 350 : delay);
}

// Validation as the operator types: JSON syntax here, everything else by the service's dry run (the same checks as a
// save, nothing stored), so the page and the API can never disagree.
async function validate() {
  const box = $('validation');
  const seq = ++state.seq;
  let doc;
  try { doc = JSON.parse($('editor').value); } catch (e) {
    setValidation(false, ['not valid JSON: ' + e.message]);
    return;
  }
  if (!apiKey()) { setValidation(null, ['enter an operator API key to validate and save']); return; }
  const existing = state.editing === 'existing' && doc && doc.name === state.selected;
  const res = existing
    ? await api('PUT', '/api/v1/definitions/' + encodeURIComponent(state.selected) + '?dryRun=true', $('editor').value)
    : await api('POST', '/api/v1/definitions?dryRun=true', $('editor').value);
  if (seq !== state.seq) return; // a newer edit is being checked
  if (res.ok) setValidation(true, ['valid: would be saved as version ' + res.json.version + ' of ' + res.json.name]);
  else setValidation(false, problemText(res));
  box.dataset.checked = String(seq);
}

function setValidation(valid, lines) {
  const box = $('validation');
  box.className = valid === true ? 'valid' : valid === false ? 'invalid' : '';
  const ul = document.createElement('ul');
  for (const l of lines) { const li = document.createElement('li'); li.textContent = l; ul.append(li); }
  box.replaceChildren(ul);
  refreshButtons();
}

async function save() {
  let doc;
  try { doc = JSON.parse($('editor').value); } catch (e) { return; }
  const existing = state.editing === 'existing' && doc.name === state.selected;
  const res = existing
    ? await api('PUT', '/api/v1/definitions/' + encodeURIComponent(doc.name), $('editor').value)
    : await api('POST', '/api/v1/definitions', $('editor').value);
  if (!res.ok) { setValidation(false, problemText(res)); return; }
  $('status').textContent = 'saved ' + res.json.name + ' version ' + res.json.version;
  await loadList(res.json.name);
}

async function run() {
  const name = state.selected;
  $('status').textContent = 'running ' + name + '…';
  const res = await api('POST', '/api/v1/definitions/' + encodeURIComponent(name) + '/runs', JSON.stringify({ version: state.version }));
  if (!res.ok) { $('status').textContent = problemText(res).join('; '); return; }
  const id = res.json.id;
  for (;;) {
    await new Promise(r => setTimeout(r, 500));
    const r = await api('GET', '/api/v1/runs/' + id);
    if (r.json && r.json.status === 'SUCCEEDED') {
      $('status').textContent = 'run ' + id + ' succeeded' + (r.json.note ? ' (' + r.json.note + ')' : '') + '; opening its tearsheet';
      window.location.assign(state.reportUrl + '/reports/runs/' + id + '/tearsheet.html');
      return;
    }
    if (r.json && r.json.status === 'FAILED') { $('status').textContent = 'run ' + id + ' failed: ' + r.json.error; return; }
  }
}

async function init() {
  const cfg = await api('GET', '/definitions/config');
  state.reportUrl = cfg.ok ? cfg.json.reportUrl.replace(/\/$/, '') : '';
  const schema = await api('GET', '/api/v1/schemas/definition');
  state.example = schema.ok && schema.json.examples ? schema.json.examples[0] : { name: 'my-strategy', universe: ['SPY'], weightScheme: { id: 'equal-weight' } };
  const t = $('template');
  const opt = document.createElement('option');
  opt.value = 'example'; opt.textContent = 'template: ' + state.example.description;
  t.append(opt);
  $('key-form').addEventListener('submit', e => {
    e.preventDefault();
    const k = $('api-key').value.trim();
    if (k) sessionStorage.setItem(KEY, k);
    $('api-key').value = '';
    showKeyState();
    loadList(state.selected);
    validateSoon(0);
  });
  $('key-forget').addEventListener('click', () => { sessionStorage.removeItem(KEY); showKeyState(); validateSoon(0); });
  $('new').addEventListener('click', () => edit(state.example, 'new'));
  $('copy').addEventListener('click', () => {
    const doc = JSON.parse($('editor').value);
    doc.name = state.selected + '-copy';
    edit(doc, 'new');
  });
  $('editor').addEventListener('input', () => { $('editor').dataset.dirty = 'true'; refreshButtons(); validateSoon(); });
  $('save').addEventListener('click', save);
  $('run').addEventListener('click', run);
  showKeyState();
  await loadList();
  if (!state.selected) edit(state.example, 'new');
}

init();
