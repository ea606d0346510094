import * as ipc from '../ipc';
import type { FetchProgress } from '../bindings/FetchProgress';
import type { RequestInput } from '../bindings/RequestInput';
import { ProgressRun } from './progress-run.svelte';

/** "Fetch all": one run at a time, its live progress and how it ended. */
class FetchAllState extends ProgressRun<FetchProgress> {
  /** The update before `progress`, to tell when another 429 is being waited out. */
  previous = $state<FetchProgress | null>(null);

  async start(profile: string, input: RequestInput): Promise<void> {
    await this.run(() =>
      ipc.fetchAll(profile, input, (p) => {
        this.previous = this.progress;
        this.progress = p;
      }),
    );
  }

  protected stop() {
    return ipc.cancelFetchAll();
  }

  dismiss(): void {
    super.dismiss();
    this.previous = null;
  }
}

export const fetchAll = new FetchAllState();
