import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { RequestInput } from '../bindings/RequestInput';
import type { SavedRequestRow } from '../bindings/SavedRequestRow';
import type { RunResult } from '../bindings/RunResult';
import type { Scrubbed } from '../bindings/Scrubbed';
import type { BatchView } from '../bindings/BatchView';

/** What storing left out, as the notice's tail: secrets never reach the database. */
export function keptOut(s: Scrubbed): string {
  const parts = [];
  if (s.replaced.length) parts.push(`Kept as keychain variables: ${s.replaced.join('; ')}`);
  if (s.dropped.length) parts.push(`Secrets dropped (set them again): ${s.dropped.join('; ')}`);
  return parts.length ? `. ${parts.join('. ')}` : '';
}

/** Variables nothing resolved, as the notice's tail: they are sent as written. */
export function unresolved(list: string[]): string {
  return list.length ? `. Unresolved (sent as written): ${list.join('; ')}` : '';
}

/** "4 sent: 3 passed, 1 failed", as newman's summary. */
export function runSummary(results: RunResult[]): string {
  const passed = results.filter((r) => r.status !== null && r.status >= 200 && r.status < 300);
  const failed = results.length - passed.length;
  return `${results.length} sent: ${passed.length} passed, ${failed} failed`;
}

/** "3 in one batch: 2 passed, 1 failed, 1 unserviced". */
export function batchSummary(b: BatchView): string {
  if (b.batch.status < 200 || b.batch.status >= 300)
    return `The batch itself was refused: ${b.batch.status} ${b.batch.reason}`;
  const passed = b.items.filter((i) => i.exchange.status >= 200 && i.exchange.status < 300);
  const total = b.items.length + b.unserviced.length;
  const unserviced = b.unserviced.length ? `, ${b.unserviced.length} unserviced` : '';
  return `${total} in one batch: ${passed.length} passed, ${b.items.length - passed.length} failed${unserviced}`;
}

/** Saved requests of the selected profile, and their Postman export / import. */
class SavedState {
  rows = $state<SavedRequestRow[]>([]);
  busy = $state(false);
  error = $state<AppError | null>(null);
  notice = $state<string | null>(null);
  /** The last "Run all", in order. */
  results = $state<RunResult[]>([]);
  /** Writes a confirm-writes profile refused in that run, to send once confirmed. */
  unconfirmed = $state<RunResult[]>([]);
  /** Names ticked for "Send as batch". */
  picked = $state<string[]>([]);
  /** The last batch; each serviced answer opens in the response viewer. */
  batch = $state<BatchView | null>(null);
  /** A confirm-writes profile held the batch back: the refusal, until confirmed. */
  batchConfirm = $state<AppError | null>(null);
  private profile: string | null = null;

  toggle(name: string): void {
    this.picked = this.picked.includes(name)
      ? this.picked.filter((n) => n !== name)
      : [...this.picked, name];
  }

  /** Sends the ticked requests (in saved order) as one Batch API call. */
  async sendBatch(profile: string, confirmed?: boolean): Promise<void> {
    const names = this.rows.map((r) => r.name).filter((n) => this.picked.includes(n));
    this.batchConfirm = null;
    let held: AppError | null = null;
    await this.run(async () => {
      try {
        this.batch = await ipc.sendBatch(profile, names, confirmed);
      } catch (e) {
        const err = AppError.from(e);
        if (err.kind !== 'confirm_write') throw err;
        held = err;
        return;
      }
      this.notice = batchSummary(this.batch);
    });
    this.batchConfirm = held;
  }

  async load(profile: string): Promise<void> {
    if (profile !== this.profile) this.rows = [];
    this.profile = profile;
    await this.run(async () => {
      const list = await ipc.listSaved(profile);
      this.rows = list.rows;
      if (list.skipped.length)
        this.notice = `Skipped ${list.skipped.length} saved request(s) that no longer read: ${list.skipped.join('; ')}`;
    });
  }

  async save(profile: string, name: string, input: RequestInput): Promise<boolean> {
    const trimmed = name.trim();
    if (trimmed === '') {
      this.error = AppError.local('invalid_input', 'Give the request a name.');
      return false;
    }
    return this.run(async () => {
      const { row, scrubbed } = await ipc.saveRequest(profile, trimmed, input);
      this.rows = [...this.rows.filter((r) => r.name !== row.name && r.id !== row.id), row].sort(
        (a, b) => a.name.localeCompare(b.name),
      );
      this.notice = `Saved "${row.name}"${keptOut(scrubbed)}`;
    });
  }

  async remove(id: number): Promise<void> {
    await this.run(async () => {
      await ipc.deleteSaved(id);
      this.rows = this.rows.filter((r) => r.id !== id);
    });
  }

  /** Sends every saved request in order, as newman runs a collection. */
  async runAll(profile: string): Promise<void> {
    await this.run(async () => {
      this.results = await ipc.runSaved(profile, []);
      this.unconfirmed = this.results.filter((r) => r.error?.startsWith('confirm_write:'));
      this.notice = runSummary(this.results);
    });
  }

  /** After the user confirmed: sends the writes the run held back, in their places. */
  async sendUnconfirmed(profile: string): Promise<void> {
    const names = this.unconfirmed.map((r) => r.name);
    this.unconfirmed = [];
    await this.run(async () => {
      const sent = await ipc.runSaved(profile, names, true);
      this.results = this.results.map((r) => sent.find((s) => s.name === r.name) ?? r);
      this.notice = runSummary(this.results);
    });
  }

  async exportPostman(profile: string): Promise<void> {
    await this.run(async () => {
      const path = await ipc.exportPostman(profile);
      if (path) this.notice = `Exported to ${path} (with its environment beside it)`;
    });
  }

  /** With `withEnvironment`, a second dialog picks the Postman environment {{variables}} come from. */
  async importPostman(profile: string, withEnvironment = false): Promise<void> {
    await this.run(async () => {
      const imported = await ipc.importPostman(profile, withEnvironment);
      if (imported === null) return;
      const n = imported.rows.length;
      const env = imported.environment ? ` with the environment "${imported.environment}"` : '';
      this.notice = `Imported ${n} request${n === 1 ? '' : 's'}${env}${keptOut(imported.scrubbed)}${unresolved(imported.unresolved)}`;
      this.rows = (await ipc.listSaved(profile)).rows;
    });
  }

  private async run(fn: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await fn();
      return true;
    } catch (e) {
      this.error = AppError.from(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const saved = new SavedState();
