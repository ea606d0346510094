// The response's timing split: bar segments and the tooltip beside the elapsed time.
import type { Timing } from './bindings/Timing';

export interface Segment {
  name: string;
  ms: number;
  /** Share of the total, 0..1. */
  share: number;
}

/** The phases that happened, in order, each with its share of the total. */
export function segments(t: Timing): Segment[] {
  const phases: [string, number | null][] = [
    ['DNS', t.dns_ms],
    ['Connect', t.connect_ms],
    ['TLS', t.tls_ms],
    ['First byte', t.ttfb_ms],
    ['Download', t.download_ms],
  ];
  return phases
    .filter((p): p is [string, number] => p[1] !== null)
    .map(([name, ms]) => ({ name, ms, share: t.total_ms > 0 ? Math.max(0, ms) / t.total_ms : 0 }));
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString()) + ' ms';

/** One line per phase; a phase that did not happen is named, not given a number. */
export function timingTitle(t: Timing): string {
  const lines = segments(t).map((s) => `${s.name}: ${fmt(s.ms)}`);
  if (t.reused) lines.unshift('Connection reused: no DNS, connect or TLS');
  else {
    if (t.dns_ms === null) lines.unshift('DNS: none (an IP address, or the proxy resolves)');
    if (t.tls_ms === null) lines.push('TLS: none (plain HTTP)');
  }
  lines.push(`Total: ${fmt(t.total_ms)}`);
  return lines.join('\n');
}
