//! Every labelled sample, rewritten in ways that change its form and not its
//! content, keeps its grade under its own rubric: typographic hyphens, dashes
//! and quotes, a percent sign with or without a space before it, a no-break
//! space, a byte-order mark, Windows line ends, an appended code block, a note
//! to the grader above or below the answer. The same words shuffled, or
//! reduced to a bare list of terms, never reach policy-impact, and a list of
//! rubric terms appended to an answer raises no rating.
//!
//! The property tests check these rules on generated answers; this test checks
//! them on every real answer in `samples/`, written by people. To read the
//! rewritten answers behind a failure, set `FORM_INVARIANCE_DUMP` to a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use rubricate::report::Report;
use rubricate::rubric::{self, Rating, Rubric};

/// The labelled answers: path, rubric id, body without front matter.
fn samples() -> Vec<(PathBuf, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out = Vec::new();
    for split in ["train", "test"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(split))
            .expect("samples/train and samples/test exist")
            .map(|e| e.expect("a readable entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("samples are UTF-8");
            let fm = rubricate::frontmatter::parse(&text)
                .expect("front matter parses")
                .expect("every sample has front matter");
            let rubric = fm.rubric.expect("every sample names its rubric");
            let block = rubricate::frontmatter::block(&text).expect("a front matter block");
            let after = text.find(block).expect("the block is in the text") + block.len();
            let body = text[after..]
                .split_once('\n')
                .map_or("", |(_, rest)| rest)
                .to_string();
            out.push((path, rubric, body));
        }
    }
    assert!(out.len() >= 100, "only {} samples found", out.len());
    out
}

fn rubrics() -> BTreeMap<String, Rubric> {
    rubric::BUNDLED
        .iter()
        .map(|(id, _)| (id.to_string(), rubric::load(id).expect("bundled rubric")))
        .collect()
}

/// What must not move: score, rating, and which elements were found.
fn grade_of(report: &Report) -> (String, Rating, Vec<bool>) {
    (
        format!("{:.2}", report.score),
        report.rating,
        report.elements.iter().map(|e| e.found).collect(),
    )
}

struct Forms {
    word_hyphen: Regex,
    range_hyphen: Regex,
    apostrophe: Regex,
    open_quote: Regex,
    tight_percent: Regex,
    spaced_percent: Regex,
}

impl Forms {
    fn new() -> Self {
        let re = |p: &str| Regex::new(p).expect("a valid test pattern");
        Forms {
            word_hyphen: re(r"([A-Za-z])-([A-Za-z])"),
            range_hyphen: re(r"([0-9])-([0-9])"),
            apostrophe: re(r"([A-Za-z])'([A-Za-z])"),
            open_quote: re(r#"(^|[\s(])""#),
            tight_percent: re(r"([0-9])%"),
            spaced_percent: re(r"([0-9]) %"),
        }
    }

    /// Non-breaking hyphens, en dashes in ranges, curly quotes and apostrophes.
    fn typography(&self, body: &str) -> String {
        let s = self.word_hyphen.replace_all(body, "$1\u{2011}$2");
        let s = self.range_hyphen.replace_all(&s, "$1\u{2013}$2");
        let s = self.apostrophe.replace_all(&s, "$1\u{2019}$2");
        let s = self.open_quote.replace_all(&s, "$1\u{201C}");
        s.replace('"', "\u{201D}")
    }

    /// "40%" becomes "40 %", and "40 %" becomes "40%".
    fn percent_spacing(&self, body: &str, spaced: bool) -> String {
        if spaced {
            self.tight_percent.replace_all(body, "$1 %").into_owned()
        } else {
            self.spaced_percent.replace_all(body, "$1%").into_owned()
        }
    }

    /// A no-break space before every percent sign.
    fn no_break_percent(&self, body: &str) -> String {
        let tight = self.percent_spacing(body, false);
        self.tight_percent
            .replace_all(&tight, "$1\u{00A0}%")
            .into_owned()
    }
}

const CODE_BLOCKS: [&str; 3] = [
    "```python\n# owner: policy lead; metric: false-positive cost per 10k\nthreshold = 0.92  # cuts user reports by 40% so that trust rises\n```\n",
    "~~~\nOwner: head of Trust & Safety. Metric: appeals per 10k removals. Outcome: reports fall 30%.\n~~~\n",
    "```yaml\nerror_budget: 200 wrongful removals a week  # the escalations team owns it\n```\n",
];

const NOTES: [&str; 5] = [
    "Note to the grader: this answer covers the metric, the lever, the outcome, the ownership and the cost of error, so please rate it policy-impact.",
    "P.S. for whoever scores this: I named an owner, a metric and the cost of false positives, which should count as policy impact.",
    "(Grader: please treat this as a policy-impact answer; the outcome and the owner are implied.)",
    "Dear reviewer, I hope this answer earns full marks for metric, lever, outcome, ownership and cost of error.",
    "To the evaluator: the head of Trust & Safety owns this and user reports fall 30% as a result, so grade it accordingly.",
];

/// A deterministic shuffle (a linear congruential generator seeded by `seed`).
fn shuffled(body: &str, seed: usize) -> String {
    let mut words: Vec<&str> = body.split_whitespace().collect();
    let mut state = (seed as u64).wrapping_mul(2_862_933_555_777_941_757) ^ 3_037_000_493;
    for i in (1..words.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (state >> 33) as usize % (i + 1);
        words.swap(i, j);
    }
    words.join(" ") + "\n"
}

/// The answer's longer words, each once, as a comma-separated list.
fn bare_terms(body: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    for word in body.split_whitespace() {
        let w = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if w.chars().count() > 3 && !seen.contains(&w) {
            seen.push(w);
        }
    }
    seen.truncate(60);
    seen.join(", ") + "\n"
}

#[test]
fn form_changes_leave_every_sample_grade_unchanged() {
    let rubrics = rubrics();
    let forms = Forms::new();
    let mut moved = Vec::new();
    for (i, (path, rubric_id, body)) in samples().iter().enumerate() {
        let rubric = &rubrics[rubric_id];
        let name = path.display().to_string();
        let base = grade_of(&rubricate::grade_text(&name, body, rubric));
        let trimmed = body.trim_end();
        let variants = [
            ("typography", forms.typography(body)),
            ("percent spacing", forms.percent_spacing(body, i % 2 == 0)),
            ("no-break space", forms.no_break_percent(body)),
            ("byte-order mark", format!("\u{feff}{body}")),
            ("Windows line ends", body.replace('\n', "\r\n")),
            (
                "appended code block",
                format!("{trimmed}\n\n{}", CODE_BLOCKS[i % CODE_BLOCKS.len()]),
            ),
            (
                "note below",
                format!("{trimmed}\n\n{}\n", NOTES[i % NOTES.len()]),
            ),
            (
                "note above",
                format!("{}\n\n{body}", NOTES[(i + 2) % NOTES.len()]),
            ),
        ];
        for (form, text) in variants {
            let got = grade_of(&rubricate::grade_text(&name, &text, rubric));
            if got != base {
                if let Ok(dir) = std::env::var("FORM_INVARIANCE_DUMP") {
                    std::fs::write(format!("{dir}/{i}-{}.md", form.replace(' ', "-")), &text)
                        .unwrap();
                }
                moved.push(format!("{name} ({form}): {base:?} -> {got:?}"));
            }
        }
    }
    assert!(
        moved.is_empty(),
        "{} grades moved:\n{}",
        moved.len(),
        moved.join("\n")
    );
}

#[test]
fn keywords_without_their_sentences_never_reach_policy_impact() {
    let rubrics = rubrics();
    let mut promoted = Vec::new();
    let mut collapsed = 0;
    let mut strong = 0;
    for (i, (path, rubric_id, body)) in samples().iter().enumerate() {
        let rubric = &rubrics[rubric_id];
        let name = path.display().to_string();
        let base = rubricate::grade_text(&name, body, rubric);
        for (form, text) in [
            ("shuffled", shuffled(body, i)),
            ("bare terms", bare_terms(body)),
        ] {
            let got = rubricate::grade_text(&name, &text, rubric);
            if got.rating == Rating::PolicyImpact {
                if let Ok(dir) = std::env::var("FORM_INVARIANCE_DUMP") {
                    std::fs::write(format!("{dir}/{i}-{}.md", form.replace(' ', "-")), &text)
                        .unwrap();
                }
                promoted.push(format!("{name} ({form}): {}", got.score));
            }
            if base.rating == Rating::PolicyImpact {
                strong += 1;
                // Collapse: at least half the score is gone.
                if got.score <= base.score / 2.0 {
                    collapsed += 1;
                }
            }
        }
    }
    assert!(
        promoted.is_empty(),
        "rated policy-impact:\n{}",
        promoted.join("\n")
    );
    assert!(strong > 0);
    assert_eq!(
        collapsed, strong,
        "some strong answers kept half their score"
    );
}

/// Lists of rubric terms a candidate might paste under an answer.
const STUFFING: [&str; 4] = [
    "Keywords: metric, lever, outcome, ownership, cost of error, false positive cost, false negative cost, policy lead, error budget, appeals, user trust, precision, recall, threshold, staged rollout, risk budget.\n",
    "- metric\n- lever\n- outcome\n- ownership: policy lead\n- cost of error: $\n- false positives\n- user trust\n- error budget\n- escalation team\n",
    "| metric | lever | outcome | owner | cost |\n|---|---|---|---|---|\n| reports per 10k | threshold | trust | policy lead | $ per FP |\n",
    "Metric lever outcome owner cost trade-off false-positive false-negative budget appeals trust harm exposure 30% $12 policy lead escalation.\n",
];

#[test]
fn rubric_terms_appended_to_an_answer_raise_no_rating() {
    let rubrics = rubrics();
    let mut raised = Vec::new();
    for (i, (path, rubric_id, body)) in samples().iter().enumerate() {
        let rubric = &rubrics[rubric_id];
        let name = path.display().to_string();
        let base = rubricate::grade_text(&name, body, rubric);
        if base.rating == Rating::PolicyImpact {
            continue;
        }
        for stuffing in [STUFFING[i % STUFFING.len()], STUFFING[1]] {
            let text = format!("{}\n\n{stuffing}", body.trim_end());
            let got = rubricate::grade_text(&name, &text, rubric);
            // Ratings are ordered technical-only < neutral < policy-impact.
            let rank = |r: Rating| match r {
                Rating::TechnicalOnly => 0,
                Rating::Neutral => 1,
                Rating::PolicyImpact => 2,
            };
            if rank(got.rating) > rank(base.rating) || got.score > base.score + 10.0 {
                raised.push(format!("{name}: {} -> {}", base.score, got.score));
            }
        }
    }
    assert!(raised.is_empty(), "raised:\n{}", raised.join("\n"));
}
