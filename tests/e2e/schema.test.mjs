// ServiceNow-aware editing in the real window, against "Try without an instance" seeded with
// 2,000 incidents: pick the table by its label, add fields by label, read 2,000 records as a
// grid and scroll it, open one; then create an incident choosing the caller by part of a name
// and the category from its choice list. No sys_id or field name is typed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, saveShot, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const app =
  process.env.SNOWPOST_APP ?? join(target, "debug", "snowpost-desktop");
const artifacts =
  process.env.SNOWPOST_E2E_ARTIFACTS ?? join(target, "e2e-artifacts");
const dataDir = mkdtempSync(join(tmpdir(), "snowpost-e2e-schema-"));
const port = 4480;
const base = `http://127.0.0.1:${port}`;
const FRED = "5137153cc611227c000bbd1bd8cd2005";
let driver;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  driver = await startDriver(port, 4490, {
    SNOWPOST_DATA_DIR: dataDir,
    SNOWPOST_SANDBOX_SEED: "incident=2000",
  });
});

after(() => driver?.kill());

const run = (s, script, ...args) =>
  s.cmd("POST", "/execute/sync", { script, args });

/** Types into a picker and clicks the option whose value is `value`. */
async function pick(s, testid, typed, value, nth = 0) {
  const box = (await s.findAll(testid))[nth];
  await s.clear(box);
  await s.type(box, typed);
  const option = await s.waitFor(`${testid} offers ${value}`, async () => {
    const els = await s.cmd("POST", "/elements", {
      using: "css selector",
      value: `[data-testid="${testid}-options"] [data-value="${value}"]`,
    });
    return els[0]?.["element-6066-11e4-a52e-4f735466cecf"];
  });
  await s.click(option);
}

const valueOf = (s, testid) =>
  run(s, `return document.querySelector('[data-testid="${testid}"]').value;`);

test("tables, fields, a 2,000-record grid and a caller picked by name", async () => {
  const s = await Session.start(base, app);
  try {
    await s.click(await s.waitFor("try-sandbox", () => s.find("try-sandbox")));
    await s.waitForText("profile-item", /Sandbox/);

    await s.click(await s.find("tab-request"));
    await pick(s, "request-table", "Incid", "incident");
    assert.equal(await valueOf(s, "request-table"), "incident");
    await s.waitForText(
      "schema-status",
      /Incident[\s\S]*fields[\s\S]*extends task/,
    );

    // Fields by their labels, into sysparm_fields.
    await s.click(await s.find("section-query"));
    await pick(s, "fields-add", "Number", "number");
    await pick(s, "fields-add", "Short desc", "short_description");
    await pick(s, "fields-add", "Caller", "caller_id");
    assert.equal(
      await valueOf(s, "sysparm-fields"),
      "number,short_description,caller_id",
    );

    // A condition on a field picked by label offers that field's choices.
    await s.click(await s.find("query-add"));
    await pick(s, "query-field", "Urgen", "urgency");
    const choices = await run(
      s,
      `return [...document.querySelector('[data-testid="query-value"]').options].map(o => o.textContent);`,
    );
    assert.deepEqual(choices, ["—", "1 - High", "2 - Medium", "3 - Low"]);
    await s.click(await s.find("query-remove"));
    await saveShot(s, artifacts, "s01-fields-by-label");

    const limit = await s.find("sysparm-limit");
    await s.clear(limit);
    await s.type(limit, "2000");
    await s.click(await s.find("request-send"));
    await s.waitForText("response-status", /200/, 30000);
    await s.click(await s.find("response-grid-tab"));
    await s.waitForText("grid-count", /2000 records · 3 columns/, 30000);

    // Scroll to the end: the last rows arrive and fill in.
    await run(
      s,
      `const g = document.querySelector('[data-testid="grid"]');
      g.scrollTop = g.scrollHeight; g.dispatchEvent(new Event('scroll'));`,
    );
    const last = await s.waitFor("the last row", async () => {
      const t = await run(
        s,
        `const r = document.querySelector('[data-row="1999"]'); return r ? r.innerText : null;`,
      );
      return t && /INC\d{7}/.test(t) ? t : null;
    });
    assert.match(last, /^2000/);
    // Sort by number, descending: the highest number comes first.
    for (let i = 0; i < 2; i++) {
      await run(
        s,
        `const h = document.querySelector('[data-column="number"]');
        h.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
        h.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));`,
      );
    }
    await s.waitFor(
      "sorted descending",
      async () =>
        (await run(
          s,
          `return document.querySelector('[data-column="number"]').getAttribute('aria-sort');`,
        )) === "descending",
    );
    await run(
      s,
      `const g = document.querySelector('[data-testid="grid"]');
      g.scrollTop = 0; g.dispatchEvent(new Event('scroll'));`,
    );
    await s.waitFor("sorted rows", async () =>
      /INC/.test(
        await run(
          s,
          `const r = document.querySelector('[data-row="0"]'); return r ? r.innerText : '';`,
        ),
      ),
    );
    const first = await run(
      s,
      `return document.querySelector('[data-row="0"]').innerText;`,
    );
    const second = await run(
      s,
      `return document.querySelector('[data-row="1"]').innerText;`,
    );
    const num = (t) => t.match(/INC\d{7}/)[0];
    assert.ok(num(first) > num(second), `${num(first)} before ${num(second)}`);
    await run(s, `document.querySelector('[data-row="0"]').click();`);
    await s.waitForText("grid-record", new RegExp(num(first)));
    await saveShot(s, artifacts, "s02-grid");

    // The Incident tab: the caller by part of a name, the category from its choices.
    await s.click(await s.find("tab-incident"));
    await s.type(
      await s.find("incident-short-description"),
      "Printer on fire (schema e2e)",
    );
    await pick(s, "incident-caller-id", "fred", FRED);
    assert.equal(await valueOf(s, "incident-caller-id"), "Fred Johnson");
    await s.waitFor(
      "category choices",
      async () =>
        (await run(
          s,
          `return document.querySelector('[data-testid="incident-category"]').options.length;`,
        )) > 2,
    );
    await run(
      s,
      `const el = document.querySelector('[data-testid="incident-category"]');
      el.value = 'network'; el.dispatchEvent(new Event('change', { bubbles: true }));`,
    );
    await s.click(await s.find("incident-send"));
    await s.waitForText("incident-number", /INC\d{7}/);
    await s.waitForText("response-body", new RegExp(FRED));
    await saveShot(s, artifacts, "s03-incident-by-name");
  } catch (e) {
    await saveShot(s, artifacts, "s99-failed");
    throw e;
  } finally {
    await s.end();
  }
});
