import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import * as ipc from './ipc';
import { AppError } from './app-error';
import type { FetchProgress } from './bindings/FetchProgress';
import type { RequestInput } from './bindings/RequestInput';

afterEach(() => clearMocks());

const input: RequestInput = {
  method: 'GET',
  target: 'table',
  table: 'incident',
  sys_id: null,
  path: '',
  params: [{ key: 'sysparm_limit', value: '2', enabled: true }],
  headers: [],
  body: null,
  accept: 'json',
};

type Internals = { runCallback(id: number, data: unknown): void };
/** What Rust does with a Channel argument: indexed messages to its callback. */
function send(channel: unknown, index: number, message: FetchProgress) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
  internals.runCallback((channel as Channel<FetchProgress>).id, { index, message });
}

const progress = (records: number, pages: number, rate_limited = 0): FetchProgress => ({
  records,
  total: 4,
  pages,
  rate_limited,
  cancelled: false,
  path: null,
});

describe('workbench ipc commands', () => {
  it('passes camelCase arguments exactly as the Rust commands expect', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return null;
    });
    const query = { conditions: [], order: [{ field: 'number', descending: true }], unparsed: [] };
    await ipc.parseQuery('active=true');
    await ipc.encodeQuery(query);
    await ipc.requestSnippet('dev', input, 'powershell');
    await ipc.importCurl('dev', "curl 'https://x/api'");
    await ipc.listHistory(null, 'incident', 50);
    await ipc.clearHistory('dev');
    await ipc.saveRequest('dev', 'Open P1', input);
    await ipc.listSaved('dev');
    await ipc.deleteSaved(4);
    await ipc.exportPostman('dev');
    await ipc.importPostman('dev', true);
    await ipc.cancelFetchAll();
    await ipc.searchResponse(3, false, 'INC001');
    expect(calls).toEqual([
      { cmd: 'parse_query', args: { query: 'active=true' } },
      { cmd: 'encode_query', args: { query } },
      { cmd: 'request_snippet', args: { profile: 'dev', input, language: 'powershell' } },
      { cmd: 'import_curl', args: { profile: 'dev', command: "curl 'https://x/api'" } },
      { cmd: 'list_history', args: { profile: null, search: 'incident', limit: 50 } },
      { cmd: 'clear_history', args: { profile: 'dev' } },
      { cmd: 'save_request', args: { profile: 'dev', name: 'Open P1', input } },
      { cmd: 'list_saved', args: { profile: 'dev' } },
      { cmd: 'delete_saved', args: { id: 4 } },
      { cmd: 'export_postman', args: { profile: 'dev' } },
      { cmd: 'import_postman', args: { profile: 'dev', withEnvironment: true } },
      { cmd: 'cancel_fetch_all', args: {} },
      { cmd: 'search_response', args: { id: 3, pretty: false, query: 'INC001' } },
    ]);
  });

  it('streams fetch_all progress through a Channel, in order, and resolves with the last', async () => {
    let args: Record<string, unknown> = {};
    mockIPC(async (cmd, a) => {
      expect(cmd).toBe('fetch_all');
      args = a as Record<string, unknown>;
      // Out of order on the wire: the Channel puts them back in order.
      send(args.onProgress, 1, progress(4, 2));
      send(args.onProgress, 0, progress(2, 1));
      send(args.onProgress, 2, progress(4, 2, 1));
      return progress(4, 2, 1);
    });
    const seen: FetchProgress[] = [];
    const last = await ipc.fetchAll('dev', input, (p) => seen.push(p));
    expect(args.profile).toBe('dev');
    expect(args.input).toEqual(input);
    expect(seen.map((p) => [p.records, p.rate_limited])).toEqual([
      [2, 0],
      [4, 0],
      [4, 1],
    ]);
    expect(last).toEqual(progress(4, 2, 1));
  });

  it('answers null when the save dialog is cancelled, and rejects with the report', async () => {
    mockIPC(() => null);
    await expect(ipc.fetchAll('dev', input, () => {})).resolves.toBeNull();
    mockIPC(() =>
      Promise.reject({ kind: 'page_failed', message: 'Page 3 answered 500', hint: '', causes: [] }),
    );
    const err = await ipc.fetchAll('dev', input, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('page_failed');
  });

  it('reports a missing Tauri runtime for fetch_all as an AppError', async () => {
    const err = await ipc.fetchAll('dev', input, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('ipc');
  });
});
