import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

// Colours come from CSS variables (see app.css), so one theme follows the system's light/dark.
export const editorTheme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--bg-code)',
    fontSize: 'var(--font-size-code)',
    height: '100%',
  },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--accent)' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg-code)',
    color: 'var(--text-faint)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--bg-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--bg-active-line)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--accent)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--bg-selection)' },
  '.cm-searchMatch': { backgroundColor: 'var(--bg-search)', outline: '1px solid var(--warning)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--bg-search-current)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--bg-selection-match)' },
  '.cm-panels': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panel.cm-search': { fontFamily: 'var(--font-ui)', fontSize: 'var(--font-size-small)' },
  '.cm-panel.cm-search input, .cm-panel.cm-search button': {
    fontFamily: 'inherit',
    fontSize: 'inherit',
  },
  '.cm-textfield': {
    backgroundColor: 'var(--bg-input)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '3px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--bg-button)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '3px',
  },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--bg-raised)',
    border: '1px solid var(--border)',
    color: 'var(--text-muted)',
  },
  '.cm-placeholder': { color: 'var(--text-faint)' },
});

const highlight = HighlightStyle.define([
  { tag: t.propertyName, color: 'var(--syn-key)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syn-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--syn-number)' },
  { tag: [t.keyword, t.atom], color: 'var(--syn-keyword)' },
  { tag: [t.tagName, t.angleBracket], color: 'var(--syn-tag)' },
  { tag: t.attributeName, color: 'var(--syn-key)' },
  { tag: t.attributeValue, color: 'var(--syn-string)' },
  { tag: [t.comment, t.processingInstruction, t.documentMeta], color: 'var(--text-faint)' },
  { tag: [t.punctuation, t.separator, t.bracket], color: 'var(--text-muted)' },
  { tag: t.invalid, color: 'var(--danger)' },
]);

export const editorHighlighting = syntaxHighlighting(highlight);
