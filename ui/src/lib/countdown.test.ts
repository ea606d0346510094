import { describe, expect, it } from 'vitest';
import { countdown, formatDuration } from './countdown';

const NOW = 1_700_000_000; // unix seconds

describe('countdown', () => {
  it('shows mm:ss for a fresh ServiceNow token (expires_in 1799)', () => {
    expect(countdown(NOW + 1799, NOW * 1000)).toEqual({
      text: '29:59',
      level: 'ok',
      remaining: 1799,
    });
    expect(countdown(NOW + 1799, NOW * 1000 + 1500).text).toBe('29:57');
  });

  it('turns amber under 60 seconds', () => {
    expect(countdown(NOW + 60, NOW * 1000).level).toBe('ok');
    expect(countdown(NOW + 59, NOW * 1000)).toEqual({
      text: '00:59',
      level: 'warning',
      remaining: 59,
    });
  });

  it('says expired at and after zero', () => {
    expect(countdown(NOW, NOW * 1000)).toEqual({ text: 'expired', level: 'expired', remaining: 0 });
    expect(countdown(NOW - 500, NOW * 1000).level).toBe('expired');
  });

  it('handles a token without expiry', () => {
    expect(countdown(null, NOW * 1000)).toEqual({
      text: 'no expiry',
      level: 'unknown',
      remaining: null,
    });
  });

  it('formats long durations with hours', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(61)).toBe('01:01');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(8_640_000)).toBe('2400:00:00');
  });
});
