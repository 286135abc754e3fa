#!/usr/bin/env bash
# Memory over an evening (issue 8): the gate with N scans (default 30,000) beside a
# bare Tauri window, under Xvfb, in the same run; writes docs/benchmarks-memory.json
# (then `python3 scripts/bench-report.py > docs/benchmarks.md`). Debug builds, as CI's.
# About 25 minutes for 30,000 scans on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scans="${1:-30000}"
(cd ui && npm run build >/dev/null)
cargo build -j2 -q -p guichet-desktop -p guichet-cli
cargo build -j2 -q -p guichet-desktop --example bare-window
xvfb-run -a node scripts/bench-gate-memory.mjs "$scans"
