import { describe, expect, it } from 'vitest';
import { formatElapsed, formatSize, instanceHost, statusClass } from './format';

describe('format', () => {
  it('formats sizes in B, KB and MB', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(150 * 1024)).toBe('150 KB');
    expect(formatSize(5.25 * 1024 * 1024)).toBe('5.25 MB');
    expect(formatSize(-1)).toBe('—');
  });

  it('formats elapsed times', () => {
    expect(formatElapsed(83.4)).toBe('83 ms');
    expect(formatElapsed(1240)).toBe('1.24 s');
    expect(formatElapsed(125_000)).toBe('2 m 05 s');
  });

  it('classes statuses for their colour', () => {
    expect(statusClass(200)).toBe('success');
    expect(statusClass(201)).toBe('success');
    expect(statusClass(302)).toBe('redirect');
    expect(statusClass(401)).toBe('client-error');
    expect(statusClass(429)).toBe('client-error');
    expect(statusClass(503)).toBe('server-error');
  });

  it('shows the host of an instance', () => {
    expect(instanceHost('https://dev1.service-now.com')).toBe('dev1.service-now.com');
    expect(instanceHost('http://127.0.0.1:40111')).toBe('127.0.0.1:40111');
    expect(instanceHost('dev12345')).toBe('dev12345');
  });
});
