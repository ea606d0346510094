import { describe, expect, it } from 'vitest';
import type { Timing } from './bindings/Timing';
import { segments, timingTitle } from './timing';

const fresh: Timing = {
  dns_ms: 10,
  connect_ms: 20,
  tls_ms: 30,
  ttfb_ms: 100,
  download_ms: 40,
  total_ms: 200,
  reused: false,
};

describe('timing split', () => {
  it('gives each phase that happened its share of the total', () => {
    expect(segments(fresh).map((s) => [s.name, s.share])).toEqual([
      ['DNS', 0.05],
      ['Connect', 0.1],
      ['TLS', 0.15],
      ['First byte', 0.5],
      ['Download', 0.2],
    ]);
  });

  it('leaves out what did not happen, and says why', () => {
    const reused: Timing = { ...fresh, dns_ms: null, connect_ms: null, tls_ms: null, reused: true };
    expect(segments(reused).map((s) => s.name)).toEqual(['First byte', 'Download']);
    expect(timingTitle(reused)).toMatch(/^Connection reused/);
    const plain: Timing = { ...fresh, dns_ms: null, tls_ms: null };
    expect(timingTitle(plain)).toContain('TLS: none');
    expect(timingTitle(fresh)).toContain('First byte: 100 ms');
    expect(timingTitle({ ...fresh, download_ms: 0.25 })).toContain('Download: 0.3 ms');
  });

  it('never divides by a zero total', () => {
    const zero: Timing = { ...fresh, total_ms: 0, ttfb_ms: 0, download_ms: 0 };
    expect(segments(zero).every((s) => s.share === 0)).toBe(true);
  });
});
