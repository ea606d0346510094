import * as ipc from '../ipc';
import { AppError } from '../app-error';
import { debounce, Latest } from '../debounce';
import {
  emptyRows,
  queryFromRows,
  rowsFromQuery,
  sameRows,
  type QueryRows,
} from '../query-builder';
import { getParam, setParam } from '../table-params';
import { request } from './request.svelte';

export const QUERY_KEY = 'sysparm_query';
const DEBOUNCE_MS = 250;

/**
 * The query builder: rows and the raw `sysparm_query` text, kept in step through the back end's
 * parse_query / encode_query. Edited rows are encoded into the text (and the request's
 * sysparm_query row); typed text, or a sysparm_query row changed elsewhere, is parsed into rows.
 */
class QueryState {
  rows = $state<QueryRows>(emptyRows());
  raw = $state('');
  error = $state<AppError | null>(null);
  private latest = new Latest();

  private encodeSoon = debounce(() => void this.encodeNow(), DEBOUNCE_MS);
  private parseSoon = debounce((text: string) => void this.parseNow(text), DEBOUNCE_MS);

  /** The user changed the rows. */
  setRows(rows: QueryRows): void {
    this.rows = rows;
    this.parseSoon.cancel();
    this.encodeSoon();
  }

  /** The user typed in the raw box: it is what is sent at once; rows follow. */
  setRaw(text: string): void {
    this.raw = text;
    request.params = setParam(request.params, QUERY_KEY, text);
    this.encodeSoon.cancel();
    this.parseSoon(text);
  }

  /** The request's sysparm_query may have changed elsewhere (Params table, history, curl…). */
  observe(params = request.params): void {
    const value = getParam(params, QUERY_KEY);
    if (value === this.raw) return;
    this.raw = value;
    this.encodeSoon.cancel();
    this.parseSoon(value);
  }

  /** Runs what is pending now (tests, and before a send). */
  async flush(): Promise<void> {
    this.encodeSoon.flush();
    this.parseSoon.flush();
    await this.settled;
  }

  private settled: Promise<void> = Promise.resolve();

  private async encodeNow(): Promise<void> {
    const ticket = this.latest.next();
    const q = queryFromRows(this.rows);
    const empty = q.conditions.length + q.order.length + q.unparsed.length === 0;
    const work = (async () => {
      try {
        const text = empty ? '' : await ipc.encodeQuery(q);
        if (!this.latest.isLatest(ticket)) return;
        this.error = null;
        this.raw = text;
        request.params = setParam(request.params, QUERY_KEY, text);
      } catch (e) {
        if (this.latest.isLatest(ticket)) this.error = AppError.from(e);
      }
    })();
    this.settled = work;
    await work;
  }

  private async parseNow(text: string): Promise<void> {
    const ticket = this.latest.next();
    const work = (async () => {
      try {
        const parsed = text === '' ? emptyRows() : rowsFromQuery(await ipc.parseQuery(text));
        if (!this.latest.isLatest(ticket)) return;
        this.error = null;
        if (!sameRows(parsed, this.rows)) this.rows = parsed;
      } catch (e) {
        if (this.latest.isLatest(ticket)) this.error = AppError.from(e);
      }
    })();
    this.settled = work;
    await work;
  }
}

export const query = new QueryState();
