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
  await context.addInitScript(`window.__SNOWPOST_MOCK__ = ${JSON.stringify(mockOptions)};`);
  await context.addInitScript({ path: join(mockDir, 'mock.js') });
  const page = await context.newPage();
  page.on('console', (m) => {
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
  await page
    .locator(`${$('request-params')} input[aria-label="Value"]`)
    .first()
    .fill('2000');
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

try {
  const only = process.env.SNOWPOST_FLOWS?.split(',');
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
