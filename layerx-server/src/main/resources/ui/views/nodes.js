// Nodes: a virtualised list of every node (filter by cluster), and one node with its tasks and drain/undrain.
import { h, confirm, vlist, ago, fmtCpu, fmtMem, fmtBytes } from '../dom.js';
import { call } from '../api.js';
import { pool, tasksOf, followUsage } from '../store.js';
import { share } from './map.js';
import { taskRow } from './jobs.js';

export function nodesView(root, go, params) {
  const cluster = params.get('cluster');
  const filter = h('input', { type: 'search', placeholder: 'Filter by name, cluster or state', 'aria-label': 'Filter nodes',
    value: cluster || '' });
  const count = h('p', { class: 'sub', role: 'status' });
  const list = vlist(32, n => {
    const { used, fraction } = share(n);
    return h('div', { class: `row state-${n.state}`, 'data-node': n.name },
      h('span', { class: 'c1' }, n.name), h('span', { class: 'c2' }, n.cluster), h('span', { class: `badge state-${n.state}` }, n.state),
      h('span', {}, `${used.tasks} tasks`), h('span', {}, `${Math.round(fraction * 100)}% reserved`));
  }, n => go(`#/nodes/${encodeURIComponent(n.name)}`), 'Nodes');
  root.replaceChildren(h('h1', {}, 'Nodes'), filter, count, list.el);
  function update() {
    const q = filter.value.trim().toLowerCase();
    const items = [...pool.nodes.values()].filter(n => !q || n.name.toLowerCase().includes(q)
      || n.cluster.toLowerCase() === q || n.state === q)
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    count.textContent = `${items.length} of ${pool.nodes.size} nodes`;
    list.set(items);
  }
  filter.addEventListener('input', update);
  update();
  return { update };
}

export function nodeView(root, go, name) {
  const head = h('div');
  const actions = h('div', { class: 'actions' });
  const list = vlist(32, taskRow, t => go(`#/tasks/${encodeURIComponent(t.id)}`), 'Tasks on this node');
  root.replaceChildren(h('p', {}, h('a', { href: '#/map' }, '← Pool map')), head, actions,
    h('h2', {}, 'Tasks here'), list.el);
  function update() {
    const n = pool.nodes.get(name);
    if (!n) { head.replaceChildren(h('h1', {}, name), h('p', { class: 'error' }, 'No such node (it may have been removed).')); return; }
    const { used, fraction } = share(n);
    head.replaceChildren(h('h1', {}, `Node ${n.name}`), h('dl', { class: 'facts' },
      fact('State', h('span', { class: `badge state-${n.state}`, 'data-testid': 'node-state' }, n.state)),
      fact('Cluster', n.cluster), fact('Provider', n.provider),
      fact('Reserved', `${Math.round(fraction * 100)}%: cpu ${fmtCpu(used.cpu)} of ${fmtCpu(n.capacity?.cpu || 0)}, `
        + `memory ${fmtMem(used.memory)} of ${fmtMem(n.capacity?.memory || 0)}`),
      fact('Reserved vs used', h('span', { 'data-testid': 'node-usage' }, reservedVsUsed(pool.usage.get(n.name),
        used.cpu, used.memory))),
      fact('Tasks', String(used.tasks)), fact('Address', n.address || '-'),
      fact('Labels', Object.entries(n.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '-')));
    const drain = n.state === 'draining'
      ? h('button', { type: 'button', onclick: () => act(n, 'undrain') }, 'Undrain')
      : h('button', { type: 'button', class: 'danger', onclick: () => act(n, 'drain') }, 'Drain');
    actions.replaceChildren(drain);
    list.set(tasksOf(pool.nodeTasks, name).filter(t => t.node === name));
  }
  function act(n, what) {
    const text = what === 'drain'
      ? `Node ${n.name} takes no new work and its running service tasks move elsewhere, start before stop.`
      : `Node ${n.name} takes work again.`;
    confirm(`${what === 'drain' ? 'Drain' : 'Undrain'} ${n.name}?`, [h('p', {}, text)],
      () => call('POST', `/v1/nodes/${encodeURIComponent(n.name)}/${what}`), what === 'drain' ? 'Drain' : 'Undrain');
  }
  update();
  return { update, close: followUsage() };
}

/** "cpu 250m reserved, 12m used · memory 256 MiB reserved, 3.1 MiB used (measured 4 s ago)" from a usage report. */
export function reservedVsUsed(usage, cpu, memory) {
  const reserved = `cpu ${fmtCpu(cpu)} reserved`, mem = `memory ${fmtMem(memory)} reserved`;
  if (!usage) return `${reserved} · ${mem} · use not measured (only agents report it)`;
  return `${reserved}, ${fmtCpu(usage.used?.cpu || 0)} used · ${mem}, ${fmtBytes(usage.used?.memory || 0)} used`
    + ` (measured ${ago(usage.at)})`;
}

export function fact(k, v) {
  return [h('dt', {}, k), h('dd', {}, v)];
}
