// Search on a built site, in Debian's Chromium driven by playwright-core, with the site served
// under a sub-path: queries typed give the expected first result, filters narrow the results,
// the dialog works from the keyboard alone, nothing shows without scripts, axe-core finds
// nothing with results open, and what a query transfers stays small.
//
// Usage: node search.mjs SPEC.json
// SPEC: { "site": "/abs/built/site", "chromium": "/usr/bin/chromium", "page": "sources/",
//         "queries": [ { "query": "Instagram", "first": "examples/" } | { "query": "async", "title": "async" } ],
//         "filter": { "query": "Python", "name": "subject", "value": "Node.js", "absent": "subjects/django/" },
//         "kind": { "query": "Django", "value": "Source" }, "budget_kb": 125 }

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { checks, launch, serveSite, violations } from "./harness.mjs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const PREFIX = "/sub/path/";
const { server, base } = await serveSite(spec.site, PREFIX);
const browser = await launch(spec.chromium);
const { check, done } = checks(browser, server);

async function open(width = 1280, colorScheme = "light") {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + spec.page);
  return { page, errors };
}

// Types `query` into the open dialog and waits for its results.
async function search(page, query) {
  await page.fill("#fb-search-input", query);
  await page.waitForFunction((q) => {
    const status = document.querySelector(".search-status")?.textContent || "";
    return status.includes(`“${q}”`) && (status.startsWith("No") || document.querySelector(".search-result"));
  }, query, { timeout: 15000 });
}

const results = (page) => page.$$eval(".search-result", (items) => items.map((item) => {
  const link = item.querySelector(".search-title");
  return { title: link.textContent, href: link.href, where: item.querySelector(".search-where").textContent, marked: item.querySelectorAll(".search-excerpt mark").length };
}));

await check("the search button opens the dialog; each query's expected result comes first", async () => {
  const { page, errors } = await open();
  await page.click("[data-search]");
  await page.waitForSelector(".search-dialog[open]");
  for (const expected of spec.queries) {
    await search(page, expected.query);
    const [first] = await results(page);
    assert.ok(first, `results for ${expected.query}`);
    if (expected.first) assert.equal(first.href, base + expected.first, `${expected.query}: ${JSON.stringify(first)}`);
    if (expected.title) assert.match(first.title, new RegExp(expected.title, "i"), `${expected.query}: ${JSON.stringify(first)}`);
    assert.ok(first.marked > 0 || expected.title, `the excerpt marks what was found: ${JSON.stringify(first)}`);
  }
  assert.deepEqual(errors, []);
});

await check("filters narrow the results (subject, kind)", async () => {
  const { page } = await open();
  await page.keyboard.press("/");
  await page.waitForSelector(".search-dialog[open]");
  const { query, name, value, absent } = spec.filter;
  await search(page, query);
  const all = await results(page);
  assert.ok(all.some((r) => r.href === base + absent), `${absent} is found without the filter`);
  await page.click(".search-filters summary");
  await page.waitForSelector(`#fb-search-${name}`);
  await page.selectOption(`#fb-search-${name}`, value);
  await page.waitForFunction((href) => ![...document.querySelectorAll(".search-title")].some((a) => a.href === href), base + absent);
  const narrowed = await results(page);
  assert.ok(narrowed.length > 0 && narrowed.length < all.length + 1, "some results remain");
  await page.selectOption(`#fb-search-${name}`, "");
  await page.selectOption("#fb-search-kind", spec.kind.value);
  await search(page, spec.kind.query);
  await page.waitForTimeout(300);
  const kinds = await results(page);
  assert.ok(kinds.length > 0);
  for (const r of kinds) assert.ok(r.where.startsWith(spec.kind.value), JSON.stringify(r));
});

await check("keyboard only: Ctrl-K, arrows, Enter follows, Escape returns focus", async () => {
  const { page } = await open();
  await page.keyboard.press("Control+k");
  await page.waitForSelector(".search-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "fb-search-input");
  await page.keyboard.type(spec.queries[0].query);
  await search(page, spec.queries[0].query);
  await page.keyboard.press("ArrowDown");
  const first = await page.evaluate(() => document.activeElement.href);
  await page.keyboard.press("ArrowDown");
  assert.notEqual(await page.evaluate(() => document.activeElement.href), first);
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.href), first);
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "fb-search-input");
  await page.keyboard.press("Escape");
  await page.waitForSelector(".search-dialog:not([open])", { state: "attached" });
  assert.equal(await page.evaluate(() => document.activeElement.matches("[data-search]")), true, "focus is back on the search button");
  // Enter in the box follows the first result, here a row of a comparison table.
  const row = spec.queries.find((q) => q.first && q.first.includes("#"));
  await page.keyboard.press("/");
  await search(page, row.query);
  await page.keyboard.press("Enter");
  await page.waitForURL(base + row.first);
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.tagName), "TR");
});

await check("without scripts there is no search button", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + spec.page);
  assert.equal(await page.isVisible("[data-search]"), false);
});

await check("the page does not move when the script shows its buttons (360 and 1280 px)", async () => {
  for (const width of [360, 1280]) {
    const top = async (javaScriptEnabled) => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(base + spec.page);
      const y = await page.evaluate(() => document.querySelector(".layout").getBoundingClientRect().top);
      await context.close();
      return y;
    };
    assert.equal(await top(true), await top(false), `${width} px`);
  }
});

for (const width of [360, 1280]) {
  for (const colorScheme of ["light", "dark"]) {
    await check(`axe with results open at ${width} px, ${colorScheme}`, async () => {
      const { page } = await open(width, colorScheme);
      await page.click("[data-search]");
      await search(page, spec.queries[0].query);
      const found = await violations(page);
      assert.deepEqual(found, []);
      const overflow = await page.evaluate(() => document.querySelector(".search-dialog").scrollWidth - document.querySelector(".search-dialog").clientWidth);
      assert.ok(overflow <= 0, `the dialog fits ${width} px`);
    });
  }
}

await check(`a query transfers at most ${spec.budget_kb} KB, gzipped`, async () => {
  const { page } = await open();
  let bytes = 0;
  const sizes = [];
  page.on("response", async (response) => {
    const body = await response.body().catch(() => null);
    if (!body) return;
    // Pagefind's index files are gzipped already; a host gzips the rest.
    const size = body[0] === 0x1f && body[1] === 0x8b ? body.length : gzipSync(body).length;
    bytes += size;
    sizes.push(`${response.url().replace(base, "")} ${size}`);
  });
  await page.click("[data-search]");
  await search(page, spec.queries[0].query);
  await page.waitForLoadState("networkidle");
  console.log(`# ${Math.round(bytes / 1024)} KB: ${sizes.join(", ")}`);
  assert.ok(bytes <= spec.budget_kb * 1024, `${bytes} bytes`);
});

await done();
