// The only module that talks to Tauri. Every command is a typed function; a rejected invoke
// becomes a thrown `AppError` carrying the back end's `ErrorReport`.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { AppError } from './app-error';
import type { BodyPage } from './bindings/BodyPage';
import type { ExchangeView } from './bindings/ExchangeView';
import type { FormGrant } from './bindings/FormGrant';
import type { FormRow } from './bindings/FormRow';
import type { ProfileInput } from './bindings/ProfileInput';
import type { ProfileView } from './bindings/ProfileView';
import type { RequestInput } from './bindings/RequestInput';
import type { SecretSlot } from './bindings/SecretSlot';
import type { SecretStatus } from './bindings/SecretStatus';
import type { TokenForm } from './bindings/TokenForm';
import type { TokenEvent } from './bindings/TokenEvent';
import type { TokenPreview } from './bindings/TokenPreview';
import type { TokenView } from './bindings/TokenView';

export { AppError } from './app-error';

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw AppError.from(e, command);
  }
}

export const listProfiles = () => call<ProfileView[]>('list_profiles');

export const saveProfile = (input: ProfileInput, isNew: boolean) =>
  call<ProfileView>('save_profile', { input, isNew });

export const deleteProfile = (name: string) => call<null>('delete_profile', { name });

export const duplicateProfile = (name: string, newName: string) =>
  call<ProfileView>('duplicate_profile', { name, newName });

export const checkInstance = (input: string) => call<string>('check_instance', { input });

export const setSecret = (profile: string, slot: SecretSlot, value: string) =>
  call<SecretStatus>('set_secret', { profile, slot, value });

export const clearSecret = (profile: string, slot: SecretSlot) =>
  call<SecretStatus>('clear_secret', { profile, slot });

export const tokenForm = (profile: string, grant: FormGrant) =>
  call<TokenForm>('token_form', { profile, grant });

export const previewTokenRequest = (profile: string, grant: FormGrant, rows: FormRow[]) =>
  call<TokenPreview>('preview_token_request', { profile, grant, rows });

export const sendTokenRequest = (profile: string, grant: FormGrant, rows: FormRow[]) =>
  call<TokenView>('send_token_request', { profile, grant, rows });

export const tokenStatus = (profile: string) => call<TokenView | null>('token_status', { profile });

/** Only on an explicit Reveal click. */
export const revealAccessToken = (profile: string) =>
  call<string>('reveal_access_token', { profile });

/** Rust writes the clipboard; the token never enters the window. */
export const copyAccessToken = (profile: string) => call<null>('copy_access_token', { profile });

/** Revokes the profile's access and refresh tokens at the instance and forgets them. */
export const revokeTokens = (profile: string) => call<null>('revoke_tokens', { profile });

/** What happened to the profile's token (requested, refreshed, rejected…), without values. */
export const tokenEvents = (profile: string) => call<TokenEvent[]>('token_events', { profile });

export const createIncident = (profile: string, fields: Record<string, unknown>) =>
  call<ExchangeView>('create_incident', { profile, fields });

export const sendRequest = (profile: string, input: RequestInput) =>
  call<ExchangeView>('send_request', { profile, input });

export const responsePage = (id: number, pretty: boolean, start: number, count: number) =>
  call<BodyPage>('response_page', { id, pretty, start, count });

export const copyResponse = (id: number) => call<null>('copy_response', { id });

/** Opens a native save dialog; the chosen path, or null when cancelled. */
export const saveResponse = (id: number) => call<string | null>('save_response', { id });

export const openInBrowser = (url: string) => call<null>('open_in_browser', { url });

export const startSandbox = () => call<ProfileView>('start_sandbox');
