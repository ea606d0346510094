import { afterEach, beforeEach, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { AttachmentRow } from '../lib/bindings/AttachmentRow';
import AttachmentsPanel from './AttachmentsPanel.svelte';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
};

const row: AttachmentRow = {
  sys_id: 'a1',
  file_name: 'shot.png',
  content_type: 'image/png',
  size_bytes: '2048',
  hash: 'h',
};

const answer = (status: number) => ({
  id: 1,
  status,
  reason: status < 300 ? 'OK' : 'Not Found',
  servicenow_error: status < 300 ? null : { message: 'No Record found', detail: null },
});

let target: HTMLElement;
let app: ReturnType<typeof mount>;
let calls: { cmd: string; args: Record<string, unknown> }[];
let rows: AttachmentRow[];
let confirmNeeded: boolean;

beforeEach(() => {
  calls = [];
  rows = [];
  confirmNeeded = false;
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === 'list_attachments') return { exchange: answer(200), attachments: rows };
    if (cmd === 'attach_file') {
      rows = [row];
      return answer(201);
    }
    if (cmd === 'save_attachment') return answer(200);
    if (cmd === 'delete_attachment') {
      if (confirmNeeded && !a.confirmed)
        return Promise.reject({
          kind: 'confirm_write',
          message: 'DELETE attachment',
          hint: 'Confirm',
          causes: [],
        });
      rows = [];
      return answer(204);
    }
    return null;
  });
  target = document.body.appendChild(document.createElement('div'));
  app = mount(AttachmentsPanel, {
    target,
    props: { profile: 'dev', table: 'incident', record: 'INC0010001' },
  });
  flushSync();
});

afterEach(() => {
  unmount(app);
  target.remove();
  clearMocks();
});

const q = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

it('lists, attaches, saves and deletes a record’s files', async () => {
  q('attachments-toggle')?.click();
  await settle();
  expect(calls[0]).toEqual({
    cmd: 'list_attachments',
    args: { profile: 'dev', table: 'incident', record: 'INC0010001' },
  });
  expect(target.textContent).toContain('No attachments.');

  q('attach-file')?.click();
  await settle();
  expect(calls.map((c) => c.cmd)).toEqual(['list_attachments', 'attach_file', 'list_attachments']);
  expect(target.querySelectorAll('[data-testid="attachment-row"]').length).toBe(1);
  expect(target.textContent).toContain('shot.png');
  expect(target.textContent).toContain('image/png · 2');

  const [save, del] = [...target.querySelectorAll<HTMLButtonElement>('li button')];
  save.click();
  await settle();
  expect(calls.at(-1)).toEqual({
    cmd: 'save_attachment',
    args: { profile: 'dev', sysId: 'a1', fileName: 'shot.png' },
  });
  expect(q('attachments-notice')?.textContent).toContain('Saved shot.png');

  confirmNeeded = true;
  del.click();
  await settle();
  expect(target.textContent).toContain('DELETE attachment');
  q('confirm-write-send')?.click();
  await settle();
  expect(calls.filter((c) => c.cmd === 'delete_attachment').map((c) => c.args.confirmed)).toEqual([
    false,
    true,
  ]);
  expect(target.textContent).toContain('No attachments.');
});

it('shows a refused list as the instance’s answer', async () => {
  mockIPC((cmd) =>
    cmd === 'list_attachments' ? { exchange: answer(404), attachments: [] } : null,
  );
  q('attachments-toggle')?.click();
  await settle();
  expect(q('attachments-failed')?.textContent).toContain('404');
  expect(q('attachments-failed')?.textContent).toContain('No Record found');
});
