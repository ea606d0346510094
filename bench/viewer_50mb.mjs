// The response viewer on a ~50 MB JSON list, measured in the real webview (tauri-driver +
// WebKitWebDriver): time from Send to the first pretty lines on screen, the Rust-side request
// time, and the longest main-thread stall (gap between animation frames) while the body
// arrives, renders and is scrolled to the middle and the end. Run by bench/viewer_50mb.sh.

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
  // Warm-up: one small answer first, so the first-ever paint of the viewer (fonts, styles,
  // editor start-up) is not counted against the big body.
  await s.type(path, '/api/now/table/incident?sysparm_limit=1');
  await s.click(await s.find('request-send'));
  await s.waitForText('response-status', /200/);
  await sleep(1500);
  await s.clear(path);
  await s.type(path, '/api/now/table/incident?sysparm_limit=100000');
  await sleep(500);
  // Frame gaps and the moment lines appear, measured inside the page.
  await js(`
    const w = window; w.__gap = 0; w.__t1 = 0; let last = performance.now();
    w.__gaps = []; const tick = (t) => { const g = t - last; w.__gap = Math.max(w.__gap, g); if (g > 50) w.__gaps.push([Math.round(t - (w.__t0 || t)), Math.round(g)]); last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const body = () => document.querySelector('[data-testid="response-body"]');
    new MutationObserver(() => {
      const b = body();
      if (!w.__t1 && w.__t0 && b && b.dataset.mode === 'virtual' && /"result"/.test(b.textContent || '')) w.__t1 = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    w.__t0 = performance.now();
    document.querySelector('[data-testid="request-send"]').click();`);
  await s.waitFor('rendered body', () => js('return window.__t1 > 0'), 120000);
  const render = await js('return window.__t1 - window.__t0');
  const status = await s.text(await s.find('response-status'));
  const size = await s.text(await s.find('response-size'));
  const elapsed = await s.text(await s.find('response-time'));
  await sleep(1000);
  const loadGap = await js('const g = window.__gap; window.__gap = 0; return g');
  // Scroll the viewer to the middle and the end, as a reader would.
  for (const to of [0.5, 1]) {
    await js(`const el = document.querySelector('[data-testid="response-body"] .scroller');
      if (el) el.scrollTop = el.scrollHeight * ${to};`);
    await sleep(800);
  }
  const scrollGap = await js('window.__stop = true; return window.__gap');
  const gap = Math.max(loadGap, scrollGap);
  console.log('frame gaps over 50 ms [ms after send, gap]:', JSON.stringify(await js('return window.__gaps')));
  console.log(`status: ${status.trim()}  size: ${size.trim()}  request (Rust side): ${elapsed.trim()}`);
  console.log(`send → first pretty lines on screen: ${render.toFixed(0)} ms`);
  console.log(`longest frame gap (UI stall): ${gap.toFixed(0)} ms (while loading and rendering: ${loadGap.toFixed(0)} ms, while scrolling: ${scrollGap.toFixed(0)} ms)`);
  await s.end();
} finally {
  driver.kill();
}
