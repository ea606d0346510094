import { describe, expect, it } from 'vitest';
import {
  emptyRows,
  newCondition,
  newOrder,
  operatorLabel,
  OPERATOR_LABELS,
  OPERATORS,
  operatorTakesValue,
  queryFromRows,
  rowsFromQuery,
  sameRows,
} from './query-builder';
import type { EncodedQuery } from './bindings/EncodedQuery';

describe('operators', () => {
  it('labels every operator of the Operator union and offers all but the NOTLIKE spelling', () => {
    expect(OPERATORS).toContain('NOT LIKE');
    expect(OPERATORS).not.toContain('NOTLIKE');
    expect(OPERATORS.length).toBe(Object.keys(OPERATOR_LABELS).length - 1);
    expect(OPERATORS[0]).toBe('=');
    for (const op of OPERATORS) expect(OPERATOR_LABELS[op]).toMatch(/\w/);
  });

  it('shows the readable label with the token, once when they are the same word', () => {
    expect(operatorLabel('!=')).toBe('is not (!=)');
    expect(operatorLabel('LIKE')).toBe('contains (LIKE)');
    expect(operatorLabel('ON')).toBe('on');
    expect(operatorLabel('ISEMPTY')).toBe('is empty (ISEMPTY)');
  });

  it('knows which operators take no value', () => {
    for (const op of ['ISEMPTY', 'ISNOTEMPTY', 'ANYTHING', 'EMPTYSTRING'] as const) {
      expect(operatorTakesValue(op)).toBe(false);
    }
    for (const op of ['=', 'IN', 'BETWEEN', 'STARTSWITH', 'NOT LIKE'] as const) {
      expect(operatorTakesValue(op)).toBe(true);
    }
  });
});

describe('rows ⇄ EncodedQuery', () => {
  const parsed: EncodedQuery = {
    conditions: [
      { join: 'and', field: 'active', operator: '=', value: 'true' },
      { join: 'or', field: 'priority', operator: '<=', value: '2' },
      { join: 'new_query', field: 'caller_id.vip', operator: '=', value: 'true' },
    ],
    order: [{ field: 'number', descending: true }],
    unparsed: ['EQ'],
  };

  it('round-trips what parse_query answered, with unique row ids', () => {
    const rows = rowsFromQuery(parsed);
    expect(new Set(rows.conditions.map((c) => c.id)).size).toBe(3);
    expect(queryFromRows(rows)).toEqual(parsed);
  });

  it('leaves out rows still being typed and never starts with a join', () => {
    const rows = emptyRows();
    rows.conditions = [
      { ...newCondition('or'), field: '' },
      { ...newCondition('or'), field: ' urgency ', value: '1' },
    ];
    rows.order = [newOrder(), { ...newOrder(), field: 'number', descending: true }];
    expect(queryFromRows(rows)).toEqual({
      conditions: [{ join: 'and', field: 'urgency', operator: '=', value: '1' }],
      order: [{ field: 'number', descending: true }],
      unparsed: [],
    });
  });

  it('drops the value of an operator that takes none', () => {
    const rows = emptyRows();
    rows.conditions = [
      { ...newCondition(), field: 'assigned_to', operator: 'ISEMPTY', value: 'x' },
    ];
    expect(queryFromRows(rows).conditions[0].value).toBe('');
  });

  it('compares rows by meaning, not by id', () => {
    expect(sameRows(rowsFromQuery(parsed), rowsFromQuery(parsed))).toBe(true);
    const other = rowsFromQuery(parsed);
    other.conditions[1].join = 'and';
    expect(sameRows(rowsFromQuery(parsed), other)).toBe(false);
  });
});
