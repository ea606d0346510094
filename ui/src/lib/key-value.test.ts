import { describe, expect, it } from 'vitest';
import type { KeyValue } from './bindings/KeyValue';
import {
  addRow,
  duplicateKeys,
  keysWithBlanks,
  moveRow,
  removeRow,
  sendableRows,
  toggleRow,
  updateRow,
} from './key-value';

const rows: KeyValue[] = [
  { key: 'sysparm_limit', value: '5', enabled: true },
  { key: 'sysparm_fields', value: 'number', enabled: false },
  { key: '', value: '', enabled: true },
];

describe('key/value rows', () => {
  it('edits without mutating the input', () => {
    const frozen = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
    const updated = updateRow(frozen, 0, { value: '10' });
    expect(updated[0]).toEqual({ key: 'sysparm_limit', value: '10', enabled: true });
    expect(frozen[0].value).toBe('5');
    expect(updated[1]).toBe(frozen[1]);
  });

  it('adds, removes and toggles rows', () => {
    expect(addRow(rows, { key: 'a', value: 'b', enabled: true })).toHaveLength(4);
    expect(removeRow(rows, 1).map((r) => r.key)).toEqual(['sysparm_limit', '']);
    expect(toggleRow(rows, 1)[1].enabled).toBe(true);
    expect(toggleRow(rows, 9)).toEqual(rows);
    expect(updateRow(rows, -1, { key: 'x' })).toEqual(rows);
  });

  it('moves rows within bounds only', () => {
    expect(moveRow(rows, 0, 1).map((r) => r.key)).toEqual(['sysparm_fields', 'sysparm_limit', '']);
    expect(moveRow(rows, 0, -1)).toEqual(rows);
  });

  it('sends only enabled rows with a key', () => {
    expect(sendableRows(rows).map((r) => r.key)).toEqual(['sysparm_limit']);
  });

  it('spots duplicate keys and keys with blanks around them', () => {
    const r = [
      { key: 'grant_type', value: 'password', enabled: true },
      { key: 'grant_type ', value: 'password', enabled: true },
      { key: 'scope', value: 'a', enabled: true },
      { key: 'scope', value: 'b', enabled: false },
    ];
    expect([...duplicateKeys(r)]).toEqual(['grant_type']);
    expect(keysWithBlanks(r)).toEqual(['grant_type ']);
  });
});
