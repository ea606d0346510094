// Network settings in the real window: a manual proxy with a user and a write-only password,
// saved to the data directory's config.toml (the password only in the keychain); the sandbox
// on loopback still answers directly although the proxy points at a dead port, and the
// response shows its timing split. Screenshots go to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, choose, saveShot, startDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, 'e2e-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-network-'));
const port = 4451;
const base = `http://127.0.0.1:${port}`;
const PASSWORD = 'e2e-pr0xy-Pw-58';
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, 4471, { SNOWPOST_DATA_DIR: dataDir });
});

after(() => driver?.kill());

const titleOf = (s, testid) =>
  s.cmd('POST', '/execute/sync', {
    script: `return document.querySelector('[data-testid="${testid}"]')?.getAttribute('title') ?? '';`,
    args: [],
  });

test('a manual proxy with a keychain password; loopback stays direct; timing shows', async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/);

    await s.click(await s.find('open-network'));
    await s.waitFor('network-mode', () => s.find('network-mode'));
    await choose(s, 'network-mode', 'manual');
    await s.type(await s.waitFor('proxy url', () => s.find('network-proxy-url')), 'http://127.0.0.1:9');
    await s.type(await s.find('network-proxy-user'), 'alice');
    await s.type(await s.find('network-no-proxy'), 'intranet.example.com');
    await s.click(await s.find('network-save'));
    await s.waitFor('network-saved', () => s.find('network-saved'));

    await s.click(await s.find('network-password-set'));
    await s.type(await s.waitFor('password input', () => s.find('network-password-input')), PASSWORD);
    await s.click(await s.find('network-password-store'));
    await s.waitForText('network-password-status', /a password is set/);
    await saveShot(s, artifacts, 'n01-network-settings');

    const config = readFileSync(join(dataDir, 'config.toml'), 'utf8');
    assert.match(config, /proxy_mode = "manual"/);
    assert.match(config, /proxy_user = "alice"/);
    assert.ok(!config.includes(PASSWORD), config);

    // The sandbox is on 127.0.0.1: the dead proxy is never asked. A tab closes the panel.
    await s.click(await s.find('tab-incident'));
    const desc = await s.waitFor('incident-short-description', () => s.find('incident-short-description'));
    await s.type(desc, 'Through no proxy (end-to-end test)');
    await s.click(await s.find('incident-send'));
    await s.waitForText('incident-number', /INC\d{7}/);
    const timing = await s.waitFor('response-timing', async () => {
      const t = await titleOf(s, 'response-timing');
      return t === '' ? null : t;
    });
    assert.match(timing, /First byte: [\d.]+ ms/);
    assert.match(timing, /Total: [\d.]+ ms/);
    await saveShot(s, artifacts, 'n02-timing');

    await s.click(await s.find('open-network'));
    await s.click(await s.waitFor('password clear', () => s.find('network-password-clear')));
    await s.waitForText('network-password-status', /not set/);
  } catch (e) {
    await saveShot(s, artifacts, 'n99-failed');
    throw e;
  } finally {
    await s.end();
  }
});
