#!/usr/bin/env bash
# The load benchmark of `cchc serve` (issue #15), in one command from a fresh clone:
#
#   bash bench/serve-load.sh                       # 200 sessions, 60 s
#   bash bench/serve-load.sh --sessions 50 --seconds 20
#
# Builds cchc and the load generator in release (bench/target), starts
# `cchc serve --demo` on loopback in a scratch directory, and prints a Markdown
# table: latency percentiles, errors, requests per second, server-side handling
# time and the server's memory over the run. Exit status 1 if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=bench/target
cargo build --release --locked --quiet --bin cchc --target-dir "$target"
cargo build --release --quiet --manifest-path bench/serve-load/Cargo.toml --target-dir "$target"
exec "$target/release/cchc-serve-load" --cchc "$PWD/$target/release/cchc" "$@"
