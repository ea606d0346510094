import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { AggregateTable } from '../bindings/AggregateTable';
import { request } from './request.svelte';

/** Comma- or space-separated field names. */
export function fieldList(text: string): string[] {
  return text.split(/[\s,]+/).filter((f) => f !== '');
}

/** The Aggregate builder: table, group by, aggregates; the answer as a table. */
class StatsState {
  table = $state('incident');
  groupBy = $state('');
  avg = $state('');
  min = $state('');
  max = $state('');
  sum = $state('');
  query = $state('');
  busy = $state(false);
  error = $state<AppError | null>(null);
  result = $state<AggregateTable | null>(null);

  async run(profile: string): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const [exchange, table] = await ipc.aggregate(profile, {
        table: this.table.trim(),
        count: true,
        group_by: fieldList(this.groupBy),
        avg: fieldList(this.avg),
        min: fieldList(this.min),
        max: fieldList(this.max),
        sum: fieldList(this.sum),
        query: this.query.trim(),
      });
      this.result = table;
      // Not a table (a 4xx, say): the answer itself is what to look at.
      if (table === null) request.show(exchange);
    } catch (e) {
      this.error = AppError.from(e);
    } finally {
      this.busy = false;
    }
  }
}

export const stats = new StatsState();
