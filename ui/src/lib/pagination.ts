import type { Pagination } from './bindings/Pagination';
import type { RequestInput } from './bindings/RequestInput';

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

export type PageRel = PageLink['rel'];

export interface PageButton {
  rel: PageRel;
  label: string;
  url: string | null;
  disabled: boolean;
}

const LABELS: Record<PageRel, string> = {
  first: '« First',
  prev: '‹ Prev',
  next: 'Next ›',
  last: 'Last »',
};

/**
 * The four buttons, each disabled when its link is absent or a page is being fetched; "First"
 * and "Last" also when they lead to the offset being shown (`currentUrl`, the URL sent).
 */
export function pageButtons(p: Pagination, currentUrl: string | null, busy = false): PageButton[] {
  const here = currentUrl === null ? null : (offsetOf(currentUrl) ?? 0);
  return (['first', 'prev', 'next', 'last'] as const).map((rel) => {
    const url = p[rel];
    const same =
      (rel === 'first' || rel === 'last') &&
      url !== null &&
      here !== null &&
      offsetOf(url) === here;
    return { rel, label: LABELS[rel], url, disabled: busy || url === null || same };
  });
}

/** `67 records`, `1 record`. */
export function recordCount(total: number): string {
  return `${total.toLocaleString('en')} record${total === 1 ? '' : 's'}`;
}

/**
 * A pagination link as a request: GET of the absolute link (the back end accepts an absolute
 * URL on the profile's instance as a Path), with the headers and Accept of the request it
 * came from. The link carries every query parameter, so none are added.
 */
export function pageInput(url: string, from: RequestInput | null): RequestInput {
  return {
    method: 'GET',
    target: 'path',
    table: '',
    sys_id: null,
    path: url,
    params: [],
    headers: from ? from.headers.map((h) => ({ ...h })) : [],
    body: null,
    accept: from?.accept ?? 'json',
  };
}
