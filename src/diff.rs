//! Comparing two gradings of the same answers: which ratings flip, which
//! scores move, and the elements, penalties and evidence behind each change.
//!
//! Pure functions over two lists of [`Report`]s (graded under an old and a new
//! rubric); loading rubrics and reading answers is the caller's job.
//!
//! ```
//! let old = rubricate::rubric::load("policy-impact").unwrap();
//! let answer = "We raise the confidence threshold so that fewer viewers see deceptive clips.";
//! let a = vec![rubricate::grade_text("a.md", answer, &old)];
//! let b = a.clone();
//! let diff = rubricate::diff::compare(&a, &b, &rubricate::diff::Options::default());
//! assert!(diff.is_unchanged());
//! ```

pub mod render;

use std::cmp::Ordering;

use serde::Serialize;

use crate::report::{Evidence, FindingReport, Report, RubricRef};
use crate::rubric::Rating;
use crate::score::round;

/// How to compare.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// An answer whose rating did not flip is listed only when its score moved
    /// by more than this.
    pub min_delta: f64,
}

/// The default of `--min-delta`.
pub const DEFAULT_MIN_DELTA: f64 = 0.5;

impl Default for Options {
    fn default() -> Self {
        Options {
            min_delta: DEFAULT_MIN_DELTA,
        }
    }
}

/// Which way a rating moved on the ordered scale technical-only < neutral < policy-impact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// One element whose finding or points differ between the two gradings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementChange {
    pub id: String,
    pub title: String,
    /// `None` when the element is not in that rubric.
    pub old_found: Option<bool>,
    pub new_found: Option<bool>,
    pub old_points: f64,
    pub new_points: f64,
    /// The quotes that explain the change: the new evidence when the element
    /// is found under the new rubric, the old evidence when it was lost.
    pub evidence: Vec<Evidence>,
}

/// One penalty, bonus or the technical pull whose points differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingChange {
    pub id: String,
    pub title: String,
    /// 0 when the finding is absent on that side.
    pub old_points: f64,
    pub new_points: f64,
    pub evidence: Vec<Evidence>,
}

/// One answer whose grade changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerChange {
    pub source: String,
    pub old_score: f64,
    pub new_score: f64,
    /// `new_score - old_score`.
    pub delta: f64,
    pub old_rating: Rating,
    pub new_rating: Rating,
    /// Set when the rating flipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flip: Option<Direction>,
    pub elements: Vec<ElementChange>,
    pub penalties: Vec<FindingChange>,
    pub bonuses: Vec<FindingChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technical: Option<FindingChange>,
}

impl AnswerChange {
    /// The size of the score change.
    pub fn magnitude(&self) -> f64 {
        self.delta.abs()
    }
}

/// The largest score change and the answer it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Largest {
    pub source: String,
    pub delta: f64,
}

/// Totals over the whole comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DiffSummary {
    /// Answers graded under both rubrics.
    pub answers: usize,
    pub flips_up: usize,
    pub flips_down: usize,
    /// Answers whose grade changed at all: score, rating, or any element,
    /// penalty, bonus or technical pull.
    pub moved: usize,
    /// Answers listed because they moved by more than `min_delta` without flipping.
    pub moved_listed: usize,
    /// Mean of |delta| over every answer graded.
    pub mean_abs_delta: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub largest: Option<Largest>,
    /// Sources present in only one of the two lists (not compared).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

/// The comparison of two gradings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_rubric: Option<RubricRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_rubric: Option<RubricRef>,
    pub min_delta: f64,
    /// Answers whose rating flipped, largest change first.
    pub flips: Vec<AnswerChange>,
    /// Answers whose rating held but whose score moved by more than
    /// `min_delta`, largest change first.
    pub moved: Vec<AnswerChange>,
    pub summary: DiffSummary,
}

impl Diff {
    /// No rating flipped and no score, element, penalty or bonus changed.
    pub fn is_unchanged(&self) -> bool {
        self.summary.moved == 0
    }

    /// Every listed change, flips first.
    pub fn changes(&self) -> impl Iterator<Item = &AnswerChange> {
        self.flips.iter().chain(&self.moved)
    }
}

/// Compares reports of the same answers under an old and a new rubric,
/// pairing them by `source`. Order of the inputs does not matter.
pub fn compare(old: &[Report], new: &[Report], options: &Options) -> Diff {
    let mut flips = Vec::new();
    let mut moved = Vec::new();
    let mut summary = DiffSummary::default();
    let mut abs_sum = 0.0;
    let mut largest: Option<Largest> = None;
    let mut unmatched: Vec<String> = Vec::new();

    for o in old {
        let Some(n) = new.iter().find(|n| n.source == o.source) else {
            unmatched.push(o.source.clone());
            continue;
        };
        summary.answers += 1;
        let change = compare_one(o, n);
        let magnitude = change.magnitude();
        abs_sum += magnitude;
        let larger = match &largest {
            None => true,
            Some(l) => {
                magnitude > l.delta.abs()
                    || (magnitude == l.delta.abs() && change.source < l.source)
            }
        };
        if magnitude > 0.0 && larger {
            largest = Some(Largest {
                source: change.source.clone(),
                delta: change.delta,
            });
        }
        let changed = magnitude > 0.0
            || change.flip.is_some()
            || !change.elements.is_empty()
            || !change.penalties.is_empty()
            || !change.bonuses.is_empty()
            || change.technical.is_some();
        if changed {
            summary.moved += 1;
        }
        match change.flip {
            Some(Direction::Up) => {
                summary.flips_up += 1;
                flips.push(change);
            }
            Some(Direction::Down) => {
                summary.flips_down += 1;
                flips.push(change);
            }
            None if magnitude > options.min_delta => moved.push(change),
            None => {}
        }
    }
    for n in new {
        if !old.iter().any(|o| o.source == n.source) {
            unmatched.push(n.source.clone());
        }
    }
    unmatched.sort();
    unmatched.dedup();

    flips.sort_by(by_size);
    moved.sort_by(by_size);
    summary.moved_listed = moved.len();
    if summary.answers > 0 {
        summary.mean_abs_delta = round(abs_sum / summary.answers as f64);
    }
    summary.largest = largest;
    summary.unmatched = unmatched;
    Diff {
        old_rubric: old.first().map(|r| r.rubric.clone()),
        new_rubric: new.first().map(|r| r.rubric.clone()),
        min_delta: options.min_delta,
        flips,
        moved,
        summary,
    }
}

/// Largest |delta| first; ties by source, so the order is stable.
fn by_size(a: &AnswerChange, b: &AnswerChange) -> Ordering {
    b.magnitude()
        .total_cmp(&a.magnitude())
        .then_with(|| a.source.cmp(&b.source))
}

/// Compares one answer's two reports.
pub fn compare_one(old: &Report, new: &Report) -> AnswerChange {
    let flip = match new.rating.cmp(&old.rating) {
        Ordering::Greater => Some(Direction::Up),
        Ordering::Less => Some(Direction::Down),
        Ordering::Equal => None,
    };
    AnswerChange {
        source: new.source.clone(),
        old_score: old.score,
        new_score: new.score,
        delta: round(new.score - old.score),
        old_rating: old.rating,
        new_rating: new.rating,
        flip,
        elements: element_changes(old, new),
        penalties: finding_changes(&old.penalties, &new.penalties),
        bonuses: finding_changes(&old.bonuses, &new.bonuses),
        technical: technical_change(old, new),
    }
}

fn element_changes(old: &Report, new: &Report) -> Vec<ElementChange> {
    let mut out = Vec::new();
    // New rubric's order first, then elements only the old rubric had.
    for n in &new.elements {
        let o = old.elements.iter().find(|o| o.id == n.id);
        let (old_found, old_points) = o.map_or((None, 0.0), |o| (Some(o.found), o.points));
        if old_found == Some(n.found) && old_points == n.points {
            continue;
        }
        let evidence = if n.found {
            n.evidence.clone()
        } else {
            o.map(|o| o.evidence.clone()).unwrap_or_default()
        };
        out.push(ElementChange {
            id: n.id.clone(),
            title: n.title.clone(),
            old_found,
            new_found: Some(n.found),
            old_points,
            new_points: n.points,
            evidence,
        });
    }
    for o in &old.elements {
        if !new.elements.iter().any(|n| n.id == o.id) {
            out.push(ElementChange {
                id: o.id.clone(),
                title: o.title.clone(),
                old_found: Some(o.found),
                new_found: None,
                old_points: o.points,
                new_points: 0.0,
                evidence: o.evidence.clone(),
            });
        }
    }
    out
}

fn finding_changes(old: &[FindingReport], new: &[FindingReport]) -> Vec<FindingChange> {
    let mut out = Vec::new();
    for n in new {
        let o = old.iter().find(|o| o.id == n.id);
        let old_points = o.map_or(0.0, |o| o.points);
        if o.is_some() && old_points == n.points {
            continue;
        }
        out.push(FindingChange {
            id: n.id.clone(),
            title: n.title.clone(),
            old_points,
            new_points: n.points,
            evidence: n.evidence.clone(),
        });
    }
    for o in old {
        if !new.iter().any(|n| n.id == o.id) {
            out.push(FindingChange {
                id: o.id.clone(),
                title: o.title.clone(),
                old_points: o.points,
                new_points: 0.0,
                evidence: o.evidence.clone(),
            });
        }
    }
    out
}

fn technical_change(old: &Report, new: &Report) -> Option<FindingChange> {
    let (o, n) = (&old.technical, &new.technical);
    if o.points == n.points {
        return None;
    }
    let evidence = if n.evidence.is_empty() {
        o.evidence.clone()
    } else {
        n.evidence.clone()
    };
    Some(FindingChange {
        id: "technical".to_string(),
        title: "Technical pull".to_string(),
        old_points: o.points,
        new_points: n.points,
        evidence,
    })
}
