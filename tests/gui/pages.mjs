// Quality gates of a built site's pages, in Debian's Chromium driven by playwright-core:
// axe-core (WCAG 2.2 AA) at 360 and 1280 px, light and dark, with scripts and without; no
// sideways scrolling at 320 px; each page at most 30 KB gzipped with the CSS and scripts it
// loads; and every link of every page, crawled with the site served under a sub-path, leads
// to a file of the site.
//
// Usage: node pages.mjs SPEC.json
// SPEC: { "site": "/abs/built/site", "chromium": "/usr/bin/chromium",
//         "pages": [ { "name": "home", "path": "" }, { "name": "404", "path": "no/such/page/" } ] }
// Prints one line per check; exits 1 on the first failure.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { checks, launch, serveSite, violations } from "./harness.mjs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));

// The site under a sub-path, as a host serves it.
const PREFIX = "/sub/path/";
const { server, base } = await serveSite(spec.site, PREFIX);
const browser = await launch(spec.chromium);
const { check, done } = checks(browser, server);


for (const width of [360, 1280]) {
  for (const colorScheme of ["light", "dark"]) {
    for (const scripts of [true, false]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      // Without scripts: the site's own are not loaded (axe still runs, from outside).
      if (!scripts) await context.route("**/*.js", (route) => route.abort());
      const page = await context.newPage();
      for (const { name, path } of spec.pages) {
        await check(`axe: ${name} at ${width} px, ${colorScheme}, scripts ${scripts ? "on" : "off"}`, async () => {
          await page.goto(base + path);
          // The 404 page finds the site's root itself, then loads its stylesheet from there.
          if (name === "404") await page.waitForFunction(() => document.documentElement.hasAttribute("data-site-root") && document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0);
          assert.deepEqual(await violations(page), []);
        });
      }
      await context.close();
    }
  }
}

const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
const phone = await narrow.newPage();
for (const { name, path } of spec.pages) {
  await check(`no sideways scrolling at 320 px: ${name}`, async () => {
    await phone.goto(base + path);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page is ${width} px wide`);
  });
}
await narrow.close();

const weighed = await browser.newContext();
const weigher = await weighed.newPage();
for (const { name, path } of spec.pages) {
  await check(`at most 30 KB gzipped with what it loads: ${name}`, async () => {
    const loaded = new Map();
    const record = async (response) => {
      loaded.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
    };
    weigher.on("response", record);
    await weigher.goto(base + path, { waitUntil: "load" });
    weigher.off("response", record);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const total = [...loaded.values()].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    assert.ok(total <= 30 * 1024, `${total} bytes gzipped: ${[...loaded.keys()].join(", ")}`);
  });
}
await weighed.close();

// Code blocks: the script's Copy button puts the code, as written, on the clipboard.
for (const { name, path } of spec.pages.filter((p) => p.name === "highlighted code")) {
  await check(`a code block's Copy button copies its code: ${name}`, async () => {
    const context = await browser.newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(base).origin });
    const page = await context.newPage();
    await page.goto(base + path);
    const code = await page.locator("main pre > code").first().textContent();
    const button = page.locator("main pre > .copy-code").first();
    await button.click();
    await page.waitForFunction(() => document.querySelector(".copy-code").textContent === "Copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    await context.close();
  });
}

// Every link and every file a page loads, from every page reachable from the home page.
await check("under a sub-path, every link and every file loaded leads to a file of the site", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  const queue = [base];
  const broken = [];
  page.on("response", (response) => {
    if (response.status() >= 400 && response.url().startsWith(base.split(PREFIX)[0])) broken.push(`${response.url()} (on ${page.url()})`);
  });
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    // A file that is not a page (a CSV, facts.json) is fetched, not opened: Chromium would
    // save it rather than show it.
    const fetched = await context.request.get(url);
    assert.equal(fetched.status(), 200, url);
    if (!(fetched.headers()["content-type"] || "").startsWith("text/html")) continue;
    const response = await page.goto(url);
    assert.ok(response && response.status() === 200, `${url}: ${response && response.status()}`);
    const links = await page.evaluate(() => Array.from(document.querySelectorAll("a[href]"), (a) => a.href));
    for (const link of links) {
      const target = new URL(link);
      target.hash = "";
      if (target.origin === new URL(base).origin && !seen.has(target.href)) queue.push(target.href);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(seen.size > spec.pages.length, `crawled ${seen.size} addresses`);
  await context.close();
});

await done();
