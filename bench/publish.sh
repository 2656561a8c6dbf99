#!/usr/bin/env bash
# The publication benchmark (issue #16), in one command from a fresh clone:
#
#   bash bench/publish.sh                     # 100 and 1000 units
#   bash bench/publish.sh --sizes 100,1000,5000
#
# Builds cchc and the benchmark in release (bench/target) and prints a Markdown
# table: publishing a round and deciding an appeal, against scoring it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=bench/target
cargo build --release --locked --quiet --bin cchc --target-dir "$target"
cargo build --release --quiet --manifest-path bench/serve-load/Cargo.toml --target-dir "$target" --bin cchc-publish-bench
exec "$target/release/cchc-publish-bench" --cchc "$PWD/$target/release/cchc" "$@"
