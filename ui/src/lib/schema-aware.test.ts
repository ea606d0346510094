import { describe, expect, it } from 'vitest';
import type { FieldInfo } from './bindings/FieldInfo';
import { checkBody } from './body-check';
import { jsonPosition } from './editor/fields-completion';
import { glideDateTime, localDateTime, operatorsFor, OPERATORS } from './query-builder';
import { fieldTitle, matchFields, matchTables, valueKind } from './stores/schema.svelte';

const field = (element: string, patch: Partial<FieldInfo> = {}): FieldInfo => ({
  element,
  label: element,
  internal_type: 'string',
  reference: null,
  max_length: 40,
  mandatory: false,
  read_only: false,
  display: false,
  defined_on: 'incident',
  choices: [],
  ...patch,
});

const FIELDS = [
  field('short_description', { label: 'Short description', mandatory: true, defined_on: 'task' }),
  field('caller_id', { label: 'Caller', internal_type: 'reference', reference: 'sys_user' }),
  field('urgency', {
    label: 'Urgency',
    internal_type: 'integer',
    choices: [
      { value: '1', label: '1 - High', sequence: 1, inactive: false, dependent_value: null },
    ],
  }),
  field('opened_at', { label: 'Opened', internal_type: 'glide_date_time' }),
  field('number', { label: 'Number', mandatory: true, read_only: true }),
  field('active', { label: 'Active', internal_type: 'boolean' }),
];

describe('the schema in pickers', () => {
  it('finds fields and tables by label or name, best first', () => {
    expect(matchFields(FIELDS, 'call').map((f) => f.element)).toEqual(['caller_id']);
    expect(matchFields(FIELDS, 'opened').map((f) => f.element)).toEqual(['opened_at']);
    expect(matchFields(FIELDS, 'ur').map((f) => f.element)).toEqual(['urgency']);
    const tables = [
      { name: 'incident_task', label: 'Incident Task', super_class: 'task' },
      { name: 'incident', label: 'Incident', super_class: 'task' },
    ];
    expect(matchTables(tables, 'Incident').map((t) => t.name)).toEqual([
      'incident',
      'incident_task',
    ]);
    expect(fieldTitle(FIELDS[1])).toBe('Caller (caller_id)');
  });

  it('gives each type its value editor and operators', () => {
    expect(FIELDS.map(valueKind)).toEqual([
      'text',
      'reference',
      'choice',
      'date',
      'text',
      'boolean',
    ]);
    expect(operatorsFor('date')).toContain('BETWEEN');
    expect(operatorsFor('choice')).not.toContain('LIKE');
    expect(operatorsFor(null)).toBe(OPERATORS);
    expect(glideDateTime('2024-05-01T09:30')).toBe('2024-05-01 09:30:00');
    expect(localDateTime('2024-05-01 09:30:00')).toBe('2024-05-01T09:30');
    expect(localDateTime('javascript:gs.daysAgo(3)')).toBe('');
  });
});

describe('the JSON body against the schema', () => {
  it('warns of unknown fields, wrong choices, read-only and missing mandatory fields', () => {
    const body = JSON.stringify({ urgency: '7', caler_id: 'fred', number: 'INC1' });
    expect(checkBody(body, FIELDS, true).map((w) => w.field)).toEqual([
      'urgency',
      'caler_id',
      'number',
      'short_description',
    ]);
    expect(checkBody(body, FIELDS, false).map((w) => w.field)).toEqual([
      'urgency',
      'caler_id',
      'number',
    ]);
    expect(checkBody('{"short_description":"x","urgency":1}', FIELDS, true)).toEqual([]);
    expect(checkBody('not json', FIELDS, true)).toEqual([]);
    expect(checkBody('{"x":1}', [], true)).toEqual([]);
  });

  it('knows whether the cursor is on a key or on a value', () => {
    expect(jsonPosition('{\n  "sho')).toEqual({ kind: 'key', typed: 'sho' });
    expect(jsonPosition('{"a": "1", "')).toEqual({ kind: 'key', typed: '' });
    expect(jsonPosition('{"urgency": "2')).toEqual({ kind: 'value', field: 'urgency', typed: '2' });
    expect(jsonPosition('{"a": 1')).toBeNull();
  });
});
