// Attachments in the real app window ("Try without an instance"): on the Request tab, a record
// (INC0010001) gets a file attached through the native open dialog (answered with xdotool), the
// panel lists it, Save writes it through the native save dialog byte for byte, Delete removes it.
// A second test sends a PDF as a Path request's File body (the Attachment API's raw upload),
// downloads it, and hands the bytes to the system viewer: a stub xdg-open on the app's PATH
// copies what it is given, which must be the uploaded PDF.
// A screenshot of each step goes to $SNOWPOST_E2E_ARTIFACTS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerFileDialog, appPaths, choose, fill, openSandboxRequestTab, Session, saveShot, startDriver } from './webdriver.mjs';

const { app, artifacts } = appPaths();
const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-e2e-attachments-'));
const port = 4452;
const nativePort = 4472;
const base = `http://127.0.0.1:${port}`;
const files = mkdtempSync(join(tmpdir(), 'snowpost-e2e-att-'));
const viewed = join(files, 'viewed.pdf');
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const bin = join(files, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\ncp "$1" "${viewed}"\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  driver = await startDriver(port, nativePort, {
    SNOWPOST_DATA_DIR: dataDir,
    SNOWPOST_SANDBOX_SEED: 'incident=3',
    PATH: `${bin}:${process.env.PATH}`,
  });
});

after(() => driver?.kill());

test('attach a file to an incident, list it, save it back byte for byte, delete it', async () => {
  const upload = join(files, 'evidence.bin');
  const bytes = randomBytes(300 * 1024);
  writeFileSync(upload, bytes);
  const s = await Session.start(base, app);
  try {
    await openSandboxRequestTab(s);
    await s.click(await s.waitFor('request-target-table', () => s.find('request-target-table')));
    await fill(s, await s.find('request-table'), 'incident');
    await fill(s, await s.find('request-sys-id'), 'INC0010001');

    await s.click(await s.waitFor('attachments-toggle', () => s.find('attachments-toggle')));
    await s.waitFor('attach-file', () => s.find('attach-file'));
    await s.click(await s.find('attach-file'));
    await answerFileDialog('Attach a file', upload, 'open');
    const row = await s.waitForText('attachment-row', /evidence\.bin/, 30000);
    assert.match(row, /application\/octet-stream/);
    await saveShot(s, artifacts, 'att01-attached');

    const saved = join(files, 'saved.bin');
    await s.click(await s.find('attachment-save'));
    await answerFileDialog('Save attachment', saved);
    await s.waitForText('attachments-notice', /Saved evidence\.bin/);
    assert.ok(readFileSync(saved).equals(bytes), 'the saved file is the attached one');

    await s.click(await s.find('attachment-delete'));
    await s.waitFor('no attachment', async () => (await s.findAll('attachment-row')).length === 0);
    await saveShot(s, artifacts, 'att02-deleted');
  } finally {
    await s.end();
  }
});

/** Sends the Request tab's form and returns the pretty body's text once `status` shows. */
async function send(s, status) {
  await s.click(await s.find('request-send'));
  await s.waitForText('response-status', status, 30000);
  return s.text(await s.find('response-body'));
}

test('a PDF goes up as a File body, comes back as bytes and opens in the system viewer', async () => {
  const pdf = join(files, 'report.pdf');
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64 * 1024)]);
  writeFileSync(pdf, bytes);
  const s = await Session.start(base, app);
  try {
    await openSandboxRequestTab(s);
    await s.click(await s.waitFor('request-target-path', () => s.find('request-target-path')));
    await fill(s, await s.find('request-path'), '/api/now/table/incident?sysparm_query=number=INC0010002');
    const incident = (await send(s, /200/)).match(/"sys_id": "([0-9a-f]{32})"/)?.[1];
    assert.ok(incident, 'the incident answered with its sys_id');

    await choose(s, 'request-method', 'POST');
    await fill(
      s,
      await s.find('request-path'),
      `/api/now/attachment/file?table_name=incident&table_sys_id=${incident}&file_name=report.pdf`,
    );
    await s.click(await s.find('section-body'));
    await s.click(await s.waitFor('file mode', () => s.find('request-body-file-mode')));
    await s.click(await s.find('request-body-file-pick'));
    await answerFileDialog('Request body', pdf, 'open');
    await s.waitForText('request-body-file', /report\.pdf.*application\/pdf/s);
    await saveShot(s, artifacts, 'att03-file-body');
    const meta = await send(s, /201/);
    assert.match(meta, /"content_type": "application\/pdf"/);
    const attachment = meta.match(/"sys_id": "([0-9a-f]{32})"/)?.[1];
    assert.ok(attachment);

    await choose(s, 'request-method', 'GET');
    await fill(s, await s.find('request-path'), `/api/now/attachment/${attachment}/file`);
    await s.click(await s.find('request-send'));
    await s.waitForText('response-status', /200/, 30000);
    await s.waitForText('binary-body', /application\/pdf/);
    await s.click(await s.find('binary-open'));
    await s.waitForText('binary-opened', /Opened/);
    await s.waitFor('the viewer got the file', () => existsSync(viewed) && readFileSync(viewed).length === bytes.length);
    assert.ok(readFileSync(viewed).equals(bytes), 'the system viewer got the uploaded PDF');
    await saveShot(s, artifacts, 'att04-pdf-opened');
  } finally {
    await s.end();
  }
});
