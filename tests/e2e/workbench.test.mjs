// The Table workbench in the real app window (tauri-driver + WebKitWebDriver under Xvfb, a real
// keychain; scripts/test-app sets that up). The sandbox starts with 30 seeded incidents and 2000
// u_big records (SNOWPOST_SANDBOX_SEED, read by the app, inherited through tauri-driver).
// 1. Query builder (urgency=1, ORDER BY DESC number, sysparm_limit 2, sysparm_fields) → send →
//    X-Total-Count and Next page → History lists the calls and re-sends one → the curl snippet
//    holds $SN_ACCESS_TOKEN, never the token → a pasted curl command fills the request.
// 2. Through the native GTK file dialogs (answered with xdotool): Fetch all to a CSV file page
//    by page → save the request → export it as a Postman collection and environment (no secret
//    in either) → delete it → import the collection back → send it → Import records from an
//    NDJSON file picked in the open dialog, then a CSV with an update key updates in place.
// 3. A 2000-record list, too long for the editor, goes to the line viewer: search finds and
//    shows a record; Raw shows the one-line body as bounded rows, and search works there too.
// A screenshot of each step goes to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { answerFileDialog, Session, saveShot, sleep, startDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const app = process.env.SNOWPOST_APP ?? join(target, 'debug', 'snowpost-desktop');
const artifacts = process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, 'e2e-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-workbench-'));
// tauri-driver here, WebKitWebDriver behind it; app.test.mjs uses 4444 (and the default 4445).
const port = 4446;
const nativePort = 4466;
const base = `http://127.0.0.1:${port}`;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, nativePort, { SNOWPOST_DATA_DIR: dataDir, SNOWPOST_SANDBOX_SEED: 'incident=30,u_big=2000' });
});

after(() => driver?.kill());

const shot = (session, name) => saveShot(session, artifacts, name);

/** Runs `body` in the page with the element as `el` (and `arg` as the second argument). */
function onElement(s, el, body, arg) {
  return s.cmd('POST', '/execute/sync', {
    script: `const el = arguments[0], arg = arguments[1]; ${body}`,
    args: [{ [ELEMENT]: el }, arg ?? null],
  });
}

const valueOf = (s, el) => onElement(s, el, 'return el.value;');
const isDisabled = (s, el) => onElement(s, el, 'return el.disabled;');

/** Empties an input the way a user would (an `input` event), then types `text` with keys. */
async function fill(s, el, text) {
  await onElement(s, el, "el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));");
  if (text) await s.type(el, text);
}

/** Chooses an option of a <select> and fires `change`, as picking it does. */
function choose(s, el, value) {
  return onElement(
    s,
    el,
    "el.value = arg; el.dispatchEvent(new Event('change', { bubbles: true })); return el.value;",
    value,
  );
}

/** "Try without an instance", then the Request tab with its Table or Path target. */
async function openRequestTab(s, target) {
  await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
  await s.waitForText('profile-item', /Sandbox/);
  await s.click(await s.waitFor('tab-request', () => s.find('tab-request')));
  const button = `request-target-${target}`;
  await s.click(await s.waitFor(button, () => s.find(button)));
}

async function nth(s, testid, i) {
  return s.waitFor(`${testid}[${i}]`, async () => (await s.findAll(testid))[i]);
}

/** The INC numbers in the response body (the body is small: sysparm_fields keeps two fields). */
async function numbersShown(s) {
  const text = await s.text(await s.find('response-body'));
  return [...text.matchAll(/INC\d{7}/g)].map((m) => m[0]);
}

async function waitNumbers(s, expected) {
  return s.waitFor(`records ${expected}`, async () => {
    const seen = await numbersShown(s);
    return JSON.stringify(seen) === JSON.stringify(expected) ? seen : null;
  });
}

test('query builder, pagination, history, snippet, curl import', async () => {
  const s = await Session.start(base, app);
  try {
    await openRequestTab(s, 'table');
    await fill(s, await s.find('request-table'), 'incident');

    // urgency = 1, ORDER BY number descending, 2 per page, two fields.
    await s.click(await s.waitFor('query-add', () => s.find('query-add')));
    // Typed, not picked: Escape closes the field picker's list, as a user would.
    await s.type(await nth(s, 'query-field', 0), 'urgency\uE00C');
    assert.equal(await valueOf(s, await nth(s, 'query-operator', 0)), '=');
    // urgency has a choice list, so its value is picked, not typed.
    assert.equal(await choose(s, await nth(s, 'query-value', 0), '1'), '1');
    await s.click(await s.find('query-order-add'));
    await s.type(await nth(s, 'query-order-field', 0), 'number\uE00C');
    assert.equal(await choose(s, await s.find('query-order-direction'), 'desc'), 'desc');
    const raw = await s.find('query-raw');
    await s.waitFor('sysparm_query encoded', async () =>
      (await valueOf(s, raw)) === 'urgency=1^ORDERBYDESCnumber',
    );
    await fill(s, await s.find('sysparm-limit'), '2');
    await fill(s, await s.find('sysparm-fields'), 'number,urgency');
    const resolved = await s.waitForText('request-resolved', /sysparm_limit=2&/);
    assert.match(resolved, /sysparm_query=urgency%3D1%5EORDERBYDESCnumber/);
    assert.match(resolved, /sysparm_fields=number%2Curgency/);
    await shot(s, 'w01-query-builder');

    await s.click(await s.find('request-send'));
    await s.waitForText('response-status', /200/, 30000);
    const total = await s.waitForText('pagination-total', /\d+ records/);
    assert.match(total, /^\s*10 records/, '10 of the 30 seeded incidents have urgency 1');
    const first = await waitNumbers(s, ['INC0010028', 'INC0010025']);
    assert.equal(await isDisabled(s, await s.find('page-prev')), true);
    assert.equal(await isDisabled(s, await s.find('page-next')), false);
    await shot(s, 'w02-first-page');

    await s.click(await s.find('page-next'));
    const second = await waitNumbers(s, ['INC0010022', 'INC0010019']);
    assert.notDeepEqual(second, first);
    await s.waitForText('response-status', /200/);
    await s.waitFor('page-prev enabled', async () => !(await isDisabled(s, await s.find('page-prev'))));
    await shot(s, 'w03-next-page');

    // History: both calls, newest first; search; re-send.
    await s.click(await s.find('tab-history'));
    await s.waitFor('two history items', async () => (await s.findAll('history-item')).length >= 2);
    const items = await s.findAll('history-item');
    assert.match(await s.text(items[0]), /GET[\s\S]*200[\s\S]*sysparm_offset=2/);
    assert.doesNotMatch(await s.text(items[1]), /sysparm_offset=2/);
    await s.type(await s.find('history-search'), 'offset');
    await s.waitFor('history filtered', async () => (await s.findAll('history-item')).length === 1);
    await shot(s, 'w04-history');
    await s.click(await s.find('history-resend'));
    await s.waitForText('response-status', /200/);
    const path = await s.waitFor('request-path', () => s.find('request-path'));
    assert.match(await valueOf(s, path), /\/api\/now\/table\/incident$/);
    await waitNumbers(s, ['INC0010022', 'INC0010019']);
    await s.click(await s.find('tab-history'));
    await fill(s, await s.find('history-search'), '');
    await s.waitFor('re-sent call in history', async () => (await s.findAll('history-item')).length >= 3);

    // The curl snippet reads the token from the environment.
    await s.click(await s.find('tab-request'));
    await s.click(await s.waitFor('code-snippets', () => s.find('code-snippets')));
    const snippet = await s.waitForText('snippet-code', /SN_ACCESS_TOKEN/);
    assert.match(snippet, /curl/);
    await shot(s, 'w05-code-snippet');
    await s.click(await s.find('tab-token'));
    await s.waitForText('token-countdown', /^\s*\d{1,2}:\d{2}\s*$/);
    await s.click(await s.find('token-reveal'));
    const token = await s.waitFor('revealed token', async () => {
      const t = (await s.text(await s.find('token-masked'))).trim();
      return /^[A-Za-z0-9_-]{40,}$/.test(t) ? t : null;
    });
    await s.click(await s.find('token-reveal'));
    assert.ok(!snippet.includes(token), 'the snippet holds no token');

    // A pasted curl command fills the request.
    await s.click(await s.find('tab-request'));
    const instance = /(https?:\/\/[^/\s]+)/.exec(await s.text(await s.find('request-resolved')))[1];
    await s.click(await s.waitFor('import-curl', () => s.find('import-curl')));
    await s.type(
      await s.waitFor('curl-text', () => s.find('curl-text')),
      `curl '${instance}/api/now/table/incident?sysparm_limit=1'`,
    );
    await s.click(await s.find('curl-apply'));
    await s.waitForText('curl-notes', /now holds the command/);
    const table = await s.waitFor('request-table', () => s.find('request-table'));
    assert.equal(await valueOf(s, table), 'incident');
    await s.waitFor('sysparm_limit 1', async () => (await valueOf(s, await s.find('sysparm-limit'))) === '1');
    await s.waitFor('the old query gone from the builder', async () =>
      (await s.findAll('query-row')).length === 0,
    );
    const url = await s.waitForText('request-resolved', /\/api\/now\/table\/incident\?sysparm_limit=1\s*$/);
    assert.doesNotMatch(url, /sysparm_query/);
    await s.click(await s.find('request-send'));
    await s.waitForText('pagination-total', /^\s*30 records/);
    await shot(s, 'w06-curl-import');
  } finally {
    await s.end();
  }
});

test('fetch all to a file, saved requests, Postman export and import (native dialogs)', async () => {
  const files = mkdtempSync(join(tmpdir(), 'snowpost-e2e-files-'));
  const s = await Session.start(base, app);
  try {
    await openRequestTab(s, 'table');
    await fill(s, await s.find('request-table'), 'incident');
    await s.waitFor('no query left', async () => (await s.findAll('query-row')).length === 0);
    await fill(s, await s.find('sysparm-limit'), '7');
    await fill(s, await s.find('sysparm-fields'), 'number,short_description');

    // Fetch all: 30 records in pages of 7, to the CSV file typed into the save dialog.
    const csv = join(files, 'incidents.csv');
    await s.click(await s.find('fetch-all'));
    await answerFileDialog('Fetch all records to', csv);
    const done = await s.waitForText('fetch-done', /Fetched 30 records in 5 pages/, 30000);
    assert.match(done, new RegExp(`written to ${csv}`));
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'number,short_description');
    assert.equal(rows.length, 31);
    assert.deepEqual(
      rows.slice(1).map((r) => r.split(',')[0]).sort(),
      Array.from({ length: 30 }, (_, i) => `INC${String(10001 + i).padStart(7, '0')}`),
    );
    await shot(s, 'w07-fetch-all');

    // Save the request under a name, then export the profile's saved requests.
    await s.click(await s.find('save-request'));
    await fill(s, await s.waitFor('save-name', () => s.find('save-name')), 'Incident numbers');
    await s.click(await s.find('save-confirm'));
    await s.click(await s.waitFor('saved-requests', () => s.find('saved-requests')));
    await s.waitFor('one saved request', async () => (await s.findAll('saved-item')).length === 1);
    const collection = join(files, 'sandbox.postman_collection.json');
    await s.click(await s.find('export-postman'));
    await answerFileDialog('Export Postman collection', collection);
    await s.waitForText('saved-notice', /Exported to/);
    const exported = readFileSync(collection, 'utf8');
    const environment = join(files, 'Sandbox.postman_environment.json');
    assert.ok(existsSync(environment), 'the environment is written beside the collection');
    const c = JSON.parse(exported);
    assert.equal(c.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    assert.deepEqual(c.item.map((i) => i.name), ['Incident numbers']);
    // The collection gets its own token: a pre-request script, sent as a bearer token.
    assert.equal(c.auth.type, 'bearer');
    assert.equal(c.event[0].listen, 'prerequest');
    for (const text of [exported, readFileSync(environment, 'utf8')]) {
      for (const secret of ['sandbox-secret', 'sandbox-password']) {
        assert.ok(!text.includes(secret), `an export holds ${secret}`);
      }
      assert.doesNotMatch(text, /Bearer [A-Za-z0-9_-]{20,}/);
    }
    await shot(s, 'w08-postman-export');

    // Delete it, import the collection back through the open dialog, and send it.
    await s.click(await s.find('saved-delete'));
    await s.waitFor('no saved request', async () => (await s.findAll('saved-item')).length === 0);
    await s.click(await s.find('import-postman-env'));
    await answerFileDialog('Import Postman collection', collection, 'open');
    await answerFileDialog('Its Postman environment', environment, 'open');
    await s.waitForText('saved-notice', /Imported 1 request with the environment "Sandbox \(Snowpost\)"/);
    const item = await s.waitFor('imported request', async () => (await s.findAll('saved-item'))[0]);
    assert.match(await s.text(item), /Incident numbers[\s\S]*\/api\/now\/table\/incident/);
    await fill(s, await s.find('sysparm-limit'), '1');
    await s.click(await s.find('saved-open'));
    await s.waitFor('sysparm_limit back to 7', async () =>
      (await valueOf(s, await s.find('sysparm-limit'))) === '7',
    );
    await s.click(await s.find('request-send'));
    await s.waitForText('pagination-total', /^\s*30 records/, 30000);
    assert.deepEqual((await numbersShown(s)).length, 7);
    await shot(s, 'w09-postman-import');

    // Run all: every saved request in order, one result row each, as newman reports.
    await s.click(await s.find('run-saved'));
    await s.waitForText('saved-notice', /^1 sent: 1 passed, 0 failed$/);
    assert.equal((await s.text(await s.find('run-status'))).trim(), '200');
    await shot(s, 'w09b-run-all');

    // Import records (last: it adds incidents): an NDJSON file picked in the open dialog, one incident per row.
    const ndjson = join(files, 'new-incidents.ndjson');
    writeFileSync(ndjson, ['a', 'b', 'c'].map((d) => JSON.stringify({ short_description: `imported ${d}` })).join('\n'));
    await s.click(await s.find('import-records'));
    await answerFileDialog('Import records from', ndjson, 'open');
    await s.waitForText('import-done', /3\/3 rows/, 30000);
    const results = readFileSync(join(files, 'new-incidents.results.ndjson'), 'utf8').trim().split('\n');
    assert.equal(results.filter((l) => JSON.parse(l).status === 'inserted').length, 3);
    await shot(s, 'w09c-import-records');

    // Again with an update key: the row matching an imported record updates it in place.
    const updates = join(files, 'update-incidents.csv');
    writeFileSync(updates, 'short_description,urgency\nimported b,1\n');
    await fill(s, await s.find('import-update-key'), 'short_description');
    await s.click(await s.find('import-records'));
    await answerFileDialog('Import records from', updates, 'open');
    await s.waitForText('import-done', /1\/1 rows/, 30000);
    const updated = readFileSync(join(files, 'update-incidents.results.ndjson'), 'utf8').trim();
    assert.equal(JSON.parse(updated).status, 'updated', updated);
  } finally {
    await s.end();
  }
});

/** The rows the line viewer shows: [gutter, text] pairs, and the current search hit's text. */
const viewerRows = (s) =>
  s.cmd('POST', '/execute/sync', {
    script: `const body = document.querySelector('[data-testid="response-body"]');
      return { mode: body?.dataset.mode,
        rows: [...body.querySelectorAll('.row')].map((r) => [r.querySelector('.ln').textContent, r.querySelector('.text').textContent]),
        current: body.querySelector('.row.current .text')?.textContent ?? null };`,
    args: [],
  });

test('a long list in the line viewer: search, and Raw as bounded rows', async () => {
  const s = await Session.start(base, app);
  try {
    await openRequestTab(s, 'path');
    const path = await s.waitFor('request-path', () => s.find('request-path'));
    await fill(s, path, '/api/now/table/u_big?sysparm_limit=2000');
    await s.click(await s.find('request-send'));
    await s.waitForText('response-status', /200/, 30000);
    const pretty = await s.waitFor('the line viewer', async () => {
      const v = await viewerRows(s);
      return v.mode === 'virtual' && v.rows.length > 10 ? v : null;
    });
    assert.deepEqual(pretty.rows[0], ['1', '{']);
    assert.match(pretty.rows[1][1], /^\s+"result": \[$/);

    await s.type(await s.find('body-search'), 'Seeded record 1500');
    await s.waitForText('body-search-count', /^\s*1 of 1\s*$/);
    const found = await s.waitFor('the hit in view', async () => (await viewerRows(s)).current);
    assert.match(found, /"short_description": "Seeded record 1500"/);
    await shot(s, 'w10-line-viewer-search');

    // Raw: the body as received is one line; it shows as rows of at most 512 bytes, marked ↪.
    await s.cmd('POST', '/execute/sync', {
      script: `[...document.querySelectorAll('.segmented.pretty button')].find((b) => b.textContent === 'Raw').click();`,
      args: [],
    });
    const raw = await s.waitFor('raw rows', async () => {
      const v = await viewerRows(s);
      return v.mode === 'virtual' && v.rows[0]?.[1].startsWith('{"result":[') ? v : null;
    });
    assert.equal(raw.rows[0][0], '1');
    assert.ok(raw.rows.slice(1).every(([ln]) => ln === '↪'), 'every later row continues line 1');
    assert.ok(raw.rows.every(([, text]) => new TextEncoder().encode(text).length <= 512));
    await s.type(await s.find('body-search'), 'Seeded record 1999"');
    await s.waitForText('body-search-count', /^\s*1 of 1\s*$/);
    const rawHit = await s.waitFor('the raw hit in view', async () => (await viewerRows(s)).current);
    assert.match(rawHit, /Seeded record 1999"/);
    // …and scrolled sideways so the match itself is on screen in its long row.
    await s.waitFor('the match on screen', () =>
      s.cmd('POST', '/execute/sync', {
        script: `const text = document.querySelector('[data-testid="response-body"] .row.current .text');
          const node = text.firstChild, at = node.data.indexOf('Seeded record 1999');
          const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 18);
          const m = range.getBoundingClientRect(), v = text.closest('.scroller').getBoundingClientRect();
          return m.left >= v.left && m.right <= v.right;`,
        args: [],
      }),
    );
    await shot(s, 'w11-raw-rows');
  } finally {
    await s.end();
  }
});
