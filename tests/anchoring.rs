//! The rating follows the anchoring (DOMAIN, "The one idea"): one sentence
//! that ties a lever or a figure to its product consequence can be
//! policy-impact; engineering output and risk-blind proposals on their own
//! stay technical-only; generic talk stays neutral; and length alone moves
//! no band. Every answer here was written for this test.

use rubricate::rubric::{self, Rating};

fn rating_of(text: &str) -> (Rating, f64) {
    let rubric = rubric::load("policy-impact").expect("the default rubric loads");
    let report = rubricate::grade_text("t.md", text, &rubric);
    (report.rating, report.score)
}

fn assert_rated(cases: &[&str], want: Rating) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|text| {
            let (rating, score) = rating_of(text);
            (rating != want).then(|| format!("{rating:?} ({score}): {text}"))
        })
        .collect();
    assert!(wrong.is_empty(), "expected {want:?}:\n{}", wrong.join("\n"));
}

/// A generic paragraph that anchors nothing, to pad an answer with.
const PADDING: &str = "My background is in product, and I enjoy working across teams. \
I like to start with the problem and talk to the people involved before deciding anything. \
Communication matters a lot in this kind of work. I try to keep everyone aligned and to \
write things down. Over time, the process gets better as the team learns together.";

const ANCHORED: [&str; 4] = [
    // A headline figure held against what its false positives cost.
    "I achieved 99.7 % accuracy while keeping the false-positive cost under $5k per week for the moderation team.",
    // A lever tied to a quantified cost.
    "We raised the threshold so that false-positive cost stays under $4k a day.",
    // A lever, an owner and what a wrong removal costs, in one sentence.
    "The policy lead owns the threshold, because wrongful removals cost creators their income.",
    // A review rate held against what each wrong call costs the reviewers.
    "We cap wrongful removals at 300 a week, since each one costs about 20 minutes of reviewer time.",
];

#[test]
fn one_anchored_sentence_rates_policy_impact() {
    assert_rated(&ANCHORED, Rating::PolicyImpact);
}

#[test]
fn an_anchored_sentence_keeps_its_band_inside_a_longer_neutral_answer() {
    let padded: Vec<String> = ANCHORED
        .iter()
        .flat_map(|s| [format!("{s}\n\n{PADDING}\n"), format!("{PADDING}\n\n{s}\n")])
        .collect();
    let padded: Vec<&str> = padded.iter().map(String::as_str).collect();
    assert_rated(&padded, Rating::PolicyImpact);
}

#[test]
fn engineering_output_and_risk_blind_proposals_stay_technical_only() {
    assert_rated(
        &[
            "Our deepfake detector reaches 98% accuracy on the benchmark.",
            "Block everything that looks synthetic.",
            "We should maximize recall so nothing gets through.",
            "I built the best deepfake detector.",
            "I built the most accurate voice clone classifier on the market.",
        ],
        Rating::TechnicalOnly,
    );
}

#[test]
fn generic_answers_stay_neutral() {
    assert_rated(
        &[
            "I would work closely with stakeholders to understand the problem and iterate on a solution over time.",
            PADDING,
        ],
        Rating::Neutral,
    );
}
