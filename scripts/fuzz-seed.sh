#!/usr/bin/env bash
# Seeds the fuzz corpora from the sample answers and the bundled rubrics.
# The corpora are not committed (fuzz/.gitignore); run this before fuzzing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
mkdir -p "$corpus/document" "$corpus/detect" "$corpus/grade_text" "$corpus/rubric_toml"
for target in document detect grade_text; do
    find "$root/samples" -type f \( -name '*.md' -o -name '*.txt' \) -exec cp -t "$corpus/$target" {} +
done
cp -t "$corpus/rubric_toml" "$root"/rubrics/*.toml
echo "seeded $(find "$corpus" -type f | wc -l) files under fuzz/corpus"
