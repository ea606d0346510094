/**
 * Writes text to the clipboard through the web API. Resolves false (instead of throwing) when
 * the webview refuses, so the caller can show the text selected for Ctrl+C instead.
 */
export async function copyText(text: string, nav: Pick<Navigator, 'clipboard'> = navigator) {
  try {
    if (!nav.clipboard?.writeText) return false;
    await nav.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
