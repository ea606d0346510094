// The real app window, end to end: tauri-driver + WebKitWebDriver under Xvfb, a real
// gnome-keyring on a private D-Bus session (scripts/test-app sets all of that up).
// Scenario: launch → create the Sandbox profile → send the token request and see a countdown →
// create an incident and see its INC number → restart: the profile is still there and its
// secret is in the keychain, not on disk → moving it to another instance forgets its secrets,
// and the next "Try without an instance" makes "Sandbox 2" instead of taking it back. A screenshot of each step goes to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, saveShot, sleep, startDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, 'e2e-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-'));
const port = 4444;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, port + 1, { SNOWPOST_DATA_DIR: dataDir });
});

after(() => driver?.kill());

const shot = (session, name) => saveShot(session, artifacts, name);

function filesUnder(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    const p = join(dir, f);
    try {
      const st = statSync(p);
      return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : [];
    } catch {
      return [];
    }
  });
}

test('sandbox profile, token, incident, restart', async () => {
  const started = Date.now();
  let accessToken;
  let s = await Session.start(base, app);
  try {
    await shot(s, '00-first-launch');
    const tryIt = await s.waitFor('try-sandbox', () => s.find('try-sandbox'));
    await s.click(tryIt);
    await s.waitForText('profile-item', /Sandbox/);
    await shot(s, '01-sandbox-profile');

    await s.click(await s.find('tab-token'));
    const preview = await s.waitForText('token-preview', /client_secret=\*{8}/);
    assert.doesNotMatch(preview, /sandbox-secret|sandbox-password/);
    await s.click(await s.find('token-send'));
    const countdown = await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);
    await sleep(1500);
    const later = await s.text(await s.find('token-countdown'));
    assert.notEqual(later, countdown, 'the countdown is live');
    assert.match(await s.text(await s.find('token-type')), /Bearer/);
    await shot(s, '02-token-countdown');
    // Reveal is the one way to see the token; remember it to scan the disk for it below.
    await s.click(await s.find('token-reveal'));
    accessToken = await s.waitFor('revealed token', async () => {
      const t = (await s.text(await s.find('token-masked'))).trim();
      return /^[A-Za-z0-9_-]{40,}$/.test(t) ? t : null;
    });
    await s.click(await s.find('token-reveal'));

    await s.click(await s.find('tab-incident'));
    const desc = await s.waitFor('incident-short-description', () => s.find('incident-short-description'));
    await s.type(desc, 'Printer on fire (end-to-end test)');
    await s.click(await s.find('incident-send'));
    const number = await s.waitForText('incident-number', /INC\d{7}/);
    assert.match(number, /INC0010001/);
    await s.waitForText('response-status', /201/);
    await shot(s, '03-incident-created');
  } finally {
    await s.end();
  }

  // Nothing the app wrote holds a secret or the token: its data dir, the XDG dirs WebKit and
  // GTK write to (private to this run), and any temp file written during the run.
  const secrets = ['sandbox-secret', 'sandbox-password', accessToken];
  const written = [dataDir, process.env.XDG_DATA_HOME, process.env.XDG_CACHE_HOME, process.env.XDG_CONFIG_HOME]
    .filter(Boolean)
    .flatMap(filesUnder)
    .concat(filesUnder(tmpdir()).filter((f) => statSync(f).mtimeMs >= started));
  let scanned = 0;
  for (const f of written) {
    let bytes;
    try {
      if (statSync(f).size > 64 * 1024 * 1024) continue;
      bytes = readFileSync(f).toString('latin1');
    } catch {
      continue; // sockets, vanished temp files
    }
    scanned++;
    for (const secret of secrets) {
      assert.ok(!bytes.includes(secret), `${f} holds a secret`);
    }
  }
  assert.ok(scanned > 3, `scanned ${scanned} files`);
  // The secret is in the keychain (Secret Service), under the profile's entry of this data
  // directory's own service (KeyringStore::for_data_dir), and under no other.
  const lookup = (service, username = 'Sandbox:client-secret') => {
    try {
      return execFileSync('secret-tool', ['lookup', 'service', service, 'username', username]).toString();
    } catch {
      return null; // secret-tool exits 1 when there is no such entry
    }
  };
  assert.equal(lookup(keychainService(dataDir)), 'sandbox-secret');
  assert.equal(lookup('snowpost'), null, 'the default data directory has no Sandbox entry');

  s = await Session.start(base, app);
  try {
    const item = await s.waitFor('profile-item', async () => {
      for (const el of await s.findAll('profile-item')) {
        if (/Sandbox/.test(await s.text(el))) return el;
      }
      return null;
    });
    await s.click(item);
    await s.waitForText('secret-status-client_secret', /^\s*set\s*$/i);
    await s.waitForText('secret-status-password', /^\s*set\s*$/i);
    // The token survived the restart through the keychain only.
    await s.click(await s.find('tab-token'));
    await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);
    await shot(s, '04-after-restart');

    // Moving the profile to another instance forgets its secrets unless the box is ticked…
    const instance = await s.find('profile-instance');
    await s.clear(instance);
    await s.type(instance, 'dev1');
    const keep = await s.waitFor('profile-keep-secrets', () => s.find('profile-keep-secrets'));
    assert.equal(await s.checked(keep), false, 'keeping secrets is opt-in');
    await s.click(await s.find('profile-save'));
    await s.waitForText('secret-status-client_secret', /^\s*not set\s*$/i);
    await s.waitForText('secret-status-password', /^\s*not set\s*$/i);
    // The Token tab follows: the old instance's token is gone, its form is not shown.
    await s.waitFor('token forgotten', async () => (await s.findAll('token-countdown')).length === 0);
    assert.doesNotMatch(await s.text(await s.find('token-url')), /127\.0\.0\.1/);
    await shot(s, '05-instance-moved');
    // …and "Try without an instance" leaves the user's "Sandbox" alone from then on.
    await s.click(await s.find('try-sandbox'));
    await s.waitForText('profile-item', /Sandbox 2/);
  } finally {
    await s.end();
  }
  const entry = (name) => lookup(keychainService(dataDir), `${name}:client-secret`);
  assert.equal(entry('Sandbox'), null, 'the moved profile lost its client secret');
  assert.equal(entry('Sandbox 2'), 'sandbox-secret');
});

/** `snowpost:` and the 64-bit FNV-1a of the data directory's real path, as the app names it. */
function keychainService(dir) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(realpathSync(dir))) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `snowpost:${h.toString(16).padStart(16, '0')}`;
}
