// Looks at the built UI (ui/dist, served by `vite preview` with the app's CSP) in Debian's
// Chromium, with a fake back end (dev/mock-backend.ts, injected; never part of ui/dist).
// Drives the main flows, fails on any console error or CSP violation, and writes screenshots
// to $SNOWPOST_SHOTS (default: <tmp>/snowpost-screenshots). Run: npm run screenshot
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const shots = process.env.SNOWPOST_SHOTS ?? join(tmpdir(), 'snowpost-screenshots');
mkdirSync(shots, { recursive: true });

const mockDir = mkdtempSync(join(tmpdir(), 'snowpost-mock-'));
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    lib: {
      entry: join(here, 'mock-backend.ts'),
      formats: ['iife'],
      name: 'SnowpostMock',
      fileName: () => 'mock.js',
    },
    outDir: mockDir,
    emptyOutDir: true,
    minify: false,
  },
});

const server = await preview({
  root: ui,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port: 4179, strictPort: false },
});
const url = server.resolvedUrls.local[0];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});

const problems = [];

// Tauri puts a nonce on every inline <style> of the page and adds it to style-src, which turns
// 'unsafe-inline' off, and CodeMirror's run-time styles with it. Keep the page free of them.
const html = readFileSync(join(ui, 'dist', 'index.html'), 'utf8');
if (/<style[\s>]/i.test(html)) problems.push('dist/index.html has an inline <style>');
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html))
  problems.push('dist/index.html has an inline <script>');
if (/https?:\/\//i.test(html)) problems.push('dist/index.html refers to a remote URL');
const $ = (id) => `[data-testid="${id}"]`;

async function open(name, mockOptions, colorScheme = 'light') {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    colorScheme,
  });
  // Anything not served by the preview server is a bug: the window never talks to the network.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(url) || u.startsWith('data:')) return route.continue();
    problems.push(`${name}: request to ${u}`);
    return route.abort();
  });
  // As tauri.conf.json's "freezePrototype": true does in the app.
  await context.addInitScript('Object.freeze(Object.prototype);');
  // SNOWPOST_MOCK_DEBUG=1 prints every command the fake back end answers.
  const debug = Boolean(process.env.SNOWPOST_MOCK_DEBUG);
  await context.addInitScript(
    `window.__SNOWPOST_MOCK__ = ${JSON.stringify({ ...mockOptions, debug })};`,
  );
  await context.addInitScript({ path: join(mockDir, 'mock.js') });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (debug && m.type() === 'info') console.log(m.text().slice(0, 300));
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`${name}: console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  await page.goto(url);
  return { page, context };
}

async function shot(page, file) {
  await page.waitForTimeout(250);
  const path = join(shots, `${file}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
}

async function waitText(page, id, re, timeout = 5000) {
  try {
    await page.waitForFunction(
      ([sel, src]) =>
        [...document.querySelectorAll(sel)].some((e) => new RegExp(src).test(e.textContent ?? '')),
      [$(id), re.source],
      { timeout },
    );
  } catch {
    const seen = await page.locator($(id)).allTextContents();
    throw new Error(`${id} never matched ${re}; it shows ${JSON.stringify(seen)}`);
  }
  return page.locator($(id)).first().innerText();
}

function check(cond, what) {
  if (!cond) problems.push(`check failed: ${what}`);
}

async function mainFlow(colorScheme) {
  const tag = colorScheme === 'dark' ? '-dark' : '';
  const { page, context } = await open(`main${tag}`, {}, colorScheme);
  await page.locator($('try-sandbox')).first().waitFor();
  await shot(page, `01-first-launch${tag}`);

  await page.locator($('try-sandbox')).first().click();
  await waitText(page, 'profile-item', /Sandbox/);
  const preview = await waitText(page, 'token-preview', /client_secret=\*{8}/);
  check(!/sandbox-secret/.test(preview), 'preview masks secrets');
  await shot(page, `02-token-form${tag}`);

  await page.locator($('token-send')).click();
  const first = await waitText(page, 'token-countdown', /^\d{1,2}:\d{2}$/);
  await page.waitForTimeout(1300);
  const later = await page.locator($('token-countdown')).innerText();
  check(first !== later, `countdown is live (${first} → ${later})`);
  await page.locator($('token-reveal')).click();
  await waitText(page, 'token-masked', /^x8Qm/);
  await page.locator($('token-reveal')).click();
  await waitText(page, 'token-masked', /^\*{8}/);
  await page.locator(`${$('token-events')} summary`).click();
  await shot(page, `03-token${tag}`);
  await page.locator($('token-revoke')).click();
  await page.locator($('token-revoke-confirm')).click();
  await page.locator($('token-countdown')).waitFor({ state: 'detached' });
  await waitText(page, 'token-events', /revoked/);

  await page.locator($('tab-incident')).click();
  await page.locator($('incident-short-description')).fill('Printer on fire');
  await page.locator($('incident-urgency')).selectOption('2');
  await page.locator($('incident-impact')).selectOption('1');
  const json = await page.locator($('incident-json')).innerText();
  check(/"urgency": "2"/.test(json) && /Printer on fire/.test(json), 'form → JSON sync');
  // JSON → form: type into the editor.
  await page.locator(`${$('incident-json')} .cm-content`).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.type(',\n"category": "hardware"');
  check(
    (await page.locator($('incident-category')).inputValue()) === 'hardware',
    'JSON → form sync',
  );
  await page.keyboard.type(' oops');
  await page.locator($('incident-json-error')).waitFor();
  check(
    (await page.locator($('incident-short-description')).inputValue()) === 'Printer on fire',
    'invalid JSON keeps the form',
  );
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.locator($('incident-json-error')).waitFor({ state: 'detached' });
  // Ctrl+Enter from inside the editor sends.
  await page.keyboard.press('Control+Enter');
  await waitText(page, 'incident-number', /INC\d{7}/);
  await waitText(page, 'response-status', /201/);
  check((await page.locator($('incident-priority')).innerText()).startsWith('2'), 'priority 2');
  await shot(page, `04-incident${tag}`);

  await page.locator($('tab-request')).click();
  await page.locator($('request-send')).click();
  await waitText(page, 'response-status', /200/);
  await page.locator(`${$('response-body')}[data-mode="full"] .cm-content`).waitFor();
  // Ctrl+F from outside the viewer searches the response body.
  await page.keyboard.press('Control+f');
  await page.locator(`${$('response-body')} .cm-search input[name=search]`).waitFor();
  await page.keyboard.type('INC0010003');
  await page.keyboard.press('Enter');
  await shot(page, `05-request${tag}`);
  await page.keyboard.press('Escape');

  // A body over 20 000 lines goes to the virtual list.
  await page.locator($('sysparm-limit')).fill('2000');
  await page.keyboard.press('Control+Enter');
  await page.locator(`${$('response-body')}[data-mode="virtual"]`).waitFor();
  const scroller = page.locator('.virtual .scroller');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await page.waitForTimeout(400);
  const rows = await page.locator('.virtual .row').count();
  check(rows > 0 && rows < 120, `virtual list renders a window only (${rows} rows)`);
  const pending = await page.locator('.virtual .pending').count();
  check(pending === 0, `virtual list fetched the visible page (${pending} pending)`);
  await shot(page, `06-request-virtual${tag}`);

  await page.locator($('request-sys-id')).fill('missing');
  await page.locator($('request-send')).click();
  await waitText(page, 'response-status', /404/);
  await page
    .locator(`${$('error-panel')} ${$('error-kind')}`)
    .first()
    .waitFor();
  await shot(page, `07-request-404${tag}`);
  await context.close();
}

async function errorFlow() {
  const { page, context } = await open('errors', { profiles: true, rejectToken: true });
  await waitText(page, 'profile-item', /acme-prod/);
  await page.locator($('profile-item'), { hasText: 'dev' }).click();
  await waitText(page, 'profile-instance-normalised', /^https:\/\/dev12345\.service-now\.com$/);
  await waitText(page, 'token-preview', /grant_type=password/);
  await page.locator($('token-send')).click();
  await page.locator($('error-causes')).waitFor();
  const kind = await page
    .locator(`${$('error-panel')} ${$('error-kind')}`)
    .first()
    .innerText();
  check(kind === 'oauth_rejected', `oauth_rejected shown (${kind})`);
  await page
    .locator(`${$('error-causes')} input[type=checkbox]`)
    .first()
    .check();
  await page.locator($('profile-instance')).fill('http://example.com');
  await waitText(page, 'profile-instance-error', /http/);
  await page.locator($('secret-replace-password')).click();
  await page.locator($('secret-input-password')).fill('hunter2');
  await page.locator($('secret-store-password')).click();
  await waitText(page, 'secret-status-password', /^set$/);
  check((await page.locator($('secret-input-password')).count()) === 0, 'secret input cleared');
  await shot(page, '08-token-rejected');

  // A small window, and a new profile being written.
  await page.setViewportSize({ width: 1024, height: 680 });
  await page.locator($('tab-request')).click();
  await page.locator($('profile-new')).click();
  await page.locator($('profile-name')).fill('staging');
  await page.locator($('profile-instance')).fill('acme-staging');
  await waitText(page, 'profile-instance-normalised', /acme-staging\.service-now\.com/);
  await shot(page, '09-new-profile-small');
  await page.locator($('profile-client-id')).fill('0123456789abcdef');
  await page.keyboard.press('Control+s');
  await waitText(page, 'profile-item', /staging/);
  await waitText(page, 'secret-status-client_secret', /^not set$/);
  await page.locator($('request-send')).click();
  await waitText(page, 'response-status', /200/);
  await shot(page, '10-request-small');
  await context.close();
}

async function waitValue(page, id, re, timeout = 5000) {
  try {
    await page.waitForFunction(
      ([sel, src]) => new RegExp(src).test(document.querySelector(sel)?.value ?? ''),
      [$(id), re.source],
      { timeout },
    );
  } catch {
    const seen = await page
      .locator($(id))
      .first()
      .inputValue()
      .catch(() => '(missing)');
    throw new Error(`${id} value never matched ${re}; it is ${JSON.stringify(seen)}`);
  }
}

async function workbenchFlow(colorScheme) {
  const tag = colorScheme === 'dark' ? '-dark' : '';
  const { page, context } = await open(`workbench${tag}`, {}, colorScheme);
  await page.locator($('try-sandbox')).first().click();
  await waitText(page, 'profile-item', /Sandbox/);
  await page.locator($('tab-request')).click();

  // Query builder: rows → sysparm_query.
  const builder = page.locator($('query-builder'));
  await builder.waitFor();
  await page.locator($('query-add')).click();
  await page.locator($('query-field')).nth(0).fill('urgency');
  await page.locator($('query-value')).nth(0).fill('1');
  await page.locator($('query-add')).click();
  await page.locator($('query-join')).nth(0).selectOption('or');
  await page.locator($('query-field')).nth(1).fill('priority');
  await page.locator($('query-operator')).nth(1).selectOption('<=');
  await page.locator($('query-value')).nth(1).fill('2');
  await page.locator($('query-add')).click();
  await page.locator($('query-field')).nth(2).fill('assigned_to');
  await page.locator($('query-operator')).nth(2).selectOption('ISEMPTY');
  check((await page.locator($('query-value')).count()) === 2, 'ISEMPTY hides its value');
  await page.locator($('query-order-add')).click();
  await page.locator($('query-order-field')).fill('number');
  await page.locator($('query-order-direction')).selectOption('desc');
  await waitValue(
    page,
    'query-raw',
    /^urgency=1\^ORpriority<=2\^assigned_toISEMPTY\^ORDERBYDESCnumber$/,
  );
  // sysparm_query text → rows, with a part the builder does not model kept as is.
  await page.locator($('query-raw')).fill('active=true^EQ^ORDERBYnumber');
  await waitText(page, 'query-unparsed', /EQ/);
  check((await page.locator($('query-row')).count()) === 1, 'raw text re-parsed into one row');
  await page.locator($('sysparm-limit')).fill('2');
  await page.locator($('sysparm-fields')).fill('number,short_description,priority');
  await waitText(page, 'request-resolved', /sysparm_query=active%3Dtrue%5EEQ%5EORDERBYnumber/);
  await shot(page, `11-query-builder${tag}`);

  // Pagination.
  await page.locator($('request-send')).click();
  await waitText(page, 'pagination-total', /4,200 records/);
  check(await page.locator($('page-prev')).isDisabled(), 'no prev on the first page');
  await page.locator($('page-next')).click();
  await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, $('page-prev'));
  await page.locator(`${$('response-body')}[data-mode="full"] .cm-content`).waitFor();
  await waitText(page, 'response-body', /INC0010003/);
  await shot(page, `12-pagination${tag}`);

  // Code snippets.
  await page.locator($('code-snippets')).click();
  await waitText(page, 'snippet-code', /SN_ACCESS_TOKEN/);
  await page.locator($('snippet-language'), { hasText: 'Python' }).click();
  await waitText(page, 'snippet-code', /import requests/);
  await shot(page, `13-code-snippet${tag}`);

  // Import curl.
  await page.locator($('import-curl')).click();
  await page
    .locator($('curl-text'))
    .fill(
      "curl -s 'http://127.0.0.1:40111/api/now/table/problem?sysparm_limit=1' -H 'Authorization: Bearer abc' -k",
    );
  await page.locator($('curl-apply')).click();
  await waitText(page, 'curl-notes', /Authorization header was dropped/);
  check((await page.locator($('request-table')).inputValue()) === 'problem', 'curl → table');
  await shot(page, `14-import-curl${tag}`);

  // Saved requests and Postman.
  await page.locator($('save-request')).click();
  await page.locator($('save-name')).fill('One problem');
  await page.locator($('save-confirm')).click();
  await page.locator($('saved-requests')).click();
  await waitText(page, 'saved-item', /One problem/);
  await page.locator($('import-postman')).click();
  await waitText(page, 'saved-notice', /Imported 2 requests/);
  check((await page.locator($('saved-item')).count()) === 3, 'three saved requests');
  await page.locator($('export-postman')).click();
  await waitText(page, 'saved-notice', /postman_collection\.json/);
  await shot(page, `15-saved-requests${tag}`);

  // Fetch all: progress (with a 429 waited out), then the summary; then a cancelled run.
  await page.locator($('sysparm-limit')).fill('1000');
  await page.locator($('fetch-all')).click();
  await waitText(page, 'fetch-progress', /waiting out rate limit/, 8000);
  await shot(page, `16-fetch-progress${tag}`);
  await waitText(page, 'fetch-done', /Fetched 4,200 records in 5 pages/, 10000);
  await shot(page, `17-fetch-done${tag}`);
  await page.locator($('fetch-all')).click();
  await page.locator($('fetch-cancel')).click();
  await waitText(page, 'fetch-done', /Cancelled/, 8000);

  // History.
  await page.locator($('tab-history')).click();
  await waitText(page, 'history-item', /sysparm_offset=2/);
  check((await page.locator($('history-item')).count()) === 2, 'two calls in history');
  await page.locator($('history-search')).fill('offset');
  await page.waitForFunction(
    (sel) => document.querySelectorAll(sel).length === 1,
    $('history-item'),
  );
  await shot(page, `18-history${tag}`);
  await page.locator($('history-resend')).first().click();
  await waitText(page, 'response-status', /200/);
  check((await page.locator($('request-path')).inputValue()) === '/api/now/table/incident', 'path');
  await page.locator($('tab-history')).click();
  await page.locator($('history-search')).fill('');
  await page.waitForFunction(
    (sel) => document.querySelectorAll(sel).length === 3,
    $('history-item'),
  );
  await page.locator($('history-clear')).click();
  await page.locator($('history-clear-confirm')).click();
  await page.locator($('history-item')).first().waitFor({ state: 'detached' });

  // Search in a body too big for the editor.
  await page.locator($('tab-request')).click();
  await page.locator($('request-target-table')).click();
  await page.locator($('request-table')).fill('incident');
  await page.locator($('section-query')).click();
  await page.locator($('sysparm-limit')).fill('2000');
  await page.locator($('sysparm-offset')).fill('');
  await page.locator($('request-send')).click();
  await page.locator(`${$('response-body')}[data-mode="virtual"]`).waitFor();
  await page.locator($('body-search')).fill('inc0011500');
  await waitText(page, 'body-search-count', /^1 of 1$/);
  await page.locator('.virtual .row.current').waitFor();
  const current = await page.locator('.virtual .row.current').innerText();
  check(/INC0011500/.test(current), `the current hit is in view (${current})`);
  const rows = await page.locator('.virtual .row').count();
  check(rows > 0 && rows < 120, `search keeps the window small (${rows} rows)`);
  await page.locator($('body-search')).fill('building 3');
  const at = Number((await waitText(page, 'body-search-count', /^\d+ of 222$/)).split(' ')[0]);
  await page.locator($('body-search')).press('Enter');
  await waitText(page, 'body-search-count', new RegExp(`^${at + 1} of 222$`));
  await shot(page, `19-body-search${tag}`);
  await context.close();
}

try {
  const only = process.env.SNOWPOST_FLOWS?.split(',');
  if (!only || only.includes('workbench')) await workbenchFlow('light');
  if (!only || only.includes('workbench-dark')) await workbenchFlow('dark');
  if (!only || only.includes('main')) await mainFlow('light');
  if (!only || only.includes('dark')) await mainFlow('dark');
  if (!only || only.includes('errors')) await errorFlow();
} catch (e) {
  problems.push(`flow aborted: ${e.message}`);
  await browser
    .contexts()[0]
    ?.pages()[0]
    ?.screenshot({ path: join(shots, 'failure.png') });
} finally {
  await browser.close();
  await server.close();
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`\nAll flows passed; screenshots in ${shots}`);
