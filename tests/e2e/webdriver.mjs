// A minimal W3C WebDriver client over fetch: enough to drive the real Snowpost window
// through tauri-driver + WebKitWebDriver, with no npm dependency.

import { execFileSync } from 'node:child_process';
import { screenPng } from './x11-shot.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application) {
    const caps = {
      capabilities: {
        alwaysMatch: { browserName: 'wry', 'tauri:options': { application } },
      },
    };
    const res = await call(base, 'POST', '/session', caps);
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(testid) {
    const el = await this.cmd('POST', '/element', {
      using: 'css selector',
      value: `[data-testid="${testid}"]`,
    });
    return el[ELEMENT];
  }

  async findAll(testid) {
    const els = await this.cmd('POST', '/elements', {
      using: 'css selector',
      value: `[data-testid="${testid}"]`,
    });
    return els.map((e) => e[ELEMENT]);
  }

  /** The element's rendered text (WebKitWebDriver's own text call returns "" for some elements). */
  async text(el) {
    return this.cmd('POST', '/execute/sync', {
      script: 'return arguments[0].innerText || arguments[0].textContent || "";',
      args: [{ [ELEMENT]: el }],
    });
  }

  async checked(el) {
    return this.cmd('POST', '/execute/sync', {
      script: 'return arguments[0].checked;',
      args: [{ [ELEMENT]: el }],
    });
  }

  async click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  async type(el, text) {
    return this.cmd('POST', `/element/${el}/value`, { text });
  }

  async clear(el) {
    return this.cmd('POST', `/element/${el}/clear`, {});
  }

  /** Waits until `probe` returns a truthy value, retrying on WebDriver errors. */
  async waitFor(what, probe, timeoutMs = 15000) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
  }

  /** Waits for an element whose text matches `pattern`, and returns that text. */
  async waitForText(testid, pattern, timeoutMs) {
    return this.waitFor(`${testid} ~ ${pattern}`, async () => {
      for (const el of await this.findAll(testid)) {
        const t = await this.text(el);
        if (pattern.test(t)) return t;
      }
      return null;
    }, timeoutMs);
  }

  async end() {
    await this.cmd('DELETE', '');
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}

/** Types into an input the way a user would, after emptying it. */
export async function fill(s, el, text) {
  await s.cmd('POST', '/execute/sync', {
    script: "const el = arguments[0]; el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));",
    args: [{ [ELEMENT]: el }],
  });
  await s.type(el, text);
}

/** The app under test (debug build unless $SNOWPOST_APP) and where screenshots go. */
export function appPaths() {
  const root = new URL('../..', import.meta.url).pathname;
  const target = process.env.CARGO_TARGET_DIR ?? `${root}target`;
  return {
    app: process.env.SNOWPOST_APP ?? `${target}/debug/snowpost-desktop`,
    artifacts: process.env.SNOWPOST_E2E_ARTIFACTS ?? `${target}/e2e-artifacts`,
  };
}

/** "Try without an instance", then the Request tab: where most end-to-end steps start. */
export async function openSandboxRequestTab(s) {
  await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
  await s.waitForText('profile-item', /Sandbox/);
  await s.click(await s.waitFor('tab-request', () => s.find('tab-request')));
}

/** Sets a <select> the way a user's choice does (WebKitWebDriver cannot pick options). */
export const choose = (s, testid, value) =>
  s.cmd('POST', '/execute/sync', {
    script: `const el = document.querySelector('[data-testid="${testid}"]');
      el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true }));`,
    args: [value],
  });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts tauri-driver on `port` (WebKitWebDriver on `nativePort`) with `env` added to the
 * environment the app inherits, and waits until it answers.
 */
export async function startDriver(port, nativePort, env = {}) {
  const { spawn } = await import('node:child_process');
  const driver = spawn(
    'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) return driver;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  driver.kill();
  throw new Error('tauri-driver did not start');
}

/** Saves a screenshot of the display the window is on as `<dir>/<name>.png`. */
export async function saveShot(_session, dir, name) {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(dir, `${name}.png`);
  await sleep(150); // let the last change paint
  writeFileSync(file, screenPng());
  console.log(`screenshot: ${file}`);
}

/**
 * Answers the app's native GTK file dialog titled `title` the way a user would, with the
 * keyboard: WebDriver cannot reach native windows, so xdotool types into it on the Xvfb
 * display. `mode` 'save' types the path into the name field; 'open' opens the location bar
 * (Ctrl+L) first. Resolves once the dialog is gone.
 */
export async function answerFileDialog(title, path, mode = 'save', timeout = 30000) {
  const xdo = (...args) => execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
  const find = () => {
    try {
      return xdo('search', '--onlyvisible', '--name', `^${title}$`).split('\n')[0];
    } catch {
      return ''; // xdotool exits 1 when nothing matches
    }
  };
  const deadline = Date.now() + timeout;
  let win = find();
  for (; !win; win = find()) {
    if (Date.now() > deadline) throw new Error(`no "${title}" dialog after ${timeout} ms`);
    await sleep(200);
  }
  await sleep(500); // the chooser fills its name field and takes focus once mapped
  xdo('windowfocus', '--sync', win);
  xdo('key', '--clearmodifiers', mode === 'open' ? 'ctrl+l' : 'ctrl+a');
  xdo('type', '--delay', '20', path);
  await sleep(300);
  xdo('key', 'Return');
  while (find()) {
    if (Date.now() > deadline) throw new Error(`the "${title}" dialog did not close`);
    await sleep(200);
  }
}
