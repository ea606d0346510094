import { afterEach, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ExchangeView } from '../lib/bindings/ExchangeView';
import BinaryBody from './BinaryBody.svelte';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
};

let target: HTMLElement;
let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  target.remove();
  clearMocks();
});

function show(kind: 'image' | 'binary', contentType: string) {
  const exchange = {
    id: 7,
    body_kind: kind,
    content_type: contentType,
    size: 2048,
  } as ExchangeView;
  target = document.body.appendChild(document.createElement('div'));
  app = mount(BinaryBody, { target, props: { exchange } });
}

it('previews an image from its data: URL and saves the bytes', async () => {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd === 'response_image') return 'data:image/png;base64,iVBOR/8A';
    if (cmd === 'save_response') return '/tmp/response.png';
    return null;
  });
  show('image', 'image/png');
  await settle();
  const img = target.querySelector<HTMLImageElement>('[data-testid="binary-image"]');
  expect(img?.getAttribute('src')).toBe('data:image/png;base64,iVBOR/8A');
  expect(target.textContent).toContain('image/png');
  target.querySelector<HTMLButtonElement>('[data-testid="binary-save"]')?.click();
  await settle();
  expect(calls).toEqual(['response_image', 'save_response']);
  expect(target.textContent).toContain('Saved to /tmp/response.png');
});

it('shows other bytes as type and size only, never as text', async () => {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    return cmd === 'open_response_file' ? '/cache/opened/7-response.pdf' : null;
  });
  show('binary', 'application/pdf');
  await settle();
  expect(target.querySelector('img')).toBeNull();
  expect(target.textContent).toContain('A PDF: open it in your PDF viewer, or save it.');
  expect(target.textContent).toContain('2 KB');
  expect(calls).toEqual([]);
  target.querySelector<HTMLButtonElement>('[data-testid="binary-open"]')?.click();
  await settle();
  expect(calls).toEqual(['open_response_file']);
  expect(target.textContent).toContain('Opened /cache/opened/7-response.pdf');
});
