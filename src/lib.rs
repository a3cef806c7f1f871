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

use text::{Document, Format};

/// Grades an already built document.
pub fn grade_document(name: &str, doc: &Document<'_>, rubric: &Rubric) -> Report {
    let detection = detect::detect(doc, rubric);
    let structure = structure::analyse(doc, &detection);
    let grade = score::score(doc, &detection, &structure, rubric);
    Report::new(name, doc, rubric, &grade)
}

/// Grades answer text; the format is picked from `name` (`.txt` is plain text).
pub fn grade_text(name: &str, text: &str, rubric: &Rubric) -> Report {
    let doc = Document::new(text, Format::from_name(name));
    grade_document(name, &doc, rubric)
}

/// Grades a source read by [`source::Source`].
pub fn grade(source: &Source, rubric: &Rubric) -> Report {
    grade_text(&source.name, &source.text, rubric)
}
