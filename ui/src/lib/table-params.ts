// The Table API controls (query, fields, limit, offset, display value, reference links) read and
// write the Request tab's ordinary parameter rows, so custom parameters are never lost.
import type { KeyValue } from './bindings/KeyValue';

/** The value of the first sent row with this key, or '' when none is sent. */
export function getParam(rows: readonly KeyValue[], key: string): string {
  return rows.find((r) => r.enabled && r.key.trim() === key)?.value ?? '';
}

/**
 * Sets `key` to `value`: the first row with that key (sent or not) takes the value and is sent;
 * other sent rows with the same key stop being sent (they would contradict it). An empty value
 * removes the key's rows. Every other row is kept as it was, in place.
 */
export function setParam(rows: readonly KeyValue[], key: string, value: string): KeyValue[] {
  if (value === '') return rows.filter((r) => r.key.trim() !== key);
  let done = false;
  const out = rows.map((r) => {
    if (r.key.trim() !== key) return r;
    if (done) return r.enabled ? { ...r, enabled: false } : r;
    done = true;
    return { key, value, enabled: true };
  });
  return done ? out : [...out, { key, value, enabled: true }];
}

export const DISPLAY_VALUES = ['', 'false', 'true', 'all'] as const;

/** Whether `sysparm_limit` / `sysparm_offset` text is usable (blank means "not sent"). */
export function isCount(text: string): boolean {
  return text === '' || /^\d+$/.test(text.trim());
}
