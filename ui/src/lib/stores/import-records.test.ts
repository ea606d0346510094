import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import { importFraction, importRecords, importSummary } from './import-records.svelte';
import type { ImportProgress } from '../bindings/ImportProgress';

afterEach(() => clearMocks());

const base: ImportProgress = {
  total: 4,
  skipped: 1,
  inserted: 1,
  updated: 0,
  failed: 0,
  rate_limited: 1,
  not_processed: 1,
  rate: 10,
  eta_secs: 1,
  cancelled: false,
};

describe('import records store', () => {
  it('follows progress and keeps the final summary', async () => {
    let release: () => void = () => {};
    const seen: unknown[] = [];
    mockIPC(async (cmd, args) => {
      seen.push({ cmd, args });
      if (cmd === 'cancel_import_records') return null;
      const ch = (args as { onProgress: Channel<ImportProgress> }).onProgress;
      const internals = (
        window as unknown as {
          __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void };
        }
      ).__TAURI_INTERNALS__;
      internals.runCallback(ch.id, { index: 0, message: base });
      await new Promise<void>((r) => (release = r));
      return { ...base, inserted: 3, eta_secs: 0 };
    });
    const run = importRecords.start('Sandbox', 'incident');
    await vi.waitFor(() => expect(importRecords.progress?.inserted).toBe(1));
    expect(importRecords.running).toBe(true);
    expect(importFraction(importRecords.progress!)).toBe(0.5);
    await importRecords.cancel();
    expect(importRecords.cancelling).toBe(true);
    release();
    await run;
    expect(importRecords.running).toBe(false);
    expect(importRecords.done?.inserted).toBe(3);
    expect(seen[0]).toMatchObject({
      cmd: 'import_records',
      args: { profile: 'Sandbox', table: 'incident', confirmed: false, updateKey: null },
    });
    expect(seen[1]).toMatchObject({ cmd: 'cancel_import_records' });
  });

  it('sends the update key, trimmed, when one is given', async () => {
    const keys: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'import_records') keys.push((args as { updateKey: unknown }).updateKey);
      return null;
    });
    importRecords.updateKey = ' number ';
    await importRecords.start('Sandbox', 'incident');
    importRecords.updateKey = '  ';
    await importRecords.start('Sandbox', 'incident');
    expect(keys).toEqual(['number', null]);
  });

  it('keeps a write the profile wants confirmed and runs it again confirmed', async () => {
    const confirmed: unknown[] = [];
    mockIPC((_cmd, args) => {
      const a = args as { confirmed: boolean };
      confirmed.push(a.confirmed);
      return a.confirmed
        ? { ...base, skipped: 0, inserted: 4, eta_secs: 0 }
        : Promise.reject({ kind: 'confirm_write', message: 'POST u_bulk', hint: 'h', causes: [] });
    });
    await importRecords.start('Prod', 'u_bulk');
    expect(importRecords.unconfirmed).toBe('u_bulk');
    await importRecords.confirm('Prod');
    expect(confirmed).toEqual([false, true]);
    expect(importRecords.done?.inserted).toBe(4);
    expect(importRecords.unconfirmed).toBeNull();
  });

  it('summarises rows, retries, rate and ETA', () => {
    expect(importSummary(base)).toBe('2/4 rows · 1 done before · 2 retries · 10 rows/s · ETA 1 s');
    expect(importFraction({ ...base, total: null })).toBeNull();
  });
});
