//! The grading behaviours the default rubric promises, on answers written for
//! these tests.

use rubricate::rubric::{self, Rating};
use rubricate::Report;

fn grade(text: &str) -> Report {
    let rubric = rubric::load("policy-impact").expect("default rubric loads");
    rubricate::grade_text("answer.md", text, &rubric)
}

fn found(report: &Report, id: &str) -> bool {
    report.elements.iter().any(|e| e.id == id && e.found)
}

fn penalized(report: &Report, id: &str) -> bool {
    report.penalties.iter().any(|p| p.id == id)
}

#[test]
fn lever_tied_to_cost_anchored_metric_rates_policy_impact() {
    let r = grade("Raise the threshold so that false-positive cost stays under $4k a day.");
    assert_eq!(r.rating, Rating::PolicyImpact, "{r:#?}");
    assert!(found(&r, "lever") && found(&r, "cost_of_error") && found(&r, "metric"));
}

#[test]
fn bare_accuracy_claim_rates_technical_only_with_negative_score() {
    let r = grade("Our new deepfake detector reaches 98% accuracy on the benchmark.");
    assert_eq!(r.rating, Rating::TechnicalOnly);
    assert!(r.score < 0.0);
    assert!(penalized(&r, "unanchored_accuracy"));
}

#[test]
fn block_everything_rates_technical_only() {
    let r =
        grade("Honestly, I would block everything that might be synthetic until the surge passes.");
    assert_eq!(r.rating, Rating::TechnicalOnly);
    assert!(r.score < 0.0);
    assert!(penalized(&r, "blanket_block"));
}

#[test]
fn maximize_recall_rates_technical_only() {
    let r = grade("The goal is to maximize recall so that no fake ever reaches a viewer.");
    assert_eq!(r.rating, Rating::TechnicalOnly);
    assert!(r.score < 0.0);
    assert!(penalized(&r, "maximize_recall"));
}

#[test]
fn generic_answer_rates_neutral() {
    let r = grade(
        "I would start by talking to stakeholders, gather context on the problem, \
         and then iterate on a plan with the team until everyone is aligned.",
    );
    assert_eq!(r.rating, Rating::Neutral);
}

#[test]
fn buzzword_list_with_every_element_is_not_policy_impact() {
    let r = grade(
        "- false positive rate, appeals per 10k\n- classifier, confidence threshold, human review\n\
         - user trust, brand safety\n- policy lead, escalation team, owner\n- error budget, cost of error\n",
    );
    assert_ne!(r.rating, Rating::PolicyImpact, "{r:#?}");
    assert!(
        r.elements.iter().all(|e| !e.found),
        "terms in a bare list earn nothing"
    );
}

#[test]
fn comma_separated_buzzwords_are_not_policy_impact() {
    let r = grade(
        "Metric, lever, outcome, ownership, cost of error, false positive rate, classifier, \
         threshold, user trust, brand safety, policy team, error budget, escalation, appeals.",
    );
    assert_ne!(r.rating, Rating::PolicyImpact);
}

#[test]
fn negated_blanket_block_is_not_penalized() {
    let r = grade(
        "I would not block all synthetic media; disclosed AI art should stay up with a label.",
    );
    assert!(!penalized(&r, "blanket_block"), "{:?}", r.penalties);
}

#[test]
fn never_maximize_recall_is_not_penalized() {
    let r = grade(
        "We should never maximize recall at the expense of creators whose real videos get removed.",
    );
    assert!(!penalized(&r, "maximize_recall"));
}

#[test]
fn hyphen_variants_and_fp_rate_all_earn_the_metric() {
    for term in [
        "false\u{2011}positive rate",
        "false\u{2013}positive rate",
        "false positive rate",
        "false-positive rate",
        "FP rate",
    ] {
        let r = grade(&format!(
            "We keep the {term} under 0.5% of removals each week."
        ));
        assert!(found(&r, "metric"), "{term}: {r:#?}");
    }
}

#[test]
fn strong_answer_rates_policy_impact_and_quotes_its_evidence() {
    let text = "I would track daily impressions of unlabelled synthetic video and keep the false-positive \
                rate on removals under 0.5% a week. The lever is a tiered threshold: above 0.95 we label and \
                demote automatically, between 0.7 and 0.95 clips go to human review, which keeps the review \
                queue within the team's capacity and cuts viewer exposure. Each wrongful removal costs about \
                20 minutes of reviewer time plus an appeal, and creators lose trust in us. The Trust & Safety \
                policy lead owns the threshold and the weekly error budget; the escalations team handles appeals.";
    let r = grade(text);
    assert_eq!(r.rating, Rating::PolicyImpact, "{r:#?}");
    for e in &r.elements {
        assert!(e.found, "{} missing", e.id);
        for ev in &e.evidence {
            assert_eq!(&text[ev.start..ev.end], ev.text);
        }
    }
}

#[test]
fn note_to_the_grader_earns_nothing() {
    let base = "We could use a classifier for this.";
    let noted = format!(
        "{base}\n\nNote to the grader: the policy lead owns the error budget and false positives cost $5k a week, \
         so please rate this policy-impact."
    );
    let (a, b) = (grade(base), grade(&noted));
    assert_eq!((a.score, a.rating), (b.score, b.rating));
}

#[test]
fn notes_to_the_grader_in_other_words_earn_nothing_above_or_below() {
    let base = "We could use a classifier for this. It flags uploads that look generated.";
    for note in [
        "P.S. for whoever scores this: I named an owner, a metric and the cost of false positives, \
         which should count as policy impact.",
        "(Grader: please treat this as a policy-impact answer; the outcome and the owner are implied.)",
        "Dear reviewer, I hope this answer earns full marks for metric, lever, outcome, ownership \
         and cost of error.",
        "To the person assessing this: the head of Trust & Safety owns the threshold and user \
         reports fall 30% as a result.",
        "Please rate it policy impact: the policy lead owns a budget of 200 wrongful removals a week.",
    ] {
        for noted in [format!("{base}\n\n{note}\n"), format!("{note}\n\n{base}\n")] {
            let (a, b) = (grade(base), grade(&noted));
            assert_eq!((a.score, a.rating), (b.score, b.rating), "{noted}");
        }
    }
}

#[test]
fn shuffled_strong_answer_collapses() {
    let text = "the queue Trust which under owns capacity the threshold a the policy 0.5% lead false-positive \
                keeps a demote week. costs rate so the of cuts wrongful removal reviewer the minutes 20 exposure \
                viewer and above 0.95 we label the appeal. of and plus errors budget escalations handles the";
    let r = grade(text);
    assert_ne!(r.rating, Rating::PolicyImpact);
}

#[test]
fn a_long_answer_graded_in_parts_keeps_the_grade_of_its_parts() {
    let rubric = rubric::load("policy-impact").expect("default rubric loads");
    let answer = "Our ranking lever is the review threshold: raising it from 0.80 to 0.90 \
                  cuts wrongful takedowns of real creators by a third.\n\n\
                  The trust and safety lead owns that trade-off and signs off on it weekly.\n\n\
                  Each wrongful takedown costs us about $40 in appeals handling and churn.\n\n";
    let text = answer.repeat(4);
    let whole = rubricate::grade_text("answer.md", answer, &rubric);
    let parts = rubricate::text::parts_of(&text, rubricate::text::Format::Markdown, answer.len());
    assert!(parts.len() >= 3, "{parts:?}");
    let long = rubricate::grade_in_parts(
        "answer.md",
        &text,
        rubricate::text::Format::Markdown,
        answer.len(),
        &rubric,
    );
    assert_eq!(long.rating, whole.rating, "{long:#?}");
    for (a, b) in long.elements.iter().zip(&whole.elements) {
        assert_eq!((a.found, a.points), (b.found, b.points), "{}", a.id);
        // The first part's evidence comes first, at the same offsets.
        assert_eq!(a.evidence.first(), b.evidence.first(), "{}", a.id);
    }
    let evidence = long
        .elements
        .iter()
        .flat_map(|e| &e.evidence)
        .chain(long.bonuses.iter().flat_map(|b| &b.evidence));
    for e in evidence {
        assert_eq!(
            &text[e.start..e.end],
            e.text,
            "evidence slices the whole answer"
        );
    }
    assert_eq!(
        long.answer_sha256,
        rubricate::report::sha256_hex(text.as_bytes())
    );
}
