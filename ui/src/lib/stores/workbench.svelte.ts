import type { SnippetLanguage } from '../bindings/SnippetLanguage';

export type Tool = 'saved' | 'code' | 'curl' | 'apis' | 'stats' | null;

/** The Request tab's tool panels; kept across tab switches with what was typed in them. */
class WorkbenchState {
  tool = $state<Tool>(null);
  language = $state<SnippetLanguage>('curl');
  curlText = $state('');
  curlNotes = $state<string[] | null>(null);

  toggle(tool: Exclude<Tool, null>): void {
    this.tool = this.tool === tool ? null : tool;
  }
}

export const workbench = new WorkbenchState();
