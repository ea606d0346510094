import { describe, expect, it } from 'vitest';
import { initialWidth, moveColumn, nextSort, resized, selectRows } from './grid-columns';

describe('grid columns', () => {
  it('moves a column before another, or to the end', () => {
    const cols = ['number', 'state', 'caller_id', 'sys_id'];
    expect(moveColumn(cols, 'sys_id', 'number')).toEqual([
      'sys_id',
      'number',
      'state',
      'caller_id',
    ]);
    expect(moveColumn(cols, 'number', null)).toEqual(['state', 'caller_id', 'sys_id', 'number']);
    expect(moveColumn(cols, 'state', 'state')).toBe(cols);
    expect(moveColumn(cols, 'state', 'missing')).toBe(cols);
  });

  it('sizes columns and never below the minimum', () => {
    expect(initialWidth('sys_id')).toBe(270);
    expect(initialWidth('short_description')).toBe(260);
    expect(resized(100, -500)).toBe(48);
    expect(resized(100, 25.4)).toBe(125);
  });

  it('selects one row, or a range with Shift', () => {
    expect(selectRows(null, 5, true)).toEqual({ anchor: 5, start: 5, end: 6 });
    expect(selectRows(5, 2, true)).toEqual({ anchor: 5, start: 2, end: 6 });
    expect(selectRows(5, 9, false)).toEqual({ anchor: 9, start: 9, end: 10 });
  });

  it('cycles a header through ascending, descending and none', () => {
    const asc = nextSort(null, 'number');
    expect(asc).toEqual({ column: 'number', descending: false });
    const desc = nextSort(asc, 'number');
    expect(desc).toEqual({ column: 'number', descending: true });
    expect(nextSort(desc, 'number')).toBeNull();
    expect(nextSort(desc, 'state')).toEqual({ column: 'state', descending: false });
  });
});
