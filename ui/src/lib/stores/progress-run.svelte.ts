import { AppError } from '../app-error';

/**
 * A long run with live progress (Fetch all, Import records): one at a time, stopped by Cancel
 * after the work in flight, ending in `done` or `error`.
 */
export abstract class ProgressRun<P> {
  running = $state(false);
  cancelling = $state(false);
  progress = $state<P | null>(null);
  done = $state<P | null>(null);
  error = $state<AppError | null>(null);

  /** Asks the Rust side to stop. */
  protected abstract stop(): Promise<unknown>;

  /** Runs `work` unless a run is going; its progress updates go through `onProgress`. */
  protected async run(work: () => Promise<P | null>): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cancelling = false;
    this.dismiss();
    try {
      this.done = await work();
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
      await this.stop();
    } catch (e) {
      this.error = AppError.from(e);
    }
  }

  dismiss(): void {
    this.done = null;
    this.error = null;
    this.progress = null;
  }
}
