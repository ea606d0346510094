import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { ProfileDraft } from '../profile-form';
import { schema } from './schema.svelte';
import type { ProfileView } from '../bindings/ProfileView';
import type { SecretStatus } from '../bindings/SecretStatus';

/** Key of the unsaved "new profile" draft. */
export const NEW_PROFILE = '\u0000new';

/** The saved profiles, which one is selected, and unsaved edits per profile. */
class ProfilesState {
  list = $state<ProfileView[]>([]);
  selectedName = $state<string | null>(null);
  /** The editor shows a blank, unsaved profile. */
  creating = $state(false);
  loaded = $state(false);
  loadError = $state<AppError | null>(null);
  sandboxBusy = $state(false);
  sandboxError = $state<AppError | null>(null);

  selected = $derived(this.list.find((p) => p.name === this.selectedName) ?? null);
  /** Which draft the editor shows. */
  editorKey = $derived(this.creating ? NEW_PROFILE : (this.selectedName ?? NEW_PROFILE));

  /** Unsaved edits, kept when the user looks at another profile. */
  private drafts = new Map<string, ProfileDraft>();

  /** Bumped by every local change, so a slower `load` cannot overwrite a newer list. */
  private generation = 0;

  async load(): Promise<void> {
    const started = this.generation;
    try {
      const list = await ipc.listProfiles();
      if (started !== this.generation) return this.load();
      this.list = list;
      this.loadError = null;
      if (!this.list.some((p) => p.name === this.selectedName)) {
        this.selectedName = this.list[0]?.name ?? null;
      }
    } catch (e) {
      this.loadError = AppError.from(e);
    } finally {
      this.loaded = true;
    }
  }

  select(name: string): void {
    this.selectedName = name;
    this.creating = false;
  }

  startNew(): void {
    this.creating = true;
  }

  cancelNew(): void {
    this.creating = false;
    this.drafts.delete(NEW_PROFILE);
  }

  keepDraft(key: string, draft: ProfileDraft | null): void {
    if (draft) this.drafts.set(key, draft);
    else this.drafts.delete(key);
  }

  takeDraft(key: string): ProfileDraft | undefined {
    const d = this.drafts.get(key);
    this.drafts.delete(key);
    return d;
  }

  private upsert(p: ProfileView): void {
    this.generation++;
    const i = this.list.findIndex((x) => x.name === p.name);
    if (i >= 0) this.list[i] = p;
    else this.list = [...this.list, p].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Throws `AppError`; the caller shows it next to the Save button. */
  async save(
    draftKey: string,
    input: Parameters<typeof ipc.saveProfile>[0],
    isNew: boolean,
    keepSecrets = false,
  ) {
    const saved = await ipc.saveProfile(input, isNew, keepSecrets);
    // Its instance may have changed: what the old one said about its tables is no longer true.
    schema.forget(saved.name);
    this.drafts.delete(draftKey);
    this.upsert(saved);
    this.select(saved.name);
    return saved;
  }

  async remove(name: string): Promise<void> {
    await ipc.deleteProfile(name);
    this.generation++;
    this.drafts.delete(name);
    const i = this.list.findIndex((p) => p.name === name);
    this.list = this.list.filter((p) => p.name !== name);
    if (this.selectedName === name) {
      this.selectedName = this.list[Math.min(i, this.list.length - 1)]?.name ?? null;
    }
  }

  async duplicate(name: string, newName: string): Promise<ProfileView> {
    const copy = await ipc.duplicateProfile(name, newName);
    this.upsert(copy);
    this.select(copy.name);
    return copy;
  }

  async startSandbox(): Promise<void> {
    this.sandboxBusy = true;
    this.sandboxError = null;
    try {
      const p = await ipc.startSandbox();
      this.drafts.delete(p.name);
      this.upsert(p);
      this.select(p.name);
    } catch (e) {
      this.sandboxError = AppError.from(e);
    } finally {
      this.sandboxBusy = false;
    }
  }

  setSecrets(name: string, secrets: SecretStatus): void {
    this.generation++;
    const i = this.list.findIndex((p) => p.name === name);
    if (i >= 0) this.list[i] = { ...this.list[i], secrets };
  }
}

export const profiles = new ProfilesState();
