// The Debian package as installed (issue 12): its files are where a desktop looks for them, the
// `snowpost` command runs, and the installed app opens its window and starts the sandbox.
// SNOWPOST_INSTALLED_APP is the installed app: /usr/bin/snowpost-desktop after
// `apt-get install ./…deb` (CI), or the same path in a tree `dpkg-deb -x` unpacked (scripts/test
// elsewhere); the package's other files are looked up beside it. Unset, there is nothing to test.
// A screenshot of the window goes to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, saveShot, startDriver } from './webdriver.mjs';

const app = process.env.SNOWPOST_INSTALLED_APP;
const skip = app ? false : 'SNOWPOST_INSTALLED_APP is not set (scripts/test sets it)';
const root = resolve(import.meta.dirname, '..', '..');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(root, 'target', 'e2e-artifacts');
// …/usr/bin/snowpost-desktop → the root the package is installed (or unpacked) under.
const prefix = app ? resolve(app, '..', '..', '..') : '';
const port = 4490;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(app), `${app} does not exist: build the package (scripts/package) and install it`);
  mkdirSync(artifacts, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-installed-'));
  driver = await startDriver(port, port + 1, { SNOWPOST_DATA_DIR: dataDir });
});

after(() => driver?.kill());

test('the package installs the CLI, a menu entry and icons', { skip }, () => {
  const cli = join(prefix, 'usr', 'bin', 'snowpost');
  assert.match(execFileSync(cli, ['--version'], { encoding: 'utf8' }), /^snowpost \d+\.\d+\.\d+/);
  assert.match(execFileSync(cli, ['--help'], { encoding: 'utf8' }), /profile/);

  const menu = join(prefix, 'usr', 'share', 'applications');
  const entries = readdirSync(menu).filter((f) => f.endsWith('.desktop'));
  assert.ok(entries.length > 0, `no .desktop entry in ${menu}`);
  const desktop = entries
    .map((f) => readFileSync(join(menu, f), 'utf8'))
    .find((d) => /^Exec=snowpost-desktop\b/m.test(d));
  assert.ok(desktop, `no .desktop entry in ${menu} runs snowpost-desktop`);
  assert.match(desktop, /^Name=Snowpost$/m);
  const icon = desktop.match(/^Icon=(.+)$/m)[1];
  assert.ok(
    existsSync(join(prefix, 'usr', 'share', 'icons', 'hicolor', '128x128', 'apps', `${icon}.png`)),
    `no 128x128 icon named ${icon}`,
  );

  if (prefix === '/') {
    // Installed for real: dpkg knows the package, and the menu entry's Exec finds the app on PATH.
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status} ${Version}', 'snowpost'], {
      encoding: 'utf8',
    });
    assert.match(status, /^install ok installed /);
    assert.equal(execFileSync('sh', ['-c', 'command -v snowpost-desktop'], { encoding: 'utf8' }).trim(), app);
  }
});

test('the installed app opens its window', { skip }, async () => {
  const s = await Session.start(base, app);
  try {
    const tryIt = await s.waitFor('try-sandbox', () => s.find('try-sandbox'));
    // The native window, mapped on the display under its title.
    const windows = await s.waitFor('a window titled Snowpost', () => {
      try {
        const args = ['search', '--onlyvisible', '--name', '^Snowpost$'];
        return execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
      } catch {
        return ''; // xdotool exits 1 when nothing matches
      }
    });
    assert.ok(windows.length > 0);
    await saveShot(s, artifacts, 'installed-00-window');

    await s.click(tryIt);
    await s.waitForText('profile-item', /Sandbox/);
    await saveShot(s, artifacts, 'installed-01-sandbox-profile');
  } finally {
    await s.end();
  }
});
