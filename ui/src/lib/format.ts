/** A byte count as people read it: `512 B`, `1.5 KB`, `2.25 MB` (1024-based). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${trim(kb)} KB`;
  const mb = kb / 1024;
  if (mb < 1024) return `${trim(mb)} MB`;
  return `${trim(mb / 1024)} GB`;
}

function trim(n: number): string {
  const digits = n < 10 ? 2 : n < 100 ? 1 : 0;
  return String(Number(n.toFixed(digits)));
}

/** Elapsed time: `83 ms`, `1.24 s`, `2 m 05 s`. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} m ${String(total % 60).padStart(2, '0')} s`;
}

export type StatusClass = 'info' | 'success' | 'redirect' | 'client-error' | 'server-error';

/** The colour class of an HTTP status. */
export function statusClass(status: number): StatusClass {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'success';
  return 'info';
}

/** The host of an instance URL (`https://dev1.service-now.com` → `dev1.service-now.com`). */
export function instanceHost(instance: string): string {
  try {
    const u = new URL(instance.includes('://') ? instance : `https://${instance}`);
    return u.host;
  } catch {
    return instance;
  }
}

/** How long ago a UNIX-seconds moment was: `just now`, `5 min ago`, `3 h ago`, `2 days ago`. */
export function ago(unixSeconds: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round(nowMs / 1000 - unixSeconds));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}
