//! `grade_text` end to end: the score stays in range, every evidence span
//! slices the input on char boundaries, and grading is deterministic; the
//! same holds when the answer is graded in small parts, as a long one is.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rubricate::report::Evidence;
use rubricate::rubric::{self, Rubric};
use rubricate::text::Format;
use rubricate::Report;

fn rubric() -> &'static Rubric {
    static RUBRIC: OnceLock<Rubric> = OnceLock::new();
    RUBRIC.get_or_init(|| rubric::load(rubric::DEFAULT_RUBRIC).expect("bundled rubric loads"))
}

fn check(text: &str, ev: &Evidence) {
    assert!(ev.start <= ev.end && ev.end <= text.len());
    assert!(text.is_char_boundary(ev.start) && text.is_char_boundary(ev.end));
    assert_eq!(ev.text, &text[ev.start..ev.end]);
    assert!(ev.line >= 1 && ev.column >= 1);
}

fuzz_target!(|text: &str| {
    for name in ["answer.md", "answer.txt"] {
        let format = Format::from_name(name);
        let parted = rubricate::grade_in_parts(name, text, format, 64, rubric());
        let report = rubricate::grade_text(name, text, rubric());
        for report in [&parted, &report] {
            check_report(text, report);
        }
        let again = rubricate::grade_text(name, text, rubric());
        assert_eq!(report, again);
    }
});

fn check_report(text: &str, report: &Report) {
    assert!(report.score.is_finite() && (-100.0..=100.0).contains(&report.score));
    let evidence = report
        .elements
        .iter()
        .flat_map(|e| &e.evidence)
        .chain(report.penalties.iter().flat_map(|p| &p.evidence))
        .chain(report.bonuses.iter().flat_map(|b| &b.evidence))
        .chain(&report.technical.evidence);
    for ev in evidence {
        check(text, ev);
    }
}
