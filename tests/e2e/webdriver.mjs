// A minimal W3C WebDriver client over fetch, enough to drive the real Tauri window
// through WebKitWebDriver (build-notes.md: TAURI_WEBVIEW_AUTOMATION=true).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** No WebDriver call may hang a test run: one that takes longer fails instead. */
const CALL_TIMEOUT_MS = 90_000;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startDriver(env, cwd) {
  const port = await freePort();
  const driver = spawn("WebKitWebDriver", [`--port=${port}`], {
    env: { ...process.env, ...env, TAURI_WEBVIEW_AUTOMATION: "true" },
    stdio: ["ignore", "inherit", "inherit"],
    cwd,
    // Its own process group: killing the driver also ends the window it started and
    // WebKit's processes, so no window of one test lingers into the next.
    detached: true,
  });
  const killDriver = driver.kill.bind(driver);
  driver.kill = (signal) => {
    try { process.kill(-driver.pid, "SIGKILL"); return true; } catch { return killDriver(signal); }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${base}/status`);
      if (res.ok) return { driver, base };
    } catch { /* not up yet */ }
    await sleep(100);
  }
  driver.kill();
  throw new Error("WebKitWebDriver did not start");
}

export class Session {
  constructor(base, id) { this.base = base; this.id = id; }

  static async create(base, binary) {
    const res = await fetch(`${base}/session`, {
      method: "POST",
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      body: JSON.stringify({ capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary, args: [] } } } }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`session: ${JSON.stringify(body)}`);
    return new Session(base, body.value.sessionId);
  }

  async cmd(method, path, body) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }

  /** Runs `script` (a function body) in the page and returns its value. */
  execute(script, args = []) { return this.cmd("POST", "/execute/sync", { script, args }); }

  /** Runs `script` (an async function body: `return await …`) in the page. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script: `const done = arguments[arguments.length - 1];
      (async () => { ${script} })(...arguments).then(done, (e) => done({ error: String(e) }));`, args });
  }

  async find(css, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const found = await this.cmd("POST", "/element", { using: "css selector", value: css });
        return found[ELEMENT];
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no element ${css}: ${error.message}`);
        await sleep(100);
      }
    }
  }

  /**
   * Finds `css` and runs `act` on it; when the screen re-rendered in between (the
   * commands answer asynchronously, a countdown ticks), finds it again, as a person
   * would simply click what is there now.
   */
  async onElement(css, act, timeoutMs) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await act(await this.find(css, timeoutMs));
      } catch (error) {
        if (attempt >= 5 || !/stale element/.test(error.message)) throw error;
        await sleep(100);
      }
    }
  }

  async text(css, timeoutMs) {
    return this.onElement(css, (id) => this.cmd("GET", `/element/${id}/text`), timeoutMs);
  }

  async click(css) { return this.onElement(css, (id) => this.cmd("POST", `/element/${id}/click`, {})); }

  async type(css, text) { return this.onElement(css, (id) => this.cmd("POST", `/element/${id}/value`, { text })); }

  /** Empties a field then types `text` into it, as a person replacing a value would. */
  async fill(css, text) {
    return this.onElement(css, async (id) => {
      await this.cmd("POST", `/element/${id}/clear`, {});
      return this.cmd("POST", `/element/${id}/value`, { text });
    });
  }

  /** Waits until `script` (a function body) returns a truthy value; returns it. */
  async until(script, args = [], timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.execute(script, args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${script}`);
      await sleep(100);
    }
  }

  /** Presses the mouse on `fromId`, moves over `toId`, releases: a real drag. */
  async drag(fromId, toId) {
    const origin = (id) => ({ [ELEMENT]: id });
    await this.cmd("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [
      { type: "pointerMove", origin: origin(fromId), x: 0, y: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerMove", origin: origin(toId), x: 0, y: 0, duration: 200 },
      { type: "pointerUp", button: 0 },
    ] }] });
  }

  /** Types `text` then Enter as fast as the driver can: a keyboard-mode scanner. */
  async scannerBurst(text) {
    const actions = [];
    for (const c of text) actions.push({ type: "keyDown", value: c }, { type: "keyUp", value: c });
    actions.push({ type: "keyDown", value: "\uE007" }, { type: "keyUp", value: "\uE007" });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "scanner", actions }] });
  }

  /** Presses one key (WebDriver key code, e.g. "\uE03A" for F10). */
  async press(key) {
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
      { type: "keyDown", value: key }, { type: "keyUp", value: key }] }] });
  }

  async screenshot() { return Buffer.from(await this.cmd("GET", "/screenshot"), "base64"); }

  async close() { try { await this.cmd("DELETE", ""); } catch { /* already gone */ } }
}

/**
 * Runs `work({ dataDir, driver, base })` on a fresh data dir holding the demo data
 * (made by the `guichet` binary), with WebKitWebDriver started on it and stopped after.
 */
export async function withDemoDataDir(guichet, prefix, work) {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  try {
    await work({ dataDir, driver, base });
  } finally {
    driver.kill();
  }
}

/** Every process under `pid`, deepest first (read from ps by parent id, no name matching). */
async function descendants(pid) {
  const { execFileSync } = await import("node:child_process");
  let children = [];
  try {
    children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { /* none */ }
  const below = [];
  for (const child of children) below.push(...await descendants(child), child);
  return below;
}

/**
 * Kills the window the driver started (`guichet-desktop`) and its WebKit processes
 * with SIGKILL, as a crash would; returns how many processes were killed.
 */
export async function killWindow(driver) {
  const { execFileSync } = await import("node:child_process");
  const comm = (pid) => { try { return execFileSync("ps", ["-o", "comm=", "-p", String(pid)]).toString().trim(); } catch { return ""; } };
  const windows = (await descendants(driver.pid)).filter((pid) => comm(pid).startsWith("guichet"));
  const all = [];
  for (const pid of windows) all.push(...await descendants(pid), pid);
  for (const pid of all) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }
  await sleep(1000);
  return all.length;
}

export { ELEMENT, sleep };
