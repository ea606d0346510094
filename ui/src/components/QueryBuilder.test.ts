import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { query } from '../lib/stores/query.svelte';
import { request } from '../lib/stores/request.svelte';
import { emptyRows } from '../lib/query-builder';
import type { EncodedQuery } from '../lib/bindings/EncodedQuery';
import type { FieldInfo } from '../lib/bindings/FieldInfo';
import PaginationBar from './PaginationBar.svelte';
import QueryBuilder from './QueryBuilder.svelte';

let target: HTMLElement;
let app: ReturnType<typeof mount> | null = null;
const all = <T extends HTMLElement = HTMLElement>(id: string) => [
  ...target.querySelectorAll<T>(`[data-testid="${id}"]`),
];

function input(el: HTMLInputElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(
    new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
  );
  flushSync();
}

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
  mockIPC((cmd, args) => {
    const q = (args as { query: EncodedQuery }).query;
    if (cmd === 'encode_query') {
      return q.conditions
        .map((c, i) => `${i && c.join === 'or' ? 'OR' : ''}${c.field}${c.operator}${c.value}`)
        .join('^');
    }
    return { conditions: [], order: [], unparsed: [] };
  });
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  clearMocks();
});

describe('QueryBuilder', () => {
  it('adds rows, hides the value of ISEMPTY, and writes sysparm_query', async () => {
    request.params = [{ key: 'sysparm_limit', value: '2', enabled: true }];
    query.rows = emptyRows();
    query.raw = '';
    app = mount(QueryBuilder, { target, props: { profile: 'p', fields: [] } });
    flushSync();
    all('query-add')[0].click();
    all('query-add')[0].click();
    flushSync();
    expect(all('query-row')).toHaveLength(2);
    // The first row has no join; the second one has.
    expect(all('query-join')).toHaveLength(1);
    input(all<HTMLInputElement>('query-field')[0], 'urgency');
    input(all<HTMLInputElement>('query-value')[0], '1');
    input(all<HTMLSelectElement>('query-join')[0], 'or');
    input(all<HTMLInputElement>('query-field')[1], 'assigned_to');
    input(all<HTMLSelectElement>('query-operator')[1], 'ISEMPTY');
    expect(all('query-value')).toHaveLength(1);
    await query.flush();
    flushSync();
    expect(all<HTMLInputElement>('query-raw')[0].value).toBe('urgency=1^ORassigned_toISEMPTY');
    expect(request.params).toEqual([
      { key: 'sysparm_limit', value: '2', enabled: true },
      { key: 'sysparm_query', value: 'urgency=1^ORassigned_toISEMPTY', enabled: true },
    ]);
  });
});

const URGENCY: FieldInfo = {
  element: 'urgency',
  label: 'Urgency',
  internal_type: 'integer',
  reference: null,
  max_length: 40,
  mandatory: false,
  read_only: false,
  display: false,
  defined_on: 'task',
  choices: [
    { value: '1', label: '1 - High', sequence: 1, inactive: false, dependent_value: null },
    { value: '2', label: '2 - Medium', sequence: 2, inactive: false, dependent_value: null },
  ],
};

describe('QueryBuilder with the table schema', () => {
  it('picks a field by its label, offers the operators of its type and its choices', async () => {
    request.params = [];
    query.rows = emptyRows();
    query.raw = '';
    const fields = [
      URGENCY,
      {
        ...URGENCY,
        element: 'opened_at',
        label: 'Opened',
        choices: [],
        internal_type: 'glide_date_time',
      },
    ];
    app = mount(QueryBuilder, { target, props: { profile: 'p', fields } });
    flushSync();
    all('query-add')[0].click();
    flushSync();
    const field = all<HTMLInputElement>('query-field')[0];
    input(field, 'urg');
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    const option = target.querySelector<HTMLElement>(
      '[data-testid="query-field-options"] [data-value="urgency"]',
    );
    expect(option?.textContent).toContain('Urgency (urgency)');
    option!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    flushSync();
    const ops = [...all<HTMLSelectElement>('query-operator')[0].options].map((o) => o.value);
    expect(ops).toContain('IN');
    expect(ops).not.toContain('LIKE');
    const value = all<HTMLSelectElement>('query-value')[0];
    expect(value.tagName).toBe('SELECT');
    expect([...value.options].map((o) => o.textContent)).toEqual(['—', '1 - High', '2 - Medium']);
    input(value, '1');
    await query.flush();
    expect(request.params).toEqual([{ key: 'sysparm_query', value: 'urgency=1', enabled: true }]);
  });
});

describe('PaginationBar', () => {
  it('shows the total and sends the link of an enabled button', () => {
    const sent: string[] = [];
    const next = 'http://x/api/now/table/incident?sysparm_limit=2&sysparm_offset=2';
    app = mount(PaginationBar, {
      target,
      props: {
        pagination: {
          total: 67,
          first: 'http://x/api/now/table/incident?sysparm_limit=2&sysparm_offset=0',
          prev: null,
          next,
          last: null,
        },
        currentUrl: 'http://x/api/now/table/incident?sysparm_limit=2',
        onpage: (url: string) => sent.push(url),
      },
    });
    flushSync();
    expect(all('pagination-total')[0].textContent).toMatch(/67 records/);
    const prev = all<HTMLButtonElement>('page-prev')[0];
    const last = all<HTMLButtonElement>('page-last')[0];
    expect([
      prev.disabled,
      last.disabled,
      all<HTMLButtonElement>('page-first')[0].disabled,
    ]).toEqual([true, true, true]);
    all<HTMLButtonElement>('page-next')[0].click();
    expect(sent).toEqual([next]);
  });
});
