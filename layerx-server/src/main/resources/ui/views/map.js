// The pool map: one group per cluster, one tile per node filled by its reserved share (the larger of cpu and
// memory), with a dark bar at its right edge for the share its tasks use now where the node measures it (agents).
// Above TILE_LIMIT nodes the groups are drawn on canvases (one cell per node) instead of DOM tiles.
import { h, fmtCpu, fmtMem, fmtBytes } from '../dom.js';
import { pool, followUsage } from '../store.js';

export const TILE_LIMIT = 1500;

export function share(node) {
  const u = pool.used.get(node.name) || { cpu: 0, memory: 0, tasks: 0 };
  const c = node.capacity || {};
  const f = Math.max(c.cpu ? u.cpu / c.cpu : 0, c.memory ? u.memory / c.memory : 0);
  return { used: u, fraction: Math.min(1, f) };
}

/** What the node's tasks use now, from its last usage report, or null where it reports none. */
export function liveShare(node) {
  const u = pool.usage.get(node.name);
  if (!u) return null;
  const c = node.capacity || u.capacity || {};
  const used = u.used || {};
  const f = Math.max(c.cpu ? used.cpu / c.cpu : 0, c.memory ? used.memory / (c.memory * 1048576) : 0);
  return { used, at: u.at, fraction: Math.min(1, f) };
}

export function nodeTitle(n) {
  const { used } = share(n);
  const live = liveShare(n);
  return `${n.name} (${n.state}): ${used.tasks} tasks, cpu ${fmtCpu(used.cpu)} of ${fmtCpu(n.capacity?.cpu || 0)}, `
    + `memory ${fmtMem(used.memory)} of ${fmtMem(n.capacity?.memory || 0)} reserved`
    + (live ? `; using cpu ${fmtCpu(live.used.cpu)}, memory ${fmtBytes(live.used.memory)}` : '');
}

const COLORS = { ready: '#1f7a3a', draining: '#a15c00', down: '#5f6368', lost: '#b3261e' };

function groups() {
  const by = new Map();
  for (const c of pool.clusters.values()) by.set(c.name, []);
  for (const n of pool.nodes.values()) {
    if (!by.has(n.cluster)) by.set(n.cluster, []);
    by.get(n.cluster).push(n);
  }
  for (const list of by.values()) list.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return [...by.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

function summary(name, nodes) {
  const c = pool.clusters.get(name) || {};
  let cpu = 0, used = 0, ready = 0, tasks = 0;
  for (const n of nodes) {
    cpu += n.capacity?.cpu || 0;
    const u = pool.used.get(n.name);
    if (u) { used += u.cpu; tasks += u.tasks; }
    if (n.state === 'ready') ready++;
  }
  return `${c.kind || '?'} · ${nodes.length} nodes, ${ready} ready · ${tasks} tasks · cpu ${fmtCpu(used)} of ${fmtCpu(cpu)} reserved`;
}

export function mapView(root, go) {
  const legend = h('p', { class: 'legend' }, 'Each tile is a node, filled by the share of it that tasks reserve; ',
    h('span', { class: 'usekey' }, h('i'), 'the dark bar at its right is the share they use now, '
      + 'where the node measures it (agents report it every heartbeat).'), ' ',
    ...Object.entries(COLORS).map(([s, col]) => h('span', { class: `key state-${s}` }, h('i', { style: `background:${col}` }), s)));
  const body = h('div', { class: 'groups' });
  root.replaceChildren(h('h1', {}, 'Pool map'), legend, body);
  const sections = new Map();

  function tileSection(name) {
    const tiles = h('div', { class: 'tiles', role: 'list' });
    const el = h('section', { class: 'group', 'data-cluster': name }, h('h2', {}, name), h('p', { class: 'sub' }), tiles);
    return { el, tiles, els: new Map() };
  }

  function updateTiles(sec, nodes) {
    const keep = new Set();
    let prev = null;
    for (const n of nodes) {
      keep.add(n.name);
      let t = sec.els.get(n.name);
      if (!t) {
        t = h('a', { class: 'tile', href: `#/nodes/${encodeURIComponent(n.name)}`, role: 'listitem', 'data-node': n.name },
          h('span', { class: 'fill' }), h('span', { class: 'use', hidden: true }), h('span', { class: 'label' }, n.name));
        sec.els.set(n.name, t);
      }
      if (prev ? prev.nextSibling !== t : sec.tiles.firstChild !== t) {
        if (prev) prev.after(t); else sec.tiles.prepend(t);
      }
      prev = t;
      const { fraction } = share(n);
      t.className = `tile state-${n.state}`;
      t.dataset.state = n.state;
      t.title = nodeTitle(n);
      t.setAttribute('aria-label', t.title);
      t.firstChild.style.height = `${Math.round(fraction * 100)}%`;
      const live = liveShare(n), use = t.children[1];
      use.hidden = !live;
      if (live) use.style.height = `${Math.max(1, Math.round(live.fraction * 100))}%`;
      if (live) t.dataset.used = String(Math.round(live.fraction * 100)); else delete t.dataset.used;
    }
    for (const [name, t] of sec.els) if (!keep.has(name)) { t.remove(); sec.els.delete(name); }
  }

  function canvasSection(name) {
    const canvas = h('canvas', { class: 'cells', role: 'img' });
    const el = h('section', { class: 'group', 'data-cluster': name }, h('h2', {}, name), h('p', { class: 'sub' }), canvas,
      h('p', { class: 'hint' }, h('a', { href: `#/nodes?cluster=${encodeURIComponent(name)}` }, 'List these nodes'),
        ' (keyboard friendly).'));
    const sec = { el, canvas, nodes: [], cell: 8 };
    canvas.addEventListener('click', e => {
      const n = at(sec, e);
      if (n) go(`#/nodes/${encodeURIComponent(n.name)}`);
    });
    canvas.addEventListener('mousemove', e => { const n = at(sec, e); canvas.title = n ? nodeTitle(n) : ''; });
    return sec;
  }

  function at(sec, e) {
    const r = sec.canvas.getBoundingClientRect();
    const per = Math.floor(r.width / sec.cell);
    const i = Math.floor((e.clientY - r.top) / sec.cell) * per + Math.floor((e.clientX - r.left) / sec.cell);
    return sec.nodes[i];
  }

  function draw(sec, nodes) {
    sec.nodes = nodes;
    const width = Math.max(200, body.clientWidth - 24);
    const cell = sec.cell, per = Math.floor(width / cell), rows = Math.ceil(nodes.length / per);
    const ratio = window.devicePixelRatio || 1;
    sec.canvas.width = per * cell * ratio; sec.canvas.height = rows * cell * ratio;
    sec.canvas.style.width = `${per * cell}px`; sec.canvas.style.height = `${rows * cell}px`;
    const g = sec.canvas.getContext('2d');
    g.scale(ratio, ratio);
    const states = {};
    nodes.forEach((n, i) => {
      const x = (i % per) * cell, y = Math.floor(i / per) * cell;
      states[n.state] = (states[n.state] || 0) + 1;
      g.fillStyle = '#d9dee3'; g.fillRect(x, y, cell - 1, cell - 1);
      const f = share(n).fraction, col = COLORS[n.state] || '#333';
      g.fillStyle = col;
      const hgt = n.state === 'ready' ? Math.max(1, Math.round(f * (cell - 1))) : cell - 1;
      g.fillRect(x, y + cell - 1 - hgt, cell - 1, hgt);
      const live = liveShare(n);
      if (live) {   // the live use: a dark bar over the cell's right two pixels
        const uh = Math.max(1, Math.round(live.fraction * (cell - 1)));
        g.fillStyle = '#14213d';
        g.fillRect(x + cell - 3, y + cell - 1 - uh, 2, uh);
      }
    });
    sec.canvas.setAttribute('aria-label', `${nodes.length} nodes: ` + Object.entries(states).map(([s, k]) => `${k} ${s}`).join(', '));
  }

  function update() {
    const all = groups();
    const big = pool.nodes.size > TILE_LIMIT;
    const keep = new Set();
    for (const [name, nodes] of all) {
      keep.add(name);
      let sec = sections.get(name);
      if (!sec || sec.big !== big) {
        sec?.el.remove();
        sec = big ? canvasSection(name) : tileSection(name);
        sec.big = big;
        sections.set(name, sec);
      }
      if (!sec.el.isConnected) body.append(sec.el);
      sec.el.querySelector('.sub').textContent = summary(name, nodes);
      if (big) draw(sec, nodes); else updateTiles(sec, nodes);
    }
    for (const [name, sec] of sections) if (!keep.has(name)) { sec.el.remove(); sections.delete(name); }
  }
  update();
  return { update, close: followUsage() };
}
