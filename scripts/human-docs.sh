#!/usr/bin/env bash
# Counts how often the shuffled-words defence fires on prose written by
# people: the Markdown documents shipped with the software installed on this
# machine (READMEs, changelogs, licences, guides). None of them is an answer,
# and none is word salad, so every document read as shuffled words is a false
# alarm of the defence.
#
#   scripts/human-docs.sh
#
# Looks under /usr/share/doc (also the gzip-compressed *.md.gz Debian ships),
# the global node_modules folders, the cargo registry sources and the Python
# site-packages / dist-packages folders; skips files over 1 MB and empty ones;
# grades each distinct document once (copies of one README in several
# installed versions count once) with the release binary, and prints how many
# were graded, how many read as shuffled words, and the paths of up to 50 of
# those. Exit 0 when the documents were graded, 2 when the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."

max_bytes=1048576
shown=50
salad_note='The answer reads as shuffled words rather than sentences, so no element was earned.'

target="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TARGET_DIR="$target"
cargo build --release --quiet --bin rubricate || exit 2
bin="$target/release/rubricate"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The folders to search: the standard install locations, then the ones the
# installed tools name themselves.
roots=(
  /usr/share/doc
  /usr/lib/node_modules
  /usr/local/lib/node_modules
  "${CARGO_HOME:-$HOME/.cargo}/registry/src"
)
shopt -s nullglob
roots+=(
  /usr/lib/python3*/site-packages /usr/lib/python3*/dist-packages
  /usr/local/lib/python3*/site-packages /usr/local/lib/python3*/dist-packages
  /usr/lib/python3/dist-packages
  "$HOME"/.local/lib/python3*/site-packages
)
shopt -u nullglob
if command -v python3 >/dev/null 2>&1; then
  while IFS= read -r dir; do
    roots+=("$dir")
  done < <(python3 -c 'import site
for d in site.getsitepackages() + [site.getusersitepackages()]:
    print(d)' 2>/dev/null || true)
fi
if command -v npm >/dev/null 2>&1; then
  npm_root="$(npm root -g 2>/dev/null || true)"
  [ -n "$npm_root" ] && roots+=("$npm_root")
fi

# Existing folders, each once (one may be a link to another).
declare -A seen_root=()
search=()
for root in "${roots[@]}"; do
  [ -d "$root" ] || continue
  real="$(realpath -e "$root" 2>/dev/null)" || continue
  [ -n "${seen_root[$real]:-}" ] && continue
  seen_root[$real]=1
  search+=("$real")
done

# Candidate files, NUL-separated (paths may hold spaces or newlines).
if [ ${#search[@]} -gt 0 ]; then
  find "${search[@]}" -type f \( -name '*.md' -o -name '*.MD' -o -name '*.md.gz' \) \
    -size +0 -print0 2>/dev/null >"$work/candidates" || true
else
  : >"$work/candidates"
fi

# Each distinct document copied under a numbered name: the name keeps the
# grader's folder walk from skipping README, CHANGELOG or LICENSE files, and
# one folder spares the command line its length limit. docs.list maps the
# number back to the path (line N is document N).
mkdir "$work/docs"
: >"$work/docs.list"
declare -A seen_file=() seen_digest=()
found=0
too_large=0
unreadable=0
graded_count=0
while IFS= read -r -d '' path; do
  real="$(realpath -e "$path" 2>/dev/null)" || continue
  [ -n "${seen_file[$real]:-}" ] && continue
  seen_file[$real]=1
  found=$((found + 1))
  next=$(printf '%06d' $((graded_count + 1)))
  copy="$work/docs/$next.md"
  case "$path" in
    *.gz) gzip -dc -- "$path" 2>/dev/null | head -c $((max_bytes + 1)) >"$copy" || true ;;
    *) head -c $((max_bytes + 1)) -- "$path" >"$copy" 2>/dev/null || true ;;
  esac
  size=$(wc -c <"$copy")
  if [ "$size" -gt "$max_bytes" ]; then
    too_large=$((too_large + 1))
    rm -f "$copy"
    continue
  fi
  if [ "$size" -eq 0 ]; then
    unreadable=$((unreadable + 1))
    rm -f "$copy"
    continue
  fi
  digest="$(sha256sum <"$copy")"
  digest="${digest%% *}"
  if [ -n "${seen_digest[$digest]:-}" ]; then
    rm -f "$copy"
    continue
  fi
  seen_digest[$digest]=1
  graded_count=$((graded_count + 1))
  # One line a path; a newline inside a path is shown as a space.
  printf '%s\n' "${path//$'\n'/ }" >>"$work/docs.list"
done <"$work/candidates"

echo "searched: ${search[*]:-(no folder found)}"
echo "Markdown files found: $found (over 1 MB: $too_large, empty or unreadable: $unreadable)"

if [ "$graded_count" -eq 0 ]; then
  echo "documents graded: 0"
  echo "read as shuffled words: 0"
  exit 0
fi

# Exit 1 or 2 only says that some file could not be read (invalid UTF-8,
# binary data); the reports of the others are complete.
status=0
"$bin" grade --format jsonl --max-answers "$graded_count" "$work/docs" \
  >"$work/reports.jsonl" 2>"$work/errors" || status=$?
if [ "$status" -gt 2 ] || { [ "$status" -ne 0 ] && [ ! -s "$work/reports.jsonl" ]; }; then
  echo "human-docs: rubricate failed (exit $status):" >&2
  head -n 5 "$work/errors" >&2
  exit 2
fi

# The salad note is looked for in the report's notes only, not in evidence
# quoted from a document: `"notes":[` appears unescaped once per report.
reports=$(wc -l <"$work/reports.jsonl")
errors=$(grep -c '^rubricate: error:' "$work/errors" || true)
sed -n 's/^{"schema_version":1,"source":"\([^"]*\)".*"notes":\[\([^]]*\)\].*$/\1\t\2/p' \
  "$work/reports.jsonl" |
  grep -F -- "$salad_note" |
  cut -f1 |
  sed 's|.*/\([0-9]*\)\.md$|\1|' >"$work/salad" || true
salad=$(wc -l <"$work/salad")

echo "documents graded: $reports (distinct contents; not readable as text: $errors)"
echo "read as shuffled words: $salad"
if [ "$salad" -gt 0 ]; then
  [ "$salad" -gt "$shown" ] && echo "first $shown of them:"
  head -n "$shown" "$work/salad" | while read -r n; do
    sed -n "$((10#$n))p" "$work/docs.list"
  done
fi
exit 0
