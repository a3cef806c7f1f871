//! Embedded examples: every rubric carries short answers together with the
//! rating, elements and anti-patterns a careful grader gives them. Running the
//! examples checks that the rubric still grades its own cases as intended.
//!
//! An example passes when the graded rating equals the expected one, every
//! element it lists is found, and the anti-patterns found are exactly the
//! listed ones. Elements found beyond the listed ones are reported but do not
//! fail the example: a short example often touches a word of a further element
//! (a bare claim names a detector), and the rating already says whether that
//! matters.

use std::fmt;

use crate::rubric::schema::{ExampleSpec, Rating};
use crate::rubric::Rubric;
use crate::Report;

/// One way a graded example differs from what its rubric expects.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    Rating {
        expected: Rating,
        actual: Rating,
        score: f64,
    },
    /// An element listed in the example that the grade did not find.
    MissingElement(String),
    MissingAntiPattern(String),
    UnexpectedAntiPattern(String),
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Rating {
                expected,
                actual,
                score,
            } => write!(
                f,
                "rating: expected {expected}, graded {actual} (score {score:+.1})"
            ),
            Mismatch::MissingElement(id) => write!(f, "element `{id}`: expected, not found"),
            Mismatch::MissingAntiPattern(id) => {
                write!(f, "anti-pattern `{id}`: expected, not found")
            }
            Mismatch::UnexpectedAntiPattern(id) => {
                write!(f, "anti-pattern `{id}`: found, not expected")
            }
        }
    }
}

/// The result of grading one embedded example.
#[derive(Clone, Debug)]
pub struct ExampleResult {
    /// Position of the example in the rubric (0-based).
    pub index: usize,
    pub example: ExampleSpec,
    pub report: Report,
    /// Elements found that the example does not list (reported, not failing).
    pub extra_elements: Vec<String>,
    /// Empty when the example passed.
    pub mismatches: Vec<Mismatch>,
}

impl ExampleResult {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Compares a report with what an example expects, in a stable order:
/// rating, then elements in rubric order, then anti-patterns in rubric order.
pub fn compare(rubric: &Rubric, example: &ExampleSpec, report: &Report) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if report.rating != example.rating {
        out.push(Mismatch::Rating {
            expected: example.rating,
            actual: report.rating,
            score: report.score,
        });
    }
    for element in &rubric.elements {
        let expected = example.elements.contains(&element.id);
        let found = report
            .elements
            .iter()
            .any(|e| e.id == element.id && e.found);
        if expected && !found {
            out.push(Mismatch::MissingElement(element.id.clone()));
        }
    }
    for anti in &rubric.anti_patterns {
        let expected = example.anti_patterns.contains(&anti.id);
        let found = report.penalties.iter().any(|p| p.id == anti.id);
        match (expected, found) {
            (true, false) => out.push(Mismatch::MissingAntiPattern(anti.id.clone())),
            (false, true) => out.push(Mismatch::UnexpectedAntiPattern(anti.id.clone())),
            _ => {}
        }
    }
    out
}

/// Elements found in `report` that `example` does not list, in rubric order.
pub fn extra_elements(example: &ExampleSpec, report: &Report) -> Vec<String> {
    report
        .elements
        .iter()
        .filter(|e| e.found && !example.elements.contains(&e.id))
        .map(|e| e.id.clone())
        .collect()
}

/// The name an example is graded under: the rubric id and the example's
/// position, with a Markdown ending so that the text is read as Markdown.
pub fn source_name(rubric: &Rubric, index: usize) -> String {
    format!("{}#example-{}.md", rubric.id, index + 1)
}

/// Grades every embedded example of `rubric`, in file order.
pub fn run(rubric: &Rubric) -> Vec<ExampleResult> {
    rubric
        .examples
        .iter()
        .enumerate()
        .map(|(index, example)| {
            let report = crate::grade_text(&source_name(rubric, index), &example.text, rubric);
            let mismatches = compare(rubric, example, &report);
            ExampleResult {
                index,
                example: example.clone(),
                extra_elements: extra_elements(example, &report),
                report,
                mismatches,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric_with(examples: &str) -> Rubric {
        let base = crate::rubric::BUNDLED
            .iter()
            .find(|(id, _)| *id == crate::rubric::DEFAULT_RUBRIC)
            .map(|(_, text)| *text)
            .expect("the default rubric is bundled");
        let cut = base
            .find("[[examples]]")
            .expect("the default rubric has examples");
        let text = format!("{}{examples}", &base[..cut]);
        crate::rubric::from_toml("test.toml", &text).expect("valid rubric")
    }

    #[test]
    fn wrong_expected_rating_is_reported_as_a_rating_mismatch() {
        let rubric = rubric_with(
            "[[examples]]\nname = \"x\"\ntext = \"We should block everything that looks synthetic.\"\nrating = \"policy-impact\"\nanti_patterns = [\"blanket_block\"]\n",
        );
        let results = run(&rubric);
        assert_eq!(results.len(), 1);
        assert!(matches!(
            results[0].mismatches.first(),
            Some(Mismatch::Rating {
                expected: Rating::PolicyImpact,
                ..
            })
        ));
    }

    #[test]
    fn anti_pattern_found_but_not_listed_is_a_mismatch() {
        let rubric = rubric_with(
            "[[examples]]\nname = \"x\"\ntext = \"We should block everything that looks synthetic.\"\nrating = \"technical-only\"\n",
        );
        let results = run(&rubric);
        assert!(results[0]
            .mismatches
            .contains(&Mismatch::UnexpectedAntiPattern("blanket_block".into())));
        assert!(!results[0].passed());
    }

    #[test]
    fn element_found_but_not_listed_is_reported_without_failing() {
        let rubric = rubric_with(
            "[[examples]]\nname = \"x\"\ntext = \"I would raise the confidence threshold so that false-positive cost stays under $4k a day.\"\nrating = \"policy-impact\"\nelements = [\"metric\"]\n",
        );
        let results = run(&rubric);
        assert!(results[0].passed(), "{:?}", results[0].mismatches);
        assert!(results[0].extra_elements.contains(&"lever".to_string()));
        assert!(!results[0].extra_elements.contains(&"metric".to_string()));
    }

    #[test]
    fn listed_element_not_found_is_a_mismatch() {
        let rubric = rubric_with(
            "[[examples]]\nname = \"x\"\ntext = \"I would work with partners on it.\"\nrating = \"neutral\"\nelements = [\"ownership\"]\n",
        );
        let results = run(&rubric);
        assert!(results[0]
            .mismatches
            .contains(&Mismatch::MissingElement("ownership".into())));
    }

    #[test]
    fn examples_are_graded_in_file_order_under_numbered_names() {
        let rubric = rubric_with(
            "[[examples]]\nname = \"a\"\ntext = \"One.\"\nrating = \"neutral\"\n\n[[examples]]\nname = \"b\"\ntext = \"Two.\"\nrating = \"neutral\"\n",
        );
        let results = run(&rubric);
        let names: Vec<&str> = results.iter().map(|r| r.example.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(results[1].report.source, "policy-impact#example-2.md");
    }
}
