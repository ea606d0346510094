// Code snippets and pasted curl commands: labels and notes around what the back end produces.
import type { ParsedCurl } from './bindings/ParsedCurl';
import type { SnippetLanguage } from './bindings/SnippetLanguage';

export const SNIPPET_LANGUAGES: readonly { id: SnippetLanguage; label: string }[] = [
  { id: 'curl', label: 'curl' },
  { id: 'python_requests', label: 'Python' },
  { id: 'powershell', label: 'PowerShell' },
  { id: 'javascript_fetch', label: 'JavaScript' },
  { id: 'rust_reqwest', label: 'Rust' },
];

/** What the import changed or left out, one sentence each, for the notes under the form. */
export function curlNotes(p: ParsedCurl): string[] {
  const notes: string[] = [];
  if (p.dropped_authorization) {
    notes.push("The Authorization header was dropped: the profile's token is used instead.");
  }
  if (p.basic_auth_user !== null) {
    notes.push(
      `Basic auth for "${p.basic_auth_user}" is not kept: requests go out with the profile's token.`,
    );
  }
  if (p.had_password) notes.push('The password in the command was not kept.');
  if (p.dropped_headers.length > 0) {
    notes.push(`Credential headers dropped: ${p.dropped_headers.join(', ')}.`);
  }
  if (p.insecure_ignored)
    notes.push('-k / --insecure was ignored: certificates are always checked.');
  if (p.ignored_options.length > 0) {
    notes.push(`Options without effect here: ${p.ignored_options.join(' ')}.`);
  }
  return notes;
}
