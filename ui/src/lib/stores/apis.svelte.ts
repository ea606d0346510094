import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { ScriptedApi } from '../bindings/ScriptedApi';
import type { ScriptedOperation } from '../bindings/ScriptedOperation';
import { request } from './request.svelte';

/** The Scripted REST panel: the instance's APIs, one operation picked, its path parameters. */
class ApisState {
  apis = $state<ScriptedApi[]>([]);
  search = $state('');
  busy = $state(false);
  error = $state<AppError | null>(null);
  operation = $state<ScriptedOperation | null>(null);
  params = $state<Record<string, string>>({});
  body = $state('');
  /** A write the profile wants confirmed, held until the user answers. */
  unconfirmed = $state<AppError | null>(null);

  async load(profile: string): Promise<void> {
    await this.run(async () => {
      this.apis = await ipc.scriptedApis(profile, this.search);
    });
  }

  pick(operation: ScriptedOperation): void {
    this.operation = operation;
    this.params = Object.fromEntries(operation.path_params.map((p) => [p, this.params[p] ?? '']));
  }

  async send(profile: string, confirmed?: boolean): Promise<void> {
    const op = this.operation;
    if (!op) return;
    this.unconfirmed = null;
    const pairs = op.path_params.map((p): [string, string] => [p, this.params[p] ?? '']);
    const body = op.http_method === 'GET' || this.body.trim() === '' ? null : this.body;
    await this.run(async () => {
      try {
        request.show(await ipc.callScriptedOperation(profile, op, pairs, body, confirmed));
      } catch (e) {
        const err = AppError.from(e);
        if (err.kind !== 'confirm_write') throw err;
        this.unconfirmed = err;
      }
    });
  }

  private async run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await fn();
    } catch (e) {
      this.error = AppError.from(e);
    } finally {
      this.busy = false;
    }
  }
}

export const apis = new ApisState();
