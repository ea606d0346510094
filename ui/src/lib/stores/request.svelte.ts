import * as ipc from '../ipc';
import { AppError } from '../app-error';
import { methodTakesBody } from '../http';
import { sendableRows } from '../key-value';
import type { Accept } from '../bindings/Accept';
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
  accept = $state<Accept>('json');
  sending = $state(false);
  error = $state<AppError | null>(null);
  exchange = $state<ExchangeView | null>(null);

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

  async send(profile: string | null): Promise<void> {
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
      this.exchange = await ipc.sendRequest(profile, this.input());
    } catch (e) {
      this.error = AppError.from(e);
    } finally {
      this.sending = false;
    }
  }
}

export const request = new RequestState();
