#!/usr/bin/env bash
# Benchmarks closeout against the sqlite3 CLI and Taskwarrior on the same data.
#   bash bench/run.sh           1,000, 10,000 and 100,000 steps; writes BENCHMARKS.md
#   bash bench/run.sh --quick   1,000 steps, few runs; writes target/bench/quick.md (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v task >/dev/null || need+=(taskwarrior)
command -v sqlite3 >/dev/null || need+=(sqlite3)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --locked --bin closeout --example seed

if [ "${1:-}" = "--quick" ]; then
  mkdir -p target/bench
  python3 bench/bench.py --quick --output target/bench/quick.md
else
  python3 bench/bench.py "$@"
fi
