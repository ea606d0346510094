// The Network settings form: what the inputs hold, and the settings they stand for.
import type { NetworkSettings } from './bindings/NetworkSettings';
import type { ProxyMode } from './bindings/ProxyMode';

export interface NetworkForm {
  mode: ProxyMode;
  proxyUrl: string;
  proxyUser: string;
  /** The no-proxy list as typed: commas, spaces or one host per line. */
  noProxy: string;
  caBundle: string;
}

export function toForm(s: NetworkSettings): NetworkForm {
  return {
    mode: s.proxy_mode,
    proxyUrl: s.proxy_url ?? '',
    proxyUser: s.proxy_user ?? '',
    noProxy: s.no_proxy.join('\n'),
    caBundle: s.ca_bundle ?? '',
  };
}

const text = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/** The settings to save; the back end checks and normalises them. */
export function fromForm(f: NetworkForm): NetworkSettings {
  return {
    proxy_mode: f.mode,
    proxy_url: text(f.proxyUrl),
    proxy_user: text(f.proxyUser),
    no_proxy: f.noProxy
      .split(/[\s,]+/)
      .map((h) => h.trim())
      .filter((h) => h !== ''),
    ca_bundle: text(f.caBundle),
  };
}

export function isDirty(f: NetworkForm, saved: NetworkSettings): boolean {
  return JSON.stringify(fromForm(f)) !== JSON.stringify(fromForm(toForm(saved)));
}

/** A proxy user with no password set is allowed (some proxies take none), but worth saying. */
export function passwordNote(f: NetworkForm, passwordSet: boolean): string | null {
  if (f.mode !== 'manual' || text(f.proxyUser) === null || passwordSet) return null;
  return 'No proxy password is set: the proxy gets the user name with an empty password.';
}
