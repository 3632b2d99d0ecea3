// The LayerX web UI: plain JavaScript modules served from the server's jar, no build step. Sign in with a token,
// then every page is drawn from the pool as the event stream keeps it (see store.js).
import { h } from './dom.js';
import { get, signIn, signOut, signedIn, ApiError } from './api.js';
import { load, reset, watch } from './store.js';
import { mapView } from './views/map.js';
import { nodesView, nodeView } from './views/nodes.js';
import { jobsView, jobView } from './views/jobs.js';
import { taskView } from './views/task.js';
import { brainsView, rebalancerView, eventsView } from './views/more.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
let view = null, stopStream = null;

function go(hash) { location.hash = hash; }

function route() {
  view?.close?.();
  const [path, query] = (location.hash.slice(1) || '/map').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const pages = {
    map: () => mapView(main, go),
    nodes: () => parts[1] ? nodeView(main, go, parts[1]) : nodesView(main, go, params),
    jobs: () => parts[1] ? jobView(main, go, parts[1]) : jobsView(main, go),
    tasks: () => taskView(main, go, parts[1]),
    brains: () => brainsView(main),
    rebalancer: () => rebalancerView(main),
    events: () => eventsView(main),
  };
  view = (pages[parts[0]] || pages.map)();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === `#/${parts[0]}`) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.focus({ preventScroll: true });
}

function signInPage(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  live.textContent = '';
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true, size: '44' });
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' }, message || '');
  const form = h('form', { class: 'signin', onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    signIn(input.value.trim());
    try { await get('/v1/server'); start(); }
    catch (err) { signOut(); error.textContent = err instanceof ApiError ? err.text() : String(err); }
  } }, h('h1', {}, 'Sign in to LayerX'),
    h('p', {}, 'Paste an admin token (the file admin-token in the server\'s data folder) or a read-only viewer token ',
      '(layerx token create --role viewer).'),
    h('label', { for: 'token' }, 'Token'), input, h('button', { type: 'submit' }, 'Sign in'), error);
  main.replaceChildren(form);
  input.focus();
}

async function start() {
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  main.replaceChildren(h('p', { role: 'status' }, 'Loading the pool…'));
  const t0 = performance.now();
  try {
    stopStream = await load(state => {
      live.textContent = state === 'live' ? '● live' : state === 'reconnecting' ? '○ reconnecting…' : state;
      if (/HTTP 401/.test(state)) { stopStream?.(); reset(); signOut(); signInPage(state); }
    });
  } catch (err) {
    stopStream?.(); reset(); signOut();
    signInPage(err instanceof ApiError ? err.text() : String(err));
    return;
  }
  window.layerxLoadMs = performance.now() - t0;
  document.body.dataset.loaded = 'true';
  route();
}

watch(() => view?.update?.());
window.addEventListener('hashchange', () => { if (signedIn()) route(); });
document.getElementById('signout').addEventListener('click', () => {
  stopStream?.(); view?.close?.(); view = null; reset(); signOut(); delete document.body.dataset.loaded; signInPage();
});
if (signedIn()) start(); else signInPage();
