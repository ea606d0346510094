// The only module that talks to Tauri. Every command is a typed function; a rejected invoke
// becomes a thrown `AppError` carrying the back end's `ErrorReport`.
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { AppError } from './app-error';
import type { AttachmentList } from './bindings/AttachmentList';
import type { AggregateRequest } from './bindings/AggregateRequest';
import type { AggregateTable } from './bindings/AggregateTable';
import type { BatchView } from './bindings/BatchView';
import type { BodyFile } from './bindings/BodyFile';
import type { BodyPage } from './bindings/BodyPage';
import type { CopyFormat } from './bindings/CopyFormat';
import type { CurlImport } from './bindings/CurlImport';
import type { CurrentUser } from './bindings/CurrentUser';
import type { EncodedQuery } from './bindings/EncodedQuery';
import type { ExchangeView } from './bindings/ExchangeView';
import type { FetchProgress } from './bindings/FetchProgress';
import type { FormGrant } from './bindings/FormGrant';
import type { FormRow } from './bindings/FormRow';
import type { GridInfo } from './bindings/GridInfo';
import type { GridPage } from './bindings/GridPage';
import type { GridSort } from './bindings/GridSort';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { ImportProgress } from './bindings/ImportProgress';
import type { NetworkSettings } from './bindings/NetworkSettings';
import type { NetworkView } from './bindings/NetworkView';
import type { ProfileInput } from './bindings/ProfileInput';
import type { ProfileView } from './bindings/ProfileView';
import type { RequestInput } from './bindings/RequestInput';
import type { PostmanImport } from './bindings/PostmanImport';
import type { PublicKeyInfo } from './bindings/PublicKeyInfo';
import type { ReferenceCandidate } from './bindings/ReferenceCandidate';
import type { RunResult } from './bindings/RunResult';
import type { Saved } from './bindings/Saved';
import type { ScriptedApi } from './bindings/ScriptedApi';
import type { ScriptedOperation } from './bindings/ScriptedOperation';
import type { Rows } from './bindings/Rows';
import type { SavedRequestRow } from './bindings/SavedRequestRow';
import type { SecretSlot } from './bindings/SecretSlot';
import type { SecretStatus } from './bindings/SecretStatus';
import type { SnippetLanguage } from './bindings/SnippetLanguage';
import type { TableList } from './bindings/TableList';
import type { TableSchema } from './bindings/TableSchema';
import type { TokenForm } from './bindings/TokenForm';
import type { TokenEvent } from './bindings/TokenEvent';
import type { TokenPreview } from './bindings/TokenPreview';
import type { TokenView } from './bindings/TokenView';

export { AppError } from './app-error';

// Each call is a User Timing measure (`ipc:<command>`), so a profile or the viewer benchmark
// can tell time spent waiting on Rust from time spent in the page.
let measured = 0;

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  // The timeline keeps only recent calls; it must not grow over a long session.
  if (++measured % 1000 === 0) performance.clearMeasures();
  const start = performance.now();
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw AppError.from(e, command);
  } finally {
    performance.measure(`ipc:${command}`, { start, end: performance.now() });
  }
}

export const listProfiles = () => call<ProfileView[]>('list_profiles');

/** `keepSecrets`: when the instance changes, keep the client secret and password. */
export const saveProfile = (input: ProfileInput, isNew: boolean, keepSecrets = false) =>
  call<ProfileView>('save_profile', { input, isNew, keepSecrets });

export const deleteProfile = (name: string) => call<null>('delete_profile', { name });

export const duplicateProfile = (name: string, newName: string) =>
  call<ProfileView>('duplicate_profile', { name, newName });

export const checkInstance = (input: string) => call<string>('check_instance', { input });

export const setSecret = (profile: string, slot: SecretSlot, value: string) =>
  call<SecretStatus>('set_secret', { profile, slot, value });

export const clearSecret = (profile: string, slot: SecretSlot) =>
  call<SecretStatus>('clear_secret', { profile, slot });

/** A native file dialog; the PEM goes straight to the keychain. Null when cancelled. */
export const pickPrivateKey = (profile: string) =>
  call<SecretStatus | null>('pick_private_key', { profile });

export const networkSettings = () => call<NetworkView>('network_settings');

export const saveNetwork = (settings: NetworkSettings) =>
  call<NetworkView>('save_network', { settings });

/** Write-only: the password goes to the keychain; the view says only that one is set. */
export const setProxyPassword = (value: string) =>
  call<NetworkView>('set_proxy_password', { value });

export const clearProxyPassword = () => call<NetworkView>('clear_proxy_password');

/** A native file dialog for a PEM CA bundle; its path, or null when cancelled. */
export const pickCaBundle = () => call<string | null>('pick_ca_bundle');

export const jwtPublicKey = (profile: string) => call<PublicKeyInfo>('jwt_public_key', { profile });

export const tokenForm = (profile: string, grant: FormGrant) =>
  call<TokenForm>('token_form', { profile, grant });

export const previewTokenRequest = (profile: string, grant: FormGrant, rows: FormRow[]) =>
  call<TokenPreview>('preview_token_request', { profile, grant, rows });

export const sendTokenRequest = (profile: string, grant: FormGrant, rows: FormRow[]) =>
  call<TokenView>('send_token_request', { profile, grant, rows });

/** Opens the system browser and waits for the sign-in to come back (or `cancelSignIn`). */
export const signIn = (profile: string) => call<TokenView>('sign_in', { profile });

export const cancelSignIn = () => call<null>('cancel_sign_in');

/** The paste fallback: the sign-in URL (also opened in the browser when one starts). */
export const beginPasteSignIn = (profile: string) =>
  call<string>('begin_paste_sign_in', { profile });

export const finishPasteSignIn = (profile: string, landed: string) =>
  call<TokenView>('finish_paste_sign_in', { profile, landed });

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

/** `confirmed`: the user confirmed this write in the app's dialog (confirm-writes profiles). */
export const createIncident = (
  profile: string,
  fields: Record<string, unknown>,
  confirmed = false,
) => call<ExchangeView>('create_incident', { profile, fields, confirmed });

export const sendRequest = (profile: string, input: RequestInput, confirmed = false) =>
  call<ExchangeView>('send_request', { profile, input, confirmed });

/** Opens a native open dialog for the Request tab's body file; null when cancelled. */
export const pickBodyFile = () => call<BodyFile | null>('pick_body_file');

/** `sendRequest` with the picked file as the body, streamed from disk by Rust. */
export const sendRequestFile = (profile: string, input: RequestInput, confirmed = false) =>
  call<ExchangeView>('send_request_file', { profile, input, confirmed });

/** `early`: while a big body is still being formatted, page 0 may come from its start alone. */
export const responsePage = (
  id: number,
  pretty: boolean,
  start: number,
  count: number,
  early = false,
) => call<BodyPage>('response_page', { id, pretty, start, count, early });

export const copyResponse = (id: number) => call<null>('copy_response', { id });

/** Opens a native save dialog; the chosen path, or null when cancelled. */
export const saveResponse = (id: number) => call<string | null>('save_response', { id });

export const openInBrowser = (url: string) => call<null>('open_in_browser', { url });

/** An image body as a `data:` URL, for the viewer's preview. */
export const responseImage = (id: number) => call<string>('response_image', { id });

/** Hands a binary body (a PDF) to the system's viewer; the file it wrote. */
export const openResponseFile = (id: number) => call<string>('open_response_file', { id });

/** A record's attachments (by sys_id or number), and the list call itself. */
export const listAttachments = (profile: string, table: string, record: string) =>
  call<AttachmentList>('list_attachments', { profile, table, record });

/** Opens a native open dialog and attaches the chosen file; null when cancelled. */
export const attachFile = (profile: string, table: string, record: string, confirmed = false) =>
  call<ExchangeView | null>('attach_file', { profile, table, record, confirmed });

/** Opens a native save dialog and streams the attachment there; null when cancelled. */
export const saveAttachment = (profile: string, sysId: string, fileName: string) =>
  call<ExchangeView | null>('save_attachment', { profile, sysId, fileName });

export const deleteAttachment = (profile: string, sysId: string, confirmed = false) =>
  call<ExchangeView>('delete_attachment', { profile, sysId, confirmed });

export const startSandbox = () => call<ProfileView>('start_sandbox');

/** Lines (0-based) of a kept response body that contain `query`, case-insensitive. */
export const searchResponse = (id: number, pretty: boolean, query: string) =>
  call<number[]>('search_response', { id, pretty, query });

// The Table workbench.

/** `sysparm_query` text as builder rows; never fails (unknown parts land in `unparsed`). */
export const parseQuery = (query: string) => call<EncodedQuery>('parse_query', { query });

export const encodeQuery = (query: EncodedQuery) => call<string>('encode_query', { query });

/** Code for the request; the token is an environment variable placeholder, never its value. */
export const requestSnippet = (profile: string, input: RequestInput, language: SnippetLanguage) =>
  call<string>('request_snippet', { profile, input, language });

export const importCurl = (profile: string, command: string) =>
  call<CurlImport>('import_curl', { profile, command });

/** Newest first; `profile` null lists every profile's calls. */
export const listHistory = (profile: string | null, search: string, limit: number) =>
  call<Rows<HistoryEntry>>('list_history', { profile, search, limit });

/** How many entries were removed. */
export const clearHistory = (profile: string | null) => call<number>('clear_history', { profile });

/**
 * A request under a name; saving the same name again replaces it. Credentials in it come back
 * as `{{client_secret}}`/`{{password}}` or dropped, listed in `scrubbed`.
 */
export const saveRequest = (profile: string, name: string, input: RequestInput) =>
  call<Saved>('save_request', { profile, name, input });

export const listSaved = (profile: string) =>
  call<Rows<SavedRequestRow>>('list_saved', { profile });

export const deleteSaved = (id: number) => call<null>('delete_saved', { id });

/**
 * Sends saved requests in order (all of them for no names), one result each; `confirmed`
 * only after the user confirmed the writes of a confirm-writes profile.
 */
export const runSaved = (profile: string, names: string[], confirmed?: boolean) =>
  call<RunResult[]>('run_saved', { profile, names, confirmed });

/**
 * Sends the saved requests named as one Batch API call; each serviced answer comes back as its
 * own exchange. `confirmed` only after the user confirmed the writes of a confirm-writes profile.
 */
export const sendBatch = (profile: string, names: string[], confirmed?: boolean) =>
  call<BatchView>('send_batch', { profile, names, confirmed });

/** The Aggregate API; the table is null when the answer is not one (a 4xx, say). */
export const aggregate = (profile: string, request: AggregateRequest) =>
  call<[ExchangeView, AggregateTable | null]>('aggregate', { profile, request });

/** The instance's Scripted REST APIs whose text contains `search`. */
export const scriptedApis = (profile: string, search: string) =>
  call<ScriptedApi[]>('scripted_apis', { profile, search });

/** Sends one Scripted REST operation with its path parameters; the answer opens in the viewer. */
export const callScriptedOperation = (
  profile: string,
  operation: ScriptedOperation,
  pathParams: [string, string][],
  body: string | null,
  confirmed?: boolean,
) =>
  call<ExchangeView>('call_scripted_operation', {
    profile,
    operation,
    pathParams,
    body,
    confirmed,
  });

/** Opens a native save dialog; the collection's path, or null when cancelled. */
export const exportPostman = (profile: string) =>
  call<string | null>('export_postman', { profile });

/**
 * Opens a native file dialog for the collection (then, with `withEnvironment`, one for its
 * Postman environment); the imported requests, or null when cancelled.
 */
export const importPostman = (profile: string, withEnvironment: boolean) =>
  call<PostmanImport | null>('import_postman', { profile, withEnvironment });

/**
 * Pages through a table list into a file the user picks (native dialog), calling `onProgress`
 * after each page and each 429 waited out. The last progress, or null when the dialog was
 * cancelled.
 */
export async function fetchAll(
  profile: string,
  input: RequestInput,
  onProgress: (p: FetchProgress) => void,
): Promise<FetchProgress | null> {
  let channel: Channel<FetchProgress>;
  try {
    channel = new Channel<FetchProgress>(onProgress);
  } catch (e) {
    throw AppError.from(e, 'fetch_all'); // no Tauri runtime
  }
  return call<FetchProgress | null>('fetch_all', { profile, input, onProgress: channel });
}

/** Stops "Fetch all" after its current page; the file keeps what was written. */
export const cancelFetchAll = () => call<null>('cancel_fetch_all');

/** Picks an NDJSON or CSV file (native dialog) and writes one record per row into `table`,
 * streaming progress; `null` when the dialog was cancelled. */
export async function importRecords(
  profile: string,
  table: string,
  updateKey: string | null,
  confirmed: boolean,
  onProgress: (p: ImportProgress) => void,
): Promise<ImportProgress | null> {
  let channel: Channel<ImportProgress>;
  try {
    channel = new Channel<ImportProgress>(onProgress);
  } catch (e) {
    throw AppError.from(e, 'import_records'); // no Tauri runtime
  }
  return call<ImportProgress | null>('import_records', {
    profile,
    table,
    updateKey,
    confirmed,
    onProgress: channel,
  });
}

/** Stops an import once the rows in flight are written; running it again resumes. */
export const cancelImportRecords = () => call<null>('cancel_import_records');

// What the instance knows: tables, fields, choices and references (cached per profile in Rust).

/** Tables matching `search` by name or label; `refresh` asks the instance again. */
export const listTables = (profile: string, search: string, refresh = false) =>
  call<TableList>('list_tables', { profile, search, refresh });

/** A table's fields with the inherited ones and their choices. */
export const tableSchema = (profile: string, table: string, refresh = false) =>
  call<TableSchema>('table_schema', { profile, table, refresh });

/** Records of `table` a reference picker offers for `text` (users by name, email, user_name). */
export const searchReferences = (profile: string, table: string, text: string) =>
  call<ReferenceCandidate[]>('search_references', { profile, table, text });

export const currentUser = (profile: string) => call<CurrentUser>('current_user', { profile });

/** Names the profile (and a non-development environment) in the window title. */
export const showProfileInTitle = (profile: string | null) =>
  call<string>('show_profile_in_title', { profile });

// The results grid: records parsed and sorted in Rust, a page of rows at a time.

export const responseGrid = (id: number) => call<GridInfo>('response_grid', { id });

export const gridPage = (
  id: number,
  start: number,
  count: number,
  sort: GridSort | null,
  columns: string[],
) => call<GridPage>('grid_page', { id, start, count, sort, columns });

/** One record of the response, pretty-printed. */
export const gridRecord = (id: number, record: number) =>
  call<string>('grid_record', { id, record });

/** Rows `start`…`end - 1` as shown, to the clipboard (written from Rust); how many rows. */
export const copyGrid = (
  id: number,
  start: number,
  end: number,
  sort: GridSort | null,
  columns: string[],
  format: CopyFormat,
) => call<number>('copy_grid', { id, start, end, sort, columns, format });
