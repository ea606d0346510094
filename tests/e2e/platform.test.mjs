// The instance's other APIs in the real app window ("Try without an instance"), from the
// Request tab's tools: two saved requests go as one Batch API call and each answer opens in the
// viewer; the Scripted REST tool lists the seeded API and escalates an incident through its
// path parameter; the Aggregate tool groups incidents by priority into a table.
// A screenshot of each step goes to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appPaths, fill, openSandboxRequestTab, Session, saveShot, startDriver } from './webdriver.mjs';

const { app, artifacts } = appPaths();
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-platform-'));
const port = 4453;
const nativePort = 4473;
const base = `http://127.0.0.1:${port}`;
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, nativePort, { SNOWPOST_DATA_DIR: dataDir, SNOWPOST_SANDBOX_SEED: 'incident=6' });
});

after(() => driver?.kill());

const texts = async (s, testid) => Promise.all((await s.findAll(testid)).map((el) => s.text(el)));

async function saveAs(s, name) {
  await s.click(await s.find('save-request'));
  await fill(s, await s.waitFor('save-name', () => s.find('save-name')), name);
  await s.click(await s.find('save-confirm'));
  await s.waitFor(`"${name}" saved`, async () => !(await s.findAll('save-name')).length);
}

test('a batch of saved requests, a Scripted REST operation and an aggregate, from the Request tab', async () => {
  const s = await Session.start(base, app);
  try {
    await openSandboxRequestTab(s);
    await s.click(await s.waitFor('request-target-path', () => s.find('request-target-path')));

    // Two saved requests: a list that answers 200, a missing record that answers 404.
    await fill(s, await s.find('request-path'), '/api/now/table/incident?sysparm_fields=sys_id,number');
    await s.click(await s.find('request-send'));
    await s.waitForText('response-status', /200/, 30000);
    const incident = (await s.text(await s.find('response-body'))).match(/"sys_id": "([0-9a-f]{32})"/)?.[1];
    assert.ok(incident, 'an incident sys_id in the list');
    await saveAs(s, 'list incidents');
    await fill(s, await s.find('request-path'), '/api/now/table/incident/0000000000000000000000000000dead');
    await saveAs(s, 'missing incident');

    await s.click(await s.find('saved-requests'));
    await s.waitFor('two saved', async () => (await s.findAll('saved-item')).length === 2);
    for (const pick of await s.findAll('saved-pick')) await s.click(pick);
    await s.click(await s.find('send-batch'));
    await s.waitFor('two answers', async () => (await texts(s, 'batch-status')).join(',') === '200,404', 30000);
    await saveShot(s, artifacts, 'p01-batch');
    const [, missing] = await s.findAll('batch-item');
    await s.click(missing);
    await s.waitForText('response-status', /404/);
    await s.waitForText('response-body', /No Record found/);

    // Scripted REST: the seeded API's operations; Escalate takes the incident as {sys_id}.
    await s.click(await s.find('scripted-apis'));
    await s.click(await s.waitFor('apis-load', () => s.find('apis-load')));
    await s.waitFor('two operations', async () => (await s.findAll('apis-operation')).length === 2, 30000);
    const ops = await texts(s, 'apis-operation');
    const escalate = (await s.findAll('apis-operation'))[ops.findIndex((t) => /Escalate/.test(t))];
    await s.click(escalate);
    await fill(s, await s.waitFor('apis-param', () => s.find('apis-param')), incident);
    await fill(s, await s.find('apis-body'), '{"reason":"customer down"}');
    await s.click(await s.find('apis-send'));
    await s.waitForText('response-status', /200/, 30000);
    const escalated = await s.text(await s.find('response-body'));
    assert.match(escalated, new RegExp(incident));
    assert.match(escalated, /"priority": "1"/);
    await saveShot(s, artifacts, 'p02-scripted-rest');

    // Aggregate: incidents counted by priority; the escalated one is a priority 1.
    await s.click(await s.find('aggregate'));
    await fill(s, await s.waitFor('stats-table', () => s.find('stats-table')), 'incident');
    await fill(s, await s.find('stats-groupBy'), 'priority');
    await s.click(await s.find('stats-run'));
    const table = await s.waitForText('stats-result', /count/i, 30000);
    const counts = [...table.matchAll(/^\s*\S+\s+(\d+)\s*$/gm)].map((m) => Number(m[1]));
    assert.equal(counts.reduce((a, b) => a + b, 0), 6, table);
    await saveShot(s, artifacts, 'p03-aggregate');
  } finally {
    await s.end();
  }
});
