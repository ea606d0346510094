import { describe, expect, it } from 'vitest';
import { AppError, isErrorReport, toErrorReport } from './app-error';

describe('toErrorReport', () => {
  it('recognises an ErrorReport', () => {
    expect(isErrorReport({ kind: 'dns', message: 'No such host', hint: 'h', causes: [] })).toBe(
      true,
    );
    expect(isErrorReport({ message: 'no kind' })).toBe(false);
    expect(isErrorReport('text')).toBe(false);
    expect(isErrorReport(null)).toBe(false);
  });

  it('parses a report that arrived serialised as a JSON string', () => {
    const r = toErrorReport(
      '{"kind":"timeout","message":"No answer in 30 s","hint":"Retry","causes":[]}',
    );
    expect(r).toEqual({ kind: 'timeout', message: 'No answer in 30 s', hint: 'Retry', causes: [] });
  });

  it('keeps an Error message and never returns an empty message', () => {
    expect(toErrorReport(new Error('boom')).message).toBe('boom');
    expect(toErrorReport(undefined, 'list_profiles').message).toContain('list_profiles');
    expect(toErrorReport('').message).not.toBe('');
  });

  it('does not wrap an AppError twice', () => {
    const a = AppError.local('invalid_json', 'Bad JSON', 'Fix it');
    expect(AppError.from(a)).toBe(a);
    expect(a.report).toEqual({
      kind: 'invalid_json',
      message: 'Bad JSON',
      hint: 'Fix it',
      causes: [],
    });
  });
});
