import * as ipc from '../ipc';
import type { ImportProgress } from '../bindings/ImportProgress';
import { ProgressRun } from './progress-run.svelte';

/** "Import records": one run at a time, its live progress and how it ended. */
class ImportRecordsState extends ProgressRun<ImportProgress> {
  /** A field (number, correlation_id…): a row whose value matches a record's updates it. */
  updateKey = $state('');
  /** The table a confirm-writes profile stopped the import for, until the user answers. */
  unconfirmed = $state<string | null>(null);

  async start(profile: string, table: string, confirmed = false): Promise<void> {
    const key = this.updateKey.trim() || null;
    await this.run(() =>
      ipc.importRecords(profile, table, key, confirmed, (p) => {
        this.progress = p;
      }),
    );
    if (this.error?.kind === 'confirm_write') this.unconfirmed = table;
  }

  /** The user confirmed the writes the profile stopped: run again, confirmed. */
  async confirm(profile: string): Promise<void> {
    const table = this.unconfirmed;
    if (table) await this.start(profile, table, true);
  }

  protected stop() {
    return ipc.cancelImportRecords();
  }

  dismiss(): void {
    super.dismiss();
    this.unconfirmed = null;
  }
}

export const importRecords = new ImportRecordsState();

/** Rows finished so far (this run and earlier ones), of the total when known. */
export function importFraction(p: ImportProgress): number | null {
  if (p.total === null || p.total === 0) return null;
  return Math.min(1, (p.skipped + p.inserted + p.updated + p.failed) / p.total);
}

/** "120/2000 rows · 3 failed · 2 retries · 85 rows/s · ETA 22 s" */
export function importSummary(p: ImportProgress): string {
  const finished = p.skipped + p.inserted + p.updated + p.failed;
  const parts = [p.total === null ? `${finished} rows` : `${finished}/${p.total} rows`];
  if (p.skipped > 0) parts.push(`${p.skipped} done before`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  const retries = p.rate_limited + p.not_processed;
  if (retries > 0) parts.push(`${retries} retries`);
  parts.push(`${Math.round(p.rate)} rows/s`);
  if (p.eta_secs !== null && !p.cancelled) parts.push(`ETA ${p.eta_secs} s`);
  return parts.join(' · ');
}
