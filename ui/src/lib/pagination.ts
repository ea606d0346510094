import type { Pagination } from './bindings/Pagination';

export interface PageLink {
  rel: 'first' | 'prev' | 'next' | 'last';
  url: string;
  /** `sysparm_offset` of the link, when it has one. */
  offset: number | null;
}

/** The `sysparm_offset` a pagination link points at. */
export function offsetOf(url: string): number | null {
  const m = /[?&]sysparm_offset=(-?\d+)/.exec(url);
  return m ? Number(m[1]) : null;
}

/** The links present, in reading order. */
export function pageLinks(p: Pagination): PageLink[] {
  const out: PageLink[] = [];
  for (const rel of ['first', 'prev', 'next', 'last'] as const) {
    const url = p[rel];
    if (url) out.push({ rel, url, offset: offsetOf(url) });
  }
  return out;
}

/** True when the answer said anything about pagination. */
export function hasPagination(p: Pagination): boolean {
  return p.total !== null || pageLinks(p).length > 0;
}
