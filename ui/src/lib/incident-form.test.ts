import { describe, expect, it } from 'vitest';
import {
  emptyIncidentForm,
  expectedPriority,
  formToJson,
  incidentFields,
  jsonToForm,
  priorityLabel,
} from './incident-form';

describe('incident form ⇄ JSON', () => {
  it('writes the form as JSON, leaving out blank optional fields', () => {
    const form = {
      ...emptyIncidentForm(),
      short_description: 'Printer on fire',
      urgency: '2',
      impact: '2',
    };
    expect(JSON.parse(formToJson(form))).toEqual({
      short_description: 'Printer on fire',
      urgency: '2',
      impact: '2',
    });
  });

  it('reads JSON back into the form and keeps unknown fields as extras', () => {
    const r = jsonToForm('{"short_description":"Down","urgency":"1","contact_type":"phone"}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.form.short_description).toBe('Down');
    expect(r.form.urgency).toBe('1');
    expect(r.form.impact).toBe('3');
    expect(r.extras).toEqual({ contact_type: 'phone' });
  });

  it('round-trips: JSON → form → JSON keeps every field', () => {
    const text =
      '{"short_description":"A","caller_id":"abc","urgency":"1","impact":"2","u_custom":{"x":1}}';
    const r = jsonToForm(text);
    if (!r.ok) throw new Error(r.error);
    expect(JSON.parse(formToJson(r.form, r.extras))).toEqual(JSON.parse(text));
  });

  it('reports invalid JSON without producing a form', () => {
    const r = jsonToForm('{"short_description": "A",');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Invalid JSON/);
  });

  it('refuses JSON that is not an object, or holds bad levels', () => {
    expect(jsonToForm('[1,2]').ok).toBe(false);
    expect(jsonToForm('"text"').ok).toBe(false);
    const bad = jsonToForm('{"urgency":"9"}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('urgency');
    expect(jsonToForm('{"short_description":["a"]}').ok).toBe(false);
  });

  it('accepts numbers and reference objects for form fields', () => {
    const r = jsonToForm('{"urgency":2,"caller_id":{"link":"https://x","value":"6816f79c"}}');
    expect(r.ok && r.form.urgency === '2' && r.form.caller_id === '6816f79c').toBe(true);
  });

  it('sends form fields first and lets the form win over a same-named extra', () => {
    const fields = incidentFields(
      { ...emptyIncidentForm(), short_description: 'X' },
      { short_description: 'stale', u_extra: '1' },
    );
    expect(Object.keys(fields)).toEqual(['short_description', 'urgency', 'impact', 'u_extra']);
    expect(fields.short_description).toBe('X');
  });

  it('computes the priority ServiceNow will give (impact × urgency)', () => {
    expect(expectedPriority('1', '1')).toBe('1');
    expect(expectedPriority('2', '2')).toBe('3');
    expect(expectedPriority('3', '3')).toBe('5');
    expect(expectedPriority('2', '')).toBeNull();
    expect(priorityLabel('3')).toBe('3 - Moderate');
    expect(priorityLabel('9')).toBe('9');
  });
});
