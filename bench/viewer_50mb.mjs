// The response viewer on a ~50 MB JSON list, measured in the real webview (tauri-driver +
// WebKitWebDriver). Each run is cold: a new app process with a new data directory. Per phase
// (the body arriving and rendering, scrolling to the middle and the end, a search, switching to
// Raw, a search in Raw) it records the longest main-thread stall (gap between animation
// frames), and how long the reader waits: Send → first pretty lines, body arrival (the send
// call answered) → first pretty lines, the first `response_page` call, Raw → first raw rows,
// Enter → the search hit on screen. Moments are stamped inside the page on the frame they
// happen, not by polling. Prints min/median/max over the runs and the machine's load.
// Run by bench/viewer_50mb.sh [RUNS].

import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, sleep, startDriver } from '../tests/e2e/webdriver.mjs';

const app = process.env.SNOWPOST_APP;
const runs = Number(process.env.SNOWPOST_BENCH_RUNS || 5);
const QUERY = 'Seeded record 54321"';

// Installed once per page: the frame-gap monitor, and `__until(name, probe)`, which stamps
// `__marks[name]` on the first frame where `probe()` holds.
const MONITOR = `
  const w = window; w.__gap = 0; w.__gaps = []; w.__marks = {}; w.__waits = [];
  let last = performance.now();
  const tick = (t) => {
    const g = t - last; w.__gap = Math.max(w.__gap, g);
    if (g > 50) w.__gaps.push([w.__phase, Math.round(t - w.__t0), Math.round(g)]);
    last = t;
    w.__waits = w.__waits.filter(([name, probe]) => {
      if (!probe()) return true;
      w.__marks[name] = performance.now();
      return false;
    });
    if (!w.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  w.__until = (name, probe) => w.__waits.push([name, probe]);
  // SNOWPOST_BENCH_PROBE=1: a 2 ms timer loop tells a busy main thread (a long task: script,
  // style, layout) from late frames while the page's thread is free (compositor, app process).
  w.__tasks = [];
  if (${JSON.stringify(!!process.env.SNOWPOST_BENCH_PROBE)}) {
    let lastTask = performance.now();
    const poll = () => {
      const t = performance.now();
      if (t - lastTask > 30) w.__tasks.push([w.__phase, Math.round(t - w.__t0), Math.round(t - lastTask)]);
      lastTask = t;
      if (!w.__stop) setTimeout(poll, 2);
    };
    setTimeout(poll, 2);
  }
  const body = () => document.querySelector('[data-testid="response-body"]');
  w.__shown = (re) => { const b = body();
    return !!b && b.dataset.mode === 'virtual' && re.test(b.querySelector('.row .text')?.textContent || ''); };
  w.__hit = (re) => re.test(body()?.querySelector('.row.current .text:not(.pending)')?.textContent || '');
  w.__search = (q) => { const i = document.querySelector('[data-testid="body-search"]');
    i.value = q; i.dispatchEvent(new Event('input', { bubbles: true }));
    const t = performance.now();
    i.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return t; };
  w.__phase = 'load';`;

async function run(n) {
  const dataDir = mkdtempSync(join(tmpdir(), 'snowpost-viewer-bench-'));
  const driver = await startDriver(4447 + 2 * n, 4448 + 2 * n, { SNOWPOST_DATA_DIR: dataDir });
  try {
    const s = await Session.start(`http://127.0.0.1:${4447 + 2 * n}`, app);
    const js = (script, ...args) => s.cmd('POST', '/execute/sync', { script, args });
    const mark = (name, timeout = 120000) =>
      s.waitFor(name, () => js(`return window.__marks['${name}'] ?? null`), timeout);
    // The longest stall since the last call, and the next phase's name.
    const gap = (next) => js(`const g = window.__gap; window.__gap = 0; window.__phase = '${next}'; return g`);
    await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
    await s.waitForText('profile-item', /Sandbox/, 120000);
    await s.click(await s.find('tab-request'));
    await s.click(await s.waitFor('path target', () => s.find('request-target-path')));
    const path = await s.waitFor('request-path', () => s.find('request-path'));
    await s.clear(path);
    await s.type(path, '/api/now/table/incident?sysparm_limit=100000');
    await sleep(1000);

    const t0 = await js(`${MONITOR}
      window.__until('pretty', () => window.__shown(/^\\{$/));
      window.__t0 = performance.now();
      document.querySelector('[data-testid="request-send"]').click();
      return window.__t0;`);
    const pretty = (await mark('pretty')) - t0;
    const calls = () =>
      js(`return performance.getEntriesByType('measure')
        .filter((m) => m.name.startsWith('ipc:') && m.startTime >= window.__t0)
        .map((m) => [m.name.slice(4), m.startTime, m.duration])`);
    await sleep(1000);
    const sent = (await calls()).find(([c]) => c === 'send_request');
    const [firstPage, exactPage] = (await calls()).filter(([c]) => c === 'response_page');
    const r = { pretty, arrival: pretty + t0 - (sent[1] + sent[2]), firstPage: firstPage[2] };
    // An early first page is followed, once drawn, by the exact one: when that is back, from Send.
    const followed = exactPage && exactPage[1] < firstPage[1] + firstPage[2] + 300;
    r.exact = followed ? exactPage[1] + exactPage[2] - t0 : pretty;
    r.status = (await s.text(await s.find('response-status'))).trim();
    r.size = (await s.text(await s.find('response-size'))).trim();
    r.request = (await s.text(await s.find('response-time'))).trim();
    r.loadGap = await gap('scroll');

    for (const to of [0.5, 1]) {
      await js(`const el = document.querySelector('[data-testid="response-body"] .scroller');
        el.scrollTop = el.scrollHeight * ${to};`);
      await sleep(800);
    }
    r.scrollGap = await gap('search');

    const searchHit = /"short_description": "Seeded record 54321"/;
    let start = await js(`window.__until('hit', () => window.__hit(${searchHit}));
      return window.__search(arguments[0]);`, QUERY);
    r.search = (await mark('hit', 60000)) - start;
    await sleep(800);
    r.searchGap = await gap('raw');

    const before = (await calls()).length;
    start = await js(`window.__until('raw', () => window.__shown(/^\\{"result":\\[/));
      [...document.querySelectorAll('.segmented.pretty button')].find((b) => b.textContent === 'Raw').click();
      return performance.now();`);
    r.raw = (await mark('raw', 60000)) - start;
    r.rawFirstPage = (await calls()).slice(before).find(([c]) => c === 'response_page')[2];
    await sleep(1000);
    r.rawGap = await gap('raw search');

    start = await js(`window.__until('raw hit', () => window.__hit(/Seeded record 54321"/));
      return window.__search(arguments[0]);`, QUERY);
    r.rawSearch = (await mark('raw hit', 60000)) - start;
    await sleep(800);
    r.rawSearchGap = await js('window.__stop = true; return window.__gap');
    r.gaps = await js('return window.__gaps');
    r.tasks = await js('return window.__tasks');
    r.calls = (await calls()).map(([c, at, d]) => [c, Math.round(at - t0), Math.round(d)]);
    await s.end();
    return r;
  } finally {
    driver.kill();
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const before = loadavg();
const results = [];
for (let n = 0; n < runs; n++) {
  const r = await run(n);
  results.push(r);
  console.log(
    `run ${n + 1}/${runs}: ${r.status} ${r.size} (Rust side ${r.request}); ` +
      `frame gaps over 50 ms [phase, ms after Send, gap]: ${JSON.stringify(r.gaps)}`,
  );
  // SNOWPOST_BENCH_VERBOSE=1: every IPC call the page made, to line up with the stalls.
  if (process.env.SNOWPOST_BENCH_VERBOSE) console.log(`  IPC [command, ms after Send, ms]: ${JSON.stringify(r.calls)}`);
  if (process.env.SNOWPOST_BENCH_PROBE)
    console.log(`  main thread busy over 30 ms [phase, ms after Send, ms]: ${JSON.stringify(r.tasks)}`);
}
const after = loadavg();

const rows = [
  ['longest stall: loading and rendering', 'loadGap'],
  ['longest stall: scrolling', 'scrollGap'],
  ['longest stall: search', 'searchGap'],
  ['longest stall: switching to Raw', 'rawGap'],
  ['longest stall: search in Raw', 'rawSearchGap'],
  ['Send → first pretty lines', 'pretty'],
  ['body arrival → first pretty lines', 'arrival'],
  ['first response_page call', 'firstPage'],
  ['Send → whole pretty view known', 'exact'],
  ['Raw → first raw rows', 'raw'],
  ['first Raw response_page call', 'rawFirstPage'],
  ['search (Enter → hit on screen)', 'search'],
  ['search in Raw (Enter → hit on screen)', 'rawSearch'],
];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return [s[0], median, s[s.length - 1]];
};
const worst = results.map((r) => Math.max(r.loadGap, r.scrollGap, r.searchGap, r.rawGap, r.rawSearchGap));
console.log(`\n${runs} cold runs · nproc ${availableParallelism()} · load average before ${before}, after ${after}`);
console.log(`${'ms'.padEnd(40)}${'min'.padStart(8)}${'median'.padStart(8)}${'max'.padStart(8)}`);
for (const [label, key] of [...rows, ['longest stall, any phase', null]]) {
  const [min, med, max] = stats(key ? results.map((r) => r[key]) : worst);
  console.log(`${label.padEnd(40)}${[min, med, max].map((v) => v.toFixed(0).padStart(8)).join('')}`);
}
