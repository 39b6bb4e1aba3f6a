#!/usr/bin/env bash
# Times the bulk path of import: STEPS steps (default 100,000) seeded, exported, imported into an
# empty database, then imported again (nothing changes the second time).
#   bash bench/import.sh [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-100000}"

cargo build --release --locked --bin closeout --example seed
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CLOSEOUT_NOW=2026-11-30T09:00:00Z
bin=target/release/closeout

target/release/examples/seed "$work/source.db" "$steps"
"$bin" --db "$work/source.db" export --all --output "$work/all.json"
echo "file: $(du -h "$work/all.json" | cut -f1)"

ms() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
echo "import into an empty database: $(ms "$bin" --db "$work/copy.db" import "$work/all.json") ms"
echo "import again (nothing changes): $(ms "$bin" --db "$work/copy.db" import "$work/all.json") ms"
echo "export --all:                   $(ms "$bin" --db "$work/copy.db" export --all --output "$work/again.json") ms"
