// Browser tests of a built decision tree, in Debian's Chromium driven by playwright-core.
//
// Usage: node decision.mjs SPEC.json
// SPEC: { "site": "/abs/built/site", "page": "decide/", "chromium": "/usr/bin/chromium",
//         "paths": [ { "answers": [ { "question": "realtime", "key": "yes", "label": "Yes" } ],
//                      "outcome": "node", "because": ["Real-time support"], "summary": "…" } ] }
// The paths are every root-to-outcome path of the tree, enumerated from factbook's model by
// the Rust test that calls this script. Prints one line per check; exits 1 on the first failure.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checks, launch, serveSite } from "./harness.mjs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

const { server, base } = await serveSite(spec.site);
const pageUrl = base + spec.page;
const browser = await launch(spec.chromium);
const { check, done } = checks(browser, server);

const visibleStep = (page) => page.locator(".decision-step:not([hidden])");
async function visibleStepId(page) {
  await page.waitForFunction(() => document.querySelectorAll(".decision-step:not([hidden])").length === 1);
  return visibleStep(page).getAttribute("data-node");
}
async function answer(page, step) {
  await visibleStep(page).locator(`a[data-answer="${step.key}"]`).click();
}
const stateQuery = (answers) => new URLSearchParams(answers.map((a) => [a.question, a.key])).toString();

async function checkOutcome(page, path) {
  assert.equal(await visibleStepId(page), path.outcome);
  const outcome = page.locator(`#dt-${path.outcome}`);
  assert.equal((await outcome.locator(".decision-summary").textContent()).trim(), path.summary);
  for (const label of path.because) {
    // The row whose header starts with the label (a substring would also match "One language…").
    const starts = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    const row = outcome.locator("tbody tr", { has: page.locator(`th[scope="row"]`, { hasText: starts }) });
    assert.equal(await row.count(), 1, `the facts for "${label}" are shown`);
    const cites = row.locator("a.cite");
    assert.ok((await cites.count()) > 0, `the facts for "${label}" cite their sources`);
    // A citation leads to the page's list of sources, whose entry links to the source page.
    const target = (await cites.first().getAttribute("href")).slice(1);
    assert.equal(await page.locator(`[id="${target}"] a[href]`).count(), 1, `citation #${target} is in the page's sources`);
  }
}

const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(error));

await check("the first question is shown alone, with its path", async () => {
  await page.goto(pageUrl);
  assert.equal(await visibleStepId(page), spec.paths[0].answers[0].question);
  assert.equal(await page.locator(".decision-progress").isVisible(), true);
  assert.equal(await page.locator('.decision-path [aria-current="step"]').count(), 1);
  assert.equal(await page.locator("button[data-decision-back]").isDisabled(), true);
  assert.equal(await page.locator("button[data-decision-restart]").isVisible(), false, "nothing to start again yet");
  // The question is shown once: as the step's heading, not again in the list of answers.
  const ask = (await visibleStep(page).locator("h3").textContent()).trim();
  assert.equal(await page.locator(".decision-path", { hasText: ask }).count(), 0, "the question is not repeated");
});

await check("a link to an outcome opens that outcome, with a way there", async () => {
  const path = spec.paths[spec.paths.length - 1];
  await page.goto("about:blank");
  await page.goto(pageUrl + "#dt-" + path.outcome);
  assert.equal(await visibleStepId(page), path.outcome);
  assert.ok((await page.locator(".decision-path li").count()) >= 2, "the answers that lead there are listed");
  assert.equal(await page.locator("button[data-decision-restart]").isVisible(), true);
});

for (const path of spec.paths) {
  const name = path.answers.map((a) => a.label).join(" → ") + " ⇒ " + path.outcome;
  await check(`walk ${name}`, async () => {
    await page.goto(pageUrl);
    for (const [i, step] of path.answers.entries()) {
      assert.equal(await visibleStepId(page), step.question);
      await answer(page, step);
      const next = i + 1 < path.answers.length ? path.answers[i + 1].question : path.outcome;
      assert.equal(await visibleStepId(page), next);
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest(".decision-step")?.getAttribute("data-node"));
      assert.equal(focused, next, "focus moves to the new step's heading");
      assert.equal(await page.evaluate(() => document.activeElement.tagName), "H3");
      assert.notEqual((await page.locator("[data-decision-live]").textContent()).trim(), "", "the step is announced");
      assert.equal(await page.locator(".decision-path li").count(), i + 2, "answered steps are listed");
    }
    await checkOutcome(page, path);
    assert.equal(new URL(page.url()).search, "?" + stateQuery(path.answers), "the state is in the URL");
  });
  await check(`reload at the end of ${name}`, async () => {
    await page.reload();
    await checkOutcome(page, path);
  });
  await check(`back and forward through ${name}`, async () => {
    const last = path.answers[path.answers.length - 1];
    await page.goBack();
    assert.equal(await visibleStepId(page), last.question);
    await page.goForward();
    await checkOutcome(page, path);
  });
}

await check("an earlier answer can be changed", async () => {
  const path = spec.paths.find((p) => p.answers.length >= 2);
  await page.goto(pageUrl + "?" + stateQuery(path.answers));
  await checkOutcome(page, path);
  await page.locator(".decision-path button.decision-change").first().click();
  assert.equal(await visibleStepId(page), path.answers[0].question);
  assert.equal(new URL(page.url()).search, "");
  const other = spec.paths.find((p) => p.answers[0].key !== path.answers[0].key);
  for (const step of other.answers) await answer(page, step);
  await checkOutcome(page, other);
});

await check("back and restart buttons", async () => {
  const path = spec.paths.find((p) => p.answers.length >= 2);
  await page.goto(pageUrl + "?" + stateQuery(path.answers));
  await page.locator("button[data-decision-back]").click();
  assert.equal(await visibleStepId(page), path.answers[path.answers.length - 1].question);
  await page.locator("button[data-decision-restart]").click();
  assert.equal(await visibleStepId(page), path.answers[0].question);
  assert.equal(new URL(page.url()).search, "");
});

await check("the keyboard alone reaches an outcome", async () => {
  const path = spec.paths[0];
  await page.goto(pageUrl);
  for (const step of path.answers) {
    await visibleStep(page).locator(`a[data-answer="${step.key}"]`).focus();
    await page.keyboard.press("Enter");
  }
  await checkOutcome(page, path);
});

await check("the data embedded for the script cannot close its element", async () => {
  const scripts = await page.locator("script").count();
  assert.equal(await page.locator("script#decision-data").count(), 1);
  assert.equal(await page.locator("b", { hasText: "bold" }).count(), 0, "no markup from a question leaks into the page");
  assert.ok(scripts >= 2);
});

await check("no script errors", async () => {
  assert.deepEqual(errors.map(String), []);
});

await check("axe-core finds no violations, at a question and at an outcome", async () => {
  for (const url of [pageUrl, pageUrl + "?" + stateQuery(spec.paths[0].answers)]) {
    await page.goto(url);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run(document));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), [], url);
  }
});

await check("320 px wide: nothing overflows", async () => {
  const narrow = await browser.newPage({ viewport: { width: 320, height: 640 } });
  await narrow.goto(pageUrl + "?" + stateQuery(spec.paths[0].answers));
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `the page is ${width}px wide`);
  await narrow.close();
});

// The same walks with JavaScript off: every step is on the page, and answers are links.
const noJs = await browser.newContext({ javaScriptEnabled: false });
const plain = await noJs.newPage();
for (const path of spec.paths) {
  const name = path.answers.map((a) => a.label).join(" → ") + " ⇒ " + path.outcome;
  await check(`without JavaScript, follow links: ${name}`, async () => {
    await plain.goto(pageUrl);
    assert.ok((await plain.locator(".decision-step:not([hidden])").count()) > 1, "every step is shown");
    for (const step of path.answers) {
      await plain.locator(`#dt-${step.question} a[data-answer="${step.key}"]`).click();
    }
    assert.equal(new URL(plain.url()).hash, `#dt-${path.outcome}`);
    const outcome = plain.locator(`#dt-${path.outcome}`);
    assert.equal((await outcome.locator(".decision-summary").textContent()).trim(), path.summary);
    assert.ok(await outcome.isVisible());
    // The outcome says which answers lead to it (the first few paths).
    const ways = outcome.locator(".decision-paths li");
    const listed = await ways.allTextContents();
    const walked = path.answers.map((a) => a.label);
    const ways_count = await ways.count();
    assert.ok(ways_count >= 1, "the answers that lead here are listed");
    if (ways_count < 3) {
      assert.ok(listed.some((way) => walked.every((label) => way.includes(label))), `this path is among ${listed}`);
    }
  });
}

await done();
