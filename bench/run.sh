#!/usr/bin/env bash
# The benchmark of issue #7, in one command from a fresh clone:
#
#   bash bench/run.sh                                  # 10k, 100k and 1M units
#   bash bench/run.sh --sizes 10000,100000             # other sizes
#   bash bench/run.sh --skip zen --keep-going          # see `cchc-bench` usage below
#
# It creates bench/.venv with pandas, builds cchc and the bench in release (in
# bench/target; zen-engine alone compiles for several minutes the first time),
# generates the evidence with `cchc gen` (rules/tdthpl-2020-2024, year 2024, seed 2024)
# into bench/data, runs every contender as its own process, checks that all reports
# agree, and prints Markdown tables (reports and logs in bench/out). Exit status is
# non-zero if any contender fails or any two reports disagree.
#
# Options after the script name go to `cchc-bench run`:
#   --sizes N,N,...   numbers of units (default 10000,100000,1000000)
#   --seed S          generator seed (default 2024)
#   --skip KEYS       contenders not to run: floor,native,cchc1,cchc,zen,pandas
#   --runs N          runs per contender; the fastest time is kept (default 1)
#   --keep-going      go on after a contender fails (the run still exits 1)
set -euo pipefail
cd "$(dirname "$0")/.."

target=bench/target
venv=bench/.venv

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import pandas" 2>/dev/null; then
    "$venv/bin/pip" install --quiet pandas
fi

cargo build --release --locked --quiet --bin cchc --target-dir "$target"
# Not --locked: when the root crate gains a dependency, cargo adds it to bench/Cargo.lock.
cargo build --release --quiet --manifest-path bench/Cargo.toml --target-dir "$target"

exec "$target/release/cchc-bench" run \
    --cchc "$target/release/cchc" \
    --python "$venv/bin/python" \
    "$@"
