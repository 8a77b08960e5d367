// What the browser scripts share: the built site served on a free loopback port, Debian's
// Chromium launched as this machine needs it, axe-core's verdict on a page, and numbered
// checks that stop at the first failure (exit 1) and end with "N passed, 0 failed".

import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// What axe-core (WCAG 2.2 AA) finds on `page`, one line per rule. Injected through the
// protocol, so it runs when the page's own scripts are blocked too.
export async function violations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }, AXE_TAGS);
}

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain" };

// The file of `site` at site path `path` (a folder's index.html), or null.
function file(site, path) {
  let name = normalize(join(site, path));
  if (!name.startsWith(site)) return null;
  try {
    if (statSync(name).isDirectory()) name = join(name, "index.html");
    return { body: readFileSync(name), type: types[extname(name)] || "application/octet-stream" };
  } catch {
    return null;
  }
}

// Serves `site` under `prefix` ("/" or "/sub/path/") as a host does: a missing file gets
// 404.html with status 404. Resolves to the server and the site's address.
export async function serveSite(site, prefix = "/") {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const found = path.startsWith(prefix) ? file(site, path.slice(prefix.length)) : null;
    if (found) {
      res.writeHead(200, { "content-type": found.type }).end(found.body);
    } else {
      res.writeHead(404, { "content-type": types[".html"] }).end(file(site, "404.html")?.body ?? "");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}${prefix}` };
}

// Chromium at `executablePath`, with no network of its own.
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// `check(name, body)` runs one check and prints its line; `done()` prints the total.
export function checks(browser, server) {
  let passed = 0;
  async function stop() {
    await browser.close();
    server.close();
  }
  return {
    async check(name, body) {
      try {
        await body();
        passed += 1;
        console.log(`ok - ${name}`);
      } catch (error) {
        console.log(`not ok - ${name}\n${error.stack || error}`);
        await stop();
        process.exit(1);
      }
    },
    async done() {
      await stop();
      console.log(`${passed} passed, 0 failed`);
    },
  };
}
