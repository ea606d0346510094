export type Shortcut = 'send' | 'save' | 'find';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Ctrl+Enter sends, Ctrl+S saves, Ctrl+F searches the response (Cmd on macOS). */
export function shortcutOf(e: KeyLike): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  if (!mod || e.altKey) return null;
  if (e.key === 'Enter') return 'send';
  if (!e.shiftKey && (e.key === 's' || e.key === 'S')) return 'save';
  if (!e.shiftKey && (e.key === 'f' || e.key === 'F')) return 'find';
  return null;
}
