//! Bonuses: elements tied together by the answer's structure.
//!
//! ## What it does
//! Finds each bonus of the rubric among the earned elements, by its kind:
//! a `link` ties a `from` element to a `to` element in one sentence through a
//! connective, or carries it to the next sentence of the paragraph when that
//! sentence opens with the rubric's `carry` atom; a `chain` finds all its
//! elements within one `scope`; a `contrast` finds one of its elements after
//! "not X, but". A bonus found scores its points; a link found in two
//! sentences or more scores half again.
//!
//! ## Why
//! Panels reward an answer that reasons from a lever to its effect, and that
//! keeps its metric, outcome and owner together, over one that lists the same
//! elements apart. A second link is worth half again and later ones nothing:
//! returns diminish.
//!
//! ## Example
//! Linked: "Uploads the classifier is unsure about go to human review first.
//! That way fewer viewers are fooled by a fake before it spreads." Not linked:
//! the same two sentences with "Later on," in place of "That way", or with a
//! paragraph break between them.
//!
//! ## Words
//! Rubric fields `bonuses[].points` and `when` (`from`, `to`, `carry`,
//! `elements`, `scope`); the connectives and contrast words of the lexicon
//! (classes `connectives`, `contrast`) through the structure analysis.

use std::collections::BTreeSet;

use crate::detect::Detection;
use crate::rubric::compile::BonusKind;
use crate::rubric::schema::Scope;
use crate::rubric::Rubric;
use crate::span::Span;

use super::{in_sentence, Ctx, Earned, FindingScore, Presence, MAX_EVIDENCE};

/// The bonuses found in the answer, in rubric order.
pub(super) fn found(
    ctx: &Ctx<'_, '_>,
    det: &Detection,
    rubric: &Rubric,
    earned: &Earned<'_>,
    presence: &[Presence],
) -> Vec<FindingScore> {
    let mut bonuses = Vec::new();
    for (bi, bonus) in rubric.bonuses.iter().enumerate() {
        let (mut found, times) = match &bonus.kind {
            BonusKind::Link { from, to, .. } => linked(ctx, &det.carried[bi], from, to, earned),
            BonusKind::Chain {
                elements: ids,
                scope,
            } => chained(ctx, ids, *scope, earned, presence),
            BonusKind::Contrast { to } => contrasted(ctx, to, earned),
        };
        if times > 0 {
            found.sort();
            found.dedup();
            found.truncate(MAX_EVIDENCE);
            bonuses.push(FindingScore {
                index: bi,
                points: bonus_points(bonus.points, times),
                times,
                evidence: found,
            });
        }
    }
    bonuses
}

/// Points of a bonus found `times` times: the second occurrence is worth
/// half, no more after (diminishing returns).
pub(super) fn bonus_points(points: f64, times: usize) -> f64 {
    points * if times >= 2 { 1.5 } else { 1.0 }
}

/// A link bonus: the spans that tie a `from` element to a `to` element, and
/// how many sentences hold such a link. `carried` holds the sorted sentences
/// that open with the link's `carry` atom.
fn linked(
    ctx: &Ctx<'_, '_>,
    carried: &[usize],
    from: &[usize],
    to: &[usize],
    earned: &Earned<'_>,
) -> (Vec<Span>, usize) {
    let (doc, st) = (ctx.doc, ctx.st);
    let mut found: Vec<Span> = Vec::new();
    let mut linked_sentences: BTreeSet<usize> = BTreeSet::new();
    for &f in from {
        for a in &earned[f] {
            if !a.sentence_scope || linked_sentences.contains(&a.sentence) {
                continue;
            }
            let partner = to.iter().filter(|&&t| t != f).find_map(|&t| {
                in_sentence(&earned[t], a.sentence).iter().find_map(|b| {
                    if !b.sentence_scope {
                        return None;
                    }
                    let (sa, sb) = (a.cover(), b.cover());
                    if sa.overlaps(sb) {
                        return None;
                    }
                    st.linked(doc, a.sentence, sa, sb)
                        .map(|c| sa.cover(sb).cover(c))
                })
            });
            // Or carried to the next sentence of the paragraph, which opens
            // with the carrying words ("That way ...").
            let next = a.sentence + 1;
            let partner = partner.or_else(|| {
                let carries = carried.binary_search(&next).is_ok()
                    && doc.sentences[next].block == doc.sentences[a.sentence].block;
                if !carries {
                    return None;
                }
                to.iter().filter(|&&t| t != f).find_map(|&t| {
                    in_sentence(&earned[t], next)
                        .iter()
                        .find(|b| b.sentence_scope)
                        .map(|b| a.cover().cover(b.cover()))
                })
            });
            if let Some(span) = partner {
                linked_sentences.insert(a.sentence);
                found.push(span);
            }
        }
    }
    (found, linked_sentences.len())
}

/// A chain bonus: the first candidate of the first element with every other
/// element found within `scope` of it, as one span per element, sorted; found
/// once or not at all.
fn chained(
    ctx: &Ctx<'_, '_>,
    ids: &[usize],
    scope: Scope,
    earned: &Earned<'_>,
    presence: &[Presence],
) -> (Vec<Span>, usize) {
    'outer: for a in ids.first().map(|&i| &earned[i]).into_iter().flatten() {
        let mut spans = vec![a.cover()];
        for &other in &ids[1..] {
            if !presence[other].in_scope(ctx, scope, a.sentence) {
                continue 'outer;
            }
            match earned[other]
                .iter()
                .find(|b| ctx.in_scope(scope, a.sentence, b.sentence))
            {
                Some(b) => spans.push(b.cover()),
                None => continue 'outer,
            }
        }
        spans.sort();
        return (spans, 1);
    }
    (Vec::new(), 0)
}

/// A contrast bonus: the sentence where one of the `to` elements follows a
/// contrast ("not X, but Y"); found once or not at all.
fn contrasted(ctx: &Ctx<'_, '_>, to: &[usize], earned: &Earned<'_>) -> (Vec<Span>, usize) {
    for &t in to {
        if let Some(c) = earned[t]
            .iter()
            .find(|c| c.sentence_scope && ctx.st.after_contrast(c.sentence, c.cover()))
        {
            return (vec![ctx.doc.sentences[c.sentence].norm], 1);
        }
    }
    (Vec::new(), 0)
}

#[cfg(test)]
mod tests {
    use super::bonus_points;
    use crate::rubric;

    #[test]
    fn a_bonus_found_twice_is_worth_half_again_and_no_more_after() {
        assert_eq!(bonus_points(4.0, 1), 4.0);
        assert_eq!(bonus_points(4.0, 2), 6.0);
        assert_eq!(bonus_points(4.0, 5), 6.0);
    }

    #[test]
    fn a_link_is_carried_to_the_next_sentence_that_points_back() {
        let r = rubric::load("policy-impact").unwrap();
        let linked = |text: &str| {
            crate::grade_text("t.md", text, &r)
                .bonuses
                .iter()
                .any(|b| b.id == "lever_linked")
        };
        let lever = "Uploads the classifier is unsure about go to human review first.";
        let effect = "fewer viewers are fooled by a fake before it spreads.";
        assert!(linked(&format!("{lever} That way {effect}")));
        assert!(!linked(&format!("{lever} Later on, {effect}")));
        assert!(!linked(&format!("{lever}\n\nThat way {effect}")));
    }
}
