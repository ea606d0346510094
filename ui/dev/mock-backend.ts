import type { SecretStatus } from '../src/lib/bindings/SecretStatus';
// A fake Rust back end for looking at the built UI in a plain browser (dev/screenshot.mjs).
// It is injected into the page by the screenshot script and is never part of ui/dist.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ErrorReport } from '../src/lib/bindings/ErrorReport';
import type { AttachmentRow } from '../src/lib/bindings/AttachmentRow';
import type { ExchangeView } from '../src/lib/bindings/ExchangeView';
import type { FormGrant } from '../src/lib/bindings/FormGrant';
import type { FormRow } from '../src/lib/bindings/FormRow';
import type { ProfileInput } from '../src/lib/bindings/ProfileInput';
import type { ProfileView } from '../src/lib/bindings/ProfileView';
import type { RequestInput } from '../src/lib/bindings/RequestInput';
import type { SecretSlot } from '../src/lib/bindings/SecretSlot';
import type { TokenEvent } from '../src/lib/bindings/TokenEvent';
import type { TokenForm } from '../src/lib/bindings/TokenForm';
import type { TokenView } from '../src/lib/bindings/TokenView';
import { handleNetwork } from './mock-network';
import { handleWorkbench, recordHistory, savedFor, type Context } from './mock-workbench';
import { handlePlatform, type PlatformContext } from './mock-platform';

type Args = Record<string, unknown>;
type Options = { rejectToken?: boolean; profiles?: boolean };

const options: Options =
  (window as unknown as { __SNOWPOST_MOCK__?: Options }).__SNOWPOST_MOCK__ ?? {};

const report = (kind: string, message: string, hint = '', causes: string[] = []): ErrorReport => ({
  kind,
  message,
  hint,
  causes,
});

const profiles = new Map<string, ProfileView>();
const tokens = new Map<string, { view: TokenView; value: string }>();
const events: TokenEvent[] = [];
const bodies = new Map<number, { pretty: string[]; raw: string[] }>();
let nextExchange = 1;
let nextIncident = 10001;
let sandboxUrl = 'http://127.0.0.1:40111';

function normalise(input: string): string {
  const s = input.trim();
  if (/^[a-z0-9][a-z0-9-]*$/i.test(s)) return `https://${s.toLowerCase()}.service-now.com`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw report(
      'invalid_instance',
      `"${s}" is neither an instance name nor a URL`,
      'Type the instance name (dev12345) or its https:// address.',
    );
  }
  if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    throw report(
      'invalid_instance',
      'Plain http:// is only allowed for a local (loopback) instance',
      'Use https://.',
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw report('invalid_instance', `${u.protocol} is not a web address`, 'Use https://.');
  }
  return u.origin;
}

function view(
  input: ProfileInput,
  secrets: SecretStatus = {
    client_secret: false,
    password: false,
    refresh_token: false,
    private_key: false,
    keychain_error: null,
  },
) {
  return {
    ...input,
    instance: normalise(input.instance),
    write_guard: input.write_guard ?? 'off',
    secrets,
    registry: null,
  } satisfies ProfileView;
}

function profile(name: unknown): ProfileView {
  const p = profiles.get(String(name));
  if (!p) throw report('not_found', `No profile named "${String(name)}"`, 'Reload the list.');
  return p;
}

if (options.profiles) {
  profiles.set(
    'acme-prod',
    view(
      {
        name: 'acme-prod',
        instance: 'https://acme.service-now.com',
        client_id: '62d1a7c09f2c4a10b5a7d3b1f2e4c6a8',
        grant: 'client_credentials',
        username: null,
        redirect_uri: null,
        scope: 'useraccount',
        client_auth: 'basic',
        refresh_margin_secs: 60,
        public_client: false,
        jwt_kid: null,
        jwt_alg: 'RS256',
        environment: 'development',
        write_guard: 'off',
      },
      {
        client_secret: true,
        password: false,
        refresh_token: false,
        private_key: false,
        keychain_error: null,
      },
    ),
  );
  profiles.set(
    'dev',
    view(
      {
        name: 'dev',
        instance: 'dev12345',
        client_id: 'ac0dd3408c1031006907010c2cc6ef6d',
        grant: 'password',
        username: 'admin',
        redirect_uri: 'https://dev12345.service-now.com/',
        scope: null,
        client_auth: 'body',
        refresh_margin_secs: 60,
        public_client: false,
        jwt_kid: null,
        jwt_alg: 'RS256',
        environment: 'development',
        write_guard: 'off',
      },
      {
        client_secret: true,
        password: false,
        refresh_token: false,
        private_key: false,
        keychain_error: null,
      },
    ),
  );
}

function tokenForm(p: ProfileView, grant: FormGrant): TokenForm {
  const row = (key: string, value: string | null, secret = false): FormRow => ({
    key,
    value,
    secret,
    enabled: true,
  });
  const basic = p.client_auth === 'basic';
  const rows: FormRow[] = [row('grant_type', grant)];
  if (!basic) rows.push(row('client_id', p.client_id), row('client_secret', null, true));
  if (grant === 'password') {
    rows.push(row('username', p.username ?? ''), row('password', null, true));
    if (p.redirect_uri) rows.push(row('redirect_uri', p.redirect_uri));
  }
  if (grant === 'refresh_token') rows.push(row('refresh_token', null, true));
  if (p.scope && grant !== 'refresh_token') rows.push(row('scope', p.scope));
  return { url: `${p.instance}/oauth_token.do`, grant, rows, basic_auth: basic };
}

function preview(p: ProfileView, rows: FormRow[]) {
  for (const r of rows) {
    if (r.key !== r.key.trim() || r.key === '') {
      throw report(
        'invalid_input',
        `form row: "${r.key}" is not a valid key`,
        'Remove the spaces around the key.',
      );
    }
  }
  const body = rows
    .filter((r) => r.enabled)
    .map(
      (r) =>
        `${encodeURIComponent(r.key)}=${r.secret ? '********' : encodeURIComponent(r.value ?? '')}`,
    )
    .join('&');
  const headers: [string, string][] = [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
  ];
  if (p.client_auth === 'basic') headers.unshift(['Authorization', 'Basic ********']);
  return { method: 'POST', url: `${p.instance}/oauth_token.do`, headers, body };
}

function exchange(
  p: ProfileView,
  method: string,
  path: string,
  status: number,
  reason: string,
  body: unknown,
  sentBody: string | null,
  extra: Partial<ExchangeView> = {},
): ExchangeView {
  const id = nextExchange++;
  const raw = body === undefined ? '' : JSON.stringify(body);
  bodies.set(id, {
    pretty: raw === '' ? [] : JSON.stringify(body, null, 2).split('\n'),
    raw: raw === '' ? [] : [raw],
  });
  return {
    id,
    request: {
      method,
      url: `${p.instance}${path}`,
      headers: [
        ['Authorization', 'Bearer ********'],
        ['Accept', 'application/json'],
        ...(sentBody ? [['Content-Type', 'application/json'] as [string, string]] : []),
      ],
      body: sentBody,
    },
    status,
    reason,
    headers: [
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['Server', 'ServiceNow'],
      ['X-Is-Logged-In', 'true'],
      ['X-Transaction-ID', '8f2c1a9e3b7d'],
    ],
    content_type: 'application/json;charset=UTF-8',
    size: raw.length,
    elapsed_ms: 143 + (id % 7) * 31,
    // Illustrative only: the real split is measured in Rust.
    timing: {
      dns_ms: null,
      connect_ms: null,
      tls_ms: null,
      ttfb_ms: 130 + (id % 7) * 31,
      download_ms: 12,
      total_ms: 143 + (id % 7) * 31,
      reused: true,
    },
    servicenow_error: null,
    diagnosis: null,
    pagination: { total: null, first: null, prev: null, next: null, last: null },
    body_kind: raw === '' ? 'empty' : 'json',
    incident: null,
    ...extra,
  };
}

const hex = (n: number) =>
  Array.from({ length: 32 }, (_, i) => ((n * 7919 + i * 104729) % 16).toString(16)).join('');

function record(n: number) {
  return {
    number: `INC${String(10000 + n).padStart(7, '0')}`,
    sys_id: hex(n),
    short_description: `Email server down in building ${n % 9}`,
    priority: String((n % 5) + 1),
    state: '1',
    urgency: '2',
    impact: '2',
    active: 'true',
    caller_id: {
      link: `https://dev12345.service-now.com/api/now/table/sys_user/${hex(n + 1)}`,
      value: hex(n + 1),
    },
    sys_created_on: '2025-11-29 13:37:00',
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function sendRequest(p: ProfileView, r: RequestInput): ExchangeView {
  // A pagination link arrives as an absolute Path: its query holds every parameter.
  let path =
    r.target === 'table' ? `/api/now/table/${r.table}${r.sys_id ? `/${r.sys_id}` : ''}` : r.path;
  const params = r.params.map((x) => ({ key: x.key, value: x.value }));
  if (/^https?:\/\//.test(path)) {
    const u = new URL(path);
    path = u.pathname;
    for (const [key, value] of u.searchParams) params.unshift({ key, value });
  }
  const q = params.map((x) => `${x.key}=${encodeURIComponent(x.value)}`).join('&');
  const full = q ? `${path}?${q}` : path;
  if (r.sys_id === 'missing') {
    return exchange(
      p,
      r.method,
      full,
      404,
      'Not Found',
      {
        error: {
          message: 'No Record found',
          detail: "Record doesn't exist or ACL restricts the record retrieval",
        },
        status: 'failure',
      },
      null,
      {
        servicenow_error: {
          message: 'No Record found',
          detail: "Record doesn't exist or ACL restricts the record retrieval",
        },
        diagnosis: report(
          'not_found',
          'HTTP 404: no record with this sys_id is visible to this user',
          'A 404 can also mean an ACL hides the record from the integration user.',
        ),
      },
    );
  }
  const get = (k: string) => params.find((x) => x.key === k)?.value;
  const limit = Number(get('sysparm_limit') ?? 10);
  const offset = Number(get('sysparm_offset') ?? 0);
  const total = 4200;
  const result = Array.from({ length: Math.min(limit, 5000, total - offset) }, (_, i) =>
    record(offset + i + 1),
  );
  const query = get('sysparm_query');
  const link = (o: number) =>
    `${p.instance}${path}?sysparm_limit=${limit}&sysparm_offset=${o}${query ? `&sysparm_query=${encodeURIComponent(query)}` : ''}`;
  const lastOffset = Math.floor((total - 1) / limit) * limit;
  return exchange(p, r.method, full, 200, 'OK', { result }, null, {
    pagination: {
      total,
      first: link(0),
      prev: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      next: offset + limit < total ? link(offset + limit) : null,
      last: link(lastOffset),
    },
  });
}

const incidentInput: RequestInput = {
  method: 'POST',
  target: 'table',
  table: 'incident',
  sys_id: null,
  path: '',
  params: [],
  headers: [],
  body: null,
  accept: 'json',
};

const platform: PlatformContext = {
  profile,
  saved: savedFor,
  send: sendRequest,
  answer: (p, method, path, status, body) =>
    exchange(p, method, path, status, status < 300 ? 'OK' : 'Error', body, null),
};

const context: Context = {
  profile,
  report,
  sleep,
  bodyLines: (id, pretty) => {
    const b = bodies.get(id);
    if (!b) throw report('gone', 'This response is no longer kept', 'Send the request again.');
    return pretty ? b.pretty : b.raw;
  },
};

/** Each record's attachments, by sys_id. */
const attachments = new Map<string, AttachmentRow[]>();

async function handle(cmd: string, a: Args): Promise<unknown> {
  switch (cmd) {
    case 'list_profiles':
      return [...profiles.values()].sort((x, y) => x.name.localeCompare(y.name));
    case 'check_instance':
      return normalise(String(a.input));
    case 'save_profile': {
      const input = a.input as ProfileInput;
      if (!input.name) throw report('invalid_input', 'name: is empty', 'Give the profile a name.');
      if (!input.client_id)
        throw report(
          'invalid_input',
          'client_id: is empty',
          'Copy it from the Application Registry.',
        );
      const old = profiles.get(input.name);
      if (a.isNew && old)
        throw report('exists', `A profile named "${input.name}" exists`, 'Pick another name.');
      const v = view(input, old?.secrets);
      profiles.set(v.name, v);
      return v;
    }
    case 'delete_profile':
      profiles.delete(String(a.name));
      return null;
    case 'duplicate_profile': {
      const p = profile(a.name);
      const copy = { ...p, name: String(a.newName) };
      profiles.set(copy.name, copy);
      return copy;
    }
    case 'set_secret':
    case 'clear_secret': {
      const p = profile(a.profile);
      const secrets = { ...p.secrets, [a.slot as SecretSlot]: cmd === 'set_secret' };
      profiles.set(p.name, { ...p, secrets });
      return secrets;
    }
    case 'token_form':
      return tokenForm(profile(a.profile), a.grant as FormGrant);
    case 'preview_token_request':
      return preview(profile(a.profile), a.rows as FormRow[]);
    case 'send_token_request': {
      const p = profile(a.profile);
      preview(p, a.rows as FormRow[]);
      await sleep(250);
      if (options.rejectToken || !p.secrets.client_secret) {
        events.push({
          at_ms: Date.now(),
          profile: p.name,
          kind: 'rejected',
          detail: '401 access_denied',
        });
        throw report(
          'oauth_rejected',
          'The instance refused the token request: 401 {"error_description":"access_denied","error":"server_error"}',
          "ServiceNow never says why. Work through the causes below; the real reason is in the instance's system log.",
          [
            'The client secret is wrong (Replace it in the profile)',
            'The user is inactive, locked out, or must reset the password',
            'client_credentials needs glide.oauth.inbound.client.credential.grant_type.enabled=true and an OAuth Application User',
            'A key has a typo or a trailing space (e.g. "grant_type ")',
          ],
        );
      }
      const now = Math.floor(Date.now() / 1000);
      const value =
        'x8Qm1vL0c2Rk7PZ_tG5b9WnE3yJ4aH6sDfUoViKqBrXe0lMcNp-TzA1gY7hSdF2jK9uLwQ3eR5tY6uI8oP0aZ9xYz';
      const v: TokenView = {
        profile: p.name,
        summary: {
          token_type: 'Bearer',
          scope: 'useraccount',
          expires_in: 1799,
          obtained_at: now,
          expires_at: now + 1799,
          has_refresh_token: a.grant !== 'client_credentials',
        },
        masked: `********${value.slice(-4)}`,
      };
      tokens.set(p.name, { view: v, value });
      events.push({
        at_ms: Date.now(),
        profile: p.name,
        kind: 'requested',
        detail: `${String(a.grant)} grant, expires in 1799 s`,
      });
      return v;
    }
    case 'revoke_tokens':
      tokens.delete(String(a.profile));
      events.push({
        at_ms: Date.now(),
        profile: String(a.profile),
        kind: 'revoked',
        detail: 'access and refresh token revoked',
      });
      return null;
    case 'token_events':
      return events.filter((e) => e.profile === a.profile);
    case 'token_status':
      return tokens.get(String(a.profile))?.view ?? null;
    case 'reveal_access_token': {
      const t = tokens.get(String(a.profile));
      if (!t) throw report('no_token', 'No token yet', 'Send the token request first.');
      return t.value;
    }
    case 'copy_access_token':
    case 'copy_response':
    case 'open_in_browser':
      return null;
    case 'save_response':
      return '/home/integrator/response.json';
    case 'list_attachments': {
      const rows = attachments.get(String(a.record)) ?? [];
      const path = `/api/now/attachment?sysparm_query=table_sys_id=${String(a.record)}`;
      return {
        exchange: exchange(profile(a.profile), 'GET', path, 200, 'OK', { result: rows }, null),
        attachments: rows,
      };
    }
    case 'attach_file': {
      const record = String(a.record);
      const row = {
        sys_id: `att${nextExchange}`,
        file_name: 'screenshot.png',
        content_type: 'image/png',
        size_bytes: '48213',
        hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      };
      attachments.set(record, [...(attachments.get(record) ?? []), row]);
      const path = '/api/now/attachment/file';
      return exchange(profile(a.profile), 'POST', path, 201, 'Created', { result: row }, null);
    }
    case 'save_attachment':
      return exchange(
        profile(a.profile),
        'GET',
        `/api/now/attachment/${String(a.sysId)}/file`,
        200,
        'OK',
        undefined,
        null,
      );
    case 'delete_attachment': {
      for (const [k, rows] of attachments)
        attachments.set(
          k,
          rows.filter((r) => r.sys_id !== a.sysId),
        );
      return exchange(
        profile(a.profile),
        'DELETE',
        `/api/now/attachment/${String(a.sysId)}`,
        204,
        'No Content',
        undefined,
        null,
      );
    }
    case 'create_incident': {
      const p = profile(a.profile);
      await sleep(200);
      const fields = a.fields as Record<string, string>;
      const n = nextIncident++;
      const rec = {
        ...record(n),
        ...fields,
        number: `INC00${n}`,
        sys_id: hex(n),
        priority: String(Number(fields.impact ?? 3) + Number(fields.urgency ?? 3) - 1),
        state: '1',
        incident_state: '1',
        sys_mod_count: '0',
        sys_class_name: 'incident',
      };
      const created = exchange(
        p,
        'POST',
        '/api/now/table/incident',
        201,
        'Created',
        { result: rec },
        JSON.stringify(fields),
        {
          incident: {
            number: rec.number,
            sys_id: rec.sys_id,
            priority: rec.priority,
            state: '1',
            url: `${p.instance}/nav_to.do?uri=%2Fincident.do%3Fsys_id%3D${rec.sys_id}`,
          },
        },
      );
      recordHistory(p.name, { ...incidentInput, body: JSON.stringify(fields) }, created);
      return created;
    }
    case 'send_request': {
      const p = profile(a.profile);
      const r = a.input as RequestInput;
      await sleep(150);
      const x = sendRequest(p, r);
      recordHistory(p.name, r, x);
      return x;
    }
    case 'response_page': {
      const b = bodies.get(Number(a.id));
      if (!b) throw report('gone', 'This response is no longer kept', 'Send the request again.');
      const lines = a.pretty ? b.pretty : b.raw;
      const start = Number(a.start);
      return {
        id: Number(a.id),
        pretty: Boolean(a.pretty),
        start,
        lines: lines.slice(start, start + Number(a.count)),
        continued: [],
        total: lines.length,
        bytes: lines.reduce((n, l) => n + l.length + 1, 0),
        provisional: false,
      };
    }
    case 'start_sandbox': {
      await sleep(300);
      sandboxUrl = 'http://127.0.0.1:40111';
      const v = view(
        {
          name: 'Sandbox',
          instance: sandboxUrl,
          client_id: 'snowpost-sandbox',
          grant: 'password',
          username: 'admin',
          redirect_uri: null,
          scope: null,
          client_auth: 'body',
          refresh_margin_secs: 60,
          public_client: false,
          jwt_kid: null,
          jwt_alg: 'RS256',
          environment: 'development',
          write_guard: 'off',
        },
        {
          client_secret: true,
          password: true,
          refresh_token: false,
          private_key: false,
          keychain_error: null,
        },
      );
      profiles.set(v.name, v);
      return v;
    }
    default: {
      const answer =
        handleWorkbench(context, cmd, a) ??
        handlePlatform(platform, cmd, a) ??
        handleNetwork(cmd, a);
      if (answer === undefined) throw `command ${cmd} not found`;
      return answer;
    }
  }
}

mockIPC((cmd, args) => {
  const answer = handle(cmd, (args ?? {}) as Args);
  if ((options as { debug?: boolean }).debug) {
    void answer.then((v) =>
      console.info(`ipc ${cmd} ${JSON.stringify(args)} -> ${JSON.stringify(v)}`),
    );
  }
  return answer;
});
