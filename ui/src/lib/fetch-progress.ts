// "Fetch all": which requests it can page through, and its progress as text.
import type { FetchProgress } from './bindings/FetchProgress';
import type { RequestInput } from './bindings/RequestInput';

/** Why "Fetch all" cannot run for this request, or null when it can. */
export function fetchAllBlocker(input: RequestInput): string | null {
  if (input.target !== 'table') return 'Fetch all pages through a table: choose the Table target.';
  if (input.method.trim().toUpperCase() !== 'GET') return 'Fetch all sends GET requests.';
  if (input.sys_id) return 'Fetch all lists records: clear the sys_id.';
  if (input.table.trim() === '') return 'Name the table first.';
  return null;
}

export interface ProgressView {
  /** 0…1, or null when the total is unknown (`sysparm_no_count`). */
  fraction: number | null;
  /** `1,200 of 4,200 records · 3 pages`. */
  text: string;
  /** The last update reported another 429: the back end is waiting it out. */
  waiting: boolean;
}

const n = (x: number) => x.toLocaleString('en');

export function progressView(p: FetchProgress, previous: FetchProgress | null): ProgressView {
  const pages = `${n(p.pages)} page${p.pages === 1 ? '' : 's'}`;
  const records =
    p.total === null ? `${n(p.records)} records` : `${n(p.records)} of ${n(p.total)} records`;
  const fraction =
    p.total === null ? null : p.total === 0 ? 1 : Math.min(1, Math.max(0, p.records / p.total));
  const waiting = previous !== null && p.rate_limited > previous.rate_limited;
  return { fraction, text: `${records} · ${pages}`, waiting };
}

/** The line shown when it ended. */
export function progressSummary(p: FetchProgress): string {
  const what = `${n(p.records)} record${p.records === 1 ? '' : 's'} in ${n(p.pages)} page${p.pages === 1 ? '' : 's'}`;
  const limited =
    p.rate_limited > 0
      ? `, ${n(p.rate_limited)} rate limit${p.rate_limited === 1 ? '' : 's'} waited out`
      : '';
  return p.cancelled ? `Cancelled after ${what}${limited}` : `Fetched ${what}${limited}`;
}
