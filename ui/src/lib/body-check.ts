// Checks a Table API body against the table's schema before Send: it warns, never blocks.
import type { FieldInfo } from './bindings/FieldInfo';

/** Fields the instance fills in itself, whatever the dictionary says. */
const SYSTEM_FILLED = /^(sys_.*|number)$/;

export interface BodyWarning {
  field: string;
  message: string;
}

/**
 * Unknown fields (ServiceNow drops them silently), values that are not a choice of a choice
 * field, and, when a record is created, mandatory fields left out.
 */
export function checkBody(body: string, fields: FieldInfo[], creating: boolean): BodyWarning[] {
  if (fields.length === 0 || !body.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const record = parsed as Record<string, unknown>;
  const byName = new Map(fields.map((f) => [f.element, f]));
  const out: BodyWarning[] = [];
  for (const [key, value] of Object.entries(record)) {
    const f = byName.get(key);
    if (!f) {
      out.push({
        field: key,
        message: `${key} is not a field of this table; ServiceNow ignores it`,
      });
      continue;
    }
    if (f.read_only) out.push({ field: key, message: `${f.label} (${key}) is read-only` });
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : null;
    if (f.choices.length > 0 && text && !f.choices.some((c) => c.value === text)) {
      out.push({
        field: key,
        message: `"${text}" is not a choice of ${f.label} (${f.choices.map((c) => c.value).join(', ')})`,
      });
    }
  }
  if (creating) {
    for (const f of fields) {
      if (!f.mandatory || f.read_only || SYSTEM_FILLED.test(f.element)) continue;
      const v = record[f.element];
      if (v === undefined || v === null || v === '') {
        out.push({ field: f.element, message: `${f.label} (${f.element}) is mandatory` });
      }
    }
  }
  return out;
}
