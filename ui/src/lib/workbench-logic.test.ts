import { describe, expect, it } from 'vitest';
import { hitFrom, hitLabel, matchColumn, MAX_HITS, stepHit } from './body-search';
import { copyText } from './clipboard';
import { fetchAllBlocker, progressSummary, progressView } from './fetch-progress';
import { requestUrl } from './http';
import { pageButtons, pageInput, recordCount } from './pagination';
import { curlNotes, SNIPPET_LANGUAGES } from './snippets';
import { scrollTopForLine, visibleWindow } from './virtual-window';
import type { ParsedCurl } from './bindings/ParsedCurl';
import type { RequestInput } from './bindings/RequestInput';

const base = 'http://127.0.0.1:40111/api/now/table/incident?sysparm_limit=2';
const links = {
  total: 67,
  first: `${base}&sysparm_offset=0`,
  prev: null,
  next: `${base}&sysparm_offset=2`,
  last: `${base}&sysparm_offset=66`,
};

const list: RequestInput = {
  method: 'GET',
  target: 'table',
  table: 'incident',
  sys_id: null,
  path: '',
  params: [],
  headers: [{ key: 'X-Trace', value: '1', enabled: true }],
  body: null,
  accept: 'json',
};

describe('pagination buttons', () => {
  it('disables absent links, and First on the first page', () => {
    const b = pageButtons(links, base);
    expect(b.map((x) => [x.rel, x.disabled])).toEqual([
      ['first', true],
      ['prev', true],
      ['next', false],
      ['last', false],
    ]);
    expect(b[2].url).toBe(links.next);
  });

  it('enables First and Prev further on, and disables everything while sending', () => {
    const here = `${base}&sysparm_offset=2`;
    const p = { ...links, prev: `${base}&sysparm_offset=0`, next: `${base}&sysparm_offset=4` };
    expect(pageButtons(p, here).every((x) => !x.disabled)).toBe(true);
    expect(pageButtons(p, here, true).every((x) => x.disabled)).toBe(true);
    const last = `${base}&sysparm_offset=66`;
    expect(pageButtons({ ...p, next: null }, last).find((x) => x.rel === 'last')?.disabled).toBe(
      true,
    );
  });

  it('counts records and sends a link as a GET Path with the same headers', () => {
    expect(recordCount(67)).toBe('67 records');
    expect(recordCount(1)).toBe('1 record');
    expect(recordCount(4200)).toBe('4,200 records');
    expect(pageInput(links.next, list)).toEqual({
      ...list,
      target: 'path',
      table: '',
      path: links.next,
      params: [],
    });
    expect(pageInput(links.next, null).headers).toEqual([]);
  });

  it('shows an absolute Path as it is, with extra params appended', () => {
    const input = { ...list, target: 'path' as const, path: links.next };
    expect(requestUrl('http://127.0.0.1:40111', input)).toBe(links.next);
    const more = { ...input, params: [{ key: 'a', value: 'b c', enabled: true }] };
    expect(requestUrl('http://127.0.0.1:40111', more)).toBe(`${links.next}&a=b%20c`);
  });
});

describe('fetch all', () => {
  it('runs only for a table list', () => {
    expect(fetchAllBlocker(list)).toBeNull();
    expect(fetchAllBlocker({ ...list, method: 'POST' })).toMatch(/GET/);
    expect(fetchAllBlocker({ ...list, sys_id: 'abc' })).toMatch(/sys_id/);
    expect(fetchAllBlocker({ ...list, target: 'path' })).toMatch(/Table/);
    expect(fetchAllBlocker({ ...list, table: ' ' })).toMatch(/table/);
  });

  it('formats progress, and notices a 429 being waited out', () => {
    const p = {
      records: 1200,
      total: 4200,
      pages: 3,
      rate_limited: 0,
      cancelled: false,
      path: null,
    };
    expect(progressView(p, null)).toEqual({
      fraction: 1200 / 4200,
      text: '1,200 of 4,200 records · 3 pages',
      waiting: false,
    });
    expect(progressView({ ...p, rate_limited: 1 }, p).waiting).toBe(true);
    expect(progressView({ ...p, rate_limited: 1 }, { ...p, rate_limited: 1 }).waiting).toBe(false);
    expect(progressView({ ...p, total: null, pages: 1 }, null)).toMatchObject({
      fraction: null,
      text: '1,200 records · 1 page',
    });
    expect(progressView({ ...p, total: 0, records: 0 }, null).fraction).toBe(1);
  });

  it('sums up how it ended', () => {
    const p = {
      records: 4200,
      total: 4200,
      pages: 5,
      rate_limited: 2,
      cancelled: false,
      path: null,
    };
    expect(progressSummary(p)).toBe('Fetched 4,200 records in 5 pages, 2 rate limits waited out');
    expect(
      progressSummary({ ...p, records: 1, pages: 1, rate_limited: 0, cancelled: true, path: null }),
    ).toBe('Cancelled after 1 record in 1 page');
  });
});

describe('search in big bodies', () => {
  it('finds the column of a match as the back end does (ASCII case only)', () => {
    expect(matchColumn('{"number":"INC0010001"}', 'inc001')).toBe(11);
    expect(matchColumn('ÄBC abc', 'abc')).toBe(4);
    expect(matchColumn('abc', 'x')).toBe(-1);
    expect(matchColumn('abc', '')).toBe(-1);
  });

  const hits = [3, 40, 900, 25_000];

  it('steps through hits, wrapping around', () => {
    expect(stepHit(hits, -1, 1)).toBe(0);
    expect(stepHit(hits, -1, -1)).toBe(3);
    expect(stepHit(hits, 3, 1)).toBe(0);
    expect(stepHit(hits, 0, -1)).toBe(3);
    expect(stepHit([], 0, 1)).toBe(-1);
  });

  it('starts at the first hit from where the reader is', () => {
    expect(hitFrom(hits, 0)).toBe(0);
    expect(hitFrom(hits, 41)).toBe(2);
    expect(hitFrom(hits, 900)).toBe(2);
    expect(hitFrom(hits, 30_000)).toBe(0);
    expect(hitFrom([], 5)).toBe(-1);
  });

  it('says n of m', () => {
    expect(hitLabel(hits, 1, 'x')).toBe('2 of 4');
    expect(hitLabel([], -1, 'x')).toBe('No matches');
    expect(hitLabel(hits, -1, '')).toBe('');
    expect(
      hitLabel(
        Array.from({ length: MAX_HITS }, (_, i) => i),
        0,
        'x',
      ),
    ).toBe('1 of 10,000+');
  });

  it('scrolls so the hit is in view, for plain and scaled scrollbars', () => {
    for (const [total, max] of [
      [30_000, undefined],
      [5_000_000, 1_000_000],
    ] as const) {
      const v = { viewportHeight: 360, rowHeight: 18, total, maxContentHeight: max };
      for (const line of [0, 17, 12_345, total - 1]) {
        const scrollTop = scrollTopForLine(line, v);
        const w = visibleWindow({ ...v, scrollTop, overscan: 0 });
        expect(line).toBeGreaterThanOrEqual(w.start);
        expect(line).toBeLessThan(w.end);
      }
    }
    expect(scrollTopForLine(5, { viewportHeight: 360, rowHeight: 18, total: 0 })).toBe(0);
  });
});

describe('snippets and curl', () => {
  it('offers the five languages the back end writes', () => {
    expect(SNIPPET_LANGUAGES.map((l) => l.id)).toEqual([
      'curl',
      'python_requests',
      'powershell',
      'javascript_fetch',
      'rust_reqwest',
    ]);
  });

  it('turns what the curl import dropped into notes', () => {
    const parsed: ParsedCurl = {
      method: 'GET',
      url: 'https://dev1.service-now.com/api/now/table/incident',
      headers: [],
      body: null,
      basic_auth_user: 'admin',
      had_password: true,
      dropped_authorization: true,
      dropped_headers: ['Cookie', 'X-UserToken'],
      insecure_ignored: true,
      ignored_options: ['--compressed', '-s'],
    };
    const notes = curlNotes(parsed);
    expect(notes).toHaveLength(6);
    expect(notes.join('\n')).toMatch(/Authorization header was dropped/);
    expect(notes.join('\n')).toMatch(/Cookie, X-UserToken/);
    expect(notes.join('\n')).toMatch(/--compressed -s/);
    const clean = { ...parsed, basic_auth_user: null, had_password: false };
    expect(
      curlNotes({
        ...clean,
        dropped_authorization: false,
        dropped_headers: [],
        insecure_ignored: false,
        ignored_options: [],
      }),
    ).toEqual([]);
  });

  it('copies with the clipboard API, and reports when it is refused', async () => {
    let written = '';
    const ok = { clipboard: { writeText: async (t: string) => void (written = t) } };
    await expect(copyText('curl …', ok as unknown as Navigator)).resolves.toBe(true);
    expect(written).toBe('curl …');
    const refused = { clipboard: { writeText: () => Promise.reject(new Error('denied')) } };
    await expect(copyText('x', refused as unknown as Navigator)).resolves.toBe(false);
    await expect(copyText('x', {} as Navigator)).resolves.toBe(false);
  });
});
