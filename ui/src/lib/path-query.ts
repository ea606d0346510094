// A query string typed into the Path field belongs in the Params table: there each parameter
// is sent once and can be edited, and the table's own rows cannot silently double it.
import type { KeyValue } from './bindings/KeyValue';

/**
 * Moves `path`'s query into `rows`: a key already in the table gets the typed value (and is
 * switched on); a new key is added at the end. A path without `?` comes back unchanged.
 */
export function moveQueryToParams(
  path: string,
  rows: readonly KeyValue[],
): { path: string; params: KeyValue[] } {
  const at = path.indexOf('?');
  if (at < 0) return { path, params: [...rows] };
  const params = rows.map((r) => ({ ...r }));
  for (const [key, value] of new URLSearchParams(path.slice(at + 1).split('#')[0])) {
    const row = params.find((r) => r.key === key);
    if (row) {
      row.value = value;
      row.enabled = true;
    } else {
      params.push({ key, value, enabled: true });
    }
  }
  return { path: path.slice(0, at), params };
}
