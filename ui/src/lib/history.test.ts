import { describe, expect, it } from 'vitest';
import { formatWhen, historyToRequest, readablePath, urlPath } from './history';
import type { HistoryEntry } from './bindings/HistoryEntry';

const entry: HistoryEntry = {
  id: 7,
  profile: 'Sandbox',
  at_ms: Date.UTC(2025, 10, 29, 13, 37, 5),
  method: 'POST',
  url: 'http://127.0.0.1:40111/api/now/table/incident?sysparm_fields=number',
  status: 201,
  elapsed_ms: 143,
  size: 900,
  content_type: 'application/json',
  request: {
    method: 'POST',
    target: 'path',
    table: '',
    sys_id: null,
    path: '/api/now/table/incident',
    params: [{ key: 'sysparm_fields', value: 'number', enabled: true }],
    headers: [{ key: 'X-API-Key', value: '[redacted]', enabled: true }],
    body: '{"short_description":"Printer"}',
    accept: 'xml',
  },
};

describe('history', () => {
  it('re-opens an entry as a Path request with its params, headers and body', () => {
    const input = historyToRequest(entry);
    expect(input).toEqual({ ...entry.request, target: 'path', sys_id: null, table: '' });
    input.params[0].value = 'changed';
    expect(entry.request.params[0].value).toBe('number'); // a copy
  });

  it('falls back to the URL when the recorded request has no path', () => {
    const input = historyToRequest({ ...entry, request: { ...entry.request, path: '' } });
    expect(input.path).toBe('/api/now/table/incident');
  });

  it('shows the path and query without the instance', () => {
    expect(urlPath(entry.url)).toBe('/api/now/table/incident?sysparm_fields=number');
    expect(urlPath('https://dev1.service-now.com')).toBe('/');
    expect(readablePath('https://x.io/api?sysparm_query=a%3D1%5EORb%3D2')).toBe(
      '/api?sysparm_query=a=1^ORb=2',
    );
    expect(readablePath('https://x.io/api?q=%E0%A4%A')).toBe('/api?q=%E0%A4%A');
  });

  it('shows the time for today and the date before', () => {
    const at = new Date(2025, 10, 29, 9, 5, 7).getTime();
    expect(formatWhen(at, new Date(2025, 10, 29, 18, 0).getTime())).toBe('09:05:07');
    expect(formatWhen(at, new Date(2025, 11, 2).getTime())).toBe('Nov 29 09:05');
    expect(formatWhen(at, new Date(2026, 0, 2).getTime())).toBe('Nov 29 2025 09:05');
  });
});
