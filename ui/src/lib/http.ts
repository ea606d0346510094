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
  const path =
    r.target === 'table'
      ? `/api/now/table/${encodeURIComponent(r.table || '{table}')}${r.sys_id ? `/${encodeURIComponent(r.sys_id)}` : ''}`
      : `/${(r.path || 'api/…').replace(/^\/+/, '')}`;
  const query = r.params
    .filter((p) => p.enabled && p.key.trim() !== '')
    .map((p) => `${encodeURIComponent(p.key.trim())}=${encodeURIComponent(p.value)}`)
    .join('&');
  return query ? `${base}${path}?${query}` : `${base}${path}`;
}
