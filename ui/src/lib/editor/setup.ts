import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder as placeholderText,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import {
  highlightSelectionMatches,
  openSearchPanel,
  search,
  searchKeymap,
} from '@codemirror/search';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { editorHighlighting, editorTheme } from './theme';

/** Marks changes made by the program (not typed), which must not echo back as `onChange`. */
const external = Annotation.define<boolean>();

export type EditorLanguage = 'json' | 'xml' | 'text';

export function languageExtension(lang: EditorLanguage): Extension {
  if (lang === 'json') return json();
  if (lang === 'xml') return xml();
  return [];
}

// Ctrl+Enter belongs to the window (it sends the request), so the editor must not eat it.
const editorKeys = defaultKeymap.filter((b) => b.key !== 'Mod-Enter');

export interface EditorOptions {
  doc: string;
  language: EditorLanguage;
  readOnly: boolean;
  placeholder?: string;
  label?: string;
  onChange?: (text: string) => void;
  /** More behaviour, e.g. completion of a table's field names. */
  extra?: Extension;
}

export interface EditorHandle {
  view: EditorView;
  setLanguage(lang: EditorLanguage): void;
  setReadOnly(readOnly: boolean): void;
}

/** A CodeMirror editor (or read-only viewer, with search and folding) mounted in `parent`. */
export function createEditor(parent: HTMLElement, o: EditorOptions): EditorHandle {
  const language = new Compartment();
  const readOnly = new Compartment();
  // Read-only stays focusable (no `editable: false`), so selection and Ctrl+F search work.
  const ro = (r: boolean) => EditorState.readOnly.of(r);
  const extensions: Extension[] = [
    lineNumbers(),
    foldGutter(),
    highlightSpecialChars(),
    drawSelection(),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    editorTheme,
    editorHighlighting,
    language.of(languageExtension(o.language)),
    readOnly.of(ro(o.readOnly)),
    keymap.of([...editorKeys, ...searchKeymap, ...foldKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': o.label ?? 'Code' }),
  ];
  if (!o.readOnly) {
    extensions.push(
      history(),
      highlightActiveLine(),
      highlightActiveLineGutter(),
      indentOnInput(),
      keymap.of([...historyKeymap, indentWithTab]),
    );
  }
  if (o.placeholder) extensions.push(placeholderText(o.placeholder));
  if (o.extra) extensions.push(o.extra);
  if (o.onChange) {
    const cb = o.onChange;
    extensions.push(
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !u.transactions.some((tr) => tr.annotation(external))) {
          cb(u.state.doc.toString());
        }
      }),
    );
  }
  const view = new EditorView({ parent, state: EditorState.create({ doc: o.doc, extensions }) });
  return {
    view,
    setLanguage: (lang) =>
      view.dispatch({ effects: language.reconfigure(languageExtension(lang)) }),
    setReadOnly: (r) => view.dispatch({ effects: readOnly.reconfigure(ro(r)) }),
  };
}

/** Replaces the whole document, without firing `onChange` loops for identical text. */
export function replaceDoc(view: EditorView, text: string): void {
  const current = view.state.doc.toString();
  if (current === text) return;
  view.dispatch({
    changes: { from: 0, to: current.length, insert: text },
    annotations: external.of(true),
  });
}

/** Opens the search panel of the first editor under `container` (for Ctrl+F from outside it). */
export function openSearchIn(container: ParentNode): boolean {
  const dom = container.querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) return false;
  view.focus();
  return openSearchPanel(view);
}
