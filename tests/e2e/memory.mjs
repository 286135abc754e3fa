// Memory of a real window over many gate scans: PSS summed over the window's process
// tree (the app and its WebKit web and network processes), read from
// /proc/PID/smaps_rollup (build-notes.md: "compare PSS … against a bare window in
// the same run"). Used by tests/e2e/memory.test.mjs (the short run CI does) and
// scripts/bench-gate-memory.mjs (the evening: 30,000 scans).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

/** Every process as [pid, ppid, name]. */
function processes() {
  const list = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      list.push([Number(entry), ppid, name]);
    } catch { /* gone meanwhile */ }
  }
  return list;
}

/** `root` and all its descendants. */
export function processTree(root) {
  const all = processes();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of all) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * PSS in KiB summed over `pids` (a process that ended meanwhile counts 0): `Pss`, or
 * one of its parts, `Pss_Anon` (the heaps: what a leak grows) or `Pss_File` (the
 * libraries, whose share also depends on how many other processes of the machine map
 * them — another WebKit window elsewhere lowers it).
 */
export function pssKiB(pids, field = "Pss") {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
      if (match) total += Number(match[1]);
    } catch { /* gone */ }
  }
  return total;
}

/** The window WebKitWebDriver started for `binary` (its child process). */
async function windowPid(driver, binary) {
  const name = basename(binary).slice(0, 15); // /proc's comm is cut at 15 characters
  for (let i = 0; i < 100; i++) {
    const found = processes().find(([, ppid, comm]) => ppid === driver.pid && comm === name);
    if (found) return found[0];
    await sleep(100);
  }
  throw new Error(`no ${name} process under WebKitWebDriver`);
}

/** PSS in MiB of each process of the tree, by name. */
export function pssByProcess(root) {
  const names = new Map(processes().map(([pid, , name]) => [pid, name]));
  const out = {};
  for (const pid of processTree(root)) {
    const name = names.get(pid) ?? String(pid);
    out[name] = Math.round(((out[name] ?? 0) + pssKiB([pid]) / 1024) * 10) / 10;
  }
  return out;
}

/** The window's tree PSS in MiB, after a short settle: total, anonymous, file-backed. */
export async function windowPss(root, settleMs = 1000) {
  await sleep(settleMs);
  const tree = processTree(root);
  const mib = (field) => Math.round(pssKiB(tree, field) / 102.4) / 10;
  return { pss_mib: mib("Pss"), anon_mib: mib("Pss_Anon"), file_mib: mib("Pss_File") };
}

/** Starts `binary` through WebKitWebDriver with `env`; returns the session and its pid. */
export async function launch(binary, env) {
  const { driver, base } = await startDriver(env);
  const window = await Session.create(base, binary);
  const pid = await windowPid(driver, binary);
  return {
    window, pid, close: async () => { await window.close(); driver.kill(); },
  };
}

const json = (guichet, dataDir, args) =>
  JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, ...args, "--json"], { maxBuffer: 64 << 20 }).toString());

/**
 * A demo data dir plus a session of 10,000 seats starting in an hour with `tickets`
 * tickets sold (10,000 at most; an evening's later scans find them already scanned,
 * which is a verdict too).
 */
export function gateData(guichet, tickets) {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-memory-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const { organizer } = json(guichet, dataDir, ["events", "organizer", "--name", "Banc d'essai"]);
  const { event } = json(guichet, dataDir, ["events", "add", "--name", "Soirée de mesure"]);
  const startsAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  const session = json(guichet, dataDir, ["events", "session", "--event", event, "--starts-at", startsAt, "--capacity", "10000"]).id;
  json(guichet, dataDir, ["events", "product", "--event", event, "--name", "Entrée", "--theme", "Mesure",
    "--organizer", organizer, "--price", "10.00"]);
  const { codes } = json(guichet, dataDir, ["tickets", "issue", "--session", session, "--quantity", String(Math.min(tickets, 10_000))]);
  return { dataDir, session, codes };
}

/**
 * Opens the gate (F10) on `session` as a person would: the screen, then the session
 * chosen in its list.
 */
export async function openGate(window, session) {
  await window.find("table.planning", 30_000);
  await window.press("\uE03A");
  await window.find(`.gate select option[value="${session}"]`);
  await window.execute(`const select = document.querySelector(".gate select[name=session]");
    select.value = arguments[0]; select.dispatchEvent(new Event("change"));
    document.activeElement?.blur();`, [session]);
  await sleep(500);
}

/**
 * Scans `codes` at the open gate through its real path, `batch` at a time in the
 * page: a keyboard-mode scanner's burst (keydown events 0 ms apart, then Enter) that
 * the gate's keystroke catcher hands to the `keyboard_scan` command, then the verdict
 * shown (colour, sound, counters, recent scans). Each scan waits for its verdict.
 * Returns the count of each verdict.
 */
export async function scanAtGate(window, codes) {
  // The batch runs in the page on its own; the test polls for its end with short
  // calls, so that one unreadable answer of the driver (seen once in CI: « Could not
  // parse script result ») is simply asked again instead of failing the run.
  await window.execute(`const codes = arguments[0];
    const verdict = document.querySelector(".verdict");
    const counts = {};
    const state = { done: false, counts };
    window.__guichetScans = state;
    const burst = (code) => {
      for (const key of [...code, "Enter"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      }
    };
    // A pause of the page (a collection) in the middle of a burst makes it read as
    // typing, which the gate rightly ignores: the scanner "scans again" after 3 s,
    // as a volunteer would, and the retry is counted.
    const one = (code) => new Promise((done) => {
      let tries = 0;
      const again = () => {
        tries += 1;
        if (tries > 3) { observer.disconnect(); done("timeout"); return; }
        if (tries > 1) counts.retried = (counts.retried ?? 0) + 1;
        burst(code);
        timer = setTimeout(again, 3000);
      };
      let timer = 0;
      const observer = new MutationObserver(() => {
        if (verdict.dataset.verdict) { clearTimeout(timer); observer.disconnect(); done(verdict.dataset.verdict); }
      });
      delete verdict.dataset.verdict;
      observer.observe(verdict, { childList: true, attributes: true });
      again();
    });
    (async () => {
      for (const code of codes) { const v = await one(code); counts[v] = (counts[v] ?? 0) + 1; }
      state.done = true;
    })();
    return true;`, [codes]);
  for (let failures = 0; ;) {
    try {
      const result = await window.execute("const s = window.__guichetScans; return s && s.done ? JSON.stringify(s.counts) : null;");
      if (result) return JSON.parse(result);
    } catch (error) {
      if (++failures > 20) throw error;
    }
    await sleep(200);
  }
}

/**
 * The gate over `scans` scans of `codes` (in turn), sampling the window's PSS at the
 * start, after `warmup` scans, every `every` scans and at the end.
 */
export async function gateMemory({ desktop, guichet, scans, warmup, every, batch = 250, log = () => {} }) {
  const { dataDir, session, codes } = gateData(guichet, scans);
  const app = await launch(desktop, { GUICHET_DATA_DIR: dataDir });
  const samples = [];
  const verdicts = {};
  try {
    await openGate(app.window, session);
    const sample = async (done) => {
      const pss = await windowPss(app.pid);
      const by = pssByProcess(app.pid);
      samples.push({ scans: done, ...pss, by_process: by });
      log(`${done} scans : ${JSON.stringify(pss)} ${JSON.stringify(by)}`);
    };
    await sample(0);
    const marks = new Set([warmup, scans]);
    for (let s = every; s < scans; s += every) marks.add(s);
    let done = 0;
    const started = Date.now();
    while (done < scans) {
      const next = Math.min(scans, done + batch, ...[...marks].filter((m) => m > done));
      const chunk = [];
      for (let i = done; i < next; i++) chunk.push(codes[i % codes.length]);
      const counts = await scanAtGate(app.window, chunk);
      for (const [v, n] of Object.entries(counts)) verdicts[v] = (verdicts[v] ?? 0) + n;
      done = next;
      if (marks.has(done)) await sample(done);
      if (marks.has(done)) log(`verdicts : ${JSON.stringify(verdicts)}`);
    }
    const seconds = (Date.now() - started) / 1000;
    return { samples, verdicts, seconds, dataDir };
  } finally {
    await app.close();
  }
}

/** A bare Tauri window's PSS, measured the same way (after `settleMs`). */
export async function bareMemory(binary, settleMs = 3000) {
  const app = await launch(binary, {});
  try {
    await app.window.find("p", 30_000);
    return await windowPss(app.pid, settleMs);
  } finally {
    await app.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Growth after warm-up. WebKit's heap breathes (a collection can free 40 MiB between
 * two samples), so each level is the median of three samples: after warm-up, the
 * sample at `warmup` scans and the two after it; at the end, the last three.
 */
export function growth(samples, warmup, field = "pss_mib") {
  const at = samples.findIndex((s) => s.scans === warmup);
  const base = median(samples.slice(at, at + 3).map((s) => s[field]));
  const last = median(samples.slice(-3).map((s) => s[field]));
  return { base, last, ratio: last / base };
}
