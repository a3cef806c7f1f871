//! Technical pull: engineering talk that nothing anchors.
//!
//! ## What it does
//! Weighs the sentences of engineering talk (models, code, data,
//! infrastructure) that no anchor element reaches in the same sentence: one
//! for a clause, half for a fragment, nothing for a question, a bare list of
//! terms that also names an anchor, salad or a note to the grader. The pull is
//! `points_per_sentence` per unit of weight, no lower than `max`, plus an
//! `unanchored` pull that is full from two such sentences when nothing is
//! anchored and fades as anchored sentences outnumber them.
//!
//! ## Why
//! Panels mark an answer technical-only when it shows engineering output
//! without its product consequence; the same machinery inside an anchored
//! answer is not penalised, and a question about the engineering probes a
//! claim rather than resting on it.
//!
//! ## Example
//! Pulled: "The model was evaluated on the test set." Not pulled: "Which test
//! set was the model evaluated on?"
//!
//! ## Words
//! Rubric fields `technical.any` and `except` (read by detection),
//! `points_per_sentence`, `max`, `unless` (the anchor elements) and
//! `unanchored`.

use std::collections::BTreeSet;

use crate::detect::{Candidate, Detection};
use crate::rubric::compile::Technical;
use crate::rubric::schema::Scope;
use crate::rubric::Rubric;
use crate::span::Span;
use crate::structure::{Quality, Structure};
use crate::text::Document;

use super::{Ctx, Earned, Presence, TechnicalScore, MAX_EVIDENCE};

/// How much a finding of engineering talk pulls: fully in a clause, half in
/// a fragment, nothing in a list of terms that also names the product anchors
/// (a buzzword list is not engineering talk), in a question, in salad or in a
/// note to the grader.
pub(super) fn technical_weight(
    doc: &Document<'_>,
    det: &Detection,
    st: &Structure,
    anchors: &[usize],
    c: &Candidate,
) -> Option<f64> {
    // A question about the engineering ("which test set?") probes a claim
    // rather than resting on it.
    if c.negation.is_some() || doc.text(doc.sentences[c.sentence].norm).ends_with('?') {
        return None;
    }
    match st.quality[c.sentence] {
        Quality::Clause => Some(1.0),
        Quality::Fragment => {
            // Candidates are sorted by sentence: read only this sentence's.
            let buzzwords = anchors.iter().any(|&e| {
                let found = &det.elements[e];
                let from = found.partition_point(|x| x.sentence < c.sentence);
                found[from..]
                    .iter()
                    .take_while(|x| x.sentence == c.sentence)
                    .any(|x| x.negation.is_none())
            });
            (!buzzwords).then_some(0.5)
        }
        Quality::Salad | Quality::Meta => None,
    }
}

/// The technical-only pull of `weight` unanchored sentences against
/// `anchored` sentences that carry a product anchor.
pub(super) fn technical_points(t: &Technical, weight: f64, anchored: usize) -> f64 {
    let anchored = anchored as f64;
    let share = anchored / (anchored + weight);
    let points = (t.points_per_sentence * weight).max(t.max);
    // The unanchored pull: full from two sentences of engineering talk with
    // no anchor at all, fading as anchored sentences outnumber them.
    points + t.unanchored * (weight / 2.0).min(1.0) * (1.0 - 2.0 * share).max(0.0)
}

/// The technical-only pull of the answer: nothing when the rubric has none or
/// no sentence of engineering talk is left unanchored. `presence` says where
/// each element was earned.
pub(super) fn pull(
    ctx: &Ctx<'_, '_>,
    det: &Detection,
    rubric: &Rubric,
    earned: &Earned<'_>,
    presence: &[Presence],
) -> TechnicalScore {
    let Some(t) = &rubric.technical else {
        return TechnicalScore::none();
    };
    let doc = ctx.doc;
    let mut sentences: BTreeSet<usize> = BTreeSet::new();
    let mut spans: Vec<Span> = Vec::new();
    // Engineering talk in a clause pulls fully; in a fragment or a bare list
    // of terms, half as much.
    let mut weight = 0.0;
    for c in &det.technical {
        let Some(w) = technical_weight(doc, det, ctx.st, &t.unless, c) else {
            continue;
        };
        if sentences.contains(&c.sentence) {
            continue;
        }
        let anchored = t
            .unless
            .iter()
            .any(|&e| presence[e].in_scope(ctx, Scope::Sentence, c.sentence));
        if !anchored {
            sentences.insert(c.sentence);
            spans.push(doc.sentences[c.sentence].norm);
            weight += w;
        }
    }
    if sentences.is_empty() {
        return TechnicalScore::none();
    }
    // Sentences that carry a product anchor, against the engineering talk.
    let mut anchored: Vec<usize> = t
        .unless
        .iter()
        .flat_map(|&e| earned[e].iter().map(|c| c.sentence))
        .collect();
    anchored.sort_unstable();
    anchored.dedup();
    spans.sort();
    spans.truncate(MAX_EVIDENCE);
    TechnicalScore {
        points: technical_points(t, weight, anchored.len()),
        sentences: sentences.len(),
        weight,
        anchored: anchored.len(),
        evidence: spans,
    }
}

#[cfg(test)]
mod tests {
    use super::technical_points;
    use crate::rubric;

    #[test]
    fn the_unanchored_pull_is_full_from_two_sentences_and_gone_once_anchors_match_them() {
        let r = rubric::load("policy-impact").unwrap();
        let t = r.technical.as_ref().unwrap();
        assert!(t.unanchored < 0.0);
        let base = |weight: f64| (t.points_per_sentence * weight).max(t.max);
        assert_eq!(technical_points(t, 2.0, 0), base(2.0) + t.unanchored);
        assert_eq!(technical_points(t, 1.0, 0), base(1.0) + t.unanchored / 2.0);
        assert_eq!(technical_points(t, 2.0, 2), base(2.0));
        assert_eq!(technical_points(t, 2.0, 5), base(2.0));
    }

    #[test]
    fn a_buzzword_list_is_not_engineering_talk() {
        let r = rubric::load("policy-impact").unwrap();
        let list =
            "Precision, recall, F1, threshold, user trust, brand safety, error budget, appeals.";
        assert_eq!(crate::grade_text("t.md", list, &r).technical.points, 0.0);
        let tech = "Shadow mode. Model registry. Weekly retrain. Isotonic calibration.";
        assert!(crate::grade_text("t.md", tech, &r).technical.points < 0.0);
    }

    #[test]
    fn a_question_about_the_engineering_does_not_pull() {
        let r = rubric::load("policy-impact").unwrap();
        let asked = "Which test set was the model evaluated on?";
        assert_eq!(crate::grade_text("t.md", asked, &r).technical.points, 0.0);
        let told = "The model was evaluated on the test set.";
        assert!(crate::grade_text("t.md", told, &r).technical.points < 0.0);
    }
}
