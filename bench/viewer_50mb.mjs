// The response viewer on a ~50 MB JSON list, measured in the real webview (tauri-driver +
// WebKitWebDriver), from a freshly started window (nothing warmed up): time from Send to the
// first pretty lines on screen, the Rust-side request time, and the longest main-thread stall
// (gap between animation frames) while the body arrives and renders, while it is scrolled to
// the middle and the end, and while it is switched to Raw (one 50 MB line, split into rows).
// Every IPC call the page makes is listed with its timing. Run by bench/viewer_50mb.sh.

import { Session, sleep, startDriver } from '../tests/e2e/webdriver.mjs';

const app = process.env.SNOWPOST_APP;
const driver = await startDriver(4447, 4448);
try {
  const s = await Session.start('http://127.0.0.1:4447', app);
  const js = (script, ...args) => s.cmd('POST', '/execute/sync', { script, args });
  await s.click(await s.waitFor('try-sandbox', () => s.find('try-sandbox')));
  await s.waitForText('profile-item', /Sandbox/, 120000);
  await s.click(await s.find('tab-request'));
  await s.click(await s.waitFor('path target', () => s.find('request-target-path')));
  const path = await s.waitFor('request-path', () => s.find('request-path'));
  await s.clear(path);
  await s.type(path, '/api/now/table/incident?sysparm_limit=100000');
  await sleep(1000);
  // Frame gaps, and the moment the body shows lines that match, measured inside the page.
  await js(`
    const w = window; w.__gap = 0; let last = performance.now(); w.__gaps = [];
    const tick = (t) => { const g = t - last; w.__gap = Math.max(w.__gap, g);
      if (g > 50) w.__gaps.push([Math.round(t - w.__t0), Math.round(g)]);
      last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    w.__shown = (re) => { const b = document.querySelector('[data-testid="response-body"]');
      return !!b && b.dataset.mode === 'virtual' && re.test(b.querySelector('.row .text')?.textContent || ''); };
    w.__t0 = performance.now();
    document.querySelector('[data-testid="request-send"]').click();`);
  const render = await s.waitFor(
    'pretty lines',
    () => js('return window.__shown(/^\\{$/) ? performance.now() - window.__t0 : null'),
    120000,
  );
  const status = await s.text(await s.find('response-status'));
  const size = await s.text(await s.find('response-size'));
  const elapsed = await s.text(await s.find('response-time'));
  await sleep(1000);
  const takeGap = () => js('const g = window.__gap; window.__gap = 0; return g');
  const loadGap = await takeGap();
  // Scroll the viewer to the middle and the end, as a reader would.
  for (const to of [0.5, 1]) {
    await js(`const el = document.querySelector('[data-testid="response-body"] .scroller');
      el.scrollTop = el.scrollHeight * ${to};`);
    await sleep(800);
  }
  const scrollGap = await takeGap();
  // Raw: the body as received, one line of ~50 MB.
  const rawStart = await js(`const b = [...document.querySelectorAll('.segmented.pretty button')]
      .find((b) => b.textContent === 'Raw'); b.click(); return performance.now();`);
  const raw = await s.waitFor(
    'raw rows',
    () => js(`return window.__shown(/^\\{"result":\\[/) ? performance.now() - ${rawStart} : null`),
    60000,
  );
  await sleep(1000);
  const rawGap = await js('window.__stop = true; return window.__gap');
  const calls = await js(`return performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('ipc:') && m.startTime >= window.__t0)
    .map((m) => [m.name.slice(4), Math.round(m.startTime - window.__t0), Math.round(m.duration)])`);
  const gap = Math.max(loadGap, scrollGap, rawGap);
  console.log('IPC calls [command, ms after send, duration]:', JSON.stringify(calls));
  console.log('frame gaps over 50 ms [ms after send, gap]:', JSON.stringify(await js('return window.__gaps')));
  console.log(`status: ${status.trim()}  size: ${size.trim()}  request (Rust side): ${elapsed.trim()}`);
  console.log(`send → first pretty lines on screen: ${render.toFixed(0)} ms (cold window)`);
  console.log(`Raw → first raw rows on screen: ${raw.toFixed(0)} ms`);
  console.log(
    `longest frame gap (UI stall): ${gap.toFixed(0)} ms (loading and rendering: ${loadGap.toFixed(0)} ms, ` +
      `scrolling: ${scrollGap.toFixed(0)} ms, switching to Raw: ${rawGap.toFixed(0)} ms)`,
  );
  await s.end();
} finally {
  driver.kill();
}
