#!/usr/bin/env bash
# Time and peak memory of grading one very long answer, at several sizes, to
# check that time grows linearly with the input and to see memory per byte.
#
#   scripts/large-input.sh [SIZES_MB...]
#
# SIZES_MB defaults to "1 10 100". Each input is one Markdown file made of
# generated answers (lists, tables, code blocks, Unicode punctuation) joined
# end to end. Release binaries are built once; set SKIP_BUILD=1 to reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(1 10 100)
fi
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/rubricate"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release --quiet --bin rubricate --example gen_corpus
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$target/release/examples/gen_corpus" --answers 2000 --out "$work/corpus" >/dev/null
find "$work/corpus" -type f -name '*.md' | sort | xargs cat >"$work/unit.md"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %10s %10s %12s %10s %12s\n' "MB" "bytes" "seconds" "s per MB" "RSS MB" "RSS / input"
for mb in "${sizes[@]}"; do
  want=$((mb * 1000000))
  : >"$work/big.md"
  while [ "$(stat -c %s "$work/big.md")" -lt "$want" ]; do
    cat "$work/unit.md" >>"$work/big.md"
  done
  # A cut in the middle of a UTF-8 sequence would make the file invalid: end
  # on the last newline instead.
  head -c "$want" "$work/big.md" | sed '$d' >"$work/input.md"
  bytes=$(stat -c %s "$work/input.md")
  /usr/bin/time -f '%e %M' -o "$work/time.txt" \
    "$bin" grade --format json --max-size 1G "$work/input.md" >/dev/null || {
    rc=$?
    # Exit 1 (below a threshold) is a grade, not a failure.
    if [ "$rc" -ne 1 ]; then
      echo "rubricate exited with $rc on $mb MB" >&2
      exit 1
    fi
  }
  read -r secs rss_kb <"$work/time.txt"
  awk -v mb="$mb" -v b="$bytes" -v s="$secs" -v r="$rss_kb" 'BEGIN {
    printf "%8s %10d %10.2f %12.3f %10.1f %12.1f\n", mb, b, s, s / (b / 1e6), r / 1000, r * 1000 / b
  }'
done
