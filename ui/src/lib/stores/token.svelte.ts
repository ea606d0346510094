import * as ipc from '../ipc';
import { AppError } from '../app-error';
import { debounce, Latest } from '../debounce';
import { storedSecretKeys, tokenRowsForSend } from '../token-rows';
import type { FormGrant } from '../bindings/FormGrant';
import type { FormRow } from '../bindings/FormRow';
import type { TokenPreview } from '../bindings/TokenPreview';
import type { TokenEvent } from '../bindings/TokenEvent';
import type { TokenView } from '../bindings/TokenView';
import type { ProfileView } from '../bindings/ProfileView';
import { profiles } from './profiles.svelte';

function profileSignature(p: ProfileView, grant: FormGrant): string {
  const { secrets, ...fields } = p;
  return JSON.stringify([
    fields,
    secrets.client_secret,
    secrets.password,
    grant === 'refresh_token' && secrets.refresh_token,
  ]);
}

/** The form a profile starts with: a browser sign-in profile's only form request is its refresh. */
function formGrantOf(p: ProfileView): FormGrant {
  return p.grant === 'authorization_code' ? 'refresh_token' : p.grant;
}

/** The Token tab: the form as rows, its live preview, and the token last obtained. */
class TokenState {
  /** The profile the form was built for. */
  profile = $state<string | null>(null);
  grant = $state<FormGrant>('password');
  /** The grant saved in the profile the form was built for. */
  private profileGrant: ProfileView['grant'] | null = null;
  /** A browser sign-in is waiting for the browser to come back. */
  signingIn = $state(false);
  url = $state('');
  basicAuth = $state(false);
  rows = $state<FormRow[]>([]);
  /** Keys that have a stored secret (so "use stored" can be offered back). */
  storedKeys = $state<string[]>([]);
  formError = $state<AppError | null>(null);
  preview = $state<TokenPreview | null>(null);
  previewError = $state<AppError | null>(null);
  sending = $state(false);
  sendError = $state<AppError | null>(null);
  token = $state<TokenView | null>(null);
  /** The token's history for this profile, newest last. */
  events = $state<TokenEvent[]>([]);
  revoking = $state(false);
  revokeError = $state<AppError | null>(null);

  private formTicket = new Latest();
  private previewTicket = new Latest();
  private schedulePreview = debounce(() => void this.refreshPreview(), 150);

  /** What the form depends on, to rebuild it when a saved profile changes. */
  private signature = '';

  /** Called whenever the selected profile (or what is saved for it) changes. */
  async selectProfile(p: ProfileView | null): Promise<void> {
    const name = p?.name ?? null;
    const signature = p ? profileSignature(p, this.grant) : '';
    if (name === this.profile) {
      if (p && signature !== this.signature) {
        // The profile was edited: its form is rebuilt, and its token may have been forgotten
        // (any edit drops the access token; a new instance drops the secrets too).
        this.signature = signature;
        if (p.grant !== this.profileGrant) {
          this.profileGrant = p.grant;
          this.grant = formGrantOf(p);
          this.signature = profileSignature(p, this.grant);
        }
        this.rows = [];
        this.url = '';
        this.preview = null;
        await Promise.all([this.loadForm(), this.loadToken(p.name)]);
      }
      return;
    }
    this.profile = name;
    this.token = null;
    this.events = [];
    this.sendError = null;
    this.revokeError = null;
    this.formError = null;
    this.rows = [];
    this.preview = null;
    this.previewError = null;
    if (!p) return;
    this.profileGrant = p.grant;
    this.grant = formGrantOf(p);
    this.signature = profileSignature(p, this.grant);
    void this.loadForm();
    void this.loadEvents();
    await this.loadToken(p.name);
  }

  private async loadToken(name: string): Promise<void> {
    try {
      const t = await ipc.tokenStatus(name);
      if (this.profile === name) this.token = t;
    } catch {
      // No cached token to show; sending will say what is wrong.
      if (this.profile === name) this.token = null;
    }
  }

  async setGrant(grant: FormGrant, p: ProfileView | null): Promise<void> {
    this.grant = grant;
    if (p) this.signature = profileSignature(p, grant);
    this.sendError = null;
    await this.loadForm();
  }

  /** Rebuilds the rows from the profile (drops the user's row edits). */
  async loadForm(): Promise<void> {
    const name = this.profile;
    if (!name) return;
    const ticket = this.formTicket.next();
    try {
      const form = await ipc.tokenForm(name, this.grant);
      if (!this.formTicket.isLatest(ticket)) return;
      this.url = form.url;
      this.basicAuth = form.basic_auth;
      this.rows = form.rows;
      this.storedKeys = [...storedSecretKeys(form.rows)];
      this.formError = null;
      this.schedulePreview.cancel();
      await this.refreshPreview();
    } catch (e) {
      if (this.formTicket.isLatest(ticket)) this.formError = AppError.from(e);
    }
  }

  setRows(rows: FormRow[]): void {
    this.rows = rows;
    this.schedulePreview();
  }

  async refreshPreview(): Promise<void> {
    const name = this.profile;
    if (!name) return;
    const ticket = this.previewTicket.next();
    try {
      const p = await ipc.previewTokenRequest(name, this.grant, tokenRowsForSend(this.rows));
      if (!this.previewTicket.isLatest(ticket)) return;
      this.preview = p;
      this.previewError = null;
    } catch (e) {
      if (this.previewTicket.isLatest(ticket)) this.previewError = AppError.from(e);
    }
  }

  async send(): Promise<void> {
    const name = this.profile;
    if (!name || this.sending) return;
    this.sending = true;
    this.sendError = null;
    try {
      const t = await ipc.sendTokenRequest(name, this.grant, tokenRowsForSend(this.rows));
      if (this.profile === name) this.token = t;
      // A refresh token may have been stored (or dropped): show the new secret status.
      void profiles.load();
    } catch (e) {
      if (this.profile === name) this.sendError = AppError.from(e);
    } finally {
      this.sending = false;
      void this.loadEvents();
    }
  }

  /** Browser sign-in for an authorization-code profile; `signingIn` while the browser is out. */
  async signIn(): Promise<void> {
    const name = this.profile;
    if (!name || this.signingIn) return;
    this.signingIn = true;
    this.sendError = null;
    try {
      const t = await ipc.signIn(name);
      if (this.profile === name) this.token = t;
      void profiles.load();
    } catch (e) {
      if (this.profile === name) this.sendError = AppError.from(e);
    } finally {
      this.signingIn = false;
      void this.loadEvents();
    }
  }

  async cancelSignIn(): Promise<void> {
    await ipc.cancelSignIn();
  }

  /** The paste fallback's sign-in URL while it waits for the landed URL. */
  pasteUrl = $state<string | null>(null);

  async beginPaste(): Promise<void> {
    const name = this.profile;
    if (!name) return;
    this.sendError = null;
    try {
      this.pasteUrl = await ipc.beginPasteSignIn(name);
    } catch (e) {
      this.sendError = AppError.from(e);
    }
  }

  async finishPaste(landed: string): Promise<boolean> {
    const name = this.profile;
    if (!name || landed.trim() === '') return false;
    this.sendError = null;
    try {
      const t = await ipc.finishPasteSignIn(name, landed);
      if (this.profile === name) this.token = t;
      this.pasteUrl = null;
      void profiles.load();
      return true;
    } catch (e) {
      if (this.profile === name) this.sendError = AppError.from(e);
      return false;
    } finally {
      void this.loadEvents();
    }
  }

  /** Revokes the tokens at the instance; the profile must log in again afterwards. */
  async revoke(): Promise<void> {
    const name = this.profile;
    if (!name || this.revoking) return;
    this.revoking = true;
    this.revokeError = null;
    try {
      await ipc.revokeTokens(name);
      if (this.profile === name) this.token = null;
      void profiles.load();
    } catch (e) {
      if (this.profile === name) this.revokeError = AppError.from(e);
    } finally {
      this.revoking = false;
      void this.loadEvents();
    }
  }

  /** Re-reads the cached token: other tabs may have refreshed or obtained one meanwhile. */
  async refreshStatus(): Promise<void> {
    const name = this.profile;
    if (!name || this.sending) return;
    try {
      const t = await ipc.tokenStatus(name);
      if (this.profile === name && !this.sending) this.token = t;
    } catch {
      // Keep what is shown.
    }
    void this.loadEvents();
  }

  async loadEvents(): Promise<void> {
    const name = this.profile;
    if (!name) return;
    try {
      const events = await ipc.tokenEvents(name);
      if (this.profile === name) this.events = events;
    } catch {
      // The history is a convenience; the actions report their own errors.
    }
  }
}

export const token = new TokenState();
