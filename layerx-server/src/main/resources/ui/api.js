// Calls to the LayerX API with the signed-in token, and the live event stream (fetch streaming: EventSource cannot
// send an Authorization header). Every error carries the API's own text.

let token = sessionStorage.getItem('layerx.token');

export function signedIn() { return token !== null; }
export function signIn(t) { token = t; sessionStorage.setItem('layerx.token', t); }
export function signOut() { token = null; sessionStorage.removeItem('layerx.token'); }

export class ApiError extends Error {
  constructor(status, message, details) {
    super(message);
    this.status = status;
    this.details = details || [];
  }
  text() { return [`${this.message} (HTTP ${this.status})`, ...this.details].join('\n'); }
}

async function failure(res) {
  let message = res.statusText || 'request failed', details = [];
  try {
    const body = await res.json();
    if (body.error) message = body.error;
    if (Array.isArray(body.details)) details = body.details;
  } catch { /* not the API's error shape */ }
  return new ApiError(res.status, message, details);
}

export async function call(method, path, body, signal) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  const type = res.headers.get('Content-Type') || '';
  if (res.status === 204) return null;
  return type.includes('json') ? res.json() : res.text();
}

export const get = (path, signal) => call('GET', path, undefined, signal);

/** Follows a text response as it arrives (task logs); onText gets each piece. Resolves when it ends. */
export async function follow(path, onText, signal) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, signal });
  if (!res.ok) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onText(value);
  }
}

/**
 * The /v1/events stream: onEvent(event) for every event, in order. Reconnects after a cut with Last-Event-ID (the
 * server sends the events of that revision again; the caller dedupes). onState('live'|'reconnecting'|error text).
 */
export function events(onEvent, onState) {
  const control = new AbortController();
  let last = null;
  async function run() {
    for (let wait = 500; !control.signal.aborted; wait = Math.min(wait * 2, 10000)) {
      try {
        const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
        if (last !== null) headers['Last-Event-ID'] = String(last);
        const res = await fetch('/v1/events', { headers, signal: control.signal });
        if (!res.ok) { const e = await failure(res); onState(e.text()); if (res.status === 401) return; }
        else {
          onState('live'); wait = 500;
          await parse(res.body, ev => { last = ev.revision; onEvent(ev); });
        }
      } catch (e) {
        if (control.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise(r => setTimeout(r, wait));
    }
  }
  run();
  return () => control.abort();
}

async function parse(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
      if (data) onEvent(JSON.parse(data));
    }
  }
}
