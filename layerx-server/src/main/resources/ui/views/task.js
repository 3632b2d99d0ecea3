// One task: where it runs, the events seen for it, its logs following live, and migrate (pick a target).
import { h, confirm, ago } from '../dom.js';
import { call, follow, get } from '../api.js';
import { pool, followUsage } from '../store.js';
import { fact, reservedVsUsed } from './nodes.js';

export function taskView(root, go, id) {
  const head = h('div');
  const actions = h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => migrate() }, 'Migrate…'));
  const history = h('ol', { class: 'history', 'aria-label': 'Events of this task' });
  const logs = h('pre', { class: 'logs', tabindex: '0', 'aria-label': 'Logs', 'aria-live': 'off' });
  const logState = h('p', { class: 'sub', role: 'status' });
  root.replaceChildren(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), head, actions,
    h('h2', {}, 'History'), history, h('h2', {}, 'Logs'), logState, logs);
  const control = new AbortController();
  let seenEvents = -1;

  async function followLogs() {
    logState.textContent = 'following…';
    try {
      await follow(`/v1/tasks/${encodeURIComponent(id)}/logs?follow=true`, text => {
        const atEnd = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
        logs.append(text);
        if (atEnd) logs.scrollTop = logs.scrollHeight;
      }, control.signal);
      logState.textContent = 'the task ended; these are all its logs';
    } catch (e) {
      if (!control.signal.aborted) logState.textContent = e.text ? e.text() : String(e);
    }
  }

  function update() {
    const t = pool.tasks.get(id);
    if (!t) { head.replaceChildren(h('h1', {}, id), h('p', { class: 'error' }, 'No such task (it may have been removed).')); return; }
    head.replaceChildren(h('h1', {}, `Task ${t.id}`), h('dl', { class: 'facts' },
      fact('State', h('span', { class: `badge task-${t.state}`, 'data-testid': 'task-state' }, t.state)),
      fact('Desired', t.desired),
      fact('Job', h('a', { href: `#/jobs/${encodeURIComponent(t.job)}` }, `${t.job} (v${t.jobVersion}, slot ${t.slot})`)),
      fact('Node', t.node ? h('a', { href: `#/nodes/${encodeURIComponent(t.node)}` }, `${t.node} (${t.cluster})`) : 'not placed'),
      fact('Resources', `cpu ${t.resources?.cpu}m, memory ${t.resources?.memory} MiB`),
      fact('Reserved vs used', h('span', { 'data-testid': 'task-usage' }, reservedVsUsed(pool.taskUsage.get(t.id),
        t.resources?.cpu || 0, t.resources?.memory || 0))),
      fact('Ports', Object.entries(t.ports || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '-'),
      fact('Reason', t.reason || '-'), fact('Exit code', t.exitCode ?? '-'),
      fact('Created', `${t.created} (${ago(t.created)})`),
      t.replaces ? fact('Replaces', h('a', { href: `#/tasks/${encodeURIComponent(t.replaces)}` }, t.replaces)) : []));
    const mine = pool.recent.filter(e => e.kind === 'task' && e.id === id);
    if (mine.length !== seenEvents) {
      seenEvents = mine.length;
      history.replaceChildren(h('li', {}, `created ${t.created}`),
        ...mine.map(e => h('li', {}, `revision ${e.revision}: ${e.type === 'delete' ? 'deleted'
          : `${e.object.state}${e.object.node ? ' on ' + e.object.node : ''}${e.object.reason ? ' — ' + e.object.reason : ''}`}`)));
    }
  }

  async function migrate() {
    const t = pool.tasks.get(id);
    const select = h('select', { id: 'migrate-to' }, h('option', { value: '' }, 'the best other node (as the brain chooses)'),
      [...pool.nodes.values()].filter(n => n.state === 'ready' && n.name !== t?.node)
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
        .map(n => h('option', { value: n.name }, `${n.name} (${n.cluster})`)));
    const ok = await confirm(`Migrate ${id}?`, [h('p', {}, 'A replacement starts on the target; this task stops once it runs.'),
      h('label', { for: 'migrate-to' }, 'Target '), select], async () => {
      const replacement = await call('POST', `/v1/tasks/${encodeURIComponent(id)}/migrate`,
        select.value ? { node: select.value } : {});
      go(`#/tasks/${encodeURIComponent(replacement.id)}`);
    }, 'Migrate');
    return ok;
  }

  update();
  if (!pool.tasks.has(id)) get(`/v1/tasks/${encodeURIComponent(id)}`).then(t => { pool.tasks.set(t.id, t); update(); }, () => {});
  followLogs();
  const stopUsage = followUsage();
  return { update, close: () => { control.abort(); stopUsage(); } };
}
