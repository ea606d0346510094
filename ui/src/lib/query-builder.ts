// The query builder's rows and their mapping to and from the back end's `EncodedQuery`
// (which does the parsing and encoding of `sysparm_query` itself).
import type { EncodedQuery } from './bindings/EncodedQuery';
import type { Join } from './bindings/Join';
import type { Operator } from './bindings/Operator';

/** What ServiceNow's filter UI calls each operator. */
export const OPERATOR_LABELS: Readonly<Record<Operator, string>> = {
  '=': 'is',
  '!=': 'is not',
  LIKE: 'contains',
  'NOT LIKE': 'does not contain',
  NOTLIKE: 'does not contain',
  STARTSWITH: 'starts with',
  ENDSWITH: 'ends with',
  IN: 'is one of',
  'NOT IN': 'is not one of',
  '<': 'less than',
  '<=': 'less than or is',
  '>': 'greater than',
  '>=': 'greater than or is',
  ISEMPTY: 'is empty',
  ISNOTEMPTY: 'is not empty',
  ANYTHING: 'is anything',
  EMPTYSTRING: 'is empty string',
  BETWEEN: 'between (a@b)',
  ON: 'on',
  NOTON: 'not on',
  RELATIVEGT: 'relative after',
  RELATIVELT: 'relative before',
  RELATIVEGE: 'relative on or after',
  RELATIVELE: 'relative on or before',
  RELATIVEEE: 'relative on',
  DATEPART: 'trend',
  MORETHAN: 'is more than',
  LESSTHAN: 'is less than',
  SAMEAS: 'is same as',
  NSAMEAS: 'is different from',
  GT_FIELD: 'greater than field',
  LT_FIELD: 'less than field',
  GT_OR_EQUALS_FIELD: 'greater than or is field',
  LT_OR_EQUALS_FIELD: 'less than or is field',
  DYNAMIC: 'is (dynamic)',
  INSTANCEOF: 'is a',
  VALCHANGES: 'changes',
  CHANGESFROM: 'changes from',
  CHANGESTO: 'changes to',
};

/** The operators offered in the select, in ServiceNow's order (`NOTLIKE` is only read). */
export const OPERATORS: readonly Operator[] = (Object.keys(OPERATOR_LABELS) as Operator[]).filter(
  (o) => o !== 'NOTLIKE',
);

const NO_VALUE: ReadonlySet<Operator> = new Set([
  'ISEMPTY',
  'ISNOTEMPTY',
  'ANYTHING',
  'EMPTYSTRING',
  'VALCHANGES',
]);

export function operatorTakesValue(op: Operator): boolean {
  return !NO_VALUE.has(op);
}

/** `is (=)`: the label with the token, unless they are the same word. */
export function operatorLabel(op: Operator): string {
  const label = OPERATOR_LABELS[op] ?? op;
  return label.toUpperCase() === op ? label : `${label} (${op})`;
}

export const JOINS: readonly { join: Join; label: string }[] = [
  { join: 'and', label: 'AND' },
  { join: 'or', label: 'OR' },
  { join: 'new_query', label: 'new query (^NQ)' },
];

export interface ConditionRow {
  /** Stable key for the list; not sent. */
  id: number;
  join: Join;
  field: string;
  operator: Operator;
  value: string;
}

export interface OrderRow {
  id: number;
  field: string;
  descending: boolean;
}

export interface QueryRows {
  conditions: ConditionRow[];
  order: OrderRow[];
  /** Parts the back end could not model; kept and written back. */
  unparsed: string[];
}

let nextId = 1;
const id = () => nextId++;

export function newCondition(join: Join = 'and'): ConditionRow {
  return { id: id(), join, field: '', operator: '=', value: '' };
}

export function newOrder(): OrderRow {
  return { id: id(), field: '', descending: false };
}

export function emptyRows(): QueryRows {
  return { conditions: [], order: [], unparsed: [] };
}

/** Rows for what `parse_query` answered. */
export function rowsFromQuery(q: EncodedQuery): QueryRows {
  return {
    conditions: q.conditions.map((c) => ({ id: id(), ...c })),
    order: q.order.map((o) => ({ id: id(), ...o })),
    unparsed: [...q.unparsed],
  };
}

/**
 * What `encode_query` gets: rows without a field are still being typed and left out, the first
 * condition is never joined to nothing, and operators without a value carry none.
 */
export function queryFromRows(rows: QueryRows): EncodedQuery {
  const conditions = rows.conditions
    .filter((c) => c.field.trim() !== '')
    .map((c, i) => ({
      join: i === 0 ? ('and' as Join) : c.join,
      field: c.field.trim(),
      operator: c.operator,
      value: operatorTakesValue(c.operator) ? c.value : '',
    }));
  const order = rows.order
    .filter((o) => o.field.trim() !== '')
    .map((o) => ({ field: o.field.trim(), descending: o.descending }));
  return { conditions, order, unparsed: [...rows.unparsed] };
}

/** The same rows, ignoring ids: whether a re-parse would change anything the user sees. */
export function sameRows(a: QueryRows, b: QueryRows): boolean {
  return JSON.stringify(queryFromRows(a)) === JSON.stringify(queryFromRows(b));
}

const TYPED_OPERATORS: Readonly<Record<string, readonly Operator[]>> = {
  text: [
    '=',
    '!=',
    'LIKE',
    'NOT LIKE',
    'STARTSWITH',
    'ENDSWITH',
    'IN',
    'NOT IN',
    'ISEMPTY',
    'ISNOTEMPTY',
    'EMPTYSTRING',
    'ANYTHING',
    '<=',
    '>=',
    'BETWEEN',
    'SAMEAS',
    'NSAMEAS',
  ],
  choice: ['=', '!=', 'IN', 'NOT IN', '<', '<=', '>', '>=', 'ISEMPTY', 'ISNOTEMPTY', 'ANYTHING'],
  reference: [
    '=',
    '!=',
    'IN',
    'NOT IN',
    'ISEMPTY',
    'ISNOTEMPTY',
    'ANYTHING',
    'STARTSWITH',
    'LIKE',
    'DYNAMIC',
    'SAMEAS',
    'NSAMEAS',
  ],
  date: [
    'ON',
    'NOTON',
    '<',
    '<=',
    '>',
    '>=',
    'BETWEEN',
    'RELATIVEGT',
    'RELATIVELT',
    'DATEPART',
    'MORETHAN',
    'LESSTHAN',
    'ISEMPTY',
    'ISNOTEMPTY',
    'ANYTHING',
  ],
  number: [
    '=',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'BETWEEN',
    'IN',
    'NOT IN',
    'ISEMPTY',
    'ISNOTEMPTY',
    'ANYTHING',
    'SAMEAS',
    'NSAMEAS',
  ],
  boolean: ['=', '!=', 'ISEMPTY', 'ISNOTEMPTY', 'ANYTHING'],
};

/**
 * The operators that fit a field's kind of value (as ServiceNow's condition builder offers
 * them), or every operator when the field is not known.
 */
export function operatorsFor(kind: string | null): readonly Operator[] {
  return (kind && TYPED_OPERATORS[kind]) || OPERATORS;
}

/** `2024-05-01T09:30` from a date-time input, as ServiceNow writes it: `2024-05-01 09:30:00`. */
export function glideDateTime(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ':00'}` : local;
}

/** The other way, for showing a query's value in a date-time input. */
export function localDateTime(glide: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(:\d{2})?$/.exec(glide.trim());
  return m ? `${m[1]}T${m[2]}` : '';
}
