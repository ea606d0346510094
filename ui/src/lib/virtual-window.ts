// Maths of the virtualised line list used for bodies too long for the editor: which lines to
// render for a scroll position, and which pages of lines to fetch.

import type { BodyPage } from './bindings/BodyPage';

/** Bodies up to this many rows and bytes are loaded whole into the read-only editor. */
export const FULL_BODY_LIMIT = 20_000;
// A minified body is one long line, which the editor lays out whole: keep those small.
export const FULL_BODY_BYTES = 256 * 1024;

/** Whether a body (described by any of its pages) is small enough for the editor. */
export function fitsEditor(page: Pick<BodyPage, 'total' | 'bytes'>): boolean {
  return page.total <= FULL_BODY_LIMIT && page.bytes <= FULL_BODY_BYTES;
}

/** The text of consecutive pages: rows that continue a split line join without a newline. */
export function joinPages(pages: Pick<BodyPage, 'lines' | 'continued'>[]): string {
  const parts: string[] = [];
  for (const page of pages) {
    const continued = new Set(page.continued);
    page.lines.forEach((line, i) => {
      if (parts.length > 0 && !continued.has(i)) parts.push('\n');
      parts.push(line);
    });
  }
  return parts.join('');
}
/** Whether two pages hold the same rows: a provisional first page and the exact one. */
export function samePage(
  a: Pick<BodyPage, 'lines' | 'continued'>,
  b: Pick<BodyPage, 'lines' | 'continued'>,
): boolean {
  const same = (x: readonly unknown[], y: readonly unknown[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.lines, b.lines) && same(a.continued, b.continued);
}

/** Lines fetched per `response_page` call when scrolling a long body. */
export const PAGE_SIZE = 500;
/** Tallest scroll content we create; longer bodies map the scrollbar onto the lines. */
export const MAX_CONTENT_HEIGHT = 8_000_000;

export interface ViewportInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  overscan: number;
  maxContentHeight?: number;
}

export interface VisibleWindow {
  /** First line to render (inclusive). */
  start: number;
  /** Line after the last one to render. */
  end: number;
  /** Where line `start` goes, in pixels from the top of the scroll content. */
  offsetTop: number;
  /** Height of the scroll content. */
  contentHeight: number;
}

export function visibleWindow(v: ViewportInput): VisibleWindow {
  const max = v.maxContentHeight ?? MAX_CONTENT_HEIGHT;
  const total = Math.max(0, Math.floor(v.total));
  const full = total * v.rowHeight;
  const contentHeight = Math.min(full, max);
  if (total === 0 || v.rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, contentHeight };
  const visible = Math.max(1, Math.ceil(v.viewportHeight / v.rowHeight));
  const scrollTop = Math.min(
    Math.max(0, v.scrollTop),
    Math.max(0, contentHeight - v.viewportHeight),
  );
  let first: number;
  if (full <= max) {
    first = scrollTop / v.rowHeight;
  } else {
    // Scaled: the scrollbar's range maps linearly onto the first visible line.
    const scrollable = contentHeight - v.viewportHeight;
    const frac = scrollable > 0 ? scrollTop / scrollable : 0;
    first = frac * Math.max(0, total - visible);
  }
  const firstLine = Math.min(total - 1, Math.floor(first));
  const firstOffset = scrollTop - (first - firstLine) * v.rowHeight;
  const start = Math.max(0, firstLine - v.overscan);
  const end = Math.min(total, firstLine + visible + 1 + v.overscan);
  return { start, end, offsetTop: firstOffset - (firstLine - start) * v.rowHeight, contentHeight };
}

/** Indices of the pages holding lines `start` … `end - 1`. */
export function pagesCovering(start: number, end: number, pageSize = PAGE_SIZE): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  const out: number[] = [];
  for (let p = first; p <= last; p++) out.push(p);
  return out;
}

/** Pages of lines already fetched, oldest dropped past `maxPages`, so memory stays bounded. */
export class LineCache {
  private pages = new Map<number, { lines: string[]; continued: ReadonlySet<number> }>();
  private inFlight = new Set<number>();

  constructor(
    readonly pageSize = PAGE_SIZE,
    readonly maxPages = 40,
  ) {}

  line(n: number): string | undefined {
    const page = this.pages.get(Math.floor(n / this.pageSize));
    return page?.lines[n % this.pageSize];
  }

  /** Whether row `n` carries on the line of the row before (a long line, split). */
  isContinued(n: number): boolean {
    return this.pages.get(Math.floor(n / this.pageSize))?.continued.has(n % this.pageSize) ?? false;
  }

  /** Pages needed for lines `start` … `end - 1` that are neither cached nor being fetched. */
  missing(start: number, end: number): number[] {
    return pagesCovering(start, end, this.pageSize).filter(
      (p) => !this.pages.has(p) && !this.inFlight.has(p),
    );
  }

  markFetching(page: number): void {
    this.inFlight.add(page);
  }

  /** `continued`: indices into `lines` of rows that continue the row before. */
  store(page: number, lines: string[], continued: readonly number[] = []): void {
    this.inFlight.delete(page);
    this.pages.delete(page);
    this.pages.set(page, { lines, continued: new Set(continued) });
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }

  failed(page: number): void {
    this.inFlight.delete(page);
  }

  get size(): number {
    return this.pages.size;
  }
}

/**
 * The scroll position that shows `line` in the middle of the viewport: the inverse of
 * `visibleWindow`, including its scaled mapping for very long bodies.
 */
export function scrollTopForLine(
  line: number,
  v: Omit<ViewportInput, 'scrollTop' | 'overscan'>,
): number {
  const max = v.maxContentHeight ?? MAX_CONTENT_HEIGHT;
  const total = Math.max(0, Math.floor(v.total));
  if (total === 0 || v.rowHeight <= 0) return 0;
  const full = total * v.rowHeight;
  const contentHeight = Math.min(full, max);
  const scrollable = Math.max(0, contentHeight - v.viewportHeight);
  const visible = Math.max(1, Math.ceil(v.viewportHeight / v.rowHeight));
  const target = Math.min(total - 1, Math.max(0, Math.floor(line)));
  const firstWanted = Math.max(0, target - Math.floor(visible / 2));
  let top: number;
  if (full <= max) {
    top = firstWanted * v.rowHeight;
  } else {
    const span = Math.max(1, total - visible);
    top = (Math.min(firstWanted, span) / span) * scrollable;
  }
  return Math.min(scrollable, Math.max(0, top));
}
