// Browser sign-in (authorization code + PKCE) in the real window: a copy of the Sandbox
// profile switched to the authorization_code grant shows the Application Registry values,
// then "Sign in with the browser" opens $BROWSER — tests/browser/sandbox-login, which logs in
// through the sandbox's form and presses Allow — and the token arrives. Screenshots go to
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
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-sign-in-'));
const port = 4448;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, 4468, {
    SNOWPOST_DATA_DIR: dataDir,
    BROWSER: join(root, 'tests', 'browser', 'sandbox-login'),
  });
});

after(() => driver?.kill());

/** Sets a field the way typing or choosing does (WebKitWebDriver picks no options, and its
 * clear fires no input event). */
const setField = (s, testid, value, event) =>
  s.cmd('POST', '/execute/sync', {
    script: `const el = document.querySelector('[data-testid="${testid}"]');
      el.value = arguments[0]; el.dispatchEvent(new Event(arguments[1], { bubbles: true }));`,
    args: [value, event],
  });

test('sign in with the browser from the Token tab', async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/);

    // A copy keeps the client secret; as a browser sign-in profile it needs no password.
    await s.click(await s.find('profile-duplicate'));
    const copyAs = await s.waitFor('profile-duplicate-name', () => s.find('profile-duplicate-name'));
    await s.clear(copyAs);
    await s.type(copyAs, 'Browser\uE007');
    await s.waitForText('profile-item', /Browser/);
    for (const el of await s.findAll('profile-item')) {
      if (/Browser/.test(await s.text(el))) await s.click(el);
    }
    await s.waitFor('the copy in the editor', async () => {
      const name = await s.cmd('POST', '/execute/sync', {
        script: 'return document.querySelector(\'[data-testid="profile-name"]\').value;',
        args: [],
      });
      return name === 'Browser';
    });
    await setField(s, 'profile-grant', 'authorization_code', 'change');
    await setField(s, 'profile-redirect-uri', '', 'input');
    await s.click(await s.find('profile-save'));
    const registry = await s.waitForText('profile-registry-redirect', /127\.0\.0\.1:8765\/callback/);
    assert.equal(registry.trim(), 'http://127.0.0.1:8765/callback');
    await saveShot(s, artifacts, 's01-registry-values');

    await s.click(await s.find('tab-token'));
    await s.click(await s.waitFor('sign-in', () => s.find('sign-in')));
    await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);
    assert.match(await s.text(await s.find('token-type')), /Bearer/);
    await s.waitForText('secret-status-refresh_token', /^\s*set\s*$/i);
    await saveShot(s, artifacts, 's02-signed-in');
  } catch (e) {
    await saveShot(s, artifacts, 's99-failed');
    throw e;
  } finally {
    await s.end();
  }
});
