// The Table workbench commands of the fake back end (dev/mock-backend.ts): query parse/encode,
// snippets, curl import, history, saved requests, Postman, fetch all, body search.
import type { EncodedQuery } from '../src/lib/bindings/EncodedQuery';
import type { ExchangeView } from '../src/lib/bindings/ExchangeView';
import type { FetchProgress } from '../src/lib/bindings/FetchProgress';
import type { HistoryEntry } from '../src/lib/bindings/HistoryEntry';
import type { ImportProgress } from '../src/lib/bindings/ImportProgress';
import type { Operator } from '../src/lib/bindings/Operator';
import type { ProfileView } from '../src/lib/bindings/ProfileView';
import type { QueryCondition } from '../src/lib/bindings/QueryCondition';
import type { RequestInput } from '../src/lib/bindings/RequestInput';
import type { SavedRequestRow } from '../src/lib/bindings/SavedRequestRow';
import type { SnippetLanguage } from '../src/lib/bindings/SnippetLanguage';
import { OPERATOR_LABELS } from '../src/lib/query-builder';

type Args = Record<string, unknown>;

export interface Context {
  profile(name: unknown): ProfileView;
  bodyLines(id: number, pretty: boolean): string[];
  report(kind: string, message: string, hint?: string): unknown;
  sleep(ms: number): Promise<void>;
}

const history: HistoryEntry[] = [];
const saved: SavedRequestRow[] = [];
let nextHistory = 1;
let nextSaved = 1;
let cancelFetch = false;

/** A profile's saved requests, by name. */
export const savedFor = (profile: string): SavedRequestRow[] =>
  saved.filter((r) => r.profile === profile).sort((x, y) => x.name.localeCompare(y.name));

/** Records a sent request as the Rust side does (path + params, secrets redacted). */
export function recordHistory(profile: string, input: RequestInput, x: ExchangeView): void {
  const url = new URL(x.request.url);
  const params = [...url.searchParams.entries()].map(([key, value]) => ({
    key,
    value: /token|secret|password/i.test(key) ? '[redacted]' : value,
    enabled: true,
  }));
  history.unshift({
    id: nextHistory++,
    profile,
    at_ms: Date.now(),
    method: x.request.method,
    url: x.request.url,
    status: x.status,
    elapsed_ms: x.elapsed_ms,
    size: x.size,
    content_type: x.content_type,
    request: { ...input, target: 'path', table: '', sys_id: null, path: url.pathname, params },
  });
}

const TOKENS = (Object.keys(OPERATOR_LABELS) as Operator[]).sort((a, b) => b.length - a.length);

function parseCondition(part: string, join: QueryCondition['join']): QueryCondition | null {
  for (let i = 0; i < part.length; i++) {
    const token = TOKENS.find((t) => part.startsWith(t, i));
    if (token) {
      if (i === 0) return null;
      return {
        join,
        field: part.slice(0, i),
        operator: token,
        value: part.slice(i + token.length),
      };
    }
    if (!/[A-Za-z0-9_.]/.test(part[i])) return null;
  }
  return null;
}

export function parseQuery(query: string): EncodedQuery {
  const q: EncodedQuery = { conditions: [], order: [], unparsed: [] };
  if (!query) return q;
  for (const part of query.split('^')) {
    const order = /^ORDERBY(DESC)?([A-Za-z0-9_.]+)$/.exec(part);
    if (order) {
      q.order.push({ field: order[2], descending: order[1] === 'DESC' });
      continue;
    }
    const join = part.startsWith('NQ') ? 'new_query' : part.startsWith('OR') ? 'or' : 'and';
    const c = parseCondition(join === 'and' ? part : part.slice(2), join);
    if (c) q.conditions.push(c);
    else q.unparsed.push(part);
  }
  return q;
}

export function encodeQuery(q: EncodedQuery): string {
  const prefix = { and: '', or: 'OR', new_query: 'NQ' } as const;
  return [
    ...q.conditions.map((c) => `${prefix[c.join]}${c.field}${c.operator}${c.value}`),
    ...q.unparsed,
    ...q.order.map((o) => `${o.descending ? 'ORDERBYDESC' : 'ORDERBY'}${o.field}`),
  ].join('^');
}

function snippet(p: ProfileView, r: RequestInput, lang: SnippetLanguage): string {
  const path = r.target === 'table' ? `/api/now/table/${r.table}` : r.path;
  const qs = r.params.map((x) => `${x.key}=${encodeURIComponent(x.value)}`).join('&');
  const url = `${p.instance}${path}${qs ? `?${qs}` : ''}`;
  switch (lang) {
    case 'curl':
      return `curl -X ${r.method} '${url}' \\\n  -H "Authorization: Bearer $SN_ACCESS_TOKEN" \\\n  -H 'Accept: application/json'`;
    case 'python_requests':
      return `import os\nimport requests\n\nresp = requests.request(\n    "${r.method}",\n    "${url}",\n    headers={\n        "Authorization": f"Bearer {os.environ['SN_ACCESS_TOKEN']}",\n        "Accept": "application/json",\n    },\n    timeout=30,\n)\nresp.raise_for_status()\nprint(resp.json())`;
    case 'powershell':
      return `$headers = @{ Authorization = "Bearer $env:SN_ACCESS_TOKEN"; Accept = "application/json" }\nInvoke-RestMethod -Method ${r.method} -Uri '${url}' -Headers $headers`;
    case 'javascript_fetch':
      return `const resp = await fetch("${url}", {\n  method: "${r.method}",\n  headers: {\n    Authorization: \`Bearer \${process.env.SN_ACCESS_TOKEN}\`,\n    Accept: "application/json",\n  },\n});\nconsole.log(await resp.json());`;
    case 'rust_reqwest':
      return `let token = std::env::var("SN_ACCESS_TOKEN")?;\nlet resp = reqwest::Client::new()\n    .request(reqwest::Method::${r.method}, "${url}")\n    .bearer_auth(token)\n    .header("Accept", "application/json")\n    .send()\n    .await?;\nprintln!("{}", resp.text().await?);`;
  }
}

function importCurl(ctx: Context, profile: string, command: string) {
  const p = ctx.profile(profile);
  const url = /'(https?:[^']+)'|"(https?:[^"]+)"|\s(https?:\S+)/.exec(command);
  if (!url) throw ctx.report('invalid_input', 'curl: no URL in the command', 'Paste a whole curl.');
  const u = new URL(url[1] ?? url[2] ?? url[3]);
  if (u.origin !== new URL(p.instance).origin) {
    throw ctx.report(
      'invalid_input',
      `url: ${u.host} is not on ${p.instance}`,
      "The token only goes to the profile's instance.",
    );
  }
  const headers: [string, string][] = [];
  let dropped = false;
  for (const m of command.matchAll(/-H\s+'([^:']+):\s*([^']*)'/g)) {
    if (/^authorization$/i.test(m[1])) dropped = true;
    else headers.push([m[1], m[2]]);
  }
  const method = /-X\s+(\w+)/.exec(command)?.[1] ?? 'GET';
  const table = /^\/api\/now\/table\/([^/]+)$/.exec(u.pathname);
  const input: RequestInput = {
    method,
    target: table ? 'table' : 'path',
    table: table ? table[1] : '',
    sys_id: null,
    path: u.pathname,
    params: [...u.searchParams.entries()].map(([key, value]) => ({ key, value, enabled: true })),
    headers: headers
      .filter(([k]) => !/^accept$/i.test(k))
      .map(([key, value]) => ({ key, value, enabled: true })),
    body: null,
    accept: 'json',
  };
  return {
    input,
    parsed: {
      method,
      url: u.href,
      headers,
      body: null,
      basic_auth_user: null,
      had_password: false,
      dropped_authorization: dropped,
      dropped_headers: [],
      insecure_ignored: /\s(-k|--insecure)\b/.test(command),
      ignored_options: [...command.matchAll(/\s(--compressed|-s|-L)\b/g)].map((m) => m[1]),
    },
  };
}

function sendProgress(channel: unknown, index: number, message: FetchProgress | ImportProgress) {
  const id = (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: Record<string, unknown> })
    .__TAURI_INTERNALS__;
  (internals.runCallback as (id: number, data: unknown) => void)(id, { index, message });
}

/** "Import records": 1 200 rows, a 429 and a few 202s on the way. */
async function importRecords(ctx: Context, a: Args): Promise<ImportProgress> {
  cancelFetch = false;
  const p: ImportProgress = {
    total: 1200,
    skipped: 0,
    inserted: 0,
    updated: 0,
    failed: 0,
    rate_limited: 0,
    not_processed: 0,
    rate: 0,
    eta_secs: null,
    cancelled: false,
  };
  for (let index = 0; p.inserted < 1200; index++) {
    if (cancelFetch) return { ...p, cancelled: true };
    await ctx.sleep(150);
    p.inserted += 100;
    p.not_processed += 2;
    p.rate_limited += index === 3 ? 1 : 0;
    p.rate = 650;
    p.eta_secs = Math.ceil((1200 - p.inserted) / 650);
    sendProgress(a.onProgress, index, { ...p });
  }
  return p;
}

async function fetchAll(ctx: Context, a: Args): Promise<FetchProgress> {
  const input = a.input as RequestInput;
  if (input.target !== 'table' || input.sys_id) {
    throw ctx.report('invalid_input', 'fetch all: works on a list: GET a table without a sys_id');
  }
  cancelFetch = false;
  const limit = Number(input.params.find((x) => x.key === 'sysparm_limit')?.value ?? 1000);
  const total = 4200;
  const p: FetchProgress = {
    records: 0,
    total,
    pages: 0,
    rate_limited: 0,
    cancelled: false,
    path: null,
  };
  let index = 0;
  await ctx.sleep(300);
  while (p.records < total) {
    if (cancelFetch) return { ...p, cancelled: true, path: null };
    if (p.pages === 2 && p.rate_limited === 0) {
      p.rate_limited++;
      sendProgress(a.onProgress, index++, { ...p });
      await ctx.sleep(900);
      continue;
    }
    await ctx.sleep(180);
    p.records = Math.min(total, p.records + limit);
    p.pages++;
    sendProgress(a.onProgress, index++, { ...p });
  }
  return p;
}

function bodySearch(lines: string[], query: string): number[] {
  const q = query.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < lines.length && out.length < 10_000; i++) {
    if (lines[i].toLowerCase().includes(q)) out.push(i);
  }
  return out;
}

/** Answers a workbench command, or returns undefined when `cmd` is not one. */
export function handleWorkbench(ctx: Context, cmd: string, a: Args): Promise<unknown> | undefined {
  const run = async (): Promise<unknown> => {
    switch (cmd) {
      case 'parse_query':
        return parseQuery(String(a.query));
      case 'encode_query':
        return encodeQuery(a.query as EncodedQuery);
      case 'request_snippet':
        return snippet(
          ctx.profile(a.profile),
          a.input as RequestInput,
          a.language as SnippetLanguage,
        );
      case 'import_curl':
        return importCurl(ctx, String(a.profile), String(a.command));
      case 'list_history': {
        const s = String(a.search ?? '').toLowerCase();
        return history
          .filter((h) => a.profile === null || h.profile === a.profile)
          .filter((h) => !s || `${h.method} ${h.url} ${h.status}`.toLowerCase().includes(s))
          .slice(0, Number(a.limit));
      }
      case 'clear_history': {
        const before = history.length;
        const keep = history.filter((h) => a.profile !== null && h.profile !== a.profile);
        history.splice(0, history.length, ...keep);
        return before - history.length;
      }
      case 'save_request': {
        const old = saved.findIndex((r) => r.profile === a.profile && r.name === a.name);
        const row: SavedRequestRow = {
          id: old >= 0 ? saved[old].id : nextSaved++,
          profile: String(a.profile),
          name: String(a.name),
          request: a.input as RequestInput,
        };
        if (old >= 0) saved[old] = row;
        else saved.push(row);
        return row;
      }
      case 'list_saved':
        return savedFor(String(a.profile));
      case 'delete_saved':
        saved.splice(
          saved.findIndex((r) => r.id === a.id),
          1,
        );
        return null;
      case 'export_postman':
        await ctx.sleep(200);
        return `/home/integrator/${String(a.profile)}.postman_collection.json`;
      case 'import_postman': {
        await ctx.sleep(200);
        const rows: SavedRequestRow[] = [
          ['Stats: open incidents', '/api/now/stats/incident'],
          ['Current user', '/api/now/ui/user/current_user'],
        ].map(([name, path]) => ({
          id: nextSaved++,
          profile: String(a.profile),
          name,
          request: {
            method: 'GET',
            target: 'path',
            table: '',
            sys_id: null,
            path,
            params: [],
            headers: [],
            body: null,
            accept: 'json',
          },
        }));
        saved.push(...rows);
        return rows;
      }
      case 'fetch_all':
        return fetchAll(ctx, a);
      case 'import_records':
        return importRecords(ctx, a);
      case 'cancel_fetch_all':
      case 'cancel_import_records':
        cancelFetch = true;
        return null;
      case 'search_response': {
        await ctx.sleep(120);
        return bodySearch(ctx.bodyLines(Number(a.id), Boolean(a.pretty)), String(a.query));
      }
      default:
        return undefined;
    }
  };
  const known = [
    'parse_query',
    'encode_query',
    'request_snippet',
    'import_curl',
    'list_history',
    'clear_history',
    'save_request',
    'list_saved',
    'delete_saved',
    'export_postman',
    'import_postman',
    'fetch_all',
    'cancel_fetch_all',
    'import_records',
    'cancel_import_records',
    'search_response',
  ];
  return known.includes(cmd) ? run() : undefined;
}
