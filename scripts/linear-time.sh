#!/usr/bin/env bash
# Time against input size on the inputs that once took quadratic time: one
# phrase repeated through a long answer, and a rubric pattern with an open
# tail (`(a+)+$`) on a run of letters. Prints seconds per size; linear time
# shows as ten times the seconds for ten times the bytes.
#
#   scripts/linear-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TARGET_DIR="$target"
cargo build --release --quiet --bin rubricate
bin="$target/release/rubricate"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The default rubric with one more rule: a pattern that can read to the end
# of the text from every place it may begin.
sed -e 's/^id = "policy-impact"/id = "open-tail"/' rubrics/policy-impact.toml >"$work/open-tail.toml"
printf '\n[patterns]\nopen_tail = '"'"'(a+)+$'"'"'\n' >>"$work/open-tail.toml"
sed -i 's/^  { kind = "all", all = \["metric_named"\], none = \["headline"\] },$/&\n  { kind = "any", any = ["open_tail"] },/' "$work/open-tail.toml"

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null || [ "$?" -eq 1 ]
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

printf '%-28s %10s %10s\n' input bytes seconds
for mb in 0.1 1 10; do
  bytes=$(awk -v mb="$mb" 'BEGIN { printf "%d", mb * 1000000 }')
  # The generators stop on a closed pipe, which pipefail would count.
  (set +o pipefail; yes 'anything without ' | tr -d '\n' | head -c "$bytes") >"$work/phrase.md"
  printf '%-28s %10s %10s\n' "repeated phrase" "$bytes" "$(seconds "$bin" grade --format jsonl "$work/phrase.md")"
  (set +o pipefail; head -c "$bytes" /dev/zero | tr '\0' 'a') >"$work/letters.md"
  printf '%-28s %10s %10s\n' "open-tail pattern" "$bytes" \
    "$(seconds "$bin" grade --rubric "$work/open-tail.toml" --format jsonl "$work/letters.md")"
done
