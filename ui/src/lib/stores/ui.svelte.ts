export type TabId = 'token' | 'incident' | 'request' | 'history';

type Action = () => void;

/** Which tab is showing, and what the keyboard shortcuts do there. */
class UiState {
  activeTab = $state<TabId>('token');
  /** The Network settings panel covers the tabs while open. */
  showNetwork = $state(false);
  private senders = new Map<TabId, Action>();
  private saver: Action | null = null;

  /** Registers the Ctrl+Enter action of a tab; returns the unregister function. */
  onSend(tab: TabId, fn: Action): () => void {
    this.senders.set(tab, fn);
    return () => {
      if (this.senders.get(tab) === fn) this.senders.delete(tab);
    };
  }

  /** Registers the Ctrl+S action (the profile editor); returns the unregister function. */
  onSave(fn: Action): () => void {
    this.saver = fn;
    return () => {
      if (this.saver === fn) this.saver = null;
    };
  }

  send(): void {
    this.senders.get(this.activeTab)?.();
  }

  save(): void {
    this.saver?.();
  }
}

export const ui = new UiState();
