import type { ProfileInput } from './bindings/ProfileInput';
import type { ProfileView } from './bindings/ProfileView';
import type { WriteGuard } from './bindings/WriteGuard';

/** The editor's fields: optional ones as plain strings ('' for none). */
export interface ProfileDraft {
  name: string;
  instance: string;
  client_id: string;
  grant: ProfileInput['grant'];
  username: string;
  redirect_uri: string;
  scope: string;
  client_auth: ProfileInput['client_auth'];
  refresh_margin_secs: number;
  public_client: boolean;
  jwt_kid: string;
  jwt_alg: ProfileInput['jwt_alg'];
  environment: ProfileInput['environment'];
  write_guard: WriteGuard;
}

export function emptyDraft(): ProfileDraft {
  return {
    name: '',
    instance: '',
    client_id: '',
    grant: 'password',
    username: '',
    redirect_uri: '',
    scope: '',
    client_auth: 'body',
    refresh_margin_secs: 60,
    public_client: false,
    jwt_kid: '',
    jwt_alg: 'RS256',
    environment: 'development',
    write_guard: 'off',
  };
}

export function draftFromView(p: ProfileView): ProfileDraft {
  return {
    name: p.name,
    instance: p.instance,
    client_id: p.client_id,
    grant: p.grant,
    username: p.username ?? '',
    redirect_uri: p.redirect_uri ?? '',
    scope: p.scope ?? '',
    client_auth: p.client_auth,
    refresh_margin_secs: p.refresh_margin_secs,
    public_client: p.public_client,
    jwt_kid: p.jwt_kid ?? '',
    jwt_alg: p.jwt_alg,
    environment: p.environment,
    write_guard: p.write_guard,
  };
}

const opt = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** What `save_profile` takes: trimmed, blank optional fields as null. */
export function draftToInput(d: ProfileDraft): ProfileInput {
  return {
    name: d.name.trim(),
    instance: d.instance.trim(),
    client_id: d.client_id.trim(),
    grant: d.grant,
    username: opt(d.username),
    redirect_uri: opt(d.redirect_uri),
    scope: opt(d.scope),
    client_auth: d.client_auth,
    refresh_margin_secs: Math.max(0, Math.round(Number(d.refresh_margin_secs) || 0)),
    public_client: d.grant === 'authorization_code' && d.public_client,
    jwt_kid: opt(d.jwt_kid),
    jwt_alg: d.jwt_alg,
    environment: d.environment,
    write_guard: d.write_guard,
  };
}

/** True when saving the draft would change the saved profile (or, for a new one, the blank form). */
export function isDirty(d: ProfileDraft, saved: ProfileView | null): boolean {
  const a = draftToInput(d);
  const b = draftToInput(saved ? draftFromView(saved) : emptyDraft());
  return (Object.keys(a) as (keyof ProfileInput)[]).some((k) => a[k] !== b[k]);
}

/** A name for a copy that no profile uses yet: `dev copy`, `dev copy 2`, … */
export function copyName(name: string, taken: readonly string[]): string {
  const set = new Set(taken);
  let candidate = `${name} copy`;
  for (let n = 2; set.has(candidate); n++) candidate = `${name} copy ${n}`;
  return candidate;
}
