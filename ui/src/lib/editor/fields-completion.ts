// Completion of a table's field names and choice values in the JSON body editor.
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import type { FieldInfo } from '../bindings/FieldInfo';

/** Where the cursor is in a flat JSON object: typing a key, or the value of `field`. */
export function jsonPosition(
  before: string,
): { kind: 'key'; typed: string } | { kind: 'value'; field: string; typed: string } | null {
  const value = /"([A-Za-z0-9_.]+)"\s*:\s*"([^"]*)$/.exec(before);
  if (value) return { kind: 'value', field: value[1], typed: value[2] };
  const key = /(?:^|[{,])\s*"([A-Za-z0-9_]*)$/.exec(before);
  if (key) return { kind: 'key', typed: key[1] };
  return null;
}

export function fieldCompletions(fields: () => FieldInfo[]): Extension {
  const source = (ctx: CompletionContext): CompletionResult | null => {
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 400), ctx.pos);
    const at = jsonPosition(before);
    if (!at) return null;
    const from = ctx.pos - at.typed.length;
    if (at.kind === 'key') {
      const options: Completion[] = fields().map((f) => ({
        label: f.element,
        detail: f.label,
        info: f.reference ? `reference to ${f.reference}` : f.internal_type,
        type: f.mandatory ? 'keyword' : 'property',
        boost: f.mandatory ? 1 : 0,
      }));
      return options.length ? { from, options, validFor: /^[\w]*$/ } : null;
    }
    const f = fields().find((x) => x.element === at.field);
    if (!f || f.choices.length === 0) return null;
    const options: Completion[] = f.choices
      .filter((c) => !c.inactive)
      .map((c) => ({ label: c.value, detail: c.label, type: 'enum' }));
    return { from, options, validFor: /^[^"]*$/ };
  };
  return autocompletion({ override: [source], activateOnTyping: true });
}
