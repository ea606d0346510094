import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { profiles } from '../lib/stores/profiles.svelte';
import type { ProfileView } from '../lib/bindings/ProfileView';
import ProfileSidebar from './ProfileSidebar.svelte';

const profile = (name: string): ProfileView => ({
  name,
  instance: `https://${name}.service-now.com`,
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
});

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
};

let target: HTMLElement;
let app: ReturnType<typeof mount>;
let calls: { cmd: string; args: unknown }[];
let saved: ProfileView[];
const q = <T extends HTMLElement = HTMLElement>(id: string) =>
  target.querySelector<T>(`[data-testid="${id}"]`);

beforeEach(async () => {
  calls = [];
  saved = [profile('dev1'), profile('dev2')];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === 'list_profiles') return saved;
    if (cmd === 'set_secret')
      return {
        client_secret: true,
        password: true,
        refresh_token: false,
        private_key: false,
        keychain_error: null,
      };
    if (cmd === 'check_instance') {
      const input = (args as { input: string }).input;
      if (input.startsWith('http://')) {
        return Promise.reject({
          kind: 'invalid_instance',
          message: 'Plain http:// is only for loopback',
          hint: 'Use https://',
          causes: [],
        });
      }
      return input.includes('://') ? input : `https://${input}.service-now.com`;
    }
    return null;
  });
  // The store outlives each test: start every test from the same place.
  profiles.selectedName = null;
  for (const name of ['dev1', 'dev2']) profiles.keepDraft(name, null);
  target = document.body.appendChild(document.createElement('div'));
  app = mount(ProfileSidebar, { target });
  await profiles.load();
  flushSync();
});

afterEach(() => {
  unmount(app);
  target.remove();
  clearMocks();
});

describe('ProfileSidebar', () => {
  it('stores a replaced secret once, clears the input and shows "set"', async () => {
    target.querySelectorAll<HTMLElement>('[data-testid="profile-item"]')[1].click();
    flushSync();
    expect(q('profile-name')?.getAttribute('readonly')).not.toBeNull();
    expect(q('secret-status-password')?.textContent).toBe('not set');
    q('secret-replace-password')!.click();
    flushSync();
    const input = q<HTMLInputElement>('secret-input-password')!;
    input.value = 'hunter2';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    q('secret-store-password')!.click();
    await settle();
    expect(calls.filter((c) => c.cmd === 'set_secret')).toEqual([
      { cmd: 'set_secret', args: { profile: 'dev2', slot: 'password', value: 'hunter2' } },
    ]);
    expect(q('secret-status-password')?.textContent).toBe('set');
    expect(q('secret-input-password')).toBeNull();
  });

  it('shows the normalised instance, or what is wrong with it', async () => {
    const field = q<HTMLInputElement>('profile-instance')!;
    field.value = 'dev42';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    expect(q('profile-instance-normalised')?.textContent).toBe('https://dev42.service-now.com');
    field.value = 'http://example.com';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    expect(q('profile-instance-normalised')).toBeNull();
    expect(q('profile-instance-error')?.textContent).toBe('Plain http:// is only for loopback');
  });

  it('keeps unsaved edits when another profile is looked at', () => {
    const items = () => target.querySelectorAll<HTMLElement>('[data-testid="profile-item"]');
    const clientId = () => q<HTMLInputElement>('profile-client-id')!;
    clientId().value = 'edited';
    clientId().dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    items()[1].click();
    flushSync();
    expect(clientId().value).toBe('cid');
    items()[0].click();
    flushSync();
    expect(clientId().value).toBe('edited');
  });

  it('follows the saved profile when it changes under an untouched form', async () => {
    const instance = () => q<HTMLInputElement>('profile-instance')!;
    expect(instance().value).toBe('https://dev1.service-now.com');
    // The sandbox moved to another port: the form shows it and has nothing unsaved.
    saved = [{ ...profile('dev1'), instance: 'http://127.0.0.1:4321' }, profile('dev2')];
    await profiles.load();
    flushSync();
    expect(instance().value).toBe('http://127.0.0.1:4321');
    expect(target.querySelector('.dirty')).toBeNull();
    // With an edit in the form, a change underneath leaves the edit alone.
    instance().value = 'dev9';
    instance().dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    saved = [{ ...profile('dev1'), instance: 'http://127.0.0.1:5555' }, profile('dev2')];
    await profiles.load();
    flushSync();
    expect(instance().value).toBe('dev9');
    expect(target.querySelector('.dirty')).not.toBeNull();
  });
});
