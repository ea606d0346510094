import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { fieldList, stats } from './stats.svelte';
import { request } from './request.svelte';

afterEach(() => clearMocks());

describe('stats: the Aggregate builder', () => {
  it('splits field lists', () => {
    expect(fieldList(' priority, state  category,')).toEqual(['priority', 'state', 'category']);
  });

  it('sends the builder as one request and keeps the table; a 4xx opens in the viewer', async () => {
    const calls: unknown[] = [];
    const table = { columns: ['priority', 'count'], rows: [['1', '2']] };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      const r = (args as { request: { table: string } }).request;
      return r.table === 'incident'
        ? [{ id: 1, status: 200 }, table]
        : [{ id: 2, status: 400 }, null];
    });
    stats.table = 'incident';
    stats.groupBy = 'priority';
    stats.avg = 'reassignment_count';
    stats.query = 'active=true';
    await stats.run('dev');
    expect(calls[0]).toEqual([
      'aggregate',
      {
        profile: 'dev',
        request: {
          table: 'incident',
          count: true,
          group_by: ['priority'],
          avg: ['reassignment_count'],
          min: [],
          max: [],
          sum: [],
          query: 'active=true',
        },
      },
    ]);
    expect(stats.result).toEqual(table);
    stats.table = 'nope';
    await stats.run('dev');
    expect(stats.result).toBeNull();
    expect(request.exchange?.id).toBe(2);
  });
});
