// Guarding production in the real window: the Sandbox profile tagged production asks before
// it creates an incident (and creates it once confirmed); made read-only, it refuses the same
// Send before anything goes out. The sidebar shows the tag. Screenshots go to
// $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, choose, saveShot, sleep, startDriver } from './webdriver.mjs';

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

test('production confirms writes, read-only refuses them', async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/);
    // Right after "Try without an instance" the editor can be re-made under the first choice
    // (see the closing note): choose and save until the tag shows.
    const saved = (testid, value, shows) =>
      s.waitFor(`${testid} = ${value} saved`, async () => {
        if (await shows()) return true;
        await choose(s, testid, value);
        await s.click(await s.find('profile-save'));
        await sleep(300);
        return shows();
      }, 30000);
    const itemSays = (pattern) => async () => {
      for (const el of await s.findAll('profile-item')) if (pattern.test(await s.text(el))) return true;
      return false;
    };
    await saved('profile-environment', 'production', itemSays(/production/i));

    await s.click(await s.find('tab-incident'));
    const desc = await s.waitFor('incident-short-description', () => s.find('incident-short-description'));
    await s.type(desc, 'Guarded write (end-to-end test)');
    await s.click(await s.find('incident-send'));
    const what = await s.waitForText('confirm-write-what', /POST a new incident record/);
    assert.match(what, /production/);
    await saveShot(s, artifacts, 'g01-confirm-write');
    await s.click(await s.find('confirm-write-send'));
    await s.waitForText('incident-number', /INC\d{7}/);

    await saved('profile-write-guard', 'read_only', itemSays(/read-only/i));
    await s.click(await s.find('incident-send'));
    await s.waitForText('error-kind', /read_only/);
    await saveShot(s, artifacts, 'g02-read-only');
  } catch (e) {
    await saveShot(s, artifacts, 'g99-failed');
    throw e;
  } finally {
    await s.end();
  }
});
