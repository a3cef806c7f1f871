//! Agreement between rubricate's grades and a human grader's labels: a
//! confusion matrix of ratings, exact agreement, quadratic weighted kappa over
//! the ordered ratings, and precision / recall / F1 per element and per
//! anti-pattern. Ids the labeller marked unsure for an answer are left out of
//! that answer's element and anti-pattern figures.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::frontmatter::Expected;
use crate::rubric::Rating;
use crate::Report;

/// The elements that sample labels list; other elements a rubric adds are
/// not compared.
pub const LABELLED_ELEMENTS: [&str; 5] =
    ["metric", "lever", "outcome", "ownership", "cost_of_error"];

/// Precision, recall and F1 of one element or anti-pattern.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn finish(&mut self) {
        let (tp, fp, fn_) = (
            self.true_positives as f64,
            self.false_positives as f64,
            self.false_negatives as f64,
        );
        self.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        self.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self.precision = crate::score::round(self.precision * 100.0) / 100.0;
        self.recall = crate::score::round(self.recall * 100.0) / 100.0;
        self.f1 = (self.f1 * 10000.0).round() / 10000.0;
    }
}

/// One answer whose grade differs from its label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub source: String,
    pub expected: Rating,
    pub actual: Rating,
    pub score: f64,
    /// Elements found but not expected (+id) or expected but not found (-id).
    pub elements: Vec<String>,
    pub anti_patterns: Vec<String>,
}

/// How many answers labelled policy-impact were rated policy-impact.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PolicyImpactFound {
    pub found: usize,
    pub labelled: usize,
    /// `found / labelled`; 1 when no answer is labelled policy-impact, as
    /// for the recall of an element no answer has.
    pub share: f64,
}

/// The figures of an evaluation run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub answers: usize,
    /// `confusion[expected][actual]`, ratings in order technical-only, neutral, policy-impact.
    pub confusion: [[usize; 3]; 3],
    pub agreement: f64,
    pub quadratic_weighted_kappa: f64,
    pub elements: BTreeMap<String, Prf>,
    pub element_macro_f1: f64,
    pub anti_patterns: BTreeMap<String, Prf>,
    pub anti_pattern_macro_f1: f64,
    /// Answers tagged keyword-stuffing that were rated policy-impact.
    pub stuffed_rated_policy_impact: usize,
    pub policy_impact_found: PolicyImpactFound,
    pub disagreements: Vec<Disagreement>,
}

/// Quadratic weighted kappa of a k×k confusion matrix.
pub fn quadratic_weighted_kappa(confusion: &[[usize; 3]; 3]) -> f64 {
    let k = 3;
    let n: f64 = confusion.iter().flatten().sum::<usize>() as f64;
    if n == 0.0 {
        return 1.0;
    }
    let rows: Vec<f64> = (0..k)
        .map(|i| confusion[i].iter().sum::<usize>() as f64)
        .collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| (0..k).map(|i| confusion[i][j]).sum::<usize>() as f64)
        .collect();
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            observed += w * confusion[i][j] as f64;
            expected += w * rows[i] * cols[j] / n;
        }
    }
    if expected == 0.0 {
        1.0
    } else {
        1.0 - observed / expected
    }
}

/// Counts each id in `ids` as a true positive, false positive or false
/// negative; ids in `unsure` count as none of them.
fn tally(
    map: &mut BTreeMap<String, Prf>,
    ids: &[String],
    labels: (&[String], &[String]),
    found: &[String],
    diff: &mut Vec<String>,
) {
    let (expected, unsure) = labels;
    for id in ids {
        if unsure.contains(id) {
            continue;
        }
        let e = expected.contains(id);
        let f = found.contains(id);
        let prf = map.entry(id.clone()).or_default();
        match (e, f) {
            (true, true) => prf.true_positives += 1,
            (false, true) => {
                prf.false_positives += 1;
                diff.push(format!("+{id}"));
            }
            (true, false) => {
                prf.false_negatives += 1;
                diff.push(format!("-{id}"));
            }
            (false, false) => {}
        }
    }
}

/// Compares each report with its labels.
pub fn evaluate(cases: &[(&Report, &Expected)]) -> Evaluation {
    let mut confusion = [[0usize; 3]; 3];
    let mut elements: BTreeMap<String, Prf> = BTreeMap::new();
    let mut anti: BTreeMap<String, Prf> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut stuffed = 0;
    for (report, expected) in cases {
        confusion[expected.rating.rank()][report.rating.rank()] += 1;
        let element_ids: Vec<String> = report.elements.iter().map(|e| e.id.clone()).collect();
        let found: Vec<String> = report
            .elements
            .iter()
            .filter(|e| e.found)
            .map(|e| e.id.clone())
            .collect();
        let mut element_diff = Vec::new();
        // Labels cover the five elements of the domain only; a rubric's extra
        // elements (such as `bias_awareness`) have no label to agree with.
        let known: Vec<String> = element_ids
            .iter()
            .filter(|id| LABELLED_ELEMENTS.contains(&id.as_str()))
            .cloned()
            .collect();
        // Every labelled element keeps its row, even one unsure in every answer.
        for id in &known {
            elements.entry(id.clone()).or_default();
        }
        tally(
            &mut elements,
            &known,
            (&expected.elements, &expected.elements_unsure),
            &found,
            &mut element_diff,
        );
        let found_anti: Vec<String> = report.penalties.iter().map(|p| p.id.clone()).collect();
        let mut anti_ids: Vec<String> = expected.anti_patterns.clone();
        anti_ids.extend(found_anti.iter().cloned());
        anti_ids.sort();
        anti_ids.dedup();
        let mut anti_diff = Vec::new();
        tally(
            &mut anti,
            &anti_ids,
            (&expected.anti_patterns, &expected.anti_patterns_unsure),
            &found_anti,
            &mut anti_diff,
        );
        if expected.hard.iter().any(|h| h == "keyword-stuffing")
            && report.rating == Rating::PolicyImpact
        {
            stuffed += 1;
        }
        if report.rating != expected.rating || !element_diff.is_empty() || !anti_diff.is_empty() {
            disagreements.push(Disagreement {
                source: report.source.clone(),
                expected: expected.rating,
                actual: report.rating,
                score: report.score,
                elements: element_diff,
                anti_patterns: anti_diff,
            });
        }
    }
    elements.values_mut().for_each(Prf::finish);
    anti.values_mut().for_each(Prf::finish);
    let macro_f1 = |m: &BTreeMap<String, Prf>| {
        if m.is_empty() {
            1.0
        } else {
            let f = m.values().map(|p| p.f1).sum::<f64>() / m.len() as f64;
            (f * 10000.0).round() / 10000.0
        }
    };
    let n = cases.len();
    let policy = Rating::PolicyImpact.rank();
    let labelled_policy: usize = confusion[policy].iter().sum();
    let found_policy = confusion[policy][policy];
    let agree: usize = (0..3).map(|i| confusion[i][i]).sum();
    Evaluation {
        answers: n,
        confusion,
        agreement: if n == 0 {
            1.0
        } else {
            ((agree as f64 / n as f64) * 10000.0).round() / 10000.0
        },
        quadratic_weighted_kappa: (quadratic_weighted_kappa(&confusion) * 10000.0).round()
            / 10000.0,
        element_macro_f1: macro_f1(&elements),
        elements,
        anti_pattern_macro_f1: macro_f1(&anti),
        anti_patterns: anti,
        stuffed_rated_policy_impact: stuffed,
        policy_impact_found: PolicyImpactFound {
            found: found_policy,
            labelled: labelled_policy,
            share: if labelled_policy == 0 {
                1.0
            } else {
                ((found_policy as f64 / labelled_policy as f64) * 10000.0).round() / 10000.0
            },
        },
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsure_ids_count_as_neither_hit_nor_miss() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let mut map = BTreeMap::new();
        let mut diff = Vec::new();
        let ids = s(&["metric", "lever", "outcome"]);
        // metric: labelled, unsure, not found; lever: unsure, found; outcome: hit.
        let labels = (&s(&["metric", "outcome"])[..], &s(&["metric", "lever"])[..]);
        tally(&mut map, &ids, labels, &s(&["lever", "outcome"]), &mut diff);
        assert_eq!(map.get("metric"), None);
        assert_eq!(map.get("lever"), None);
        assert_eq!(map["outcome"].true_positives, 1);
        assert!(diff.is_empty(), "{diff:?}");
    }

    #[test]
    fn kappa_is_one_on_perfect_agreement_and_lower_on_far_misses() {
        let perfect = [[3, 0, 0], [0, 2, 0], [0, 0, 4]];
        assert!((quadratic_weighted_kappa(&perfect) - 1.0).abs() < 1e-9);
        let near = [[2, 1, 0], [0, 2, 0], [0, 0, 4]];
        let far = [[2, 0, 1], [0, 2, 0], [0, 0, 4]];
        assert!(quadratic_weighted_kappa(&near) > quadratic_weighted_kappa(&far));
    }
}
