// kill -9 the real app while it writes: 50 launches of snowpost-desktop (under Xvfb, as
// scripts/test-app runs it) on a database made by schema v1 (the migration fixture), each
// killed at a different moment of its start-up, where it migrates the database to the current
// schema. After each kill the database passes PRAGMA integrity_check and holds every profile of
// the fixture, and the CLI opens it (finishing a migration the kill interrupted).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const cli = join(target, 'debug', 'snowpost');
const fixture = join(root, 'crates', 'core', 'tests', 'fixtures', 'schema', 'v1.db');

const INSPECT = `import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(json.dumps({
    "integrity": c.execute("PRAGMA integrity_check").fetchone()[0],
    "version": c.execute("PRAGMA user_version").fetchone()[0],
    "profiles": [r[0] for r in c.execute("SELECT name FROM profile ORDER BY name")],
}))`;

const inspect = (db) => JSON.parse(execFileSync('python3', ['-c', INSPECT, db]).toString());

test('50 kills of the app mid-write leave a sound database', async () => {
  const versions = {};
  for (let i = 0; i < 50; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'snowpost-crash-'));
    copyFileSync(fixture, join(dir, 'snowpost.db'));
    const env = { ...process.env, SNOWPOST_DATA_DIR: dir };
    const child = spawn(app, [], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // A spread of moments, from before the database is opened to well after.
    await sleep((i * 23) % 700);
    child.kill('SIGKILL');
    await exited;

    const db = inspect(join(dir, 'snowpost.db'));
    assert.equal(db.integrity, 'ok', `kill ${i}`);
    assert.deepEqual(db.profiles, ['dev', 'prod'], `kill ${i}`);
    versions[db.version] = (versions[db.version] ?? 0) + 1;
    const listed = JSON.parse(execFileSync(cli, ['profile', 'list'], { env }).toString());
    assert.deepEqual(
      listed.map((p) => p.name),
      ['dev', 'prod'],
    );
    rmSync(dir, { recursive: true, force: true });
  }
  // How far each run got before the kill: schema 1 (not opened yet) … the current one.
  console.log(`schema version found after each of the 50 kills: ${JSON.stringify(versions)}`);
});
