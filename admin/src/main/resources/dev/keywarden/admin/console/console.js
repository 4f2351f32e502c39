// Keywarden console: plain DOM code, no framework, no inline handlers (the CSP forbids them).
// Every text from the server goes in through textContent, never innerHTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { page: 1, size: 20, clientType: '', active: '', total: 0, keys: [], editing: null, generate: false };

  class Problem extends Error {
    constructor(status, body) {
      super(body && body.detail ? body.detail : 'HTTP ' + status);
      this.status = status;
      this.errors = body && Array.isArray(body.errors) ? body.errors : [];
    }
  }

  async function api(method, path, body, headers) {
    const init = { method, credentials: 'same-origin', headers: Object.assign({ 'Accept': 'application/json' }, headers || {}) };
    if (method !== 'GET') {
      init.headers['X-Keywarden-CSRF'] = '1';
    }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 204) {
      return null;
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      throw new Problem(response.status, json);
    }
    return json;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function showError(target, error) {
    target.replaceChildren();
    if (!error) { target.hidden = true; return; }
    const problems = error.errors && error.errors.length > 1 ? error.errors : null;
    target.append(el('span', problems ? 'Please fix:' : error.message));
    if (problems) {
      const list = el('ul');
      problems.forEach((p) => list.append(el('li', p)));
      target.append(list);
    }
    target.hidden = false;
  }

  function announce(text) { $('status').textContent = text; }

  // --- navigation ---
  function route() {
    const page = (location.hash || '#keys').substring(1);
    ['keys', 'endpoints', 'try'].forEach((name) => {
      $('page-' + name).hidden = name !== page;
      const link = $('nav-' + name);
      if (name === page) { link.setAttribute('aria-current', 'page'); } else { link.removeAttribute('aria-current'); }
    });
    if (page === 'endpoints') { loadEndpoints(); }
    if (page === 'keys') { loadKeys(); }
  }

  // --- keys table ---
  async function loadKeys() {
    const query = new URLSearchParams({ page: String(state.page), size: String(state.size) });
    if (state.clientType) { query.set('clientType', state.clientType); }
    if (state.active) { query.set('active', state.active); }
    try {
      const result = await api('GET', 'api/keys?' + query.toString());
      showError($('keys-error'), null);
      state.keys = result.items;
      state.total = result.total;
      renderKeys();
    } catch (error) {
      showError($('keys-error'), error);
    }
  }

  function renderKeys() {
    const body = $('keys-body');
    body.replaceChildren();
    state.keys.forEach((key) => {
      const row = el('tr');
      row.dataset.id = key.id;
      row.append(el('td', key.id, 'mono'));
      row.append(el('td', key.clientType));
      const activeCell = el('td');
      activeCell.append(el('span', key.active ? 'Active' : 'Inactive', 'badge ' + (key.active ? 'on' : 'off')));
      row.append(activeCell);
      row.append(el('td', key.description || ''));
      row.append(el('td', key.expiresAt ? when(key.expiresAt) + (key.expired ? ' (expired)' : '') : 'never'));
      row.append(el('td', when(key.created)));
      row.append(el('td', when(key.updated)));
      const actions = el('td');
      const box = el('div', null, 'row-actions');
      box.append(button(key.active ? 'Deactivate' : 'Activate', 'toggle', key, () => toggle(key)));
      box.append(button('Edit', 'edit', key, () => openEdit(key)));
      box.append(button('Rotate', 'rotate', key, () => openRotate(key)));
      box.append(button('Delete', 'delete', key, () => openDelete(key)));
      actions.append(box);
      row.append(actions);
      body.append(row);
    });
    $('keys-empty').hidden = state.keys.length > 0;
    const pages = Math.max(1, Math.ceil(state.total / state.size));
    $('page-info').textContent = 'Page ' + state.page + ' of ' + pages + ' (' + state.total + ' keys)';
    $('page-prev').disabled = state.page <= 1;
    $('page-next').disabled = state.page >= pages;
  }

  function when(instant) {
    return instant ? instant.substring(0, 16).replace('T', ' ') + ' UTC' : '—';
  }

  function button(text, action, key, handler) {
    const b = el('button', text);
    b.type = 'button';
    b.dataset.action = action;
    b.setAttribute('aria-label', text + ' key ' + key.id);
    b.addEventListener('click', handler);
    return b;
  }

  async function toggle(key) {
    try {
      await api('PATCH', 'api/keys/' + encodeURIComponent(key.id), { active: !key.active }, { 'If-Match': key.etag });
      announce('Key ' + key.id + (key.active ? ' deactivated.' : ' activated.'));
      showError($('keys-error'), null);
    } catch (error) {
      showError($('keys-error'), staleAware(error));
    }
    await loadKeys();
  }

  function staleAware(error) {
    if (error.status === 412) {
      return new Problem(412, { detail: 'This key changed since the table was loaded; the table is now up to date, please retry.' });
    }
    return error;
  }

  // --- add and edit ---
  function openCreate() {
    state.editing = null;
    state.generate = false;
    $('key-dialog-title').textContent = 'Add New API Key';
    $('key-form').reset();
    $('secret-field').hidden = false;
    $('client-type-field').hidden = false;
    $('key-secret').placeholder = '';
    $('key-secret-hint').textContent = 'Type a key, or generate a random one.';
    showError($('key-error'), null);
    $('key-dialog').showModal();
    $('key-secret').focus();
  }

  function openEdit(key) {
    state.editing = key;
    $('key-dialog-title').textContent = 'Edit key ' + key.id;
    $('key-form').reset();
    $('secret-field').hidden = true;
    $('client-type-field').hidden = true;
    $('key-active').checked = key.active;
    $('key-description').value = key.description || '';
    $('key-expires').value = key.expiresAt ? key.expiresAt.substring(0, 16) : '';
    showError($('key-error'), null);
    $('key-dialog').showModal();
    $('key-description').focus();
  }

  function generate() {
    state.generate = true;
    $('key-secret').value = '';
    $('key-secret').placeholder = 'Generated when you save';
    $('key-secret-hint').textContent = 'A random API key will be generated when you save, and shown once.';
  }

  function expiresValue() {
    const value = $('key-expires').value;
    if (!value) { return null; }
    return (value.length === 16 ? value + ':00' : value) + 'Z';
  }

  async function saveKey(event) {
    event.preventDefault();
    const description = $('key-description').value;
    try {
      if (state.editing) {
        const key = state.editing;
        await api('PATCH', 'api/keys/' + encodeURIComponent(key.id), {
          active: $('key-active').checked, description: description === '' ? null : description, expiresAt: expiresValue()
        }, { 'If-Match': key.etag });
        $('key-dialog').close();
        announce('Key ' + key.id + ' saved.');
      } else {
        const body = { clientType: $('key-client-type').value, active: $('key-active').checked };
        if (state.generate && $('key-secret').value === '') { body.generate = true; } else { body.secret = $('key-secret').value; }
        if (description !== '') { body.description = description; }
        const expires = expiresValue();
        if (expires) { body.expiresAt = expires; }
        const created = await api('POST', 'api/keys', body);
        $('key-dialog').close();
        showSecret(created.secret, 'Key ' + created.id + ' created for client type ' + created.clientType + '.');
      }
    } catch (error) {
      showError($('key-error'), staleAware(error));
      return;
    }
    await loadKeys();
  }

  // --- the one-time secret ---
  function showSecret(secret, note) {
    $('secret-value').value = secret;
    $('secret-note').textContent = note;
    $('secret-dialog').showModal();
    $('secret-value').focus();
    $('secret-value').select();
  }

  async function copySecret() {
    const field = $('secret-value');
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (e) {
      field.select();
      document.execCommand('copy');
    }
    $('secret-note').textContent = 'Copied to the clipboard.';
  }

  function closeSecret() {
    $('secret-value').value = '';
    $('secret-dialog').close();
    $('add-new').focus();
  }

  // --- rotate ---
  function openRotate(key) {
    state.editing = key;
    $('rotate-dialog-title').textContent = 'Rotate key ' + key.id;
    $('rotate-grace').value = '24';
    showError($('rotate-error'), null);
    $('rotate-dialog').showModal();
    $('rotate-grace').focus();
  }

  async function rotate(event) {
    event.preventDefault();
    const key = state.editing;
    const hours = Number($('rotate-grace').value);
    if (!Number.isFinite(hours) || hours < 0 || $('rotate-grace').value === '') {
      showError($('rotate-error'), new Problem(400, { detail: 'The grace period must be a number of hours, 0 or more.' }));
      return;
    }
    try {
      const rotated = await api('POST', 'api/keys/' + encodeURIComponent(key.id) + '/rotate',
        { graceSeconds: Math.round(hours * 3600) }, { 'If-Match': key.etag });
      $('rotate-dialog').close();
      showSecret(rotated.secret, 'Key ' + key.id + ' rotated. The old secret works until ' + rotated.oldSecretValidUntil + '.');
    } catch (error) {
      showError($('rotate-error'), staleAware(error));
      return;
    }
    await loadKeys();
  }

  // --- delete ---
  function openDelete(key) {
    state.editing = key;
    $('delete-dialog-title').textContent = 'Delete key ' + key.id + '?';
    $('delete-text').textContent = 'Clients using key ' + key.id + ' (' + key.clientType + ') are refused from the moment it is deleted. This cannot be undone.';
    showError($('delete-error'), null);
    $('delete-dialog').showModal();
    $('delete-cancel').focus();
  }

  async function remove(event) {
    event.preventDefault();
    const key = state.editing;
    try {
      await api('DELETE', 'api/keys/' + encodeURIComponent(key.id), undefined, { 'If-Match': key.etag });
      $('delete-dialog').close();
      announce('Key ' + key.id + ' deleted.');
    } catch (error) {
      showError($('delete-error'), staleAware(error));
      return;
    }
    await loadKeys();
  }

  // --- endpoints ---
  async function loadEndpoints() {
    const body = $('endpoints-body');
    try {
      const result = await api('GET', 'api/endpoints');
      body.replaceChildren();
      result.endpoints.forEach((rule) => {
        const row = el('tr');
        row.append(el('td', rule.method, 'mono'));
        row.append(el('td', rule.path, 'mono'));
        row.append(el('td', rule.public ? 'No' : 'Yes'));
        row.append(el('td', rule.apiKeyRequired ? 'Yes' : 'No'));
        row.append(el('td', rule.userGroupPermission, 'mono'));
        row.append(el('td', rule.backofficeUserGroupPermission || '(same)', 'mono'));
        body.append(row);
      });
    } catch (error) {
      body.replaceChildren();
      const row = el('tr');
      const cell = el('td', error.message, 'error');
      cell.colSpan = 6;
      row.append(cell);
      body.append(row);
    }
  }

  // --- try a request ---
  function names(id) {
    return $(id).value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }

  async function explain(event) {
    event.preventDefault();
    const body = { method: $('try-method').value, path: $('try-path').value, backoffice: $('try-backoffice').checked };
    if ($('try-key').value !== '') { body.key = $('try-key').value; }
    if ($('try-client-type').value !== '') { body.clientType = $('try-client-type').value; }
    if ($('try-user').value !== '') {
      body.user = { id: $('try-user').value, groups: names('try-groups'), permissions: names('try-permissions') };
    }
    try {
      const result = await api('POST', 'api/explain', body);
      showError($('try-error'), null);
      renderExplanation(result);
    } catch (error) {
      $('try-result').hidden = true;
      showError($('try-error'), error);
    }
  }

  function renderExplanation(result) {
    const decision = $('try-decision');
    decision.className = 'decision ' + (result.decision === 'allow' ? 'allow' : 'deny');
    decision.textContent = result.decision === 'allow' ? 'Allowed'
      : result.decision === 'deny' ? 'Denied: ' + result.status + ' ' + result.code : 'Passed through';
    const row = result.row;
    $('try-row').textContent = (row.number === null ? 'Decided by: ' : 'Decided by row ' + row.number + ': ') + row.condition;
    $('try-rule').textContent = result.rule
      ? 'Matched rule: ' + result.rule.method + ' ' + result.rule.path + ' — User Group Permission: ' + result.rule.userGroupPermission
        + (result.expressionResult === null ? '' : ' (evaluated to ' + result.expressionResult + ')')
      : 'No rule was matched.';
    const atoms = $('try-atoms-body');
    atoms.replaceChildren();
    result.atoms.forEach((atom) => {
      const tr = el('tr');
      tr.append(el('td', atom.atom, 'mono'));
      tr.append(el('td', atom.value, 'mono'));
      atoms.append(tr);
    });
    $('try-atoms').hidden = result.atoms.length === 0;
    $('try-result').hidden = false;
  }

  // --- wiring ---
  document.addEventListener('DOMContentLoaded', () => {
    window.addEventListener('hashchange', route);
    $('add-new').addEventListener('click', openCreate);
    $('generate').addEventListener('click', generate);
    $('key-secret').addEventListener('input', () => {
      if ($('key-secret').value !== '') {
        state.generate = false;
        $('key-secret').placeholder = '';
        $('key-secret-hint').textContent = 'Type a key, or generate a random one.';
      }
    });
    $('key-form').addEventListener('submit', saveKey);
    $('key-cancel').addEventListener('click', () => $('key-dialog').close());
    $('secret-copy').addEventListener('click', copySecret);
    $('secret-done').addEventListener('click', closeSecret);
    $('secret-dialog').addEventListener('cancel', () => { $('secret-value').value = ''; });
    $('rotate-form').addEventListener('submit', rotate);
    $('rotate-cancel').addEventListener('click', () => $('rotate-dialog').close());
    $('delete-form').addEventListener('submit', remove);
    $('delete-cancel').addEventListener('click', () => $('delete-dialog').close());
    $('try-form').addEventListener('submit', explain);
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      state.clientType = $('filter-client-type').value.trim();
      state.active = $('filter-active').value;
      state.size = Number($('filter-size').value);
      state.page = 1;
      loadKeys();
    });
    $('page-prev').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); loadKeys(); });
    $('page-next').addEventListener('click', () => { state.page += 1; loadKeys(); });
    route();
  });
})();
