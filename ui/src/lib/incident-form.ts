// The Incident tab's form and its raw JSON are two views of one object. The form edits the
// fields below; the JSON may carry any other field too, which the form keeps untouched.

export const INCIDENT_FIELDS = [
  'short_description',
  'description',
  'caller_id',
  'urgency',
  'impact',
  'category',
  'subcategory',
  'assignment_group',
] as const;

export type IncidentField = (typeof INCIDENT_FIELDS)[number];
export type IncidentForm = Record<IncidentField, string>;
/** Fields the form does not show, kept as the JSON had them. */
export type Extras = Record<string, unknown>;

export const LEVELS = [
  { value: '1', label: '1 - High' },
  { value: '2', label: '2 - Medium' },
  { value: '3', label: '3 - Low' },
] as const;

/** Fields always written, even when they hold their default. */
const ALWAYS: readonly IncidentField[] = ['short_description', 'urgency', 'impact'];

export function emptyIncidentForm(): IncidentForm {
  return {
    short_description: '',
    description: '',
    caller_id: '',
    urgency: '3',
    impact: '3',
    category: '',
    subcategory: '',
    assignment_group: '',
  };
}

const isField = (k: string): k is IncidentField =>
  (INCIDENT_FIELDS as readonly string[]).includes(k);

/**
 * The object to send: the form's fields (blank optional ones left out) in the form's order,
 * then the extra fields.
 */
export function incidentFields(form: IncidentForm, extras: Extras = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of INCIDENT_FIELDS) {
    if (form[k] !== '' || ALWAYS.includes(k)) out[k] = form[k];
  }
  for (const [k, v] of Object.entries(extras)) {
    if (!isField(k)) out[k] = v;
  }
  return out;
}

/** The JSON editor's text for a form (two-space indent, like the response viewer). */
export function formToJson(form: IncidentForm, extras: Extras = {}): string {
  return JSON.stringify(incidentFields(form, extras), null, 2);
}

export type ParsedIncident =
  { ok: true; form: IncidentForm; extras: Extras } | { ok: false; error: string };

/** A JSON value as a form field: strings as they are, numbers and booleans as text,
 * a reference object by its `value` (or `sys_id`). */
function fieldText(v: unknown): string | null {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const ref = o.value ?? o.sys_id;
    if (typeof ref === 'string') return ref;
  }
  return null;
}

/**
 * Reads the JSON editor's text. On any problem the form must stay as it is, so this returns the
 * error instead of a partial form.
 */
export function jsonToForm(text: string): ParsedIncident {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { ok: false, error: 'The incident must be a JSON object: { "short_description": … }' };
  }
  const form = emptyIncidentForm();
  // A field missing from the JSON is blank in the form, except the levels which default to 3.
  const extras: Extras = {};
  for (const [k, value] of Object.entries(v)) {
    if (!isField(k)) {
      extras[k] = value;
      continue;
    }
    const t = fieldText(value);
    if (t === null) return { ok: false, error: `"${k}" must be a string` };
    form[k] = t;
  }
  for (const k of ['urgency', 'impact'] as const) {
    if (form[k] !== '' && !LEVELS.some((l) => l.value === form[k])) {
      return { ok: false, error: `"${k}" must be "1", "2" or "3" (High, Medium, Low)` };
    }
  }
  return { ok: true, form, extras };
}

/** ServiceNow's priority for an impact × urgency pair (1 Critical … 5 Planning). */
export function expectedPriority(impact: string, urgency: string): string | null {
  const i = Number(impact);
  const u = Number(urgency);
  if (![1, 2, 3].includes(i) || ![1, 2, 3].includes(u)) return null;
  return String(i + u - 1);
}

const PRIORITY_NAMES: Record<string, string> = {
  '1': 'Critical',
  '2': 'High',
  '3': 'Moderate',
  '4': 'Low',
  '5': 'Planning',
};

export function priorityLabel(p: string): string {
  return PRIORITY_NAMES[p] ? `${p} - ${PRIORITY_NAMES[p]}` : p;
}

const STATE_NAMES: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};

export function stateLabel(s: string): string {
  return STATE_NAMES[s] ?? s;
}
