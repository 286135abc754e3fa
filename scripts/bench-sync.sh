#!/usr/bin/env bash
# The sync benchmarks (issue 7), each beside its baseline in the same run: atuin 18.24.4
# (../shared/bench/atuin_sync.sh, built once into a cache, ~10 min cold) pushing and
# pulling N records, then Guichet's sync-bench on the same machine. Results go to
# target/sync-bench/; `python3 scripts/bench-report.py` writes them into
# docs/benchmarks.md. Not part of CI (about 15 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/sync-bench
mkdir -p "$out"
cargo build --release -p guichet-sync --bin guichet-sync -p guichet-tests --bin sync-bench
export GUICHET_SYNC_BIN=$PWD/target/release/guichet-sync
bench=target/release/sync-bench
: > "$out/results.jsonl"
: > "$out/atuin.txt"
for n in 10000 50000; do
  bash ../shared/bench/atuin_sync.sh "$n" | tee -a "$out/atuin.txt"
  "$bench" push "$n" | tee -a "$out/results.jsonl"
done
"$bench" throughput | tee -a "$out/results.jsonl"
# PostgreSQL: a cluster of its own on a free port (as the postgres user when root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
run_pg "$pgbin/initdb" -D "$pgdir/c" -U postgres --auth=trust -E UTF8 >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdir/c" -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$pgdir/log" -w start >/dev/null
trap 'run_pg "$pgbin/pg_ctl" -D "$pgdir/c" -m immediate stop >/dev/null 2>&1 || true' EXIT
run_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
"$bench" throughput "postgres://postgres@127.0.0.1:$port/bench" | tee -a "$out/results.jsonl"
"$bench" latency 300 | tee -a "$out/results.jsonl"
"$bench" fanout 2000 | tee -a "$out/results.jsonl"
"$bench" scan-during-pull 20000 | tee -a "$out/results.jsonl"
echo "==> python3 scripts/bench-report.py writes docs/benchmarks.md"
