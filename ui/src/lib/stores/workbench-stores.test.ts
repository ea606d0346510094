import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import { fetchAll } from './fetch-all.svelte';
import { history } from './history.svelte';
import { query } from './query.svelte';
import { request } from './request.svelte';
import { saved } from './saved.svelte';
import { newCondition, newOrder } from '../query-builder';
import type { EncodedQuery } from '../bindings/EncodedQuery';
import type { FetchProgress } from '../bindings/FetchProgress';
import type { RequestInput } from '../bindings/RequestInput';

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

const encoded = (q: EncodedQuery) =>
  [
    ...q.conditions.map((c) => `${c.join === 'or' ? 'OR' : ''}${c.field}${c.operator}${c.value}`),
    ...q.unparsed,
    ...q.order.map((o) => `ORDERBY${o.descending ? 'DESC' : ''}${o.field}`),
  ].join('^');

function fakeQueryBackend() {
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const a = args as { query: unknown };
    if (cmd === 'encode_query') return encoded(a.query as EncodedQuery);
    if (cmd === 'parse_query') {
      const [cond, ...rest] = String(a.query).split('^');
      const [field, value] = cond.split('=');
      return {
        conditions: [{ join: 'and', field, operator: '=', value }],
        order: [],
        unparsed: rest,
      };
    }
    return null;
  });
  return calls;
}

describe('query builder store', () => {
  it('encodes edited rows into the sysparm_query row, keeping the other params', async () => {
    fakeQueryBackend();
    request.params = [
      { key: 'sysparm_limit', value: '2', enabled: true },
      { key: 'x_custom', value: '1', enabled: true },
    ];
    query.setRows({
      conditions: [{ ...newCondition(), field: 'urgency', value: '1' }],
      order: [{ ...newOrder(), field: 'number', descending: true }],
      unparsed: [],
    });
    await query.flush();
    expect(query.raw).toBe('urgency=1^ORDERBYDESCnumber');
    expect(request.params).toEqual([
      { key: 'sysparm_limit', value: '2', enabled: true },
      { key: 'x_custom', value: '1', enabled: true },
      { key: 'sysparm_query', value: 'urgency=1^ORDERBYDESCnumber', enabled: true },
    ]);
  });

  it('parses typed text into rows, keeping parts it does not model', async () => {
    fakeQueryBackend();
    query.setRaw('active=true^EQ');
    // What is typed is sent at once, before the rows follow.
    expect(request.params.find((p) => p.key === 'sysparm_query')?.value).toBe('active=true^EQ');
    await query.flush();
    expect(query.rows.conditions.map((c) => c.field)).toEqual(['active']);
    expect(query.rows.unparsed).toEqual(['EQ']);
  });

  it('re-parses a sysparm_query changed elsewhere, and clears rows when it goes', async () => {
    const calls = fakeQueryBackend();
    request.params = [{ key: 'sysparm_query', value: 'priority=1', enabled: true }];
    query.observe();
    await query.flush();
    expect(query.rows.conditions[0]).toMatchObject({ field: 'priority', value: '1' });
    calls.length = 0;
    query.observe(); // unchanged: nothing to do
    await query.flush();
    expect(calls).toEqual([]);
    request.params = [];
    query.observe();
    await query.flush();
    expect(query.rows.conditions).toEqual([]);
    expect(query.raw).toBe('');
  });

  it('shows a failed conversion and keeps the rows', async () => {
    mockIPC(() => Promise.reject({ kind: 'ipc', message: 'down', hint: '', causes: [] }));
    const rows = {
      conditions: [{ ...newCondition(), field: 'a', value: '1' }],
      order: [],
      unparsed: [],
    };
    query.setRows(rows);
    await query.flush();
    expect(query.error?.message).toBe('down');
    expect(query.rows).toEqual(rows);
  });
});

const list: RequestInput = {
  method: 'GET',
  target: 'table',
  table: 'incident',
  sys_id: null,
  path: '',
  params: [{ key: 'sysparm_limit', value: '2', enabled: true }],
  headers: [{ key: 'X-Trace', value: 't', enabled: true }],
  body: null,
  accept: 'json',
};

describe('request store: load and pages', () => {
  it('loads a request into the form', () => {
    request.load({ ...list, target: 'path', path: '/api/now/stats/incident', body: '<a/>' });
    expect(request.target).toBe('path');
    expect(request.path).toBe('/api/now/stats/incident');
    expect(request.bodyLanguage).toBe('xml');
    request.load(list);
    expect(request.input()).toMatchObject({ target: 'table', table: 'incident', sys_id: null });
    expect(request.input().params).toEqual(list.params);
  });

  it('sends a pagination link as a Path with the headers of the request it came from', async () => {
    const sent: RequestInput[] = [];
    mockIPC((_cmd, args) => {
      sent.push((args as { input: RequestInput }).input);
      return { id: sent.length, status: 200, pagination: {} };
    });
    request.load(list);
    await request.send('Sandbox');
    const next = 'http://127.0.0.1:40111/api/now/table/incident?sysparm_limit=2&sysparm_offset=2';
    await request.sendPage('Sandbox', next);
    expect(sent[1]).toMatchObject({ method: 'GET', target: 'path', path: next, params: [] });
    expect(sent[1].headers).toEqual(list.headers);
    expect(request.exchange?.id).toBe(2);
    // The form still holds the list request.
    expect(request.input().target).toBe('table');
  });
});

describe('fetch all store', () => {
  it('follows progress, notices rate limiting, and keeps the final summary', async () => {
    let release: () => void = () => {};
    mockIPC(async (_cmd, args) => {
      const ch = (args as { onProgress: Channel<FetchProgress> }).onProgress;
      const internals = (
        window as unknown as {
          __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void };
        }
      ).__TAURI_INTERNALS__;
      const p = { records: 2, total: 4, pages: 1, rate_limited: 0, cancelled: false, path: null };
      internals.runCallback(ch.id, { index: 0, message: p });
      internals.runCallback(ch.id, { index: 1, message: { ...p, rate_limited: 1 } });
      await new Promise<void>((r) => (release = r));
      return { ...p, records: 4, pages: 2, rate_limited: 1 };
    });
    const run = fetchAll.start('Sandbox', list);
    await vi.waitFor(() => expect(fetchAll.progress?.rate_limited).toBe(1));
    expect(fetchAll.running).toBe(true);
    expect(fetchAll.previous?.rate_limited).toBe(0);
    release();
    await run;
    expect(fetchAll.running).toBe(false);
    expect(fetchAll.done?.records).toBe(4);
    expect(fetchAll.error).toBeNull();
  });

  it('shows a failure as an error report', async () => {
    mockIPC(() =>
      Promise.reject({ kind: 'page_failed', message: 'Page 2: 500', hint: 'h', causes: [] }),
    );
    await fetchAll.start('Sandbox', list);
    expect(fetchAll.error?.kind).toBe('page_failed');
    expect(fetchAll.done).toBeNull();
  });
});

describe('history and saved stores', () => {
  it('loads history for the profile and searches once typing pauses', async () => {
    vi.useFakeTimers();
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return cmd === 'clear_history' ? 3 : { rows: [], skipped: [] };
    });
    history.search = '';
    await history.load('Sandbox');
    history.setSearch('inc');
    history.setSearch('incident');
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual([
      { cmd: 'list_history', args: { profile: 'Sandbox', search: '', limit: 200 } },
      { cmd: 'list_history', args: { profile: 'Sandbox', search: 'incident', limit: 200 } },
    ]);
    await expect(history.clear()).resolves.toBe(3);
    expect(seen.at(-1)).toEqual({ cmd: 'clear_history', args: { profile: 'Sandbox' } });
  });

  it('saves under a name (same name replaces), refuses a blank one, and counts imports', async () => {
    let id = 0;
    mockIPC((cmd, args) => {
      const a = args as { name: string; input: RequestInput; profile: string };
      const none = { replaced: [], dropped: [] };
      if (cmd === 'save_request')
        return {
          row: { id: ++id, profile: a.profile, name: a.name, request: a.input },
          scrubbed: none,
        };
      if (cmd === 'import_postman') {
        const env = (args as { withEnvironment: boolean }).withEnvironment;
        return {
          rows: [{}, {}],
          scrubbed: {
            replaced: ['Get token: body field client_secret → {{client_secret}}'],
            dropped: ['Get token: header X-API-Key'],
          },
          environment: env ? 'dev' : null,
          unresolved: env ? ['List: {{trace_id}}'] : [],
        };
      }
      if (cmd === 'list_saved') return { rows: [], skipped: [] };
      return null;
    });
    await saved.load('Sandbox');
    expect(await saved.save('Sandbox', '  ', list)).toBe(false);
    expect(saved.error?.kind).toBe('invalid_input');
    await saved.save('Sandbox', 'P1', list);
    await saved.save('Sandbox', 'P1', { ...list, method: 'POST' });
    expect(saved.rows.map((r) => [r.name, r.request.method])).toEqual([['P1', 'POST']]);
    await saved.importPostman('Sandbox');
    expect(saved.notice).toBe(
      'Imported 2 requests. Kept as keychain variables: Get token: body field client_secret → {{client_secret}}. Secrets dropped (set them again): Get token: header X-API-Key',
    );
    await saved.importPostman('Sandbox', true);
    expect(saved.notice).toMatch(/^Imported 2 requests with the environment "dev"\. /);
    expect(saved.notice).toMatch(/\. Unresolved \(sent as written\): List: \{\{trace_id\}\}$/);
  });
});

describe('saved: Run all', () => {
  it('lists each result, holds back refused writes and sends them once confirmed', async () => {
    const calls: unknown[] = [];
    const result = (name: string, status: number | null, error: string | null = null) => ({
      name,
      method: status === null ? 'POST' : 'GET',
      url: '',
      status,
      reason: '',
      elapsed_ms: 3,
      size: 10,
      error,
    });
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      const a = args as { names: string[]; confirmed?: boolean };
      if (cmd === 'run_saved' && !a.confirmed)
        return [
          result('List', 200),
          result('Create', null, 'confirm_write: POST incident needs confirming'),
          result('Missing', 404, 'No Record found'),
        ];
      if (cmd === 'run_saved') return [result('Create', 201)];
      return null;
    });
    await saved.runAll('prod');
    expect(saved.results.map((r) => r.status)).toEqual([200, null, 404]);
    expect(saved.unconfirmed.map((r) => r.name)).toEqual(['Create']);
    expect(saved.notice).toBe('3 sent: 1 passed, 2 failed');
    await saved.sendUnconfirmed('prod');
    expect(calls.at(-1)).toEqual([
      'run_saved',
      { profile: 'prod', names: ['Create'], confirmed: true },
    ]);
    expect(saved.results.map((r) => r.status)).toEqual([200, 201, 404]);
    expect(saved.unconfirmed).toEqual([]);
    expect(saved.notice).toBe('3 sent: 2 passed, 1 failed');
  });
});

describe('saved: Send as batch', () => {
  const exchange = (id: number, method: string, status: number, error: string | null = null) => ({
    id,
    request: { method, url: `https://dev1.service-now.com/x/${id}`, headers: [], body: null },
    status,
    reason: '',
    headers: [],
    content_type: 'application/json',
    size: 2,
    elapsed_ms: 4,
    timing: {
      dns_ms: null,
      connect_ms: null,
      tls_ms: null,
      ttfb_ms: 0,
      download_ms: 0,
      total_ms: 4,
      reused: false,
    },
    servicenow_error: error ? { message: error, detail: null } : null,
    diagnosis: null,
    pagination: { total: null, first: null, prev: null, next: null, last: null },
    body_kind: 'json' as const,
    incident: null,
  });
  const row = (id: number, name: string) => ({
    id,
    profile: 'prod',
    name,
    request: {
      method: 'GET',
      target: 'path' as const,
      table: '',
      sys_id: null,
      path: `/api/now/table/incident/${name}`,
      params: [],
      headers: [],
      body: null,
      accept: 'json' as const,
    },
  });

  it('sends the ticked requests in saved order, holds a refused write, opens an item', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      const a = args as { confirmed?: boolean };
      if (cmd === 'send_batch' && !a.confirmed)
        throw { kind: 'confirm_write', message: 'POST incident needs confirming', hint: '' };
      if (cmd === 'send_batch')
        return {
          batch: exchange(1, 'POST', 200),
          items: [
            { id: '1', name: 'Create', exchange: exchange(2, 'POST', 201) },
            { id: '2', name: 'Missing', exchange: exchange(3, 'GET', 404, 'No Record found') },
          ],
          unserviced: ['List'],
          retried: 1,
        };
      return null;
    });
    saved.rows = [row(1, 'Create'), row(2, 'List'), row(3, 'Missing')] as typeof saved.rows;
    saved.picked = [];
    saved.toggle('Missing');
    saved.toggle('List');
    saved.toggle('Create');
    saved.toggle('List');
    saved.toggle('List');
    await saved.sendBatch('prod');
    expect(calls.at(-1)).toEqual([
      'send_batch',
      { profile: 'prod', names: ['Create', 'List', 'Missing'], confirmed: undefined },
    ]);
    expect(saved.batchConfirm?.kind).toBe('confirm_write');
    expect(saved.error).toBeNull();
    await saved.sendBatch('prod', true);
    expect(saved.batchConfirm).toBeNull();
    expect(saved.notice).toBe('3 in one batch: 1 passed, 1 failed, 1 unserviced');
    request.show(saved.batch!.items[1].exchange);
    expect(request.exchange?.status).toBe(404);
  });
});
