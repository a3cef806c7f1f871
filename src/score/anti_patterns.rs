//! Anti-patterns: which findings count against the answer.
//!
//! ## What it does
//! Counts an anti-pattern's finding against the answer when it is put forward:
//! not negated, not in a note to the grader, in salad or in a quotation, not
//! turned down (see the refusal detector), not a later mention of an idea the
//! same paragraph already turned down, not lying wholly inside a finding of
//! another anti-pattern already counted, and not excused by one of its
//! `unless` elements or atoms within `unless_scope`. Each anti-pattern with a
//! counted finding costs its `points` once.
//!
//! ## Why
//! Panels penalise a risk-blind proposal, not an answer that names the
//! tempting move in order to reject it, nor one that prices the cost the
//! proposal brings ("pushing recall to 99 % lifts false positives to 4 %" is a
//! trade-off, not recall at any cost). One phrase makes one mistake, so it is
//! not penalised twice.
//!
//! ## Example
//! Counted: "Chasing every last fake is the plan; I wouldn't squeeze recall
//! towards 100%." (the refusal comes after). Not counted: "I wouldn't squeeze
//! recall towards 100%; chasing every last fake would flood the queue with
//! genuine videos."
//!
//! ## Words
//! Rubric fields `anti_patterns[].points`, `unless` and `unless_scope`; through
//! the refusal detector, lexicon classes `negation`, `aversion`, `rejections`
//! and `harms`.

use std::collections::BTreeMap;

use crate::detect::refusal::{self, rejected_after, rejected_next};
use crate::detect::{Candidate, Detection};
use crate::rubric::compile::{AntiPattern, Unless};
use crate::rubric::schema::Scope;
use crate::rubric::Rubric;
use crate::structure::Quality;

use super::{evidence, Ctx, Earned, FindingScore, Presence};

/// The anti-patterns counted against an answer.
pub(super) struct Counted<'d> {
    /// One per anti-pattern with a counted finding, in rubric order.
    pub(super) penalties: Vec<FindingScore>,
    /// The counted findings by sentence, for the checks made per candidate.
    pub(super) by_sentence: BTreeMap<usize, Vec<&'d Candidate>>,
}

/// An anti-pattern candidate that may count against the answer: not negated,
/// not in a note to the grader or in salad, not quoted.
fn counts_against(ctx: &Ctx<'_, '_>, c: &Candidate) -> bool {
    c.negation.is_none()
        && !matches!(ctx.st.quality[c.sentence], Quality::Meta | Quality::Salad)
        && !ctx.doc.blocks[ctx.doc.sentences[c.sentence].block].quoted
}

/// True when a span of `c` overlaps a span of one of `others` (sorted by
/// sentence, as candidates are): only the others of `c`'s sentence are read.
fn overlaps_any(c: &Candidate, others: &[Candidate]) -> bool {
    let from = others.partition_point(|o| o.sentence < c.sentence);
    others[from..]
        .iter()
        .take_while(|o| o.sentence == c.sentence)
        .any(|o| {
            o.spans
                .iter()
                .any(|x| c.spans.iter().any(|y| x.overlaps(*y)))
        })
}

/// Where each `unless` of anti-pattern `ai` is found: a finding within
/// `unless_scope` of one of them excuses the anti-pattern.
fn excuses(
    ctx: &Ctx<'_, '_>,
    det: &Detection,
    ai: usize,
    anti: &AntiPattern,
    earned: &Earned<'_>,
) -> Vec<Presence> {
    let atom_found = |ui: usize| {
        Presence::new(
            ctx,
            det.anti_unless[ai][ui]
                .iter()
                .filter(|x| x.negation.is_none())
                .map(|x| x.sentence),
        )
    };
    anti.unless
        .iter()
        .enumerate()
        .map(|(ui, u)| match u {
            // A phrase that makes the anti-pattern cannot also excuse it
            // ("people can always appeal" is no cost of error).
            Unless::Element(e) => Presence::new(
                ctx,
                earned[*e]
                    .iter()
                    .filter(|c| !overlaps_any(c, &det.anti_patterns[ai]))
                    .map(|c| c.sentence),
            ),
            // The element counts only in a sentence that also holds the
            // atom: a cost of error excuses recall pushed hard only when
            // it prices the false positives that recall brings.
            Unless::ElementWith(e, _) => {
                let with = atom_found(ui);
                Presence::new(
                    ctx,
                    earned[*e]
                        .iter()
                        .filter(|c| !overlaps_any(c, &det.anti_patterns[ai]))
                        .filter(|c| with.in_scope(ctx, Scope::Sentence, c.sentence))
                        .map(|c| c.sentence),
                )
            }
            Unless::Atom(_) => atom_found(ui),
        })
        .collect()
}

/// The mentions of one anti-pattern that the answer turns down, by paragraph
/// (block group), each list of (sentence, end of the mention) in text order,
/// so a long answer is not read once per mention.
struct TurnedDown(BTreeMap<usize, Vec<(usize, usize)>>);

impl TurnedDown {
    fn new(
        ctx: &Ctx<'_, '_>,
        det: &Detection,
        words: &refusal::Words,
        findings: &[Candidate],
    ) -> TurnedDown {
        let mut refusals: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for x in findings.iter().filter(|x| {
            x.negation.is_some()
                || rejected_next(ctx.doc, det, words, x.sentence)
                || rejected_after(ctx.doc, det, words, x)
        }) {
            refusals
                .entry(ctx.group(x.sentence))
                .or_default()
                .push((x.sentence, x.cover().end));
        }
        TurnedDown(refusals)
    }

    /// Once an answer has turned an anti-pattern down ("I would not take
    /// down all synthetic audio"), later mentions in the same paragraph, or
    /// later in the same sentence after a semicolon ("...; chasing every last
    /// fake would flood the queue"), speak of the rejected idea.
    fn before(&self, ctx: &Ctx<'_, '_>, c: &Candidate) -> bool {
        let Some(list) = self.0.get(&ctx.group(c.sentence)) else {
            return false;
        };
        let start = c.cover().start;
        let from = list.partition_point(|&(s, _)| s < c.sentence);
        from > 0
            || list[from..]
                .iter()
                .take_while(|&&(s, _)| s == c.sentence)
                .any(|&(_, end)| end <= start)
    }
}

/// The anti-pattern findings counted against the answer, and the penalties
/// they bring. `earned` holds the candidates that earn each element, read for
/// the anti-patterns' `unless`.
pub(super) fn counted<'d>(
    ctx: &Ctx<'_, '_>,
    det: &'d Detection,
    rubric: &Rubric,
    earned: &Earned<'_>,
) -> Counted<'d> {
    let mut penalties = Vec::new();
    let mut by_sentence: BTreeMap<usize, Vec<&Candidate>> = BTreeMap::new();
    let words = refusal::Words::of(&rubric.lexicon);
    for (ai, anti) in rubric.anti_patterns.iter().enumerate() {
        let unless = excuses(ctx, det, ai, anti, earned);
        let findings = &det.anti_patterns[ai];
        let turned_down = TurnedDown::new(ctx, det, &words, findings);
        let hits: Vec<&Candidate> = findings
            .iter()
            .filter(|c| counts_against(ctx, c))
            .filter(|c| {
                !turned_down.before(ctx, c)
                    && !rejected_next(ctx.doc, det, &words, c.sentence)
                    && !rejected_after(ctx.doc, det, &words, c)
            })
            // One phrase makes one anti-pattern: "99.9 % recall" pushed at any
            // cost is not also a headline accuracy claim. A finding that lies
            // wholly inside one already counted is not counted again.
            .filter(|c| {
                let counted = by_sentence.get(&c.sentence).map_or(&[][..], |v| &v[..]);
                !c.spans.iter().all(|y| {
                    counted
                        .iter()
                        .any(|a| a.spans.iter().any(|x| x.start <= y.start && y.end <= x.end))
                })
            })
            .filter(|c| {
                !unless
                    .iter()
                    .any(|p| p.in_scope(ctx, anti.unless_scope, c.sentence))
            })
            .collect();
        for &h in &hits {
            by_sentence.entry(h.sentence).or_default().push(h);
        }
        if !hits.is_empty() {
            penalties.push(FindingScore {
                index: ai,
                points: anti.points,
                times: 1,
                evidence: evidence(&hits),
            });
        }
    }
    Counted {
        penalties,
        by_sentence,
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric;

    fn penalized(rubric_id: &str, text: &str, anti: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.penalties.iter().any(|p| p.id == anti)
    }

    #[test]
    fn a_rejected_anti_pattern_named_again_in_its_paragraph_is_not_penalized() {
        let text = "I would not take down all synthetic political audio. \
                    A blanket rule would generate thousands of wrongful removals a day.";
        assert!(!penalized("policy-impact", text, "blanket_block"));
        // In a paragraph of its own, the proposal counts.
        let text = "I would not take down all synthetic political audio.\n\n\
                    A blanket rule is what I would apply from day one.";
        assert!(penalized("policy-impact", text, "blanket_block"));
    }

    #[test]
    fn a_rejection_covers_a_later_mention_in_the_same_sentence() {
        let text = "I wouldn't squeeze recall towards 100%; chasing every last fake \
                    would flood the queue with genuine videos.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
        let text = "Chasing every last fake is the plan; I wouldn't squeeze recall towards 100%.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn one_phrase_makes_one_anti_pattern() {
        let text = "Lower the threshold until we reach 99.9 % recall.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
        assert!(!penalized("policy-impact", text, "unanchored_accuracy"));
        let text = "Our detector reaches 99.9 % accuracy on the benchmark.";
        assert!(penalized("policy-impact", text, "unanchored_accuracy"));
    }

    #[test]
    fn the_phrase_that_makes_an_anti_pattern_does_not_excuse_it() {
        let text = "A missed deepfake can go viral, so treat false positives as an \
                    acceptable side effect; people can always appeal.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
    }

    #[test]
    fn a_cost_of_missed_fakes_alone_does_not_excuse_recall_at_any_cost() {
        let text = "I'd catch every fake we can, since each missed deepfake costs us \
                    about $20k in brand damage.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
        let text = "I'd catch every fake we can, even though each false positive costs \
                    an appeal and 15 minutes of review.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn recall_pushed_with_its_false_positive_price_is_a_trade_off() {
        let text = "Pushing recall to 99% lifts the false-positive rate to about 4%.";
        assert!(!penalized("cost-of-error", text, "maximize_recall"));
        let text = "Pushing recall to 99% is the goal.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
    }
}
