// The pool as the UI knows it: the lists read once at sign-in, then every /v1/events event applied in order.
// Node reservations and job counts are kept up to date incrementally, so 100,000 tasks cost no rescans.
import { get, events } from './api.js';

const HOLDS = new Set(['assigned', 'starting', 'running']);
const ENDED = new Set(['exited', 'failed', 'killed', 'lost']);
const RECENT = 10000;

export const pool = {
  clusters: new Map(), nodes: new Map(), jobs: new Map(), tasks: new Map(),
  used: new Map(),        // node -> {cpu, memory, tasks}
  byJob: new Map(),       // job -> Map(state -> count), plus Map of task ids
  jobTasks: new Map(),    // job -> Set(task id)
  nodeTasks: new Map(),   // node -> Set(task id)
  recent: [],             // the newest events, oldest first
  moves: [],              // replacement tasks seen (a migration: drain, rebalancer or by hand)
  revision: 0,
  loaded: false,
  usage: new Map(),       // node -> its last usage report (GET /v1/usage/nodes): {capacity, reserved, used, at, tasks}
  taskUsage: new Map(),   // task -> {reserved, used, at}, from those reports
};

const listeners = new Set();
let scheduled = false;
let seen = new Set();

/** fn() after any change, at most once a frame; returns the unsubscribe function. */
export function watch(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => { scheduled = false; for (const fn of [...listeners]) fn(); });
}

function addTo(index, key, id) {
  let s = index.get(key);
  if (!s) index.set(key, s = new Set());
  s.add(id);
}

function count(task, sign) {
  if (!task) return;
  let c = pool.byJob.get(task.job);
  if (!c) pool.byJob.set(task.job, c = new Map());
  c.set(task.state, (c.get(task.state) || 0) + sign);
  if (task.node && HOLDS.has(task.state)) {
    let u = pool.used.get(task.node);
    if (!u) pool.used.set(task.node, u = { cpu: 0, memory: 0, tasks: 0 });
    u.cpu += sign * (task.resources?.cpu || 0);
    u.memory += sign * (task.resources?.memory || 0);
    u.tasks += sign;
  }
}

function putTask(t) {
  const old = pool.tasks.get(t.id);
  if (old && old.updated && t.updated && t.updated < old.updated) return;  // an older copy than the one we hold
  count(old, -1);
  if (old?.node && old.node !== t.node) pool.nodeTasks.get(old.node)?.delete(t.id);
  pool.tasks.set(t.id, t);
  count(t, +1);
  addTo(pool.jobTasks, t.job, t.id);
  if (t.node) addTo(pool.nodeTasks, t.node, t.id);
  if (!old && t.replaces) pool.moves.push({ at: t.created, task: t.id, replaces: t.replaces, job: t.job, node: t.node });
}

function deleteTask(id) {
  const old = pool.tasks.get(id);
  if (!old) return;
  count(old, -1);
  pool.tasks.delete(id);
  pool.jobTasks.get(old.job)?.delete(id);
  if (old.node) pool.nodeTasks.get(old.node)?.delete(id);
}

const KINDS = { cluster: 'clusters', node: 'nodes', job: 'jobs' };

function apply(ev) {
  const key = `${ev.revision}/${ev.kind}/${ev.id}`;
  if (seen.has(key)) return;           // a resumed stream sends its first revision again
  seen.add(key);
  if (seen.size > 50000) seen = new Set([...seen].slice(-10000));
  pool.revision = Math.max(pool.revision, ev.revision);
  pool.recent.push(ev);
  if (pool.recent.length > RECENT * 1.2) pool.recent.splice(0, pool.recent.length - RECENT);
  if (ev.kind === 'task') {
    if (ev.type === 'delete') deleteTask(ev.id); else putTask(ev.object);
  } else {
    const map = pool[KINDS[ev.kind]];
    if (!map) return;
    if (ev.type === 'delete') map.delete(ev.id);
    else map.set(ev.id, { ...map.get(ev.id), ...ev.object });   // keeps what only the list routes compute
  }
}

/** Opens the event stream, then reads the lists; events that came in meanwhile are applied after them. */
export async function load(onState) {
  let buffer = [];
  const stop = events(ev => { if (buffer) buffer.push(ev); else { apply(ev); changed(); } }, onState);
  const [clusters, nodes, jobs, tasks] = await Promise.all(
    ['/v1/clusters', '/v1/nodes', '/v1/jobs', '/v1/tasks'].map(p => get(p)));
  for (const c of clusters) pool.clusters.set(c.name, c);
  for (const n of nodes) pool.nodes.set(n.name, n);
  for (const j of jobs) pool.jobs.set(j.name, j);
  for (const t of tasks) putTask(t);
  pool.moves.length = 0;
  const early = buffer;
  buffer = null;
  for (const ev of early) apply(ev);
  pool.loaded = true;
  changed();
  readUsage();
  return stop;
}

// Live use is a measurement the agents report with each heartbeat, not a change of state: no event carries it, so
// it is the one thing the UI reads periodically. Once at load, then every USAGE_MS at most, and only while a page
// that shows it (the map, a node, a task) follows it and the tab is visible.
const USAGE_MS = 10000;
const followers = new Set();
let usageTimer = null, usageAt = 0, usageReading = false;

async function readUsage() {
  if (usageReading) return;
  usageReading = true;
  usageAt = Date.now();
  try {
    const nodes = await get('/v1/usage/nodes');
    if (!pool.loaded) return;             // signed out meanwhile
    pool.usage.clear(); pool.taskUsage.clear();
    for (const n of nodes) {
      pool.usage.set(n.node, n);
      for (const t of n.tasks || []) pool.taskUsage.set(t.task, t);
    }
    changed();
  } catch { /* usage is extra: the pages show reservations without it */ }
  finally { usageReading = false; }
}

function scheduleUsage() {
  clearTimeout(usageTimer);
  usageTimer = null;
  if (!followers.size || !pool.loaded || document.visibilityState !== 'visible') return;
  const wait = Math.max(0, usageAt + USAGE_MS - Date.now());
  usageTimer = setTimeout(async () => { usageTimer = null; await readUsage(); scheduleUsage(); }, wait);
}

document.addEventListener('visibilitychange', scheduleUsage);

/** Keeps the live use fresh (every 10 s at most) until the returned function is called. */
export function followUsage() {
  const me = {};
  followers.add(me);
  scheduleUsage();
  return () => { followers.delete(me); scheduleUsage(); };
}

export function reset() {
  for (const k of ['clusters', 'nodes', 'jobs', 'tasks', 'used', 'byJob', 'jobTasks', 'nodeTasks', 'usage', 'taskUsage']) pool[k].clear();
  clearTimeout(usageTimer); usageTimer = null; usageAt = 0; followers.clear();
  pool.recent.length = 0; pool.moves.length = 0; pool.revision = 0; pool.loaded = false;
  seen = new Set();
}

/** Tasks of a job or a node, newest first. */
export function tasksOf(index, key) {
  const ids = index.get(key);
  if (!ids) return [];
  return [...ids].map(id => pool.tasks.get(id)).filter(Boolean)
    .sort((a, b) => (b.created || '').localeCompare(a.created || ''));
}

export function jobCounts(name) {
  return pool.byJob.get(name) || new Map();
}

/** What the UI shows as a job's state: stopped, running (all wanted run), pending (some wait), complete. */
export function jobState(job) {
  const c = jobCounts(job.name);
  if (job.stopped) return 'stopped';
  const running = c.get('running') || 0;
  if (job.type === 'batch' && running === 0 && (c.get('exited') || 0) > 0 && !(c.get('pending'))) return 'complete';
  if ((c.get('pending') || 0) > 0 || running < wanted(job)) return 'pending';
  return 'running';
}

export function wanted(job) {
  if (job.stopped) return 0;
  if (job.type === 'system') {   // one task per node the job may use: the tasks the server keeps wanting to run
    let n = 0;
    for (const id of pool.jobTasks.get(job.name) || []) {
      const t = pool.tasks.get(id);
      if (t && t.desired === 'run' && !ENDED.has(t.state)) n++;
    }
    return n;
  }
  return job.replicas;
}
