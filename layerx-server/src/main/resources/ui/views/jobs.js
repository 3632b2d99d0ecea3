// Jobs: a virtualised list with state and running/wanted, and one job: why its tasks wait, its versions and the
// rolling update's progress, its tasks, and stop / scale.
import { h, confirm, vlist, ago } from '../dom.js';
import { call, get } from '../api.js';
import { pool, tasksOf, jobCounts, jobState, wanted } from '../store.js';
import { fact } from './nodes.js';

const LIVE = new Set(['pending', 'assigned', 'starting', 'running']);

export function taskRow(t) {
  return h('div', { class: 'row', 'data-task': t.id },
    h('span', { class: 'c1' }, t.id), h('span', { class: `badge task-${t.state}` }, t.state),
    h('span', { class: 'c2' }, t.node || '(not placed)'), h('span', {}, `v${t.jobVersion}`),
    h('span', { class: 'reason' }, t.reason || ''));
}

export function jobsView(root, go) {
  const filter = h('input', { type: 'search', placeholder: 'Filter by name or state', 'aria-label': 'Filter jobs' });
  const count = h('p', { class: 'sub', role: 'status' });
  const list = vlist(32, j => {
    const c = jobCounts(j.name), state = jobState(j);
    return h('div', { class: 'row', 'data-job': j.name },
      h('span', { class: 'c1' }, j.name), h('span', {}, j.type), h('span', { class: `badge job-${state}` }, state),
      h('span', { 'data-testid': 'running' }, `${c.get('running') || 0}/${wanted(j)} running`),
      h('span', {}, `v${j.version}`), h('span', {}, c.get('pending') ? `${c.get('pending')} waiting` : ''));
  }, j => go(`#/jobs/${encodeURIComponent(j.name)}`), 'Jobs');
  root.replaceChildren(h('h1', {}, 'Jobs'), filter, count, list.el);
  function update() {
    const q = filter.value.trim().toLowerCase();
    const items = [...pool.jobs.values()].filter(j => !q || j.name.toLowerCase().includes(q) || jobState(j) === q)
      .sort((a, b) => a.name.localeCompare(b.name));
    count.textContent = `${items.length} of ${pool.jobs.size} jobs`;
    list.set(items);
  }
  filter.addEventListener('input', update);
  update();
  return { update };
}

export function jobView(root, go, name) {
  const head = h('div'), why = h('div'), rollout = h('div');
  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', onclick: () => scale() }, 'Scale…'),
    h('button', { type: 'button', class: 'danger', onclick: () => stop() }, 'Stop job'));
  const list = vlist(32, taskRow, t => go(`#/tasks/${encodeURIComponent(t.id)}`), 'Tasks of this job');
  root.replaceChildren(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), head, actions, why, rollout,
    h('h2', {}, 'Tasks'), list.el);
  let problems = [], asked = 0, lastVersion = -1, lastPending = -1;

  async function readProblems() {   // why tasks wait is computed by the server: read it when the job changes
    const mine = ++asked;
    try {
      const j = await get(`/v1/jobs/${encodeURIComponent(name)}`);
      if (mine === asked) { problems = j.problems || []; render(); }
    } catch { /* the job may be gone; render says so */ }
  }

  function render() {
    const j = pool.jobs.get(name);
    if (!j) { head.replaceChildren(h('h1', {}, name), h('p', { class: 'error' }, 'No such job.')); return; }
    const c = jobCounts(name), state = jobState(j);
    head.replaceChildren(h('h1', {}, `Job ${j.name}`), h('dl', { class: 'facts' },
      fact('State', h('span', { class: `badge job-${state}`, 'data-testid': 'job-state' }, state)),
      fact('Replicas', h('span', { 'data-testid': 'job-running' }, `${c.get('running') || 0} running of ${wanted(j)} wanted`)),
      fact('Type', j.type), fact('Strategy', j.strategy), fact('Version', `v${j.version}, submitted ${ago(j.submitted)}`),
      fact('Tasks by state', [...c.entries()].filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'),
      fact('Constraints', (j.constraints || []).join('; ') || '-')));
    const pending = c.get('pending') || 0;
    why.replaceChildren(...(pending || problems.length ? [h('h2', {}, 'Why tasks wait'),
      problems.length ? h('ul', { class: 'problems' }, problems.map(p => h('li', {}, p)))
        : h('p', {}, `${pending} waiting; the brains have not said why yet.`)] : []));
    const tasks = tasksOf(pool.jobTasks, name);
    const versions = new Map();
    for (const t of tasks) if (LIVE.has(t.state) && t.desired === 'run') versions.set(t.jobVersion, (versions.get(t.jobVersion) || 0) + 1);
    const current = versions.get(j.version) || 0, total = [...versions.values()].reduce((a, b) => a + b, 0);
    rollout.replaceChildren(h('h2', {}, 'Versions'), h('p', {}, [...versions.entries()].sort((a, b) => b[0] - a[0])
      .map(([v, n]) => `v${v}: ${n}`).join(' · ') || 'no live tasks'),
      ...(versions.size > 1 ? [h('p', {}, h('progress', { max: String(Math.max(total, 1)), value: String(current),
        'aria-label': 'Rolling update' }), ` rolling update: ${current} of ${total} on v${j.version}`)] : []));
    list.set(tasks);
  }

  function update() {
    const j = pool.jobs.get(name);
    const pending = jobCounts(name).get('pending') || 0;
    if (j && (j.version !== lastVersion || pending !== lastPending)) {
      lastVersion = j.version; lastPending = pending; readProblems();
    }
    render();
  }

  function stop() {
    confirm(`Stop job ${name}?`, [h('p', {}, 'Every task of the job is stopped. Posting the job again starts it again.')],
      () => call('DELETE', `/v1/jobs/${encodeURIComponent(name)}`), 'Stop job');
  }

  function scale() {
    const j = pool.jobs.get(name);
    const input = h('input', { type: 'number', min: '0', id: 'scale-to', value: String(j?.replicas ?? 1) });
    confirm(`Scale ${name}`, [h('label', { for: 'scale-to' }, 'Replicas '), input], async () => {
      const fresh = await get(`/v1/jobs/${encodeURIComponent(name)}`);
      await call('POST', '/v1/jobs', jobFile(fresh, Number(input.value)));
    }, 'Scale');
  }
  update();
  return { update };
}

/** The job file of a job as the API shows it, with another replica count (what the server computes left out). */
export function jobFile(job, replicas) {
  const { stopped, version, submitted, status, counts, problems, ...file } = job;
  return { ...file, replicas };
}
