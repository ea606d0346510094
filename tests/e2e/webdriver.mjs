// A minimal W3C WebDriver client over fetch: enough to drive the real Snowpost window
// through tauri-driver + WebKitWebDriver, with no npm dependency.

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

  async screenshot() {
    // A frame may still show the previous DOM: give the compositor a moment.
    await sleep(500);
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
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

/** Saves a screenshot of the session as `<dir>/<name>.png`. */
export async function saveShot(session, dir, name) {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(dir, `${name}.png`);
  writeFileSync(file, await session.screenshot());
  console.log(`screenshot: ${file}`);
}
