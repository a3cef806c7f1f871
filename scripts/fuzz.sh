#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after another.
#   scripts/fuzz.sh 600
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`) and a nightly toolchain.
# Set JOBS=2 to run two targets at a time. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
seconds="${1:-60}"
jobs="${JOBS:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
targets=(document detect rubric_toml grade_text)
"$root/scripts/fuzz-seed.sh"
cd "$root/fuzz"
# The fuzz crate has its own target directory so sanitizer builds never mix
# with the main build.
unset CARGO_TARGET_DIR
cargo +nightly fuzz build
status=0
run() {
    cargo +nightly fuzz run "$1" "corpus/$1" -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        >"$root/fuzz/$1.log" 2>&1 || { echo "fuzz target $1 FAILED (see fuzz/$1.log and fuzz/artifacts/$1/)"; return 1; }
    echo "fuzz target $1: $(grep -Eo "Done [0-9]+ runs in [0-9]+ second" "$root/fuzz/$1.log" | tail -1)"
}
if [ "$jobs" -gt 1 ]; then
    pids=()
    for t in "${targets[@]}"; do
        run "$t" & pids+=($!)
        if [ "${#pids[@]}" -ge "$jobs" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
    done
    for p in "${pids[@]}"; do wait "$p" || status=1; done
else
    for t in "${targets[@]}"; do run "$t" || status=1; done
fi
exit "$status"
