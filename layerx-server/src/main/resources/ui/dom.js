// Small DOM helpers: h() builds elements (text is always set as text, never parsed as HTML), confirm() asks
// before an action and shows the API's error text if the action is refused.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function fmtCpu(m) {
  if (m < 1000) return `${m}m`;
  return m === 1000 ? '1 core' : `${(m / 1000).toFixed(m % 1000 ? 1 : 0)} cores`;
}
export function fmtMem(mb) { return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GiB` : `${mb} MiB`; }
/** Measured memory (bytes, as usage reports it; reservations are MiB). */
export function fmtBytes(b) {
  if (b < 1 << 20) return `${Math.round(b / 1024)} KiB`;
  const mib = b / (1 << 20);
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib.toFixed(mib < 10 ? 1 : 0)} MiB`;
}
export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/**
 * Asks "title" with body (elements); on Confirm runs action(), which may throw an ApiError: its text is shown and
 * the dialog stays open. Resolves true once the action succeeded, false when cancelled.
 */
export function confirm(title, body, action, okLabel = 'Confirm') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-body').replaceChildren(...body);
  const error = document.getElementById('confirm-error');
  error.textContent = '';
  const ok = document.getElementById('confirm-ok');
  ok.textContent = okLabel;
  return new Promise(resolve => {
    const onOk = async e => {
      e.preventDefault();
      ok.disabled = true;
      try {
        await action();
        cleanup(); dialog.close(); resolve(true);
      } catch (err) {
        error.textContent = err.text ? err.text() : String(err.message || err);
      } finally { ok.disabled = false; }
    };
    const onClose = () => { cleanup(); resolve(false); };
    function cleanup() { ok.removeEventListener('click', onOk); dialog.removeEventListener('close', onClose); }
    ok.addEventListener('click', onOk);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
  });
}

/**
 * A virtualised list: only the rows in view (plus a margin) exist in the DOM, so 100,000 rows cost as little as
 * 50. row(item) makes one row's element; rows are rowHeight px tall. Arrow keys, Home/End and Enter work on it.
 */
export function vlist(rowHeight, row, onPick, label) {
  const inner = h('div', { class: 'vinner', role: 'presentation' });
  const box = h('div', { class: 'vlist', tabindex: '0', role: 'listbox', 'aria-label': label }, inner);
  let items = [], active = 0;
  function render() {
    inner.style.height = `${items.length * rowHeight}px`;
    const first = Math.max(0, Math.floor(box.scrollTop / rowHeight) - 10);
    const last = Math.min(items.length, Math.ceil((box.scrollTop + (box.clientHeight || 600)) / rowHeight) + 10);
    const rows = [];
    for (let i = first; i < last; i++) {
      const el = row(items[i]);
      el.style.top = `${i * rowHeight}px`;
      el.style.height = `${rowHeight}px`;
      el.classList.add('vrow');
      el.setAttribute('role', 'option');
      el.setAttribute('aria-selected', String(i === active));
      el.addEventListener('click', () => { active = i; onPick(items[i]); });
      rows.push(el);
    }
    inner.replaceChildren(...rows);
  }
  box.addEventListener('scroll', () => requestAnimationFrame(render));
  box.addEventListener('keydown', e => {
    const page = Math.max(1, Math.floor(box.clientHeight / rowHeight) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      active = Math.max(0, Math.min(items.length - 1, active + moves[e.key]));
      const top = active * rowHeight;
      if (top < box.scrollTop) box.scrollTop = top;
      else if (top + rowHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + rowHeight - box.clientHeight;
      render();
    } else if (e.key === 'Enter' && items[active]) onPick(items[active]);
  });
  return { el: box, set(list) { items = list; if (active >= items.length) active = 0; render(); } };
}
