//! JUnit XML, for CI systems that show test results: one test case per
//! answer, failed when the answer is below its threshold (or, with a
//! baseline, lost ground).

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::escape;
use super::Report;

fn failure_message(report: &Report) -> String {
    let regressed = report.notes.iter().find(|n| n.starts_with("regressed"));
    match regressed {
        Some(note) => note.clone(),
        None => format!(
            "rated {} with score {:+.1}, below the threshold",
            report.rating, report.score
        ),
    }
}

/// Renders one JUnit report with one test suite, `rubricate`.
pub fn render(reports: &[Report]) -> String {
    let mut suite = TestSuite::new("rubricate");
    for r in reports {
        let status = if r.passed {
            TestCaseStatus::success()
        } else {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(failure_message(r));
            s.set_type("below-threshold");
            s.set_description(r.feedback.join("\n"));
            s
        };
        let mut case = TestCase::new(escape::controls(&r.source).into_owned(), status);
        case.set_classname(r.rubric.id.clone());
        case.add_property(("score", format!("{:.1}", r.score).as_str()));
        case.add_property(("rating", r.rating.as_str()));
        case.add_property(("rubric-digest", r.rubric.digest.as_str()));
        suite.add_test_case(case);
    }
    let mut report = JunitReport::new("rubricate");
    report.add_test_suite(suite);
    let mut out = report.to_string().expect("JUnit XML serializes");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
