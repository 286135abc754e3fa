// The gate's memory does not grow over scans (issue 8, "memory over an evening"): the
// short version CI runs — 2,000 scans through the gate screen's real path in the real
// window — and PSS at the end is at most 10 % above PSS after the first 1,000 (the
// warm-up, as in the evening's benchmark: WebKit's heap settles within its first 1,000
// scans; a CI run with a 500-scan warm-up saw it still step up at 550). Each level is the median of
// three samples (memory.mjs, growth); growth within 50 MiB passes too (see below). scripts/bench-gate-memory.sh runs the evening
// (30,000 scans, warm-up 1,000) beside a bare window; docs/benchmarks.md has it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { gateMemory, growth } from "./memory.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");

test("t5 two thousand scans at the gate leave its memory within 10 % of where it was after warm-up", async () => {
  const scans = Number(process.env.GUICHET_MEMORY_SCANS ?? 2000);
  const warmup = Math.round(scans / 2);
  const run = await gateMemory({ desktop, guichet, scans, warmup, every: Math.round(scans / 20), log: (line) => console.log(line) });
  assert.equal(run.verdicts.timeout, undefined, JSON.stringify(run.verdicts));
  // Every scan got its verdict; a burst cut by a pause of the page can read as a
  // partial code (« illisible »), as a real scanner's would: a few at most.
  assert.ok(run.verdicts.admitted >= Math.min(scans, 10_000) * 0.99, JSON.stringify(run.verdicts));
  const total = growth(run.samples, warmup);
  const { base, last, ratio } = growth(run.samples, warmup, "anon_mib");
  const figures = run.samples.map((s) => `${s.scans}:${s.pss_mib}/${s.anon_mib}`).join(" ");
  console.log(`PSS ${total.base} → ${total.last} MiB (×${total.ratio.toFixed(3)}), anonymous ${base} → ${last} MiB ` +
    `(×${ratio.toFixed(3)}), ${run.seconds.toFixed(0)} s; scans:PSS/anonymous ${figures}`);
  // The bound is on the anonymous part of PSS (the heaps, where a leak grows): the
  // libraries' part moves with the other WebKit windows of the machine (other tests).
  // WebKit's heap still steps up now and then on a loaded machine (+38 MiB once over
  // 1,000 scans with four builds running beside it, flat over 29,000 on a quiet one):
  // the growth must stay within 10 % or 50 MiB. The leak this test was written for
  // (the sounds' oscillators) grew 77 MiB per 1,000 scans.
  assert.ok(ratio <= 1.10 || last - base <= 50, `anonymous PSS grew from ${base} to ${last} MiB after warm-up (${figures})`);
});
