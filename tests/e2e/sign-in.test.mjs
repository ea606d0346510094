// Browser sign-in (authorization code + PKCE) and JWT bearer in the real window. A copy of the
// Sandbox profile switched to the authorization_code grant shows the Application Registry
// values, then "Sign in with the browser" opens $BROWSER — tests/browser/sandbox-login, which
// logs in through the sandbox's form and presses Allow — and the token arrives. Another copy,
// switched to jwt_bearer, signs with the sandbox's demo key: the public key is shown for the
// verifier map, the preview decodes the assertion, and Send gets a token. Screenshots go to
// $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { answerFileDialog, Session, saveShot, startDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, 'e2e-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-sign-in-'));
const browser = join(root, 'tests', 'browser', 'sandbox-login');
const port = 4448;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, 4468, {
    SNOWPOST_DATA_DIR: dataDir,
    BROWSER: browser,
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

/** Duplicates the Sandbox profile (with its secrets) as `name` and opens the copy. */
async function copySandbox(s, name) {
  for (const el of await s.findAll('profile-item')) {
    if (/Sandbox/.test(await s.text(el))) await s.click(el);
  }
  await s.click(await s.find('profile-duplicate'));
  const copyAs = await s.waitFor('profile-duplicate-name', () => s.find('profile-duplicate-name'));
  await s.clear(copyAs);
  await s.type(copyAs, `${name}\uE007`);
  await s.waitForText('profile-item', new RegExp(name));
  for (const el of await s.findAll('profile-item')) {
    if (new RegExp(name).test(await s.text(el))) await s.click(el);
  }
  await s.waitFor(`${name} in the editor`, async () => {
    const shown = await s.cmd('POST', '/execute/sync', {
      script: 'return document.querySelector(\'[data-testid="profile-name"]\').value;',
      args: [],
    });
    return shown === name;
  });
}

test('sign in with the browser, and with a key, from the Token tab', async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/);

    // A copy keeps the client secret; as a browser sign-in profile it needs no password.
    await copySandbox(s, 'Browser');
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

    // The paste fallback: where the browser landed, pasted back.
    await s.click(await s.find('sign-in-paste'));
    const url = await s.waitFor('sign-in-url', async () =>
      s.cmd('POST', '/execute/sync', {
        script: 'const el = document.querySelector(\'[data-testid="sign-in-url"]\'); return el && el.value;',
        args: [],
      }),
    );
    const landed = execFileSync(browser, [url], { env: { ...process.env, SNOWPOST_TEST_PRINT: '1' } })
      .toString()
      .trim();
    assert.match(landed, /^http:\/\/127\.0\.0\.1:8765\/callback\?code=/);
    await s.type(await s.find('sign-in-landed'), landed);
    await s.click(await s.find('sign-in-finish'));
    await s.waitFor('the paste form to close', async () => (await s.findAll('sign-in-paste-form')).length === 0);
    await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);

    // JWT bearer: the copy carries the sandbox's demo key, kid and algorithm.
    await copySandbox(s, 'Key');
    await setField(s, 'profile-grant', 'jwt_bearer', 'change');
    await s.click(await s.find('profile-save'));
    await s.waitForText('secret-status-private_key', /^\s*set\s*$/i);
    await s.waitForText('jwt-fingerprint', /SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    const pem = await s.cmd('POST', '/execute/sync', {
      script: 'return document.querySelector(\'[data-testid="jwt-public-pem"]\').value;',
      args: [],
    });
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----/);
    await s.click(await s.find('tab-token'));
    await s.waitForText('token-assertion', /assertion, decoded/);
    const preview = await s.text(await s.find('token-preview'));
    assert.match(preview, /"kid": "snowpost-sandbox"/);
    assert.match(preview, /assertion=\*{8}/);
    assert.doesNotMatch(preview, /PRIVATE KEY/);
    await s.click(await s.find('token-send'));
    await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);
    await saveShot(s, artifacts, 's03-jwt-bearer');

    // Another key, picked in the native dialog, goes straight to the keychain.
    await s.click(await s.find('tab-token'));
    const fixture = join(root, 'crates', 'core', 'tests', 'fixtures', 'jwt');
    await s.click(await s.find('private-key-pick'));
    await answerFileDialog('Private key for JWT bearer', join(fixture, 'ec256.pem'), 'open');
    const der = createPublicKey(readFileSync(join(fixture, 'ec256.pub.pem'))).export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g).join(':');
    await s.waitForText('jwt-fingerprint', new RegExp(expected));
  } catch (e) {
    await saveShot(s, artifacts, 's99-failed');
    throw e;
  } finally {
    await s.end();
  }
});
