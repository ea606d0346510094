// Edits of key/value rows (query parameters, headers, token form rows). Every function returns
// a new array; the input is never mutated.

/** What every editable row has. */
export interface Row {
  key: string;
  enabled: boolean;
}

export function addRow<R extends Row>(rows: readonly R[], row: R): R[] {
  return [...rows, row];
}

export function updateRow<R extends Row>(
  rows: readonly R[],
  index: number,
  patch: Partial<R>,
): R[] {
  if (index < 0 || index >= rows.length) return [...rows];
  return rows.map((r, i) => (i === index ? { ...r, ...patch } : r));
}

export function removeRow<R extends Row>(rows: readonly R[], index: number): R[] {
  return rows.filter((_, i) => i !== index);
}

export function toggleRow<R extends Row>(rows: readonly R[], index: number): R[] {
  const row = rows[index];
  return row ? updateRow(rows, index, { enabled: !row.enabled } as Partial<R>) : [...rows];
}

/** Moves a row up (-1) or down (+1); out-of-range moves change nothing. */
export function moveRow<R extends Row>(rows: readonly R[], index: number, by: -1 | 1): R[] {
  const to = index + by;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** The rows that go out: enabled, with a key that is not blank. */
export function sendableRows<R extends Row>(rows: readonly R[]): R[] {
  return rows.filter((r) => r.enabled && r.key.trim() !== '');
}

/** Keys that more than one enabled row uses (worth a warning: usually a mistake). */
export function duplicateKeys(rows: readonly Row[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of sendableRows(rows)) {
    const k = r.key.trim();
    if (seen.has(k)) dup.add(k);
    seen.add(k);
  }
  return dup;
}

/** Keys with leading/trailing blanks, a classic cause of `access_denied` (`"grant_type "`). */
export function keysWithBlanks(rows: readonly Row[]): string[] {
  return rows.filter((r) => r.key !== '' && r.key !== r.key.trim()).map((r) => r.key);
}
