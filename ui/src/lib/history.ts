// History entries as the History tab shows them, and as the Request tab re-opens them.
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { RequestInput } from './bindings/RequestInput';

/** The path and query of a URL, without the instance (`/api/now/table/incident?…`). */
export function urlPath(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  const rest = m ? m[1] : url;
  return rest === '' ? '/' : rest;
}

/** The path and query for reading: percent-escapes decoded where they decode. */
export function readablePath(url: string): string {
  const path = urlPath(url);
  try {
    return decodeURIComponent(path.replace(/\+/g, ' '));
  } catch {
    return path;
  }
}

/** `14:03:07` today, `Nov 28 14:03` before that. */
export function formatWhen(atMs: number, now: number = Date.now()): string {
  const d = new Date(atMs);
  const today = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === today.toDateString()) return `${time}:${pad(d.getSeconds())}`;
  const month = d.toLocaleString('en', { month: 'short' });
  const year = d.getFullYear() === today.getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${month} ${d.getDate()}${year} ${time}`;
}

/**
 * The Request tab's input for an entry: a Path request with the recorded parameters, headers
 * and body. Redacted values stay redacted; the Authorization header is the profile's anyway.
 */
export function historyToRequest(entry: HistoryEntry): RequestInput {
  const r = entry.request;
  return {
    method: r.method || entry.method,
    target: 'path',
    table: '',
    sys_id: null,
    path: r.path || urlPath(entry.url).split('?')[0],
    params: r.params.map((p) => ({ ...p })),
    headers: r.headers.map((h) => ({ ...h })),
    body: r.body,
    accept: r.accept,
  };
}
