//! Baselines: a previous `--format json` output that a run is compared with.
//!
//! With a baseline, an answer it lists fails only when it lost ground: a
//! lower rating or a lower score than before (a ratchet). An answer it does
//! not list is judged by its threshold as usual.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::report::Report;
use crate::rubric::Rating;

/// Scores are rounded to 0.1 in reports; a smaller drop is not a loss.
const TOLERANCE: f64 = 0.05;

#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct Entry {
    pub score: f64,
    pub rating: Rating,
}

#[derive(Deserialize)]
struct RawEntry {
    source: String,
    #[serde(flatten)]
    entry: Entry,
}

/// The grades of a previous run, by answer name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    entries: BTreeMap<String, Entry>,
}

impl Baseline {
    /// Parses a `--format json` output (`{"reports": [...], ...}`).
    pub fn parse(text: &str) -> Result<Baseline, String> {
        #[derive(Deserialize)]
        struct Raw {
            reports: Vec<RawEntry>,
        }
        let raw: Raw = serde_json::from_str(text)
            .map_err(|e| format!("not a `--format json` report ({e})"))?;
        Ok(Baseline {
            entries: raw
                .reports
                .into_iter()
                .map(|r| (r.source, r.entry))
                .collect(),
        })
    }

    pub fn get(&self, source: &str) -> Option<Entry> {
        self.entries.get(source).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Judges a report whose threshold was already applied: an answer in the
    /// baseline passes unless it dropped a rating or lost points, and a note
    /// says what changed.
    pub fn judge(&self, report: &mut Report) {
        let Some(before) = self.get(&report.source) else {
            return;
        };
        let dropped = report.rating < before.rating;
        let lost = report.score < before.score - TOLERANCE;
        report.passed = !(dropped || lost);
        if dropped || lost {
            report.notes.push(format!(
                "regressed against the baseline: {} ({:.1}) before, {} ({:.1}) now",
                before.rating, before.score, report.rating, report.score
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(source: &str, text: &str) -> Report {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        crate::grade_text(source, text, &rubric)
    }

    fn baseline(source: &str, score: f64, rating: &str) -> Baseline {
        Baseline::parse(&format!(
            r#"{{"schema_version": 1, "reports": [{{"source": "{source}", "score": {score}, "rating": "{rating}"}}], "summary": {{}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn answer_that_kept_its_grade_passes_even_below_threshold() {
        let mut r = report("a.md", "Some vague words about moderation.");
        r.apply_threshold(None, Some(Rating::PolicyImpact));
        assert!(!r.passed);
        baseline("a.md", r.score, r.rating.as_str()).judge(&mut r);
        assert!(r.passed);
    }

    #[test]
    fn lost_points_fail() {
        let mut r = report("a.md", "Some vague words about moderation.");
        baseline("a.md", r.score + 5.0, r.rating.as_str()).judge(&mut r);
        assert!(!r.passed);
        assert!(r.notes.last().unwrap().contains("regressed"));
    }

    #[test]
    fn dropped_rating_fails() {
        let mut r = report("a.md", "Some vague words about moderation.");
        assert!(r.rating < Rating::PolicyImpact);
        baseline("a.md", r.score, "policy-impact").judge(&mut r);
        assert!(!r.passed);
    }

    #[test]
    fn answers_missing_from_the_baseline_keep_their_threshold_verdict() {
        let mut r = report("new.md", "Some vague words about moderation.");
        r.apply_threshold(None, Some(Rating::PolicyImpact));
        baseline("a.md", -100.0, "technical-only").judge(&mut r);
        assert!(!r.passed);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        assert!(Baseline::parse("[1, 2]")
            .unwrap_err()
            .contains("--format json"));
    }
}
