export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Whether a request with this method carries the body the user typed. */
export function methodTakesBody(method: string): boolean {
  return !['GET', 'DELETE', 'HEAD', 'OPTIONS'].includes(method.trim().toUpperCase());
}

/** The URL a request will go to, as shown above the Request tab (the back end builds the real one). */
export function requestUrl(
  instance: string,
  r: {
    target: 'table' | 'path';
    table: string;
    sys_id: string | null;
    path: string;
    params: { key: string; value: string; enabled: boolean }[];
  },
): string {
  const base = instance.replace(/\/+$/, '');
  // A Path may be an absolute link on the instance (a pagination link re-opened from history).
  if (r.target === 'path' && /^https?:\/\//i.test(r.path.trim())) {
    return withQuery(r.path.trim(), r.params);
  }
  const path =
    r.target === 'table'
      ? `/api/now/table/${encodeURIComponent(r.table || '{table}')}${r.sys_id ? `/${encodeURIComponent(r.sys_id)}` : ''}`
      : `/${(r.path || 'api/…').replace(/^\/+/, '')}`;
  return withQuery(`${base}${path}`, r.params);
}

function withQuery(
  url: string,
  params: { key: string; value: string; enabled: boolean }[],
): string {
  const query = params
    .filter((p) => p.enabled && p.key.trim() !== '')
    .map((p) => `${encodeURIComponent(p.key.trim())}=${encodeURIComponent(p.value)}`)
    .join('&');
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}
