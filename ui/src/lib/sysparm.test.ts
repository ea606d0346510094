import { describe, expect, it } from 'vitest';
import { checkSysparm, completeSysparm, suggestSysparms, sysparmInfo } from './sysparm';

describe('sysparm suggestions', () => {
  it('offers list parameters for a table GET, minus those already present', () => {
    const keys = suggestSysparms(
      [{ key: 'sysparm_limit', value: '10', enabled: true }],
      'GET',
      'table',
      false,
    ).map((s) => s.key);
    expect(keys[0]).toBe('sysparm_query');
    expect(keys).not.toContain('sysparm_limit');
    expect(keys).toContain('sysparm_suppress_pagination_header');
    expect(keys).toContain('sysparm_no_count');
  });

  it('offers record parameters for a single record and writes', () => {
    const one = suggestSysparms([], 'GET', 'table', true).map((s) => s.key);
    expect(one).not.toContain('sysparm_limit');
    expect(one).toContain('sysparm_display_value');
    const post = suggestSysparms([], 'post', 'table', false).map((s) => s.key);
    expect(post).toContain('sysparm_input_display_value');
    expect(post).not.toContain('sysparm_query');
  });

  it('completes keys from a prefix', () => {
    expect(completeSysparm('sysparm_d')).toEqual(['sysparm_display_value']);
    expect(completeSysparm('sysparm_limit')).toEqual([]);
    expect(sysparmInfo(' sysparm_limit ')?.example).toBe('10');
  });

  it('checks values of enumerated and numeric parameters', () => {
    expect(checkSysparm('sysparm_display_value', 'all')).toBeNull();
    expect(checkSysparm('sysparm_display_value', 'yes')).toMatch(/true \| false \| all/);
    expect(checkSysparm('sysparm_limit', '10')).toBeNull();
    expect(checkSysparm('sysparm_limit', 'ten')).toMatch(/whole number/);
    expect(checkSysparm('x_custom', 'anything')).toBeNull();
  });
});
