import * as ipc from '../ipc';
import { AppError } from '../app-error';
import { methodTakesBody } from '../http';
import { sendableRows } from '../key-value';
import { pageInput } from '../pagination';
import { moveQueryToParams } from '../path-query';
import type { Accept } from '../bindings/Accept';
import type { BodyFile } from '../bindings/BodyFile';
import type { ExchangeView } from '../bindings/ExchangeView';
import type { KeyValue } from '../bindings/KeyValue';
import type { RequestInput } from '../bindings/RequestInput';
import type { RequestTarget } from '../bindings/RequestTarget';

/** The Request tab: any Table API or REST call, and its last answer. */
class RequestState {
  method = $state<string>('GET');
  target = $state<RequestTarget>('table');
  table = $state('incident');
  sysId = $state('');
  path = $state('/api/now/stats/incident');
  params = $state<KeyValue[]>([
    { key: 'sysparm_limit', value: '10', enabled: true },
    { key: 'sysparm_query', value: 'active=true^ORDERBYDESCsys_created_on', enabled: false },
  ]);
  headers = $state<KeyValue[]>([]);
  body = $state('');
  bodyLanguage = $state<'json' | 'xml'>('json');
  /** "File": the body is a file picked in the native dialog, streamed by Rust when sent. */
  bodyFromFile = $state(false);
  bodyFile = $state<BodyFile | null>(null);
  accept = $state<Accept>('json');
  sending = $state(false);
  error = $state<AppError | null>(null);
  exchange = $state<ExchangeView | null>(null);
  /** What produced `exchange`: its pagination links are re-sent with its headers. */
  private sent: RequestInput | null = null;

  input(): RequestInput {
    const sysId = this.sysId.trim();
    return {
      method: this.method,
      target: this.target,
      table: this.table.trim(),
      sys_id: this.target === 'table' && sysId !== '' ? sysId : null,
      path: this.path.trim(),
      params: sendableRows(this.params),
      headers: sendableRows(this.headers),
      body: methodTakesBody(this.method) && this.body.trim() !== '' ? this.body : null,
      accept: this.accept,
    };
  }

  /** Fills the form with a request (from history, a saved request, curl, Postman). */
  load(input: RequestInput): void {
    this.method = input.method.toUpperCase() || 'GET';
    this.target = input.target;
    if (input.target === 'table') this.table = input.table;
    this.sysId = input.sys_id ?? '';
    if (input.target === 'path') this.path = input.path;
    this.params = input.params.map((p) => ({ ...p }));
    this.headers = input.headers.map((h) => ({ ...h }));
    this.body = input.body ?? '';
    this.bodyFromFile = false;
    if (input.body?.trimStart().startsWith('<')) this.bodyLanguage = 'xml';
    else if (input.body) this.bodyLanguage = 'json';
    this.accept = input.accept;
    this.error = null;
  }

  /** A query typed into the path joins the Params table (see `moveQueryToParams`). */
  absorbPathQuery(): void {
    if (this.target !== 'path' || !this.path.includes('?')) return;
    const moved = moveQueryToParams(this.path, this.params);
    this.path = moved.path;
    this.params = moved.params;
  }

  /** Whether the next send carries the picked file instead of the text body. */
  get sendsFile(): boolean {
    return this.bodyFromFile && methodTakesBody(this.method);
  }

  async send(profile: string | null): Promise<void> {
    this.absorbPathQuery();
    await this.sendInput(profile, this.input(), false, this.sendsFile);
  }

  async pickBodyFile(): Promise<void> {
    try {
      const file = await ipc.pickBodyFile();
      if (file) this.bodyFile = file;
    } catch (e) {
      this.error = AppError.from(e);
    }
  }

  /** Shows an answer that came another way (one item of a batch) in the viewer. */
  show(exchange: ExchangeView): void {
    this.error = null;
    this.sent = null;
    this.exchange = exchange;
  }

  /** Sends a pagination link (absolute, on the instance) and shows its answer; the form stays. */
  async sendPage(profile: string | null, url: string): Promise<void> {
    await this.sendInput(profile, pageInput(url, this.sent));
  }

  /** A write the profile wants confirmed, kept until the user answers. */
  unconfirmed = $state<RequestInput | null>(null);
  private unconfirmedFile = false;

  /** The user confirmed the write the profile stopped: send exactly that. */
  async confirm(profile: string | null): Promise<void> {
    const input = this.unconfirmed;
    this.unconfirmed = null;
    if (input) await this.sendInput(profile, input, true, this.unconfirmedFile);
  }

  private async sendInput(
    profile: string | null,
    input: RequestInput,
    confirmed = false,
    file = false,
  ): Promise<void> {
    if (this.sending) return;
    if (!profile) {
      this.error = AppError.local(
        'no_profile',
        'Select a profile first.',
        'Or press "Try without an instance".',
      );
      return;
    }
    this.sending = true;
    this.error = null;
    try {
      this.exchange = file
        ? await ipc.sendRequestFile(profile, input, confirmed)
        : await ipc.sendRequest(profile, input, confirmed);
      this.sent = input;
    } catch (e) {
      this.error = AppError.from(e);
      this.unconfirmed = this.error.kind === 'confirm_write' ? input : null;
      this.unconfirmedFile = file;
    } finally {
      this.sending = false;
    }
  }
}

export const request = new RequestState();
