// The results grid's columns: which are shown, in what order and how wide; and its selection.

export const MIN_WIDTH = 48;

/** `column` moved to where `before` is (or to the end when `before` is null). */
export function moveColumn(order: string[], column: string, before: string | null): string[] {
  if (column === before) return order;
  const rest = order.filter((c) => c !== column);
  const at = before === null ? rest.length : rest.indexOf(before);
  if (at < 0) return order;
  return [...rest.slice(0, at), column, ...rest.slice(at)];
}

/** A first width from the column's name, so sys_id and short_description start wide enough. */
export function initialWidth(column: string): number {
  if (column === 'sys_id') return 270;
  if (/description|comments|work_notes/.test(column)) return 260;
  return Math.min(200, Math.max(90, column.length * 8 + 30));
}

export function resized(width: number, dx: number): number {
  return Math.max(MIN_WIDTH, Math.round(width + dx));
}

/** Rows `[start, end)` chosen by a click at `row`, extending from `anchor` with Shift. */
export function selectRows(
  anchor: number | null,
  row: number,
  extend: boolean,
): { anchor: number; start: number; end: number } {
  if (!extend || anchor === null) return { anchor: row, start: row, end: row + 1 };
  return { anchor, start: Math.min(anchor, row), end: Math.max(anchor, row) + 1 };
}

/** The next sort of a header click: ascending, then descending, then none. */
export function nextSort(
  current: { column: string; descending: boolean } | null,
  column: string,
): { column: string; descending: boolean } | null {
  if (!current || current.column !== column) return { column, descending: false };
  if (!current.descending) return { column, descending: true };
  return null;
}
