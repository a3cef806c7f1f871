#!/usr/bin/env bash
# Checks that an optimisation changed no report: grades the generated corpus
# and the labelled samples with the binary of BASE_REV and with the working
# tree, and compares the JSON Lines output byte for byte.
#
#   scripts/identical.sh [--except-digest] BASE_REV [ANSWERS]
#
# --except-digest compares the reports with the rubric digest left out. The
# digest covers the shared lexicon, so a change that edits the lexicon (moves
# words into it, say) changes it in every report however the grading stays;
# the two digests are shown.
#
# Exit 0 when identical, 1 when any report differs (the first lines of the
# diff are shown), 2 on a usage or build error.
set -euo pipefail
cd "$(dirname "$0")/.."

except_digest=0
if [ "${1:-}" = "--except-digest" ]; then
  except_digest=1
  shift
fi
if [ $# -lt 1 ]; then
  echo "usage: scripts/identical.sh [--except-digest] BASE_REV [ANSWERS]" >&2
  exit 2
fi
base_rev="$1"
answers="${2:-2000}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TARGET_DIR="$target"
# The first run builds every dependency once more for the base (minutes).

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The base revision, built in a target folder of its own: cargo names the
# artifacts of one package the same whatever its folder, and a `git archive`
# export carries old modification times, so sharing the folder would let cargo
# take one build for the other.
mkdir "$work/base"
git archive "$base_rev" | tar -x -C "$work/base" || {
  echo "identical: cannot export $base_rev" >&2
  exit 2
}
base_target="$target/identical-base"
(cd "$work/base" && CARGO_TARGET_DIR="$base_target" cargo build --release --quiet --bin rubricate) || exit 2
cp "$base_target/release/rubricate" "$work/rubricate-base"

cargo build --release --quiet --bin rubricate --example gen_corpus || exit 2
"$target/release/examples/gen_corpus" --answers "$answers" --out "$work/corpus" >/dev/null

status=0
"$work/rubricate-base" grade --format jsonl "$work/corpus" samples >"$work/base.jsonl" || status=$?
[ "$status" -le 1 ] || { echo "identical: the base binary failed ($status)" >&2; exit 2; }
status=0
"$target/release/rubricate" grade --format jsonl "$work/corpus" samples >"$work/new.jsonl" || status=$?
[ "$status" -le 1 ] || { echo "identical: the new binary failed ($status)" >&2; exit 2; }

if cmp -s "$work/base.jsonl" "$work/new.jsonl"; then
  echo "identical: $(wc -l <"$work/new.jsonl") reports, byte-identical to $base_rev"
elif [ "$except_digest" = 1 ]; then
  digest='"digest":"[0-9a-f]{64}"'
  for side in base new; do
    grep -oE "$digest" "$work/$side.jsonl" | sort -u | cut -c11-22 | tr '\n' ' ' >"$work/$side.digests"
    sed -E "s/$digest/\"digest\":\"\"/" "$work/$side.jsonl" >"$work/$side.masked"
  done
  if cmp -s "$work/base.masked" "$work/new.masked"; then
    echo "identical: $(wc -l <"$work/new.jsonl") reports, byte-identical to $base_rev" \
      "but for the rubric digest ($(cat "$work/base.digests")-> $(cat "$work/new.digests"))"
  else
    echo "identical: reports differ from $base_rev (rubric digest aside)" >&2
    diff "$work/base.masked" "$work/new.masked" | head -20 >&2
    exit 1
  fi
else
  echo "identical: reports differ from $base_rev" >&2
  diff "$work/base.jsonl" "$work/new.jsonl" | head -20 >&2
  exit 1
fi
