//! rubricate grades a written answer against a rubric and explains the grade.
//!
//! The pipeline runs one way, one module per stage, every stage speaking in
//! byte spans of the original text:
//!
//! 1. [`source`]: read a file or stdin (binary, UTF-8 and size checks);
//! 2. [`text`]: normalize with an offset map, parse Markdown into blocks,
//!    segment sentences and words into a [`text::Document`];
//! 3. [`rubric`]: TOML rubrics validated and compiled once into matchers;
//! 4. [`detect`]: term hits, quantities, negation, and rule candidates;
//! 5. [`structure`]: clause quality, connectives and contrast;
//! 6. [`score`]: signed points, bonuses, penalties, bands;
//! 7. [`report`]: one [`Report`] per answer, rendered by pure renderers.
//!
//! ```
//! let rubric = rubricate::rubric::load("policy-impact").unwrap();
//! let answer = "I would raise the confidence threshold so that false-positive \
//!               cost stays under $4k a day.";
//! let report = rubricate::grade_text("answer.md", answer, &rubric);
//! assert_eq!(report.rating, rubricate::rubric::Rating::PolicyImpact);
//! assert!(report.elements.iter().any(|e| e.id == "cost_of_error" && e.found));
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod config;
pub mod corpus;
pub mod detect;
pub mod diff;
pub mod eval;
pub mod examples;
pub mod frontmatter;
pub mod report;
pub mod rubric;
pub mod score;
pub mod sign;
pub mod source;
pub mod span;
pub mod split;
pub mod structure;
pub mod text;

pub use report::Report;
pub use rubric::Rubric;
pub use source::Source;

use score::Grade;
use span::Span;
use text::{Document, Format};

/// The grade of a document, evidence in offsets of its source.
fn grade_of(doc: &Document<'_>, rubric: &Rubric) -> Grade {
    let detection = detect::detect(doc, rubric);
    let structure = structure::analyse(doc, &detection, &rubric.lexicon);
    let mut grade = score::score(doc, &detection, &structure, rubric);
    grade.map_spans(|norm| doc.original(norm));
    grade
}

/// Grades an already built document.
pub fn grade_document(name: &str, doc: &Document<'_>, rubric: &Rubric) -> Report {
    Report::new(name, doc.source, rubric, &grade_of(doc, rubric))
}

/// Grades answer text; the format is picked from `name` (`.txt` is plain text).
pub fn grade_text(name: &str, text: &str, rubric: &Rubric) -> Report {
    grade_as(name, text, Format::from_name(name), rubric)
}

/// Grades answer text written in `format`. An answer longer than
/// [`text::PART`] is graded part by part, one part in memory at a time, and
/// the parts' findings are merged ([`score::merge`]).
pub fn grade_as(name: &str, text: &str, format: Format, rubric: &Rubric) -> Report {
    grade_in_parts(name, text, format, text::PART, rubric)
}

/// Grades answer text in parts of about `size` bytes ([`text::parts_of`]);
/// an answer no longer than `size` is graded whole.
pub fn grade_in_parts(
    name: &str,
    text: &str,
    format: Format,
    size: usize,
    rubric: &Rubric,
) -> Report {
    let parts = text::parts_of(text, format, size);
    let grade = if parts.len() == 1 {
        grade_of(&Document::new(text, format), rubric)
    } else {
        let grades = parts
            .into_iter()
            .map(|range| {
                let at = range.start;
                let mut grade = grade_of(&Document::part(text, range, format), rubric);
                grade.map_spans(|s| Span::new(s.start + at, s.end + at));
                grade
            })
            .collect();
        score::merge(grades, rubric)
    };
    Report::new(name, text, rubric, &grade)
}

/// Grades a source read by [`source::Source`].
pub fn grade(source: &Source, rubric: &Rubric) -> Report {
    grade_text(&source.name, &source.text, rubric)
}
