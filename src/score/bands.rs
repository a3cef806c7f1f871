//! Bands: the parts of a grade summed, capped and placed in a band.
//!
//! ## What it does
//! Sums the points of the elements, bonuses, penalties and the technical pull,
//! clamps the sum to [-100, 100], holds it under the lowest `ceiling` of the
//! anti-patterns counted, and places it in the rubric's band. A band that
//! `requires` an element the answer lacks is out of reach: the score stops one
//! point below it, and a note says why. Notes also say when the answer reads
//! as shuffled words and how many sentences addressed to the grader were left
//! ungraded.
//!
//! ## Why
//! A risk-blind proposal outweighs whatever else the answer says, so its
//! ceiling caps the score; and a band that promises measurable impact cannot
//! be reached by an answer that measures nothing, however many other elements
//! it earns.
//!
//! ## Example
//! Under a rubric whose top band starts at 40 and requires `metric`, an answer
//! whose parts sum to 55 but which measures nothing scores 39, is rated in the
//! band below, and is told "Rated below policy-impact because the answer has
//! no metric."; adding "We hold wrongful removals under 0.5 % a week." lifts
//! it into the band.
//!
//! ## Words
//! Rubric fields `bands[]` (`min`, `label`, `rating`, `requires`),
//! `anti_patterns[].ceiling` and `elements[].title` (named in the note).

use crate::rubric::Rubric;

use super::{round, ElementScore, FindingScore, Grade, TechnicalScore};

/// Sums the parts of a grade, clamps and caps the score, and places it in a band.
pub(super) fn finish(
    rubric: &Rubric,
    elements: Vec<ElementScore>,
    penalties: Vec<FindingScore>,
    bonuses: Vec<FindingScore>,
    technical: TechnicalScore,
    salad: bool,
    meta: usize,
) -> Grade {
    let total: f64 = elements.iter().map(|e| e.points).sum::<f64>()
        + bonuses.iter().map(|b| b.points).sum::<f64>()
        + penalties.iter().map(|p| p.points).sum::<f64>()
        + technical.points;
    let ceiling = penalties
        .iter()
        .filter_map(|p| rubric.anti_patterns[p.index].ceiling)
        .fold(100.0, f64::min);
    let mut score = round(total.clamp(-100.0, 100.0).min(ceiling));
    let mut notes = Vec::new();
    // A band that requires an element the answer lacks is out of reach: the
    // score stops one point below it ("measurable impact" needs a metric).
    let mut band = rubric.band(score);
    while let Some(&missing) = band.requires.iter().find(|&&e| !elements[e].found) {
        score = round(band.min - 1.0);
        notes.push(format!(
            "Rated below {} because the answer has no {}.",
            band.label,
            rubric.elements[missing].title.to_lowercase()
        ));
        band = rubric.band(score);
    }

    if salad {
        notes.push(
            "The answer reads as shuffled words rather than sentences, so no element was earned."
                .to_string(),
        );
    }
    if meta > 0 {
        notes.push(format!(
            "{meta} sentence{} addressed to the grader {} not graded.",
            if meta == 1 { "" } else { "s" },
            if meta == 1 { "was" } else { "were" }
        ));
    }
    Grade {
        score,
        rating: band.rating,
        label: band.label.clone(),
        elements,
        penalties,
        bonuses,
        technical,
        salad,
        meta,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric::{self, Rating};

    /// An anchored answer with no figure: lever, outcome, cost and owner.
    const NO_METRIC: &str = "I'd route borderline uploads to a human review tier so that \
        viewers see fewer deceptive clips. Each false positive costs an appeal and 15 minutes \
        of review. The policy lead owns the threshold and signs off on every change, and the \
        trust team watches creator complaints.";

    /// The default rubric with its top band requiring a metric, as a rubric
    /// author may write it.
    fn requiring_a_metric() -> rubric::Rubric {
        let text = rubric::BUNDLED
            .iter()
            .find(|(id, _)| *id == "policy-impact")
            .map(|(_, text)| *text)
            .unwrap()
            .replace(
                "[[bands]]\nrating = \"policy-impact\"\n",
                "[[bands]]\nrating = \"policy-impact\"\nrequires = [\"metric\"]\n",
            );
        rubric::from_toml("requires.toml", &text).unwrap()
    }

    #[test]
    fn a_band_that_requires_an_element_stops_below_it_without_one() {
        let r = requiring_a_metric();
        let report = crate::grade_text("t.md", NO_METRIC, &r);
        assert_eq!(report.rating, Rating::Neutral);
        assert!(report.score < 40.0);
        assert!(report.notes.iter().any(|n| n.contains("no metric")));
        let with = format!("{NO_METRIC} We hold wrongful removals under 0.5 % a week.");
        assert_eq!(
            crate::grade_text("t.md", &with, &r).rating,
            Rating::PolicyImpact
        );
    }

    #[test]
    fn without_a_required_element_the_top_band_needs_no_metric() {
        let r = rubric::load("policy-impact").unwrap();
        let report = crate::grade_text("t.md", NO_METRIC, &r);
        assert_eq!(report.rating, Rating::PolicyImpact);
    }
}
