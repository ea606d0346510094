import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import * as ipc from './ipc';
import { AppError } from './app-error';
import type { ErrorReport } from './bindings/ErrorReport';
import type { ProfileInput } from './bindings/ProfileInput';

afterEach(() => clearMocks());

const rejected: ErrorReport = {
  kind: 'oauth_rejected',
  message: 'The instance refused the token request (401 access_denied).',
  hint: 'ServiceNow never says why; check the causes below.',
  causes: ['Wrong client secret', 'User locked out or password needs reset'],
};

/** Records every call and answers with `answer(cmd, args)`. */
function recordCalls(answer: (cmd: string, args: unknown) => unknown = () => null) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    return answer(cmd, args);
  });
  return calls;
}

describe('ipc commands', () => {
  it('passes camelCase arguments exactly as the Rust commands expect', async () => {
    const calls = recordCalls((cmd) =>
      cmd === 'check_instance' ? 'https://dev1.service-now.com' : null,
    );
    const input: ProfileInput = {
      name: 'dev',
      instance: 'dev1',
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
    };
    await ipc.saveProfile(input, true);
    await ipc.duplicateProfile('dev', 'dev copy');
    await ipc.setSecret('dev', 'client_secret', 's3cr3t');
    await ipc.responsePage(7, true, 500, 500);
    await ipc.revokeTokens('dev');
    await ipc.tokenEvents('dev');
    await expect(ipc.checkInstance('dev1')).resolves.toBe('https://dev1.service-now.com');
    expect(calls).toEqual([
      { cmd: 'save_profile', args: { input, isNew: true, keepSecrets: false } },
      { cmd: 'duplicate_profile', args: { name: 'dev', newName: 'dev copy' } },
      { cmd: 'set_secret', args: { profile: 'dev', slot: 'client_secret', value: 's3cr3t' } },
      { cmd: 'response_page', args: { id: 7, pretty: true, start: 500, count: 500, early: false } },
      { cmd: 'revoke_tokens', args: { profile: 'dev' } },
      { cmd: 'token_events', args: { profile: 'dev' } },
      { cmd: 'check_instance', args: { input: 'dev1' } },
    ]);
  });

  it('returns what the command answered', async () => {
    recordCalls(() => [{ name: 'Sandbox' }]);
    await expect(ipc.listProfiles()).resolves.toEqual([{ name: 'Sandbox' }]);
  });

  it('sends token rows with stored secrets as null values', async () => {
    const calls = recordCalls();
    const rows = [
      { key: 'grant_type', value: 'password', secret: false, enabled: true },
      { key: 'client_secret', value: null, secret: true, enabled: true },
    ];
    await ipc.sendTokenRequest('dev', 'password', rows);
    expect(calls[0]).toEqual({
      cmd: 'send_token_request',
      args: { profile: 'dev', grant: 'password', rows },
    });
  });

  it('turns a rejected ErrorReport into a thrown AppError with kind, message, hint and causes', async () => {
    mockIPC(() => Promise.reject(rejected));
    const err = await ipc.sendTokenRequest('dev', 'password', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    const app = err as AppError;
    expect(app.report).toEqual(rejected);
    expect(app.kind).toBe('oauth_rejected');
    expect(app.message).toBe(rejected.message);
    expect(app.causes).toHaveLength(2);
  });

  it('maps a thrown report the same way as a rejected one', async () => {
    mockIPC(() => {
      throw { kind: 'invalid_instance', message: 'Not a URL', hint: 'Use dev12345', causes: [] };
    });
    await expect(ipc.checkInstance('::')).rejects.toMatchObject({
      name: 'AppError',
      report: { kind: 'invalid_instance', message: 'Not a URL', hint: 'Use dev12345', causes: [] },
    });
  });

  it('turns a bare string rejection (unknown command) into an ipc AppError', async () => {
    mockIPC(() => Promise.reject('command start_sandbox not found'));
    const err = (await ipc.startSandbox().catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.kind).toBe('ipc');
    expect(err.message).toBe('command start_sandbox not found');
    expect(err.hint).toMatch(/do not agree/);
  });

  it('fills in a report missing its hint and causes', async () => {
    mockIPC(() => Promise.reject({ kind: 'keychain', message: 'Locked' }));
    await expect(ipc.setSecret('dev', 'password', 'x')).rejects.toMatchObject({
      report: { kind: 'keychain', message: 'Locked', hint: '', causes: [] },
    });
  });

  it('reports a missing Tauri runtime as an AppError instead of a TypeError', async () => {
    // No mockIPC: window.__TAURI_INTERNALS__ is absent, as in a plain browser.
    const err = await ipc.listProfiles().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('ipc');
  });
});
