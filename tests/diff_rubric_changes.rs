//! `rubricate::diff` over reports graded under two small in-test rubrics whose
//! effect on each tiny answer is known by construction: an element earns its
//! weight when one of its words appears in a full sentence, and the rating is
//! policy-impact from 25 points up.

use rubricate::diff::{self, Direction, Options};
use rubricate::rubric::{self, Rating, Rubric};
use rubricate::Report;

/// A three-element rubric (no answer here earns `gamma`); `alpha_weight`, `beta_weight` and the words of
/// `alpha` vary between tests.
fn rubric_toml(alpha_weight: f64, beta_weight: f64, alpha_words: &[&str]) -> String {
    let words = alpha_words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"
id = "probe"
title = "Probe"
version = "1.0.0"
description = "A rubric small enough to reason about by hand."

[terms.probe_alpha_words]
any = [{words}]

[terms.probe_beta_words]
any = ["appeal", "appeals"]

[terms.probe_gamma_words]
any = ["stewardship"]

[terms.probe_block_words]
any = ["ban everything"]

[[elements]]
id = "alpha"
title = "Alpha"
weight = {alpha_weight:?}
summary = "A mechanism."
feedback = "Name a mechanism."
hint = "Say what you would change."
rules = [{{ kind = "any", any = ["probe_alpha_words"] }}]

[[elements]]
id = "beta"
title = "Beta"
weight = {beta_weight:?}
summary = "A cost."
feedback = "Name a cost."
hint = "Say what an error costs."
rules = [{{ kind = "any", any = ["probe_beta_words"] }}]

[[elements]]
id = "gamma"
title = "Gamma"
weight = 40.0
summary = "Never earned by the answers here; keeps the top band reachable."
feedback = "Name an owner."
hint = "Say who decides."
rules = [{{ kind = "any", any = ["probe_gamma_words"] }}]

[[anti_patterns]]
id = "blanket"
title = "Blanket"
points = -50.0
summary = "A blanket rule."
feedback = "Scope the rule."
rules = [{{ kind = "any", any = ["probe_block_words"] }}]

[[bands]]
rating = "technical-only"
label = "low"
min = -100.0
max = -10.0

[[bands]]
rating = "neutral"
label = "middle"
min = -10.0
max = 25.0

[[bands]]
rating = "policy-impact"
label = "high"
min = 25.0
max = 100.0
"#
    )
}

fn compile(text: &str) -> Rubric {
    rubric::from_toml("probe.toml", text).unwrap_or_else(|e| panic!("test rubric: {e}"))
}

/// Tiny answers: which elements each earns is obvious from its words.
const ANSWERS: &[(&str, &str)] = &[
    ("alpha-only.md", "We raise the threshold on new uploads."),
    (
        "both.md",
        "We raise the threshold, and every appeal is answered by the review team.",
    ),
    (
        "beta-only.md",
        "Every appeal is answered by the review team within a day.",
    ),
    (
        "neither.md",
        "The weather was pleasant on the day of the launch.",
    ),
    ("cap.md", "We cap the uploads of each account every hour."),
];

fn grade_all(rubric: &Rubric) -> Vec<Report> {
    ANSWERS
        .iter()
        .map(|(name, text)| rubricate::grade_text(name, text, rubric))
        .collect()
}

fn sources<'a>(changes: impl Iterator<Item = &'a diff::AnswerChange>) -> Vec<String> {
    let mut out: Vec<String> = changes.map(|c| c.source.clone()).collect();
    out.sort();
    out
}

fn base() -> Rubric {
    compile(&rubric_toml(20.0, 20.0, &["threshold"]))
}

#[test]
fn the_test_rubric_grades_the_tiny_answers_as_constructed() {
    let reports = grade_all(&base());
    let scores: Vec<(&str, f64, Rating)> = reports
        .iter()
        .map(|r| (r.source.as_str(), r.score, r.rating))
        .collect();
    assert_eq!(
        scores,
        vec![
            ("alpha-only.md", 20.0, Rating::Neutral),
            ("both.md", 40.0, Rating::PolicyImpact),
            ("beta-only.md", 20.0, Rating::Neutral),
            ("neither.md", 0.0, Rating::Neutral),
            ("cap.md", 0.0, Rating::Neutral),
        ]
    );
}

#[test]
fn identical_copy_of_a_rubric_reports_no_change() {
    let old = base();
    let new = compile(&rubric_toml(20.0, 20.0, &["threshold"]));
    let d = diff::compare(
        &grade_all(&old),
        &grade_all(&new),
        &Options { min_delta: 0.0 },
    );
    assert!(d.is_unchanged());
    assert!(d.flips.is_empty() && d.moved.is_empty());
    assert_eq!(d.summary.answers, ANSWERS.len());
    assert_eq!(d.summary.mean_abs_delta, 0.0);
    assert_eq!(d.summary.largest, None);
    assert!(diff::render::text(&d).contains("no change"));
}

#[test]
fn raising_one_weight_flips_exactly_the_answers_that_cross_a_band() {
    // beta 20 -> 30: beta-only goes 20 -> 30 and crosses 25; both goes 40 -> 50
    // and stays policy-impact; the others have no beta.
    let new = compile(&rubric_toml(20.0, 30.0, &["threshold"]));
    let d = diff::compare(&grade_all(&base()), &grade_all(&new), &Options::default());
    assert_eq!(sources(d.flips.iter()), vec!["beta-only.md"]);
    let flip = &d.flips[0];
    assert_eq!(flip.flip, Some(Direction::Up));
    assert_eq!(
        (flip.old_rating, flip.new_rating),
        (Rating::Neutral, Rating::PolicyImpact)
    );
    assert_eq!(flip.delta, 10.0);
    assert_eq!(flip.elements.len(), 1);
    let beta = &flip.elements[0];
    assert_eq!(
        (beta.id.as_str(), beta.old_points, beta.new_points),
        ("beta", 20.0, 30.0)
    );
    assert!(beta.evidence.iter().any(|e| e.text.contains("appeal")));
    assert_eq!(sources(d.moved.iter()), vec!["both.md"]);
    assert_eq!((d.summary.flips_up, d.summary.flips_down), (1, 0));
    assert_eq!(d.summary.moved, 2);
}

#[test]
fn lowering_a_weight_flips_downwards() {
    let new = compile(&rubric_toml(4.0, 20.0, &["threshold"]));
    let d = diff::compare(&grade_all(&base()), &grade_all(&new), &Options::default());
    // both: 40 -> 24, below 25.
    assert_eq!(sources(d.flips.iter()), vec!["both.md"]);
    assert_eq!(d.flips[0].flip, Some(Direction::Down));
    assert_eq!((d.summary.flips_up, d.summary.flips_down), (0, 1));
}

#[test]
fn adding_a_keyword_moves_only_the_answers_containing_it() {
    let new = compile(&rubric_toml(20.0, 20.0, &["threshold", "cap"]));
    let old_reports = grade_all(&base());
    let d = diff::compare(&old_reports, &grade_all(&new), &Options { min_delta: 0.0 });
    let containing: Vec<String> = ANSWERS
        .iter()
        .filter(|(_, text)| {
            text.split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "cap")
        })
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(containing, vec!["cap.md"]);
    assert_eq!(sources(d.changes()), containing);
    assert_eq!(d.summary.moved, 1);
    let change = &d.moved[0];
    assert_eq!(change.elements[0].old_found, Some(false));
    assert_eq!(change.elements[0].new_found, Some(true));
    assert!(change.elements[0]
        .evidence
        .iter()
        .any(|e| e.text.contains("cap")));
}

#[test]
fn min_delta_hides_small_moves_but_never_flips() {
    let new = compile(&rubric_toml(20.0, 30.0, &["threshold"]));
    let d = diff::compare(
        &grade_all(&base()),
        &grade_all(&new),
        &Options { min_delta: 50.0 },
    );
    assert_eq!(sources(d.flips.iter()), vec!["beta-only.md"]);
    assert!(d.moved.is_empty());
    assert_eq!(
        d.summary.moved, 2,
        "the summary still counts every changed answer"
    );
}

#[test]
fn changes_are_sorted_by_size_then_source() {
    // alpha 20 -> 30 and "cap" added: cap.md moves 30, alpha-only.md and both.md 10.
    let new = compile(&rubric_toml(30.0, 20.0, &["threshold", "cap"]));
    let d = diff::compare(&grade_all(&base()), &grade_all(&new), &Options::default());
    // Flips first (cap.md +30, then alpha-only.md +10), then the rest (both.md +10).
    let order: Vec<&str> = d.changes().map(|c| c.source.as_str()).collect();
    assert_eq!(order, vec!["cap.md", "alpha-only.md", "both.md"]);
    let flips: Vec<&str> = d.flips.iter().map(|c| c.source.as_str()).collect();
    assert_eq!(flips, vec!["cap.md", "alpha-only.md"]);
    assert_eq!(
        d.summary.largest.as_ref().map(|l| l.source.as_str()),
        Some("cap.md")
    );
    assert_eq!(d.summary.mean_abs_delta, 10.0); // (10 + 10 + 30) / 5
}

#[test]
fn equal_changes_are_ordered_by_source() {
    let text = "We raise the threshold on new uploads.";
    let grade = |r: &Rubric| -> Vec<Report> {
        ["z.md", "m.md", "a.md"]
            .iter()
            .map(|n| rubricate::grade_text(n, text, r))
            .collect()
    };
    let new = compile(&rubric_toml(22.0, 20.0, &["threshold"]));
    let d = diff::compare(&grade(&base()), &grade(&new), &Options::default());
    let order: Vec<&str> = d.moved.iter().map(|c| c.source.as_str()).collect();
    assert_eq!(order, vec!["a.md", "m.md", "z.md"]);
}

#[test]
fn a_penalty_that_goes_away_is_listed_with_its_evidence() {
    let old = base();
    let answer = [("blanket.md", "We ban everything that looks synthetic.")];
    let grade = |r: &Rubric| -> Vec<Report> {
        answer
            .iter()
            .map(|(n, t)| rubricate::grade_text(n, t, r))
            .collect()
    };
    // Remove the anti-pattern's words from the new rubric: the penalty goes away.
    let new_text =
        rubric_toml(20.0, 20.0, &["threshold"]).replace("\"ban everything\"", "\"forbid all\"");
    let d = diff::compare(
        &grade(&old),
        &grade(&compile(&new_text)),
        &Options::default(),
    );
    assert_eq!(d.flips.len(), 1, "-50 is technical-only, 0 is neutral");
    let p = &d.flips[0].penalties;
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].id.as_str(), p[0].old_points, p[0].new_points),
        ("blanket", -50.0, 0.0)
    );
    assert!(p[0]
        .evidence
        .iter()
        .any(|e| e.text.contains("ban everything")));
}

#[test]
fn answers_graded_under_only_one_rubric_are_reported_unmatched() {
    let r = base();
    let old = grade_all(&r);
    let new = grade_all(&r)[1..].to_vec();
    let d = diff::compare(&old, &new, &Options::default());
    assert_eq!(d.summary.unmatched, vec!["alpha-only.md"]);
    assert_eq!(d.summary.answers, ANSWERS.len() - 1);
}

#[test]
fn json_and_markdown_renderings_carry_the_same_changes() {
    let new = compile(&rubric_toml(20.0, 30.0, &["threshold"]));
    let d = diff::compare(&grade_all(&base()), &grade_all(&new), &Options::default());
    let json: serde_json::Value =
        serde_json::from_str(&diff::render::json(&d)).expect("valid JSON");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["unchanged"], false);
    assert_eq!(json["flips"][0]["source"], "beta-only.md");
    assert_eq!(json["flips"][0]["flip"], "up");
    assert_eq!(json["flips"][0]["elements"][0]["id"], "beta");
    assert_eq!(json["summary"]["flips_up"], 1);
    let md = diff::render::markdown(&d);
    assert!(md.contains("### Rating flipped (1)"));
    assert!(md.contains("`beta-only.md`"));
    assert!(md.contains("| element | `beta` |"));
}
