// Search in bodies too big for the editor: the back end answers the matching line numbers;
// this moves between them.

/** At most this many hits come back (`search_response` stops there). */
export const MAX_HITS = 10_000;

/** The hit to go to from `current` (an index into `hits`, or -1), wrapping around. */
export function stepHit(hits: readonly number[], current: number, by: 1 | -1): number {
  if (hits.length === 0) return -1;
  if (current < 0) return by === 1 ? 0 : hits.length - 1;
  return (current + by + hits.length) % hits.length;
}

/** The first hit at or after `line` (where the reader is), wrapping to the first one. */
export function hitFrom(hits: readonly number[], line: number): number {
  if (hits.length === 0) return -1;
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo < hits.length ? lo : 0;
}

/** `3 of 120`, `No matches`, `1 of 10,000+` when the back end stopped counting. */
export function hitLabel(hits: readonly number[], current: number, query: string): string {
  if (query.trim() === '') return '';
  if (hits.length === 0) return 'No matches';
  const more = hits.length >= MAX_HITS ? '+' : '';
  const of = `${hits.length.toLocaleString('en')}${more}`;
  return current < 0 ? `${of} matches` : `${(current + 1).toLocaleString('en')} of ${of}`;
}

/** Where `query` starts in `line`, ignoring ASCII case as the back end's search does; -1 if not. */
export function matchColumn(line: string, query: string): number {
  if (query === '') return -1;
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower(line).indexOf(lower(query));
}
