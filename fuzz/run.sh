#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: `fuzz/run.sh [SECONDS]` (60 s each by default).
# Not part of CI. Needs cargo-fuzz (installed here if missing); its sanitizer flags are nightly
# features, which RUSTC_BOOTSTRAP=1 lets the stable toolchain accept. Findings land in
# fuzz/artifacts/TARGET/; reproduce one with `RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

for target in $(cargo fuzz list); do
  mkdir -p "corpus/$target"
  echo "== $target: $seconds s"
  # corpus/ grows with what the fuzzer learns (not committed); seeds/ holds the committed start.
  cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=5 -print_final_stats=1
done
