#!/usr/bin/env python3
"""Fit a rubric's element weights, bonus points, technical scale and band edges.

The grade is a sum of parts: points for each element found, points for each
structure bonus, anti-pattern penalties and the technical-only pull, clamped,
capped by risk-blind ceilings and placed in bands. This script reads reports
graded with the rubric as it stands (JSON Lines from `rubricate grade --format
jsonl`), recomputes every score for candidate numbers, and searches the numbers
that maximise rating agreement with labelled answers, by coordinate descent
over a small grid. Detection is not refitted: only the numbers.

Fit only on training splits, then measure the held-out ones with `eval`:

    rubricate grade --format jsonl --rubric policy-impact samples/train > train.jsonl
    scripts/fit-weights.py rubrics/policy-impact.toml train.jsonl=samples/train \
        [more.jsonl=LABELS.jsonl ...] [--write]

Each corpus is `REPORTS=LABELS`: LABELS is a folder of front-matter answers
(the rating is read from `rating:`) or a JSON Lines file with `id` and `rating`
(a report's source is then matched on `#ID` or on the file stem). Every corpus
weighs the same in the objective, whatever its size, so a small real-text set
is not drowned by a large one. `--write` puts the fitted numbers into the
rubric file; without it they are printed.
"""

import json
import os
import re
import sys
import tomllib

RATINGS = {"technical-only": 0, "neutral": 1, "policy-impact": 2}
# Every element earns something: each further element makes an answer stronger.
WEIGHT_GRID = [6, 8, 10, 12, 14, 16, 18, 20, 24]
BONUS_GRID = [0, 2, 4, 6, 8, 10, 12, 14, 16, 20]
TECH_GRID = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
LOW_EDGES = [-25, -20, -15, -10, -5]
HIGH_EDGES = [20, 24, 28, 30, 32, 34, 36, 38, 40]


def labels_of(path):
    """Map a report source (path, `FILE#ID` or stem) to its labelled rating."""
    found = {}
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            for name in files:
                full = os.path.join(root, name)
                with open(full, encoding="utf-8") as f:
                    m = re.search(r"^\s*rating:\s*(\S+)", f.read(), re.M)
                if m:
                    found[os.path.splitext(name)[0]] = m.group(1)
    else:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    found[str(row["id"])] = row["rating"]
    return found


def key_of(source):
    if "#" in source:
        return source.rsplit("#", 1)[1]
    return os.path.splitext(os.path.basename(source))[0]


def parts_of(report, rubric):
    """The parts of a graded report that the numbers act on."""
    weights = {e["id"]: e["weight"] for e in rubric["elements"]}
    bonus_points = {b["id"]: b["points"] for b in rubric.get("bonuses", [])}
    ceilings = {a["id"]: a.get("ceiling") for a in rubric.get("anti_patterns", [])}
    found = [e["id"] for e in report["elements"] if e["found"]]
    bonuses = {
        b["id"]: b["points"] / bonus_points[b["id"]]
        for b in report.get("bonuses", [])
        if bonus_points.get(b["id"])
    }
    ceiling = min(
        [c for c in (ceilings.get(p["id"]) for p in report["penalties"]) if c is not None],
        default=100.0,
    )
    return {
        "found": [f for f in found if f in weights],
        "bonuses": bonuses,
        "penalty": sum(p["points"] for p in report["penalties"]),
        "ceiling": ceiling,
        "technical": report.get("technical", {}).get("points", 0.0),
    }


def rate(parts, numbers):
    total = sum(numbers["w:" + e] for e in parts["found"])
    total += sum(numbers["b:" + b] * times for b, times in parts["bonuses"].items())
    total += parts["penalty"] + numbers["technical"] * parts["technical"]
    score = min(max(total, -100.0), 100.0, parts["ceiling"])
    if score < numbers["low"]:
        return 0
    return 2 if score >= numbers["high"] else 1


def objective(corpora, numbers):
    return sum(
        sum(rate(p, numbers) == y for p, y in items) / len(items) for items in corpora
    )


def fit(corpora, numbers, grids):
    best = objective(corpora, numbers)
    for _ in range(4):
        improved = False
        for name, grid in grids.items():
            for value in grid:
                trial = dict(numbers, **{name: value})
                if trial["low"] >= trial["high"]:
                    continue
                score = objective(corpora, trial)
                if score > best + 1e-9:
                    best, numbers, improved = score, trial, True
        if not improved:
            break
    return numbers, best


def write(path, rubric, numbers):
    text = open(path, encoding="utf-8").read()
    blocks = re.split(r"(?=^\[\[)", text, flags=re.M)
    out = []
    for block in blocks:
        m = re.match(r"\[\[(elements|bonuses|bands)\]\]", block)
        if m and m.group(1) in ("elements", "bonuses"):
            ident = re.search(r'^id = "([^"]+)"', block, re.M).group(1)
            key, field = ("w:", "weight") if m.group(1) == "elements" else ("b:", "points")
            if key + ident in numbers:
                block = re.sub(
                    rf"^{field} = .*$", f"{field} = {float(numbers[key + ident])}", block, count=1, flags=re.M
                )
        elif m and m.group(1) == "bands":
            rating = re.search(r'^rating = "([^"]+)"', block, re.M).group(1)
            edges = {
                "technical-only": (None, numbers["low"]),
                "neutral": (numbers["low"], numbers["high"]),
                "policy-impact": (numbers["high"], None),
            }[rating]
            if edges[0] is not None:
                block = re.sub(r"^min = .*$", f"min = {float(edges[0])}", block, count=1, flags=re.M)
            if edges[1] is not None:
                block = re.sub(r"^max = .*$", f"max = {float(edges[1])}", block, count=1, flags=re.M)
        out.append(block)
    text = "".join(out)
    # The technical pull's numbers scale together: points per sentence, its
    # floor and the unanchored pull, inside the [technical] table only.
    head, sep, rest = text.partition("[technical]")
    if sep:
        table, brk, tail = rest.partition("[[")
        table = re.sub(
            r"^(points_per_sentence|max|unanchored) = (-?[0-9.]+)$",
            lambda m: f"{m.group(1)} = {round(float(m.group(2)) * numbers['technical'], 1)}",
            table,
            flags=re.M,
        )
        text = head + sep + table + brk + tail
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: fit-weights.py RUBRIC.toml REPORTS=LABELS... [--write]", file=sys.stderr)
        return 2
    try:
        rubric_path = args[0]
        with open(rubric_path, "rb") as f:
            rubric = tomllib.load(f)
        corpora = []
        for spec in args[1:]:
            if "=" not in spec:
                raise ValueError(f"{spec}: expected REPORTS=LABELS")
            reports, labels = spec.split("=", 1)
            known = labels_of(labels)
            items = []
            with open(reports, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    try:
                        report = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise ValueError(f"{reports}:{number}: not a JSON report: {e}") from e
                    rating = known.get(key_of(report["source"]))
                    if rating in RATINGS:
                        items.append((parts_of(report, rubric), RATINGS[rating]))
            if not items:
                raise ValueError(f"no labelled report in {spec}")
            corpora.append(items)
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as e:
        print(f"fit-weights: error: {e}", file=sys.stderr)
        return 2
    bands = {b["rating"]: b for b in rubric["bands"]}
    numbers = {"technical": 1.0, "low": bands["neutral"]["min"], "high": bands["policy-impact"]["min"]}
    grids = {"technical": TECH_GRID, "low": LOW_EDGES, "high": HIGH_EDGES}
    for e in rubric["elements"]:
        numbers["w:" + e["id"]] = e["weight"]
        grids["w:" + e["id"]] = WEIGHT_GRID
    for b in rubric.get("bonuses", []):
        numbers["b:" + b["id"]] = b["points"]
        grids["b:" + b["id"]] = BONUS_GRID
    before = [objective([c], numbers) for c in corpora]
    numbers, _ = fit(corpora, numbers, grids)
    after = [objective([c], numbers) for c in corpora]
    for spec, b, a in zip(args[1:], before, after):
        print(f"{spec.split('=')[0]}: agreement {b:.3f} -> {a:.3f} (recomputed)")
    for name in sorted(numbers):
        print(f"{name} = {numbers[name]}")
    if "--write" in argv:
        write(rubric_path, rubric, numbers)
        print(f"written to {rubric_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
