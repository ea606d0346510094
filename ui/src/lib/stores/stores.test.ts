import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { incident } from './incident.svelte';
import { profiles } from './profiles.svelte';
import { request } from './request.svelte';
import { token } from './token.svelte';
import { replaceForRequest } from '../token-rows';
import type { ProfileView } from '../bindings/ProfileView';

afterEach(() => clearMocks());

const sandbox: ProfileView = {
  name: 'Sandbox',
  instance: 'http://127.0.0.1:40111',
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
  registry: null,
  secrets: {
    client_secret: true,
    password: true,
    refresh_token: false,
    private_key: false,
    keychain_error: null,
  },
};

describe('incident store', () => {
  it('keeps the form when the JSON stops parsing, and refuses to send it', async () => {
    incident.setField('short_description', 'Printer on fire');
    incident.setJson('{"short_description": "Printer');
    expect(incident.jsonError).toMatch(/Invalid JSON/);
    expect(incident.form.short_description).toBe('Printer on fire');
    let called = false;
    mockIPC(() => {
      called = true;
    });
    await incident.send('Sandbox');
    expect(called).toBe(false);
    expect(incident.error?.kind).toBe('invalid_json');
    // What the user typed is still there.
    expect(incident.json).toBe('{"short_description": "Printer');
  });

  it('sends form fields plus extra JSON fields to create_incident', async () => {
    incident.setJson(
      '{"short_description":"Down","urgency":"1","impact":"2","contact_type":"phone"}',
    );
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return { id: 1, status: 201, incident: { number: 'INC0010002' } };
    });
    await incident.send('Sandbox');
    expect(seen).toEqual([
      {
        cmd: 'create_incident',
        args: {
          profile: 'Sandbox',
          fields: { short_description: 'Down', urgency: '1', impact: '2', contact_type: 'phone' },
          confirmed: false,
        },
      },
    ]);
    expect(incident.exchange?.incident?.number).toBe('INC0010002');
    expect(incident.error).toBeNull();
  });
});

describe('request store', () => {
  it('leaves the body out of a GET and drops disabled or blank rows', () => {
    request.method = 'GET';
    request.body = '{"a":1}';
    request.params = [
      { key: 'sysparm_limit', value: '5', enabled: true },
      { key: 'sysparm_query', value: 'x', enabled: false },
      { key: ' ', value: '', enabled: true },
    ];
    const input = request.input();
    expect(input.body).toBeNull();
    expect(input.params).toEqual([{ key: 'sysparm_limit', value: '5', enabled: true }]);
    request.method = 'PATCH';
    request.sysId = ' 46d44a5e ';
    expect(request.input()).toMatchObject({ body: '{"a":1}', sys_id: '46d44a5e', method: 'PATCH' });
  });

  it('keeps the rejection as an AppError for the error panel', async () => {
    mockIPC(() =>
      Promise.reject({
        kind: 'instance_hibernating',
        message: 'The instance is asleep',
        hint: 'Wake it',
        causes: [],
      }),
    );
    await request.send('Sandbox');
    expect(request.error?.report).toEqual({
      kind: 'instance_hibernating',
      message: 'The instance is asleep',
      hint: 'Wake it',
      causes: [],
    });
    expect(request.sending).toBe(false);
  });
});

describe('profiles store', () => {
  it('starts the sandbox and selects the profile it returns', async () => {
    mockIPC((cmd) => (cmd === 'start_sandbox' ? sandbox : null));
    await profiles.startSandbox();
    expect(profiles.list.map((p) => p.name)).toEqual(['Sandbox']);
    expect(profiles.selectedName).toBe('Sandbox');
    expect(profiles.selected?.secrets.password).toBe(true);
    expect(profiles.sandboxBusy).toBe(false);
  });

  it('shows a failed sandbox start instead of throwing', async () => {
    mockIPC(() =>
      Promise.reject({ kind: 'sandbox', message: 'Port in use', hint: '', causes: [] }),
    );
    await profiles.startSandbox();
    expect(profiles.sandboxError?.kind).toBe('sandbox');
  });
});

describe('token store', () => {
  it('builds the form, sends edited rows, and keeps them when the instance refuses', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'token_form':
          return {
            url: 'http://127.0.0.1:40111/oauth_token.do',
            grant: 'password',
            basic_auth: false,
            rows: [
              { key: 'grant_type', value: 'password', secret: false, enabled: true },
              { key: 'client_secret', value: null, secret: true, enabled: true },
            ],
          };
        case 'preview_token_request':
          return {
            method: 'POST',
            url: 'u',
            headers: [],
            body: 'grant_type=password&client_secret=********',
          };
        case 'send_token_request':
          sent.push(args);
          return Promise.reject({
            kind: 'oauth_rejected',
            message: '401 access_denied',
            hint: 'ServiceNow never says why',
            causes: ['Wrong client secret', 'User locked out'],
          });
        default:
          return null;
      }
    });
    await token.selectProfile(sandbox);
    await new Promise((r) => setTimeout(r, 0));
    expect(token.rows).toHaveLength(2);
    expect(token.storedKeys).toEqual(['client_secret']);
    expect(token.preview?.body).toContain('client_secret=********');

    const rows = replaceForRequest(token.rows, 1);
    rows[1] = { ...rows[1], value: 'typed-secret' };
    token.setRows(rows);
    await token.send();
    expect(sent).toEqual([
      {
        profile: 'Sandbox',
        grant: 'password',
        rows: [
          { key: 'grant_type', value: 'password', secret: false, enabled: true },
          { key: 'client_secret', value: 'typed-secret', secret: true, enabled: true },
        ],
      },
    ]);
    expect(token.sendError?.kind).toBe('oauth_rejected');
    expect(token.sendError?.causes).toEqual(['Wrong client secret', 'User locked out']);
    expect(token.rows[1].value).toBe('typed-secret');
    expect(token.token).toBeNull();
  });

  it("signs in through the browser or by paste, and a browser profile's form is its refresh", async () => {
    const seen: string[] = [];
    const view = { profile: 'Browser', summary: {}, masked: '********abcd' };
    let release: (v: unknown) => void = () => {};
    mockIPC((cmd, args) => {
      seen.push(cmd);
      switch (cmd) {
        case 'token_form':
          return {
            url: 'u',
            grant: (args as { grant: string }).grant,
            basic_auth: false,
            rows: [],
          };
        case 'sign_in':
          return new Promise((r) => (release = r)).then(() => view);
        case 'begin_paste_sign_in':
          return 'http://127.0.0.1:40111/oauth_auth.do?state=abc';
        case 'finish_paste_sign_in':
          return (args as { landed: string }).landed.includes('code=')
            ? view
            : Promise.reject({
                kind: 'state_mismatch',
                message: 'other attempt',
                hint: 'sign in again',
              });
        case 'list_profiles':
          return [];
        default:
          return null;
      }
    });
    const browser: ProfileView = {
      ...sandbox,
      name: 'Browser',
      grant: 'authorization_code',
      redirect_uri: 'http://127.0.0.1:8765/callback',
    };
    await token.selectProfile(browser);
    expect(token.grant).toBe('refresh_token');

    const signing = token.signIn();
    await new Promise((r) => setTimeout(r, 0));
    expect(token.signingIn).toBe(true);
    release(null);
    await signing;
    expect(token.signingIn).toBe(false);
    expect(token.token?.masked).toBe('********abcd');

    await token.beginPaste();
    expect(token.pasteUrl).toContain('oauth_auth.do');
    expect(await token.finishPaste('garbage')).toBe(false);
    expect(token.sendError?.kind).toBe('state_mismatch');
    expect(token.pasteUrl).not.toBeNull();
    expect(await token.finishPaste('http://127.0.0.1:8765/callback?code=x&state=abc')).toBe(true);
    expect(token.pasteUrl).toBeNull();
    expect(seen).toContain('finish_paste_sign_in');
  });
});

describe('profiles store', () => {
  it('does not let a slow first load hide a profile created meanwhile', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    mockIPC(async (cmd) => {
      if (cmd === 'list_profiles') {
        calls++;
        if (calls === 1) {
          await slow;
          return [];
        }
        return [sandbox];
      }
      if (cmd === 'start_sandbox') return sandbox;
    });
    const loading = profiles.load();
    await profiles.startSandbox();
    release();
    await loading;
    expect(profiles.list.map((p) => p.name)).toEqual(['Sandbox']);
    expect(profiles.selected?.name).toBe('Sandbox');
  });
});
