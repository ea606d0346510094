import { describe, expect, it } from 'vitest';
import type { NetworkSettings } from './bindings/NetworkSettings';
import { fromForm, isDirty, passwordNote, toForm } from './network-form';

const saved: NetworkSettings = {
  proxy_mode: 'manual',
  proxy_url: 'http://proxy.example.com:3128',
  proxy_user: 'alice',
  no_proxy: ['intranet.example.com', '*.corp.example'],
  ca_bundle: null,
};

describe('network form', () => {
  it('round-trips the settings', () => {
    expect(fromForm(toForm(saved))).toEqual(saved);
    expect(toForm(saved).noProxy).toBe('intranet.example.com\n*.corp.example');
  });

  it('splits the no-proxy list on commas, spaces and lines, and blanks become null', () => {
    const f = {
      ...toForm(saved),
      noProxy: ' a.example.com,b.example.com\n\n c.example ',
      caBundle: '  ',
    };
    const s = fromForm(f);
    expect(s.no_proxy).toEqual(['a.example.com', 'b.example.com', 'c.example']);
    expect(s.ca_bundle).toBeNull();
  });

  it('knows when there is something to save', () => {
    expect(isDirty(toForm(saved), saved)).toBe(false);
    expect(
      isDirty({ ...toForm(saved), noProxy: 'intranet.example.com, *.corp.example' }, saved),
    ).toBe(false);
    expect(isDirty({ ...toForm(saved), mode: 'system' }, saved)).toBe(true);
  });

  it('notes a user without a password only for a manual proxy', () => {
    expect(passwordNote(toForm(saved), false)).toMatch(/empty password/);
    expect(passwordNote(toForm(saved), true)).toBeNull();
    expect(passwordNote({ ...toForm(saved), mode: 'system' }, false)).toBeNull();
  });
});
