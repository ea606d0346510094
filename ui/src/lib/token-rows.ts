import type { FormRow } from './bindings/FormRow';

/** A secret row whose value stays in the keychain (the window never sees it). */
export function isStoredSecret(row: FormRow): boolean {
  return row.secret && row.value === null;
}

export function blankTokenRow(): FormRow {
  return { key: '', value: '', secret: false, enabled: true };
}

/** "Replace for this request": the row takes a typed value, still sent and shown as a secret. */
export function replaceForRequest(rows: readonly FormRow[], index: number): FormRow[] {
  return rows.map((r, i) => (i === index ? { ...r, value: '', secret: true } : r));
}

/** Back to the stored secret after "Replace for this request". */
export function useStoredSecret(rows: readonly FormRow[], index: number): FormRow[] {
  return rows.map((r, i) => (i === index ? { ...r, value: null, secret: true } : r));
}

/** Keys that had a stored secret in the form as the back end built it. */
export function storedSecretKeys(rows: readonly FormRow[]): Set<string> {
  return new Set(rows.filter(isStoredSecret).map((r) => r.key));
}

/** The rows to send: rows with a blank key and an empty value are the user's unused additions. */
export function tokenRowsForSend(rows: readonly FormRow[]): FormRow[] {
  return rows.filter((r) => !(r.key.trim() === '' && (r.value ?? '') === ''));
}
