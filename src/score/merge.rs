//! Merging parts: the grades of a long answer's parts made one grade.
//!
//! ## What it does
//! Merges the grades of consecutive parts of one long answer, graded apart,
//! into the grade of the whole. An element, anti-pattern or bonus found in any
//! part counts once, with the evidence of the first parts; a link bonus counts
//! the linked sentences of every part; the technical pull weighs every part's
//! sentences together; the answer reads as shuffled words only when every
//! part does. The sum, ceilings and band are then read as for one part.
//!
//! ## Why
//! A long answer is graded part by part, one part in memory at a time; its
//! grade must still be the grade of one answer, not a sum that rewards or
//! penalises it for saying the same thing in several parts.
//!
//! ## Example
//! A metric in the first part and an owner in the third make one grade that
//! holds both, each worth its weight once; a blanket block proposed in two
//! parts is one penalty, counted twice.
//!
//! ## Words
//! Rubric fields `elements[]`, `bonuses[].points` and kind, and `technical`
//! (through the technical pull's points).

use std::collections::BTreeMap;

use crate::rubric::compile::BonusKind;
use crate::rubric::Rubric;
use crate::span::Span;

use super::bands::finish;
use super::bonuses::bonus_points;
use super::technical::technical_points;
use super::{ElementScore, FindingScore, Grade, TechnicalScore, MAX_EVIDENCE};

/// Appends `more` evidence to `into` while it holds fewer than
/// [`MAX_EVIDENCE`] spans.
fn add_evidence(into: &mut Vec<Span>, more: Vec<Span>) {
    if into.len() < MAX_EVIDENCE {
        into.extend(more);
    }
}

/// Merges the findings of `parts`, the grades of consecutive parts of one long
/// answer (spans already in offsets of the whole answer), into one grade.
///
/// An element, anti-pattern or bonus found in any part counts once, with the
/// evidence of the first parts; a link bonus counts the linked sentences of
/// every part; the technical pull weighs every part's sentences together;
/// the answer reads as shuffled words only when every part does.
pub fn merge(parts: Vec<Grade>, rubric: &Rubric) -> Grade {
    let mut elements: Vec<ElementScore> = rubric
        .elements
        .iter()
        .map(|_| ElementScore {
            found: false,
            points: 0.0,
            evidence: Vec::new(),
            unearned: false,
        })
        .collect();
    let mut penalties: BTreeMap<usize, FindingScore> = BTreeMap::new();
    let mut bonuses: BTreeMap<usize, FindingScore> = BTreeMap::new();
    let mut technical = TechnicalScore::none();
    let mut salad = !parts.is_empty();
    let mut meta = 0;
    for part in parts {
        for (into, e) in elements.iter_mut().zip(part.elements) {
            into.found |= e.found;
            into.points = into.points.max(e.points);
            into.unearned |= e.unearned;
            add_evidence(&mut into.evidence, e.evidence);
        }
        for (into, found) in [
            (&mut penalties, part.penalties),
            (&mut bonuses, part.bonuses),
        ] {
            for f in found {
                match into.get_mut(&f.index) {
                    Some(seen) => {
                        seen.times += f.times;
                        add_evidence(&mut seen.evidence, f.evidence);
                    }
                    None => {
                        into.insert(f.index, f);
                    }
                }
            }
        }
        technical.sentences += part.technical.sentences;
        technical.weight += part.technical.weight;
        technical.anchored += part.technical.anchored;
        add_evidence(&mut technical.evidence, part.technical.evidence);
        salad &= part.salad;
        meta += part.meta;
    }
    for e in &mut elements {
        e.unearned &= !e.found;
    }
    for b in bonuses.values_mut() {
        let bonus = &rubric.bonuses[b.index];
        // A link counts each linked sentence; a chain or a contrast is found
        // once or not at all.
        if !matches!(bonus.kind, BonusKind::Link { .. }) {
            b.times = 1;
        }
        b.points = bonus_points(bonus.points, b.times);
    }
    if let Some(t) = rubric
        .technical
        .as_ref()
        .filter(|_| technical.sentences > 0)
    {
        technical.points = technical_points(t, technical.weight, technical.anchored);
    }
    finish(
        rubric,
        elements,
        penalties.into_values().collect(),
        bonuses.into_values().collect(),
        technical,
        salad,
        meta,
    )
}

#[cfg(test)]
mod tests {
    use crate::rubric;

    #[test]
    fn merging_the_grade_of_one_part_changes_nothing() {
        let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/train");
        let mut seen = 0;
        for entry in std::fs::read_dir(samples).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for id in ["policy-impact", "error-cost-matrix", "governance-lens"] {
                let r = rubric::load(id).unwrap();
                let doc = crate::text::Document::new(&text, crate::text::Format::Markdown);
                let det = crate::detect::detect(&doc, &r);
                let st = crate::structure::analyse(&doc, &det, &r.lexicon);
                let grade = crate::score::score(&doc, &det, &st, &r);
                assert_eq!(
                    super::merge(vec![grade.clone()], &r),
                    grade,
                    "{path:?} {id}"
                );
                seen += 1;
            }
        }
        assert!(seen > 100);
    }
}
