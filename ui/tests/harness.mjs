// The Chromium harness of the UI's flow tests: serves the built ui/dist, launches
// Debian's Chromium through playwright-core, and opens pages with the stand-in
// backend (fake-backend.mjs) in place of Tauri's IPC.
import { after, before } from "node:test";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { installFakeBackend } from "./fake-backend.mjs";

const dist = resolve(import.meta.dirname, "../dist");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };

/** Registers the server and the browser for this test file; returns `open(options)`. */
export function harness() {
  let server;
  let browser;
  let origin;
  before(async () => {
    server = createServer(async (req, res) => {
      const path = req.url === "/" ? "/index.html" : req.url.split("?")[0];
      try {
        const body = await readFile(join(dist, path));
        res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  /** A new page (its own storage) on the window, with the fake backend given `options`. */
  return async function open({ lang = "fr", viewport = { width: 1400, height: 900 }, fake = {}, ...rest } = {}) {
    const options = { ...rest, ...fake };
    const page = await browser.newPage({ viewport });
    await page.addInitScript(({ source, lang, demo, options }) => {
      localStorage.setItem("guichet.lang", lang);
      const install = new Function(`return (${source})`)();
      install.demoUnits = demo;
      install(options);
    }, { source: installFakeBackend.toString(), lang, demo: installFakeBackend.demoUnits, options });
    await page.goto(origin);
    return page;
  };
}

/** Drags from the `first`-th to the `last`-th free cell of the unit's row. */
export async function dragNights(page, unitName, first, last) {
  const cells = page.locator("tr[data-unit]", { hasText: unitName }).locator("td[data-free=true]");
  await cells.nth(first).hover();
  await page.mouse.down();
  await cells.nth(last).hover();
  await page.mouse.up();
}
