// The gate over an evening: N scans (default 30,000: an evening at one scan a second,
// accelerated) through the gate screen's real path in the real window, PSS of its
// process tree sampled at the start, after the warm-up (1,000 scans), every N/10 and
// at the end; then a bare Tauri window (same tauri, same debug build, one-line page)
// measured the same way, in the same run. Writes docs/benchmarks-memory.json, which
// scripts/bench-report.py turns into docs/benchmarks.md's "Memory over an evening".
//
//   xvfb-run -a node scripts/bench-gate-memory.mjs [SCANS]   (scripts/bench-gate-memory.sh)
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { bareMemory, gateMemory, growth } from "../tests/e2e/memory.mjs";

const root = resolve(import.meta.dirname, "..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const bare = process.env.GUICHET_BARE_BIN ?? join(root, "target/debug/examples/bare-window");
const scans = Number(process.argv[2] ?? 30_000);
const warmup = Math.min(1000, Math.round(scans / 2));
const every = Math.max(1, Math.round(scans / 10));

const log = (line) => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
const bareBefore = await bareMemory(bare);
log(`fenêtre nue : ${JSON.stringify(bareBefore)}`);
const run = await gateMemory({ desktop, guichet, scans, warmup, every, log });
const bareAfter = await bareMemory(bare);
log(`fenêtre nue : ${JSON.stringify(bareAfter)}`);
const total = growth(run.samples, warmup);
const anon = growth(run.samples, warmup, "anon_mib");
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores`,
  command: `bash scripts/bench-gate-memory.sh ${scans}`,
  scans, warmup, seconds: Math.round(run.seconds), verdicts: run.verdicts,
  samples: run.samples, bare: [bareBefore, bareAfter],
  growth: {
    pss: { after_warmup_mib: total.base, end_mib: total.last, ratio: Math.round(total.ratio * 1000) / 1000 },
    anon: { after_warmup_mib: anon.base, end_mib: anon.last, ratio: Math.round(anon.ratio * 1000) / 1000 },
  },
};
writeFileSync(join(root, "docs/benchmarks-memory.json"), `${JSON.stringify(result, null, 2)}\n`);
log(`PSS après ${warmup} scans ${total.base} MiB → fin ${total.last} MiB (×${total.ratio.toFixed(3)}) ; ` +
  `anonyme ${anon.base} → ${anon.last} MiB (×${anon.ratio.toFixed(3)}) ; ${run.seconds.toFixed(0)} s`);
if (anon.ratio > 1.10 || total.ratio > 1.10) {
  console.error("la mémoire de la fenêtre a grandi de plus de 10 % après l'échauffement");
  process.exit(1);
}
