import * as ipc from '../ipc';
import { AppError } from '../app-error';
import { debounce, Latest } from '../debounce';
import type { HistoryEntry } from '../bindings/HistoryEntry';

export const HISTORY_LIMIT = 200;

/** The History tab: every call sent for the profile, newest first, searchable. */
class HistoryState {
  entries = $state<HistoryEntry[]>([]);
  /** Stored entries this build cannot read (skipped, with why). */
  skipped = $state<string[]>([]);
  search = $state('');
  loading = $state(false);
  loaded = $state(false);
  error = $state<AppError | null>(null);
  private profile: string | null = null;
  private latest = new Latest();
  private reloadSoon = debounce(() => void this.reload(), 250);

  async load(profile: string): Promise<void> {
    this.profile = profile;
    this.reloadSoon.cancel();
    await this.reload();
  }

  /** The search box changed: reload once the typing pauses. */
  setSearch(text: string): void {
    this.search = text;
    this.reloadSoon();
  }

  async reload(): Promise<void> {
    const profile = this.profile;
    if (profile === null) return;
    const ticket = this.latest.next();
    this.loading = true;
    try {
      const entries = await ipc.listHistory(profile, this.search.trim(), HISTORY_LIMIT);
      if (!this.latest.isLatest(ticket)) return;
      this.entries = entries.rows;
      this.skipped = entries.skipped;
      this.error = null;
      this.loaded = true;
    } catch (e) {
      if (this.latest.isLatest(ticket)) this.error = AppError.from(e);
    } finally {
      if (this.latest.isLatest(ticket)) this.loading = false;
    }
  }

  /** Forgets the profile's history; how many entries went. */
  async clear(): Promise<number | null> {
    if (this.profile === null) return null;
    try {
      const n = await ipc.clearHistory(this.profile);
      this.entries = [];
      this.error = null;
      return n;
    } catch (e) {
      this.error = AppError.from(e);
      return null;
    }
  }
}

export const history = new HistoryState();
