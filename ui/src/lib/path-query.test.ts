import { describe, expect, it } from 'vitest';
import { moveQueryToParams } from './path-query';

const rows = [
  { key: 'sysparm_limit', value: '10', enabled: true },
  { key: 'sysparm_query', value: 'active=true', enabled: false },
];

describe('moveQueryToParams', () => {
  it('leaves a path without a query alone', () => {
    expect(moveQueryToParams('/api/now/stats/incident', rows)).toEqual({
      path: '/api/now/stats/incident',
      params: rows,
    });
  });

  it('replaces rows with the same key and adds the others, decoded', () => {
    const r = moveQueryToParams(
      '/api/now/table/incident?sysparm_limit=2000&sysparm_query=priority%3D1%5Eactive=true&x=a+b#top',
      rows,
    );
    expect(r.path).toBe('/api/now/table/incident');
    expect(r.params).toEqual([
      { key: 'sysparm_limit', value: '2000', enabled: true },
      { key: 'sysparm_query', value: 'priority=1^active=true', enabled: true },
      { key: 'x', value: 'a b', enabled: true },
    ]);
    expect(rows[0].value).toBe('10'); // the input rows are not changed
  });
});
