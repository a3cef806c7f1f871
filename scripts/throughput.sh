#!/usr/bin/env bash
# Whole-process throughput of `rubricate grade --format jsonl` on a generated
# corpus, against a bare Aho-Corasick pass over the same bytes, plus peak
# memory and the start-up time of one short answer.
#
#   scripts/throughput.sh [ANSWERS] [CORPUS_DIR]
#
# ANSWERS defaults to 10000; CORPUS_DIR defaults to a fresh temporary folder.
# Release binaries are built once; set SKIP_BUILD=1 to reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."

answers="${1:-10000}"
corpus="${2:-}"
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/rubricate"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release --quiet --bin rubricate --example gen_corpus --example ac_baseline
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$corpus" ]; then
  corpus="$work/corpus"
fi
"$target/release/examples/gen_corpus" --answers "$answers" --out "$corpus"
bytes=$(find "$corpus" -type f -name '*.md' -print0 | xargs -0 cat | wc -c)
echo "corpus: $answers answers, $bytes bytes"

# Warm the page cache so every run reads the same cached bytes.
find "$corpus" -type f -name '*.md' -print0 | xargs -0 cat >/dev/null

# Wall seconds, CPU seconds (user + system) and peak RSS (KB) of one grade run;
# its reports go to a file. On a busy machine the CPU figure is the steadier one.
measure() {
  local label="$1"
  shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/$label.jsonl" 2>"$work/$label.err" || {
    local rc=$?
    # Exit 1 (an answer below a threshold) is not used here; anything else is a failure.
    echo "$label: rubricate exited with $rc" >&2
    cat "$work/$label.err" >&2
    exit 1
  }
  t1=$(date +%s%N)
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  local secs cpu
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.3f", s }' "$work/time.txt")
  echo "$secs $cpu $rss"
}

if "$bin" grade --help | grep -q -- '--jobs'; then
  one=(env RAYON_NUM_THREADS=1 "$bin" grade --jobs 1 --format jsonl "$corpus")
  all=(env -u RAYON_NUM_THREADS "$bin" grade --format jsonl "$corpus")
  mode="--jobs 1 vs default"
else
  one=(env RAYON_NUM_THREADS=1 "$bin" grade --format jsonl "$corpus")
  all=(env -u RAYON_NUM_THREADS "$bin" grade --format jsonl "$corpus")
  mode="no --jobs in this build: grade runs on one thread in both runs"
fi

measure one "${one[@]}" >"$work/one.m"
measure all "${all[@]}" >"$work/all.m"
read -r one_s one_cpu one_rss <"$work/one.m"
read -r all_s all_cpu all_rss <"$work/all.m"
if ! cmp -s "$work/one.jsonl" "$work/all.jsonl"; then
  echo "warning: one-thread and all-thread reports differ" >&2
fi
reports=$(wc -l <"$work/one.jsonl")

ac_line=$("$target/release/examples/ac_baseline" "$corpus")
ac_mbs=$(echo "$ac_line" | awk '{print $(NF-1)}')

mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
one_mbs=$(mbs "$one_s")
all_mbs=$(mbs "$all_s")
one_cpu_mbs=$(mbs "$one_cpu")

# Start-up: one short answer, 50 runs, median wall time. The clock is bash's
# own (EPOCHREALTIME, microseconds, read without a subshell): timing with
# `date` would add the start of a `date` process, about 1 ms, to every run.
printf 'I would raise the classifier threshold so that false-positive cost stays under $4k a week.\n' >"$work/short.md"
times=()
for _ in $(seq 50); do
  t0=${EPOCHREALTIME/[.,]/}
  "$bin" grade --format jsonl "$work/short.md" >/dev/null
  t1=${EPOCHREALTIME/[.,]/}
  times+=($(( t1 - t0 )))
done
median_us=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')

echo
echo "threads:            $mode ($(nproc) cores)"
echo "reports:            $reports"
echo "load average:       $(cut -d' ' -f1-3 /proc/loadavg)"
echo "grade, 1 thread:    wall ${one_s} s = ${one_mbs} MB/s; CPU ${one_cpu} s = ${one_cpu_mbs} MB/s; peak RSS ${one_rss} KB"
echo "grade, all threads: wall ${all_s} s = ${all_mbs} MB/s; CPU ${all_cpu} s; peak RSS ${all_rss} KB"
echo "AC baseline:        $ac_line"
awk -v one="$one_mbs" -v all="$all_mbs" -v ac="$ac_mbs" 'BEGIN {
  printf "all/1 thread:       %.2fx\n", all / one
  printf "1 thread / AC:      %.3f (target 0.25)\n", one / ac
}'
awk -v us="$median_us" 'BEGIN { printf "start-up (median of 50, one short answer): %.1f ms\n", us / 1000 }'
