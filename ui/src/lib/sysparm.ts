import type { KeyValue } from './bindings/KeyValue';
import type { RequestTarget } from './bindings/RequestTarget';

export interface SysparmInfo {
  key: string;
  /** What it does, one line. */
  help: string;
  /** A typical value, used as the placeholder. */
  example: string;
  /** The values it accepts when it is an enumeration. */
  values?: string[];
}

const BOOL = ['true', 'false'];

export const SYSPARMS: readonly SysparmInfo[] = [
  {
    key: 'sysparm_query',
    help: 'Encoded query: = != LIKE STARTSWITH, ^ for AND, ^OR, ORDERBY / ORDERBYDESC',
    example: 'active=true^ORDERBYDESCsys_created_on',
  },
  { key: 'sysparm_limit', help: 'Records per page (default 10000)', example: '10' },
  { key: 'sysparm_offset', help: 'Index of the first record', example: '0' },
  {
    key: 'sysparm_fields',
    help: 'Comma-separated fields to return',
    example: 'number,short_description,priority',
  },
  {
    key: 'sysparm_display_value',
    help: 'Return display values (true), raw values (false) or both (all)',
    example: 'true',
    values: ['true', 'false', 'all'],
  },
  {
    key: 'sysparm_exclude_reference_link',
    help: 'Leave out the link of reference fields',
    example: 'true',
    values: BOOL,
  },
  {
    key: 'sysparm_no_count',
    help: 'Skip the row count (faster on big tables)',
    example: 'true',
    values: BOOL,
  },
  {
    key: 'sysparm_suppress_pagination_header',
    help: 'Leave out the Link pagination header',
    example: 'true',
    values: BOOL,
  },
  { key: 'sysparm_view', help: 'UI view whose fields to return', example: 'desktop' },
  {
    key: 'sysparm_input_display_value',
    help: 'Treat written values as display values',
    example: 'true',
    values: BOOL,
  },
  {
    key: 'sysparm_query_no_domain',
    help: 'Query across domains (needs the right role)',
    example: 'true',
    values: BOOL,
  },
];

const BY_KEY = new Map(SYSPARMS.map((s) => [s.key, s]));

export function sysparmInfo(key: string): SysparmInfo | undefined {
  return BY_KEY.get(key.trim());
}

/** Which parameters make sense for this kind of call, most useful first. */
function relevantKeys(method: string, target: RequestTarget, hasSysId: boolean): string[] {
  const m = method.toUpperCase();
  if (target === 'path') {
    return [
      'sysparm_query',
      'sysparm_limit',
      'sysparm_offset',
      'sysparm_fields',
      'sysparm_display_value',
    ];
  }
  if (m === 'GET' && !hasSysId) {
    return [
      'sysparm_query',
      'sysparm_limit',
      'sysparm_offset',
      'sysparm_fields',
      'sysparm_display_value',
      'sysparm_exclude_reference_link',
      'sysparm_no_count',
      'sysparm_suppress_pagination_header',
      'sysparm_view',
    ];
  }
  if (m === 'GET') {
    return [
      'sysparm_fields',
      'sysparm_display_value',
      'sysparm_exclude_reference_link',
      'sysparm_view',
    ];
  }
  if (m === 'DELETE') return ['sysparm_query_no_domain'];
  return [
    'sysparm_fields',
    'sysparm_display_value',
    'sysparm_exclude_reference_link',
    'sysparm_input_display_value',
  ];
}

/** Parameters worth offering: relevant to the call and not already among the rows. */
export function suggestSysparms(
  rows: readonly KeyValue[],
  method: string,
  target: RequestTarget,
  hasSysId: boolean,
): SysparmInfo[] {
  const present = new Set(rows.map((r) => r.key.trim()));
  return relevantKeys(method, target, hasSysId)
    .filter((k) => !present.has(k))
    .map((k) => BY_KEY.get(k))
    .filter((s): s is SysparmInfo => s !== undefined);
}

/** Keys starting with what was typed, for the key field's completion list. */
export function completeSysparm(prefix: string): string[] {
  const p = prefix.trim().toLowerCase();
  return SYSPARMS.map((s) => s.key).filter((k) => k.startsWith(p) && k !== p);
}

/** A problem with a parameter's value worth showing next to it, or null. */
export function checkSysparm(key: string, value: string): string | null {
  const info = sysparmInfo(key);
  if (!info) return null;
  const v = value.trim();
  if (info.values && v !== '' && !info.values.includes(v)) {
    return `${info.key} takes ${info.values.join(' | ')}`;
  }
  if (
    (info.key === 'sysparm_limit' || info.key === 'sysparm_offset') &&
    v !== '' &&
    !/^\d+$/.test(v)
  ) {
    return `${info.key} takes a whole number`;
  }
  return null;
}
