// Browser tests of the reader's choice of columns in a table of three subjects or more, in
// Debian's Chromium driven by playwright-core.
//
// Usage: node columns.mjs SPEC.json
// SPEC: { "site": "/abs/built/site", "page": "", "chromium": "/usr/bin/chromium",
//         "table": "compare-1", "subjects": ["tea", "coffee", "cocoa"] }
// Prints one line per check; exits 1 on the first failure.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checks, launch, serveSite, violations } from "./harness.mjs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { server, base } = await serveSite(spec.site, "/sub/path/");
const pageUrl = base + spec.page;
const browser = await launch(spec.chromium);
const { check, done } = checks(browser, server);
const table = `#${spec.table}`;
const [first, second, third] = spec.subjects;

// The subjects whose column head is shown, in order, and whether every row shows the same
// number of cells.
async function shownColumns(page) {
  return page.evaluate((selector) => {
    const table = document.querySelector(selector);
    const visible = (cell) => cell.getClientRects().length > 0;
    const heads = [...table.tHead.rows[0].cells].filter((th) => th.dataset.subject && visible(th));
    const counts = [...table.tBodies].flatMap((body) => [...body.rows])
      .filter((row) => !row.classList.contains("group-row"))
      .map((row) => [...row.cells].filter(visible).length);
    return { subjects: heads.map((th) => th.dataset.subject), even: counts.every((n) => n === heads.length + 1) };
  }, table);
}

await check("without JavaScript every column shows and there is no control", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${pageUrl}?compare=${first}`);
  assert.deepEqual(await shownColumns(page), { subjects: spec.subjects, even: true });
  assert.equal(await page.locator(".table-columns").count(), 0);
  await context.close();
});

for (const width of [1280, 360]) {
  await check(`at ${width} px, the keyboard hides and shows columns and the address keeps the choice`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(pageUrl);
    const boxes = page.locator(`.table-columns input[type="checkbox"]`);
    assert.equal(await boxes.count(), spec.subjects.length);
    assert.deepEqual(await shownColumns(page), { subjects: spec.subjects, even: true });
    // Keyboard only: focus the second box, Space unchecks it; Tab, Space unchecks the third.
    await boxes.nth(0).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    assert.deepEqual(await shownColumns(page), { subjects: [first, third], even: true });
    assert.equal(new URL(page.url()).searchParams.get("compare"), `${first},${third}`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    assert.deepEqual(await shownColumns(page), { subjects: [first], even: true });
    // The caption says which subjects are shown.
    const name = await page.locator(`${table} thead th[data-subject="${first}"]`).textContent();
    assert.match(await page.locator(`${table} caption .columns-shown`).textContent(), new RegExp(`: ${name}\\)$`));
    // The last column shown cannot be hidden.
    assert.equal(await boxes.nth(0).isDisabled(), true);
    assert.deepEqual(await violations(page), [], "axe-core with columns hidden");
    // A reload, or the address shared, shows the same columns.
    await page.reload();
    assert.deepEqual(await shownColumns(page), { subjects: [first], even: true });
    assert.deepEqual(await boxes.evaluateAll((b) => b.map((box) => box.checked)), [true, false, false]);
    // Checking every box again gives back the page's own address.
    await boxes.nth(1).check();
    await boxes.nth(2).check();
    assert.equal(new URL(page.url()).search, "");
    assert.equal(await page.locator(`${table} caption .columns-shown`).textContent(), "");
    assert.deepEqual(await shownColumns(page), { subjects: spec.subjects, even: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

await check("an address that names a subject the table lacks shows every column", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${pageUrl}?compare=nothing`);
  assert.deepEqual(await shownColumns(page), { subjects: spec.subjects, even: true });
  await page.goto(`${pageUrl}?compare=${second}`);
  assert.deepEqual(await shownColumns(page), { subjects: [second], even: true });
  await context.close();
});

await check("the table's CSV link downloads its rows", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pageUrl);
  const link = page.locator(`${table}-end .table-export a[download]`);
  const response = await context.request.get(new URL(await link.getAttribute("href"), page.url()).href);
  assert.equal(response.status(), 200);
  const header = (await response.text()).split("\n")[0];
  for (const subject of spec.subjects) assert.ok(header.includes(`,${subject},`) || header.includes(`,${subject} sources`), header);
  await context.close();
});

await done();
