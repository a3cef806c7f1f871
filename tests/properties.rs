//! Properties of grading that must hold on any input: evidence slices the
//! original text, grading is deterministic and bounded, typography and code
//! blocks do not move a grade, and shuffled or bare term lists never reach
//! policy-impact.

use std::sync::OnceLock;

use proptest::prelude::*;
use rubricate::report::{Evidence, Report};
use rubricate::rubric::{self, Rating, Rubric};

fn rubric() -> &'static Rubric {
    static RUBRIC: OnceLock<Rubric> = OnceLock::new();
    RUBRIC.get_or_init(|| rubric::load(rubric::DEFAULT_RUBRIC).expect("the default rubric loads"))
}

/// A fixed seed keeps CI reproducible; set PROPTEST_RNG_SEED to explore
/// other cases locally.
fn config() -> ProptestConfig {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261125);
    ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..ProptestConfig::default()
    }
}

/// Answers of my own that carry the whole chain: metric, lever, outcome,
/// owner and the cost of errors, linked in the same sentences.
const STRONG: [&str; 4] = [
    "We measure about 90k daily impressions of unlabelled synthetic video that impersonates real people. \
I would route uploads that the multimodal classifier scores between 0.6 and 0.9 to a human review tier, \
so that viewers see fewer deceptive clips and user reports fall by a third within a quarter. \
Each wrongly removed real video costs roughly 15 minutes of reviewer time and an appeal, \
so the false-positive rate on removals must stay under 0.5 % a week. \
The Trust & Safety policy lead owns the threshold and signs off on every change to it.\n",
    "## Launch plan\n\n\
The detector is not the goal; exposure is. Today roughly 3 % of election-related views land on manipulated clips. \
We would raise the confidence threshold for automatic removal to 0.95 and label the band below it, \
which cuts exposure while keeping appeals under 20 per 10k removals. \
A missed deepfake of a candidate costs far more trust than a mislabelled parody, \
so the error budget is allocated to the escalations team, and its manager owns the weekly review of overturned removals.\n",
    "- Metric: appeals per 10k removals of AI-generated video, held below 25 each week.\n\
- Lever: a staged rollout of hash matching plus provenance checks, starting at 5 % of uploads, so that the review queue stays within 2k items a day.\n\
- Outcome: creators keep their trust because fewer real videos are taken down, and advertisers see less brand-unsafe content.\n\
- Cost of error: every false positive costs about $12 in reviewer time and goodwill; every false negative on a scam deepfake costs far more in user harm.\n\
- Owner: the policy operations director owns the threshold and the error budget, and signs off before each stage widens.\n",
    "I would not chase raw recall. A rate limit on new accounts that upload synthetic media, combined with a watermark check, \
should bring user reports of impersonation down by 40 % within 60 days. \
Because a wrongful takedown costs an appeal and about 20 minutes of moderator time, we cap false positives at 300 a week, \
which keeps the review team within capacity. \
The head of Trust & Safety owns that cap and decides when it moves; moderators escalate to her when appeals spike.\n",
];

/// Pieces that exercise Markdown, Unicode normalization and the detectors.
const PIECES: &[&str] = &[
    "false-positive",
    "false\u{2011}negative",
    "rate",
    "under",
    "0.5",
    "%",
    "$4k",
    "per",
    "week",
    "a day",
    "classifier",
    "threshold",
    "the policy lead",
    "owns",
    "so that",
    "not",
    "never",
    "block all",
    "recall",
    "appeals",
    "reviewer",
    "hours",
    "2k",
    "items/day",
    "\u{201c}quoted\u{201d}",
    "it\u{2019}s",
    "caf\u{e9}",
    "\u{1F600}",
    "\u{a0}",
    "\u{2014}",
    "\u{2212}5",
    "\u{200b}",
    "e\u{301}",
    "\r\n",
    "\n",
    "\n\n",
    ". ",
    ", ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "# ",
    "| ",
    "|---|",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "<b>",
    "[x](y)",
    "---\n",
    "\t",
    "    ",
    "\\",
    "&amp;",
    "%%",
    "10k",
    "1e9",
    "99.9999999999999999999",
    "-",
    "'",
    "\"",
];

fn pieces_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.join(" "))
}

/// Any text: Unicode strings, piece soups, and strong answers with noise.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        pieces_text(),
        (prop::sample::select(&STRONG[..]), pieces_text()).prop_map(|(s, p)| format!("{s}\n{p}")),
    ]
}

fn all_evidence(r: &Report) -> impl Iterator<Item = &Evidence> {
    r.elements
        .iter()
        .flat_map(|e| &e.evidence)
        .chain(r.penalties.iter().flat_map(|p| &p.evidence))
        .chain(r.bonuses.iter().flat_map(|b| &b.evidence))
        .chain(&r.technical.evidence)
}

/// What a reader of the grade sees: score, rating and the elements found.
fn verdict(r: &Report) -> (f64, Rating, Vec<String>) {
    let found = r
        .elements
        .iter()
        .filter(|e| e.found)
        .map(|e| e.id.clone())
        .collect();
    (r.score, r.rating, found)
}

/// Hyphens between two letters or digits become U+2011 (non-breaking hyphen);
/// list markers and minus signs are left alone.
fn fancy_hyphens(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphanumeric()
            && chars[i + 1].is_alphanumeric();
        out.push(if c == '-' && between { '\u{2011}' } else { c });
    }
    out
}

/// Straight quotes become curly ones: apostrophes to U+2019, double quotes
/// alternating U+201C / U+201D.
fn smart_quotes(text: &str) -> String {
    let mut open = true;
    text.chars()
        .map(|c| match c {
            '\'' => '\u{2019}',
            '"' => {
                open = !open;
                if open {
                    '\u{201d}'
                } else {
                    '\u{201c}'
                }
            }
            c => c,
        })
        .collect()
}

/// Terms of the rubric and the shared lexicon, as a candidate would paste them.
fn rubric_terms() -> &'static [String] {
    static TERMS: OnceLock<Vec<String>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut terms = Vec::new();
        for (_, text) in rubric::BUNDLED
            .iter()
            .copied()
            .chain([("lexicon", rubric::LEXICON_TOML)])
        {
            let value: toml::Value = toml::from_str(text).expect("bundled TOML parses");
            let Some(sets) = value.get("terms").and_then(|t| t.as_table()) else {
                continue;
            };
            for set in sets.values() {
                for entry in set
                    .get("any")
                    .and_then(|a| a.as_array())
                    .into_iter()
                    .flatten()
                {
                    // Includes and word stems (`regulat*`) are not words a candidate writes.
                    if let Some(s) = entry
                        .as_str()
                        .filter(|s| !s.starts_with('@') && !s.contains('*'))
                    {
                        terms.push(s.to_string());
                    }
                }
            }
        }
        terms.sort();
        terms.dedup();
        assert!(terms.len() > 50, "the rubric has term lists");
        terms
    })
}

/// Sentences that are bare comma-separated term lists, in shuffled order.
fn keyword_list() -> impl Strategy<Value = String> {
    let sentence = prop::collection::vec(prop::sample::select(rubric_terms()), 2..9)
        .prop_map(|t| format!("{}.", t.join(", ")));
    prop::collection::vec(sentence, 1..8)
        .prop_shuffle()
        .prop_map(|s| s.join(" "))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn evidence_slices_the_original_on_char_boundaries(text in any_text(), plain in any::<bool>()) {
        let name = if plain { "answer.txt" } else { "answer.md" };
        let report = rubricate::grade_text(name, &text, rubric());
        for ev in all_evidence(&report) {
            prop_assert!(ev.start <= ev.end && ev.end <= text.len(), "{ev:?}");
            prop_assert!(text.is_char_boundary(ev.start) && text.is_char_boundary(ev.end), "{ev:?}");
            prop_assert_eq!(&ev.text, &text[ev.start..ev.end]);
        }
    }

    #[test]
    fn grading_is_deterministic(text in any_text()) {
        let a = serde_json::to_string(&rubricate::grade_text("a.md", &text, rubric())).unwrap();
        let b = serde_json::to_string(&rubricate::grade_text("a.md", &text, rubric())).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn score_stays_within_bounds(text in any_text()) {
        let report = rubricate::grade_text("a.md", &text, rubric());
        prop_assert!(report.score.is_finite());
        prop_assert!((-100.0..=100.0).contains(&report.score), "score {}", report.score);
    }

    #[test]
    fn unicode_hyphens_and_smart_quotes_do_not_change_the_grade(
        text in prop_oneof![prop::sample::select(&STRONG[..]).prop_map(String::from), pieces_text()],
    ) {
        let before = verdict(&rubricate::grade_text("a.md", &text, rubric()));
        let hyphens = verdict(&rubricate::grade_text("a.md", &fancy_hyphens(&text), rubric()));
        prop_assert_eq!(&before, &hyphens, "U+2011 hyphens changed the grade");
        let quotes = verdict(&rubricate::grade_text("a.md", &smart_quotes(&text), rubric()));
        prop_assert_eq!(&before, &quotes, "smart quotes changed the grade");
    }

    #[test]
    fn appending_a_fenced_code_block_does_not_change_the_grade(
        text in prop::sample::select(&STRONG[..]),
        code in prop::collection::vec(prop::sample::select(PIECES).prop_filter("no fences", |p| !p.contains('`') && !p.contains('~')), 0..40),
    ) {
        let before = verdict(&rubricate::grade_text("a.md", text, rubric()));
        let with_code = format!("{text}\n```python\n{}\nblock_all_synthetic_media(recall=1.0)\n```\n", code.join(" "));
        prop_assert_eq!(before, verdict(&rubricate::grade_text("a.md", &with_code, rubric())));
    }

    #[test]
    fn shuffled_bare_keyword_lists_never_reach_policy_impact(text in keyword_list()) {
        let report = rubricate::grade_text("a.md", &text, rubric());
        prop_assert_ne!(report.rating, Rating::PolicyImpact, "score {} for {:?}", report.score, text);
    }

}

proptest! {
    // No shrinking: proptest shrinks a shuffle back towards the original order,
    // which would report the unshuffled (strong) answer instead of the failure.
    #![proptest_config(ProptestConfig { max_shrink_iters: 0, ..config() })]

    #[test]
    fn word_shuffled_strong_answers_never_reach_policy_impact(
        words in prop::sample::select(&STRONG[..])
            .prop_flat_map(|s| Just(s.split_whitespace().map(String::from).collect::<Vec<_>>()).prop_shuffle()),
    ) {
        let text = words.join(" ");
        let report = rubricate::grade_text("a.md", &text, rubric());
        prop_assert_ne!(report.rating, Rating::PolicyImpact, "score {} for {:?}", report.score, text);
    }
}

#[test]
fn strong_fixtures_are_graded_without_panicking_and_find_evidence() {
    for text in STRONG {
        let report = rubricate::grade_text("a.md", text, rubric());
        assert!(report.elements.iter().any(|e| e.found), "{text}");
    }
}
