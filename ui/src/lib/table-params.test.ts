import { describe, expect, it } from 'vitest';
import { getParam, isCount, setParam } from './table-params';
import type { KeyValue } from './bindings/KeyValue';

const kv = (key: string, value: string, enabled = true): KeyValue => ({ key, value, enabled });

describe('sysparm rows', () => {
  const rows = [
    kv('sysparm_limit', '10'),
    kv('sysparm_query', 'active=true', false),
    kv('x_custom', 'keep me'),
  ];

  it('reads only what is sent', () => {
    expect(getParam(rows, 'sysparm_limit')).toBe('10');
    expect(getParam(rows, 'sysparm_query')).toBe('');
    expect(getParam(rows, 'sysparm_fields')).toBe('');
  });

  it('updates a row in place and keeps custom parameters', () => {
    const out = setParam(rows, 'sysparm_limit', '2');
    expect(out).toEqual([kv('sysparm_limit', '2'), rows[1], rows[2]]);
    expect(rows[0].value).toBe('10'); // not mutated
  });

  it('re-enables a disabled row rather than adding a second one', () => {
    const out = setParam(rows, 'sysparm_query', 'urgency=1');
    expect(out.filter((r) => r.key === 'sysparm_query')).toEqual([
      kv('sysparm_query', 'urgency=1'),
    ]);
    expect(out).toHaveLength(3);
  });

  it('appends a missing key, and removes the key for an empty value', () => {
    expect(setParam(rows, 'sysparm_fields', 'number').at(-1)).toEqual(
      kv('sysparm_fields', 'number'),
    );
    expect(setParam(rows, 'sysparm_limit', '').map((r) => r.key)).toEqual([
      'sysparm_query',
      'x_custom',
    ]);
  });

  it('stops sending duplicates of the key it sets', () => {
    const dup = [kv('sysparm_limit', '1'), kv('sysparm_limit', '5')];
    expect(setParam(dup, 'sysparm_limit', '7')).toEqual([
      kv('sysparm_limit', '7'),
      kv('sysparm_limit', '5', false),
    ]);
  });

  it('accepts blank or whole numbers as limit and offset', () => {
    expect([isCount(''), isCount('20'), isCount('-1'), isCount('2.5')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
