// Brains and their conflict rate, the rebalancer and its moves, and the event stream.
import { h, vlist, ago } from '../dom.js';
import { get } from '../api.js';
import { pool } from '../store.js';

/** Counters by label value from Prometheus text: {brain -> value} of metric name. */
function counters(text, metric, label) {
  const out = new Map();
  const re = new RegExp(`^${metric}\\{([^}]*)\\}\\s+([0-9.eE+-]+)`, 'gm');
  for (const m of text.matchAll(re)) {
    const l = m[1].match(new RegExp(`${label}="([^"]*)"`));
    if (l) out.set(l[1], (out.get(l[1]) || 0) + Number(m[2]));
  }
  return out;
}

/** Reads again at most once a second, when something changed in the pool (no polling loop). */
function throttled(read) {
  let last = 0, timer = null;
  return () => {
    if (timer) return;
    const wait = Math.max(0, 1000 - (Date.now() - last));
    timer = setTimeout(() => { timer = null; last = Date.now(); read(); }, wait);
  };
}

export function brainsView(root) {
  const table = h('tbody');
  const note = h('p', { class: 'sub', role: 'status' });
  root.replaceChildren(h('h1', {}, 'Brains'),
    h('p', {}, 'The conflict rate is the share of plan steps the plan applier refused (another brain got there first, '
      + 'or the step was stale). Counted since the server started.'),
    note, h('table', {}, h('thead', {}, h('tr', {}, ['Brain', 'Kind', 'Alive', 'Last seen', 'Plans', 'Steps refused',
      'Refused per plan'].map(c => h('th', { scope: 'col' }, c)))), table));
  let stale = false;
  async function read() {
    try {
      const [brains, metrics] = await Promise.all([get('/v1/brains'), get('/metrics')]);
      const plans = counters(metrics, 'layerx_brain_plans_total', 'brain');
      const refused = counters(metrics, 'layerx_brain_steps_refused_total', 'brain');
      const accepted = [...metrics.matchAll(/^layerx_plan_steps_accepted_total(?:\{[^}]*\})?\s+([0-9.eE+-]+)/gm)]
        .reduce((a, m) => a + Number(m[1]), 0);
      const rejected = [...metrics.matchAll(/^layerx_plan_steps_rejected_total\{[^}]*\}\s+([0-9.eE+-]+)/gm)]
        .reduce((a, m) => a + Number(m[1]), 0);
      const rows = [];
      const names = new Set([...plans.keys(), ...brains.map(b => b.name)]);
      for (const name of [...names].sort()) {
        const b = brains.find(x => x.name === name);
        const p = plans.get(name) || 0, r = refused.get(name) || 0;
        rows.push(h('tr', { 'data-brain': name }, h('td', {}, name), h('td', {}, b ? `external (${b.types.join(', ') || 'by name'})` : 'built-in'),
          h('td', {}, b ? (b.alive ? 'yes' : 'no') : 'yes'), h('td', {}, b ? ago(b.lastSeen) : '-'),
          h('td', {}, String(p)), h('td', {}, String(r)), h('td', {}, p ? `${(r / p).toFixed(2)} refused steps a plan` : '-')));
      }
      table.replaceChildren(...rows);
      const all = accepted + rejected;
      note.textContent = `Plan applier: ${accepted} steps committed, ${rejected} refused`
        + (all ? ` (conflict rate ${(100 * rejected / all).toFixed(2)}% of steps)` : '');
    } catch (e) { note.textContent = e.text ? e.text() : String(e); }
  }
  const again = throttled(read);
  read();
  return { update: () => { if (stale) again(); stale = true; } };
}

export function rebalancerView(root) {
  const settings = h('dl', { class: 'facts' });
  const list = vlist(32, m => h('div', { class: 'row' }, h('span', {}, m.at ? ago(m.at) : ''),
    h('a', { href: `#/tasks/${encodeURIComponent(m.replaces)}` }, m.replaces), h('span', {}, '→'),
    h('a', { href: `#/tasks/${encodeURIComponent(m.task)}` }, m.task), h('span', {}, m.node || '(placing)')),
  m => { location.hash = `#/tasks/${encodeURIComponent(m.task)}`; }, 'Moves');
  const count = h('p', { class: 'sub' });
  root.replaceChildren(h('h1', {}, 'Rebalancer'), settings,
    h('h2', {}, 'Moves seen since this page was opened'),
    h('p', {}, 'Every replacement task (a live migration: the rebalancer\'s, a drain\'s or by hand), newest first.'),
    count, list.el);
  let moves = -1;
  async function read() {
    try {
      const r = await get('/v1/rebalancer');
      settings.replaceChildren(...[['Enabled', r.enabled ? 'on' : 'off'], ['Mode', r.mode],
        ['Clusters', r.clusters.join(', ') || 'the whole pool'], ['Budget', `${r.movesPerMinute} moves a minute`],
        ['Minimum gain', String(r.minGain)], ['On arrival', r.onArrival ? 'on' : 'off'], ['Moves made', String(r.moves)], ['Moves refused', String(r.refused)]]
        .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    } catch (e) { settings.replaceChildren(h('p', { class: 'error' }, e.text ? e.text() : String(e))); }
  }
  const again = throttled(read);
  read();
  function update() {
    if (pool.moves.length !== moves) {
      if (moves >= 0) again();
      moves = pool.moves.length;
      count.textContent = `${moves} moves`;
      list.set([...pool.moves].reverse());
    }
  }
  update();
  return { update };
}

export function eventsView(root) {
  const kind = h('select', { 'aria-label': 'Kind' }, ['all', 'cluster', 'node', 'job', 'task'].map(k => h('option', { value: k }, k)));
  const pause = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Pause');
  const count = h('p', { class: 'sub', role: 'status' });
  const list = vlist(28, e => h('div', { class: 'row', 'data-event': e.id },
    h('span', {}, String(e.revision)), h('span', {}, e.kind), h('span', {}, e.type), h('span', { class: 'c1' }, e.id),
    h('span', {}, e.object?.state || '')), e => {
    const routes = { task: 'tasks', node: 'nodes', job: 'jobs' };
    if (routes[e.kind]) location.hash = `#/${routes[e.kind]}/${encodeURIComponent(e.id)}`;
  }, 'Events');
  let paused = false;
  pause.addEventListener('click', () => { paused = !paused; pause.setAttribute('aria-pressed', String(paused)); pause.textContent = paused ? 'Resume' : 'Pause'; update(true); });
  kind.addEventListener('change', () => update(true));
  root.replaceChildren(h('h1', {}, 'Event stream'), h('div', { class: 'actions' }, kind, pause), count, list.el);
  function update(force) {
    if (paused && !force) return;
    const k = kind.value;
    const items = pool.recent.filter(e => k === 'all' || e.kind === k).reverse();
    count.textContent = `${items.length} events (newest first; the newest 10,000 are kept), at revision ${pool.revision}`;
    list.set(items);
  }
  update();
  return { update };
}
