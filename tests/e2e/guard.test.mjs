// Guarding production in the real window: the Sandbox profile tagged production asks before
// it creates an incident (and creates it once confirmed); made read-only, it refuses the same
// Send before anything goes out. The sidebar shows the tag. Screenshots go to
// $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, saveShot, startDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, 'e2e-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-guard-'));
const port = 4450;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, 4470, { SNOWPOST_DATA_DIR: dataDir });
});

after(() => driver?.kill());

/** Sets a <select> the way a user's choice does (WebKitWebDriver cannot pick options). */
const choose = (s, testid, value) =>
  s.cmd('POST', '/execute/sync', {
    script: `const el = document.querySelector('[data-testid="${testid}"]');
      el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true }));`,
    args: [value],
  });

test('production confirms writes, read-only refuses them', async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/);
    // The editor is re-made once the sandbox profile arrives: choose only in the final one.
    const editorShows = (testid) =>
      s.cmd('POST', '/execute/sync', {
        script: `const el = document.querySelector('[data-testid="${testid}"]'); return el && el.value;`,
        args: [],
      });
    await s.waitFor('the Sandbox profile in the editor', async () => (await editorShows('profile-name')) === 'Sandbox');
    await s.waitFor('production chosen', async () => {
      await choose(s, 'profile-environment', 'production');
      return (await editorShows('profile-write-guard')) === 'confirm' && (await s.findAll('profile-dirty')).length > 0;
    });
    await s.click(await s.find('profile-save'));
    await s.waitForText('profile-environment-badge', /production/i);

    await s.click(await s.find('tab-incident'));
    const desc = await s.waitFor('incident-short-description', () => s.find('incident-short-description'));
    await s.type(desc, 'Guarded write (end-to-end test)');
    await s.click(await s.find('incident-send'));
    const what = await s.waitForText('confirm-write-what', /POST a new incident record/);
    assert.match(what, /production/);
    await saveShot(s, artifacts, 'g01-confirm-write');
    await s.click(await s.find('confirm-write-send'));
    await s.waitForText('incident-number', /INC\d{7}/);

    await choose(s, 'profile-write-guard', 'read_only');
    await s.click(await s.find('profile-save'));
    await s.waitForText('profile-item', /read-only/i);
    await s.click(await s.find('incident-send'));
    await s.waitForText('error-kind', /read_only/);
    await saveShot(s, artifacts, 'g02-read-only');
  } finally {
    await s.end();
  }
});
