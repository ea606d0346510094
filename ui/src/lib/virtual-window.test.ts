import { describe, expect, it } from 'vitest';
import {
  FULL_BODY_BYTES,
  fitsEditor,
  joinPages,
  LineCache,
  pagesCovering,
  samePage,
  visibleWindow,
} from './virtual-window';

const base = { rowHeight: 18, viewportHeight: 360, overscan: 10 };

describe('virtual line window', () => {
  it('renders only the visible lines plus overscan at the top', () => {
    const w = visibleWindow({ ...base, scrollTop: 0, total: 100_000 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(20 + 1 + 10);
    expect(w.offsetTop).toBe(0);
    expect(w.contentHeight).toBe(1_800_000);
  });

  it('follows the scroll position', () => {
    const w = visibleWindow({ ...base, scrollTop: 18 * 1000 + 5, total: 100_000 });
    expect(w.start).toBe(990);
    expect(w.end).toBe(1000 + 21 + 10);
    expect(w.offsetTop).toBe(990 * 18);
    expect(w.end - w.start).toBeLessThanOrEqual(20 + 1 + 2 * 10);
  });

  it('maps the scrollbar onto the lines when the content would be too tall', () => {
    const total = 5_000_000;
    const max = 1_000_000;
    const bottom = visibleWindow({ ...base, scrollTop: max, total, maxContentHeight: max });
    expect(bottom.contentHeight).toBe(max);
    expect(bottom.end).toBe(total);
    const middle = visibleWindow({
      ...base,
      scrollTop: (max - 360) / 2,
      total,
      maxContentHeight: max,
    });
    expect(Math.abs(middle.start + 10 - (total - 20) / 2)).toBeLessThan(2);
    // The rendered block is placed around the viewport, not at line × rowHeight.
    expect(middle.offsetTop).toBeLessThanOrEqual((max - 360) / 2);
    expect(middle.offsetTop).toBeGreaterThan((max - 360) / 2 - 11 * 18);
  });

  it('handles empty and short bodies', () => {
    expect(visibleWindow({ ...base, scrollTop: 0, total: 0 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      contentHeight: 0,
    });
    const short = visibleWindow({ ...base, scrollTop: 500, total: 5 });
    expect([short.start, short.end]).toEqual([0, 5]);
  });

  it('lists the pages covering a range', () => {
    expect(pagesCovering(0, 500, 500)).toEqual([0]);
    expect(pagesCovering(490, 510, 500)).toEqual([0, 1]);
    expect(pagesCovering(10, 10, 500)).toEqual([]);
  });

  it('caches pages, skips those in flight and evicts the oldest', () => {
    const c = new LineCache(100, 2);
    c.store(0, ['a', 'b']);
    expect(c.line(1)).toBe('b');
    expect(c.missing(0, 250)).toEqual([1, 2]);
    c.markFetching(1);
    expect(c.missing(0, 250)).toEqual([2]);
    c.store(1, ['x']);
    c.store(2, ['y']);
    expect(c.size).toBe(2);
    expect(c.line(0)).toBeUndefined();
    c.markFetching(5);
    c.failed(5);
    expect(c.missing(500, 501)).toEqual([5]);
  });

  it('remembers which rows continue a split line', () => {
    const c = new LineCache(100, 2);
    c.store(1, ['a', 'b', 'c'], [1, 2]);
    expect([100, 101, 102, 0].map((n) => c.isContinued(n))).toEqual([false, true, true, false]);
  });

  it('joins split rows back into their line for the editor', () => {
    const text = joinPages([
      { lines: ['{', '"a": "xx'], continued: [] },
      { lines: ['yy"', '}'], continued: [0] },
    ]);
    expect(text).toBe('{\n"a": "xxyy"\n}');
    expect(joinPages([{ lines: ['', 'x'], continued: [] }])).toBe('\nx');
  });

  it('leaves long or heavy bodies to the line list', () => {
    expect(fitsEditor({ total: 20_000, bytes: 10 })).toBe(true);
    expect(fitsEditor({ total: 20_001, bytes: 10 })).toBe(false);
    expect(fitsEditor({ total: 1, bytes: FULL_BODY_BYTES + 1 })).toBe(false);
  });

  it('tells a provisional first page that matches the exact one', () => {
    const exact = { lines: ['{', '  "a": 1', '}'], continued: [] };
    expect(samePage({ lines: ['{', '  "a": 1', '}'], continued: [] }, exact)).toBe(true);
    expect(samePage({ lines: ['{', '  "a": 1'], continued: [] }, exact)).toBe(false);
    expect(samePage({ lines: ['{', '  "a": 1', '}'], continued: [2] }, exact)).toBe(false);
  });
});
