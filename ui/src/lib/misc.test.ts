import { describe, expect, it } from 'vitest';
import { shortcutOf } from './keyboard';
import { copyName, draftFromView, draftToInput, emptyDraft, isDirty } from './profile-form';
import { hasPagination, offsetOf, pageLinks } from './pagination';
import { methodTakesBody } from './http';
import type { ProfileView } from './bindings/ProfileView';

const key = (
  k: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean; shift: boolean }> = {},
) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  altKey: !!mods.alt,
  shiftKey: !!mods.shift,
});

describe('keyboard shortcuts', () => {
  it('maps Ctrl/Cmd+Enter to send and Ctrl/Cmd+S to save', () => {
    expect(shortcutOf(key('Enter', { ctrl: true }))).toBe('send');
    expect(shortcutOf(key('Enter', { meta: true }))).toBe('send');
    expect(shortcutOf(key('s', { ctrl: true }))).toBe('save');
    expect(shortcutOf(key('Enter'))).toBeNull();
    expect(shortcutOf(key('s', { ctrl: true, shift: true }))).toBeNull();
    expect(shortcutOf(key('s', { ctrl: true, alt: true }))).toBeNull();
    expect(shortcutOf(key('f', { ctrl: true }))).toBe('find');
    expect(shortcutOf(key('f'))).toBeNull();
  });
});

const view: ProfileView = {
  name: 'dev',
  instance: 'https://dev1.service-now.com',
  client_id: 'cid',
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
    password: false,
    refresh_token: false,
    private_key: false,
    keychain_error: null,
  },
};

describe('profile drafts', () => {
  it('turns blank optional fields into null and trims', () => {
    const input = draftToInput({ ...draftFromView(view), username: '  ', scope: ' useraccount ' });
    expect(input.username).toBeNull();
    expect(input.scope).toBe('useraccount');
    expect(input.redirect_uri).toBeNull();
  });

  it('knows when a draft differs from what is saved', () => {
    expect(isDirty(draftFromView(view), view)).toBe(false);
    expect(isDirty({ ...draftFromView(view), scope: ' ' }, view)).toBe(false);
    expect(isDirty({ ...draftFromView(view), client_id: 'other' }, view)).toBe(true);
    expect(isDirty(emptyDraft(), null)).toBe(false);
    expect(isDirty({ ...emptyDraft(), name: 'x' }, null)).toBe(true);
  });

  it('proposes a free name for a copy', () => {
    expect(copyName('dev', ['dev'])).toBe('dev copy');
    expect(copyName('dev', ['dev', 'dev copy', 'dev copy 2'])).toBe('dev copy 3');
  });
});

describe('pagination and methods', () => {
  it('reads the Link header offsets', () => {
    const p = {
      total: 67,
      first: 'https://x/api/now/table/incident?sysparm_limit=1&sysparm_offset=0',
      prev: null,
      next: 'https://x/api/now/table/incident?sysparm_limit=1&sysparm_offset=1',
      last: 'https://x/api/now/table/incident?sysparm_limit=1&sysparm_offset=66',
    };
    expect(pageLinks(p).map((l) => [l.rel, l.offset])).toEqual([
      ['first', 0],
      ['next', 1],
      ['last', 66],
    ]);
    expect(offsetOf('https://x?a=1')).toBeNull();
    expect(hasPagination({ total: null, first: null, prev: null, next: null, last: null })).toBe(
      false,
    );
  });

  it('sends a body only with methods that take one', () => {
    expect(['POST', 'put', 'PATCH'].every(methodTakesBody)).toBe(true);
    expect(['GET', 'DELETE'].some(methodTakesBody)).toBe(false);
  });
});

describe('request URL preview', () => {
  it('builds the table URL with the enabled parameters, encoded', async () => {
    const { requestUrl } = await import('./http');
    const params = [
      { key: 'sysparm_query', value: 'active=true^ORDERBYDESCsys_created_on', enabled: true },
      { key: 'sysparm_limit', value: '5', enabled: false },
    ];
    expect(
      requestUrl('https://dev1.service-now.com/', {
        target: 'table',
        table: 'incident',
        sys_id: null,
        path: '',
        params,
      }),
    ).toBe(
      'https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5EORDERBYDESCsys_created_on',
    );
    expect(
      requestUrl('http://127.0.0.1:40111', {
        target: 'path',
        table: '',
        sys_id: null,
        path: 'api/now/stats/incident',
        params: [],
      }),
    ).toBe('http://127.0.0.1:40111/api/now/stats/incident');
  });
});
