// The dev server's build-error overlay in Debian's Chromium: on a page of the theme, in light
// and in dark, with the theme's own switch set either way, the overlay shows the report and
// every text in it has a contrast of at least 4.5:1 (worked out, and by axe-core).
//
// Usage: node overlay.mjs SPEC.json
// SPEC: { "url": "http://127.0.0.1:PORT/a/page/", "chromium": "/usr/bin/chromium", "report": "text in the report" }

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checks, launch } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await launch(spec.chromium);
const { check, done } = checks(browser, { close() {} });

for (const colorScheme of ["light", "dark"]) {
  for (const chosen of [null, "light", "dark"]) {
    await check(`the overlay is readable (system ${colorScheme}, theme switch ${chosen ?? "auto"})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
      const page = await context.newPage();
      if (chosen) await page.addInitScript((t) => localStorage.setItem("factbook-theme", t), chosen);
      await page.goto(spec.url);
      const overlay = page.locator("#factbook-overlay");
      await overlay.waitFor({ timeout: 10000 });
      assert.ok((await overlay.locator("pre").textContent()).includes(spec.report));
      await page.evaluate(axeSource);
      const failures = await page.evaluate(async () => {
        // axe-core leaves text over a fixed box "to review", so the ratio is also worked out
        // here: each text's colour against the nearest background drawn behind it.
        const rgb = (c) => c.match(/[\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const background = (el) => {
          for (; el; el = el.parentElement) {
            const c = rgb(getComputedStyle(el).backgroundColor);
            if (c.length < 4 || c[3] > 0) return c;
          }
          return [255, 255, 255];
        };
        const found = [];
        for (const el of document.querySelectorAll("#factbook-overlay, #factbook-overlay *")) {
          if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < 4.5) found.push(`${el.tagName}: contrast ${ratio.toFixed(2)}`);
        }
        const result = await window.axe.run("#factbook-overlay", { runOnly: { type: "rule", values: ["color-contrast"] } });
        return found.concat(result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`)));
      });
      assert.deepEqual(failures, []);
      await context.close();
    });
  }
}
await done();
