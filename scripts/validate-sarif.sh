#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (schema and the
# SARIF and GitHub ingestion rules). The tool is installed with npm into a
# temporary prefix that is removed afterwards.
#
#   scripts/validate-sarif.sh results.sarif [more.sarif ...]
#
# Exit status: 0 when every file is valid, non-zero otherwise.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 FILE.sarif..." >&2
    exit 2
fi
command -v npm >/dev/null || { echo "validate-sarif: npm is required" >&2; exit 2; }

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT

npm install --silent --no-audit --no-fund --prefix "$prefix" \
    "@microsoft/sarif-multitool-linux@${version}" >&2
tool="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
chmod u+x "$tool"

status=0
for file in "$@"; do
    out="$prefix/$(basename "$file").validation.sarif"
    "$tool" validate "$file" --output "$out" --rule-kind "Gh;Sarif" || status=1
    # The tool reports problems as results in its own SARIF log; any error
    # level result fails the file.
    if node -e '
        const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const bad = log.runs.flatMap(r => r.results || []).filter(r => r.level === "error");
        for (const r of bad) console.error(`${r.ruleId}: ${JSON.stringify(r.message)}`);
        process.exit(bad.length ? 1 : 0);
    ' "$out"; then
        echo "validate-sarif: $file is valid"
    else
        echo "validate-sarif: $file has errors" >&2
        status=1
    fi
done
exit "$status"
