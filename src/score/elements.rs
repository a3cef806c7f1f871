//! Elements earned: which candidates earn an element, and which are void.
//!
//! ## What it does
//! Keeps the candidates of each element that sit in a clause (or a table cell)
//! and are not negated outright, in an answer that reads as sentences. Then
//! voids three kinds of candidate: one that rests on a figure of a counted
//! anti-pattern, a metric named inside an anti-pattern's own phrase, and the
//! token anchors of a technical answer (short anchored sentences with no
//! figure, when unanchored engineering talk outweighs the other anchored
//! sentences two to one). An element with a candidate left scores its weight;
//! one seen only in fragments, lists or negated is marked unearned.
//!
//! ## Why
//! Panels credit an element stated as a claim, not one named in a list of
//! terms or denied. The phrase that makes a mistake cannot also be credited as
//! a measure of the problem, and one product line added to an engineering
//! answer does not make it a product answer.
//!
//! ## Example
//! Earned: "Wrongful removals run at about 40 clips a day, and I want them
//! under 10." (a metric). Void: "If precision at that operating point is above
//! 95%, the model ships." (the figure makes the headline-accuracy
//! anti-pattern).
//!
//! ## Words
//! Rubric fields `elements[].weight` and `technical.unless` (the anchors), and
//! the element id `metric`. No lexicon class: the element's rules read the
//! words.

use std::collections::{BTreeMap, BTreeSet};

use crate::detect::{Candidate, Detection, Negation};
use crate::rubric::Rubric;
use crate::structure::{Quality, Structure};
use crate::text::{Document, TokenKind};

use super::technical::technical_weight;
use super::{evidence, Ctx, Earned, ElementScore};

/// The id of the element that measures the moderation problem, as
/// DESIGN.md fixes it for every rubric. Its findings are checked twice more
/// than the others': a metric named inside an anti-pattern's own phrase is
/// void, and sentences that measure the problem keep a technical story's owner
/// line from reading as a token. A rubric without such an element skips both.
const METRIC: &str = "metric";

/// An element candidate that earns the element.
fn earns(ctx: &Ctx<'_, '_>, c: &Candidate) -> bool {
    if c.negation == Some(Negation::Hard) || ctx.st.salad {
        return false;
    }
    let q = ctx.st.quality[c.sentence];
    if c.table {
        q != Quality::Meta
    } else {
        q == Quality::Clause
    }
}

/// Per element, the candidates that earn it, sorted by sentence.
pub(super) fn earned<'d>(ctx: &Ctx<'_, '_>, det: &'d Detection) -> Earned<'d> {
    det.elements
        .iter()
        .map(|cands| {
            let mut list: Vec<&Candidate> = cands.iter().filter(|c| earns(ctx, c)).collect();
            list.sort_by_key(|c| c.sentence);
            list
        })
        .collect()
}

/// Drops what an anti-pattern's phrase earned. A figure that makes an
/// anti-pattern (a headline accuracy, recall pushed to 100 %) is not also a
/// metric of the moderation problem: an element candidate resting on a
/// quantity inside a counted anti-pattern is void. Nor is a metric named
/// inside the phrase of an anti-pattern ("accuracy is TPR + FPR") a metric of
/// the problem. `counted` holds the counted anti-pattern findings by sentence.
pub(super) fn void_anti_pattern_phrases<'d>(
    det: &Detection,
    rubric: &Rubric,
    earned: Earned<'d>,
    counted: &BTreeMap<usize, Vec<&Candidate>>,
) -> Earned<'d> {
    let metric = rubric.element_index(METRIC);
    earned
        .into_iter()
        .enumerate()
        .map(|(e, list)| {
            list.into_iter()
                .filter(|c| !rests_on_anti_pattern_figure(c, det, counted))
                .filter(|c| Some(e) != metric || !inside_anti_pattern(c, counted))
                .collect()
        })
        .collect()
}

/// True when `c` rests on a quantity that is also a finding of one of the
/// counted anti-pattern candidates `anti` (by sentence).
fn rests_on_anti_pattern_figure(
    c: &Candidate,
    det: &Detection,
    anti: &BTreeMap<usize, Vec<&Candidate>>,
) -> bool {
    let in_sentence = || anti.get(&c.sentence).into_iter().flatten();
    c.spans.iter().any(|span| {
        det.quantities
            .get(det.sentence_quantities[c.sentence].clone())
            .unwrap_or_default()
            .iter()
            .any(|q| q.norm.overlaps(*span))
            && in_sentence().any(|a| a.spans.iter().any(|x| x.overlaps(*span)))
    })
}

/// True when every span of `c` lies inside a counted anti-pattern finding
/// of its sentence ("accuracy is TPR + FPR").
fn inside_anti_pattern(c: &Candidate, anti: &BTreeMap<usize, Vec<&Candidate>>) -> bool {
    let Some(found) = anti.get(&c.sentence) else {
        return false;
    };
    !c.spans.is_empty()
        && c.spans.iter().all(|s| {
            found
                .iter()
                .any(|a| a.spans.iter().any(|x| x.start <= s.start && s.end <= x.end))
        })
}

/// Drops the token anchors of a technical answer. A technical answer with one
/// token product line ("Policy considerations are of course also
/// important.") stays technical: when engineering talk outweighs the anchored
/// sentences two to one, a short anchored sentence with no figure earns
/// nothing and anchors nothing. A rubric without a technical pull keeps all.
pub(super) fn void_token_anchors<'d>(
    ctx: &Ctx<'_, '_>,
    det: &Detection,
    rubric: &Rubric,
    earned: Earned<'d>,
) -> Earned<'d> {
    let Some(t) = &rubric.technical else {
        return earned;
    };
    let metric = rubric.element_index(METRIC);
    let tokens = token_anchors(ctx.doc, det, ctx.st, &t.unless, metric, &earned);
    earned
        .into_iter()
        .map(|list| {
            list.into_iter()
                .filter(|c| tokens.binary_search(&c.sentence).is_err())
                .collect()
        })
        .collect()
}

/// Sentences that anchor an otherwise technical answer only in name: short,
/// with no figure, in an answer whose unanchored engineering talk is at least
/// two sentences and twice the other anchored sentences. Sentences that state
/// a metric of the moderation problem (`measures`) count among the others: an
/// answer that measures appeals and reviewer hours is not engineering with one
/// product line added, however often its story names the model. Sorted.
fn token_anchors(
    doc: &Document<'_>,
    det: &Detection,
    st: &Structure,
    anchors: &[usize],
    measures: Option<usize>,
    earned: &[Vec<&Candidate>],
) -> Vec<usize> {
    let mut anchored: Vec<usize> = anchors
        .iter()
        .flat_map(|&e| earned[e].iter().map(|c| c.sentence))
        .collect();
    anchored.sort_unstable();
    anchored.dedup();
    if anchored.is_empty() {
        return Vec::new();
    }
    let mut weight = 0.0;
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    for c in &det.technical {
        if seen.contains(&c.sentence) || anchored.binary_search(&c.sentence).is_ok() {
            continue;
        }
        if let Some(w) = technical_weight(doc, det, st, anchors, c) {
            seen.insert(c.sentence);
            weight += w;
        }
    }
    let tokens: Vec<usize> = anchored
        .iter()
        .copied()
        .filter(|&s| {
            let words = doc
                .sentence_tokens(s)
                .iter()
                .filter(|t| t.kind != TokenKind::Punct)
                .count();
            words <= 15 && det.sentence_quantities[s].is_empty()
        })
        .collect();
    let mut measured: Vec<usize> = measures
        .map(|m| earned[m].iter().map(|c| c.sentence).collect())
        .unwrap_or_default();
    measured.retain(|s| anchored.binary_search(s).is_err());
    measured.sort_unstable();
    measured.dedup();
    let others = (anchored.len() - tokens.len() + measured.len()) as f64;
    if tokens.is_empty() || weight < 2.0 || weight < 2.0 * others {
        return Vec::new();
    }
    tokens
}

/// The score of each element: its weight when a candidate earned it, and
/// unearned when it was seen but nothing earned it.
pub(super) fn scores(rubric: &Rubric, det: &Detection, earned: &Earned<'_>) -> Vec<ElementScore> {
    rubric
        .elements
        .iter()
        .zip(earned)
        .zip(&det.elements)
        .map(|((e, earned), all)| {
            let found = !earned.is_empty();
            ElementScore {
                found,
                points: if found { e.weight } else { 0.0 },
                evidence: evidence(earned),
                unearned: !found && !all.is_empty(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rubric;

    fn found(rubric_id: &str, text: &str, element: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.elements.iter().any(|e| e.id == element && e.found)
    }

    fn penalized(rubric_id: &str, text: &str, anti: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.penalties.iter().any(|p| p.id == anti)
    }

    fn rating(rubric_id: &str, text: &str) -> crate::rubric::Rating {
        let r = rubric::load(rubric_id).unwrap();
        crate::grade_text("t.md", text, &r).rating
    }

    #[test]
    fn an_owner_given_as_a_label_line_is_ownership() {
        let text = "We raise the threshold to 0.9.\n\nOwner: head of trust and safety.\n";
        assert!(found("policy-impact", text, "ownership"));
        let text = "Owner, escalation team, error budget, policy lead.";
        assert!(!found("policy-impact", text, "ownership"));
    }

    #[test]
    fn a_headline_figure_that_is_an_anti_pattern_is_not_a_metric() {
        let text = "If precision at that operating point is above 95%, the model ships.";
        assert!(penalized("cost-of-error", text, "unanchored_accuracy"));
        assert!(!found("cost-of-error", text, "metric"));
    }

    #[test]
    fn a_metric_named_inside_a_wrong_formula_is_no_metric() {
        let text = "The impact metric I'd use is accuracy, which for a detector is TPR + FPR, \
                    and the higher the sum the more fakes we flag.";
        assert!(penalized("policy-impact", text, "wrong_formula"));
        assert!(!found("policy-impact", text, "metric"));
        let text = "We keep the FPR under 0.5 % a week.";
        assert!(found("policy-impact", text, "metric"));
    }

    #[test]
    fn a_token_product_line_does_not_lift_a_technical_answer() {
        let technical = "I'd fine-tune the transformer backbone on a fresh training set and \
                         distil it into a smaller model. I'd tune the learning rate and batch \
                         size, and check the AUC on the validation set every epoch. ";
        let text = format!("{technical}\n\nUsers will appreciate feeling safer and trust us more.");
        assert!(!found("policy-impact", &text, "outcome"));
        assert_eq!(
            rating("policy-impact", &text),
            crate::rubric::Rating::TechnicalOnly
        );
        // The same line in an answer that is not mostly engineering counts.
        let text = "Users will appreciate feeling safer and trust us more.";
        assert!(found("policy-impact", text, "outcome"));
    }

    #[test]
    fn an_owner_line_in_a_story_that_measures_the_problem_is_no_token() {
        let story = "A voice actor uploads a clean studio reel and the model calls it a \
                     clone. The model team says the threshold is a policy matter. The model \
                     flags about one in sixty studio uploads. Each wrongful strike brings an \
                     appeal that takes a reviewer twelve minutes. That is sixty appeals and \
                     twelve reviewer hours a week.";
        let owner = "The Voice Safety manager answers for the weekly numbers.";
        let text = format!("{story}\n\n{owner}");
        assert!(found("policy-impact", &text, "ownership"));
        // With no measured figure, the model talk outweighs the one owner line.
        let technical = "The model calls the reel a clone. The model was trained on studio \
                         audio and the checkpoint is retrained every week on fresh data.";
        let text = format!("{technical}\n\n{owner}");
        assert!(!found("policy-impact", &text, "ownership"));
    }
}
