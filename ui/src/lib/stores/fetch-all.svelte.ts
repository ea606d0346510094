import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { FetchProgress } from '../bindings/FetchProgress';
import type { RequestInput } from '../bindings/RequestInput';

/** "Fetch all": one run at a time, its live progress and how it ended. */
class FetchAllState {
  running = $state(false);
  cancelling = $state(false);
  progress = $state<FetchProgress | null>(null);
  /** The update before `progress`, to tell when another 429 is being waited out. */
  previous = $state<FetchProgress | null>(null);
  done = $state<FetchProgress | null>(null);
  error = $state<AppError | null>(null);

  async start(profile: string, input: RequestInput): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cancelling = false;
    this.progress = null;
    this.previous = null;
    this.done = null;
    this.error = null;
    try {
      const last = await ipc.fetchAll(profile, input, (p) => {
        this.previous = this.progress;
        this.progress = p;
      });
      this.done = last;
    } catch (e) {
      this.error = AppError.from(e);
    } finally {
      this.running = false;
      this.cancelling = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelling = true;
    try {
      await ipc.cancelFetchAll();
    } catch (e) {
      this.error = AppError.from(e);
    }
  }

  dismiss(): void {
    this.done = null;
    this.error = null;
    this.progress = null;
    this.previous = null;
  }
}

export const fetchAll = new FetchAllState();
