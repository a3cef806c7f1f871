//! Term, quantity and negation detection through the public API, on a
//! document built from arbitrary text, with the default rubric.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rubricate::rubric::{self, Rubric};
use rubricate::text::{Document, Format};

fn rubric() -> &'static Rubric {
    static RUBRIC: OnceLock<Rubric> = OnceLock::new();
    RUBRIC.get_or_init(|| rubric::load(rubric::DEFAULT_RUBRIC).expect("bundled rubric loads"))
}

fuzz_target!(|text: &str| {
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::new(text, format);
        let det = rubricate::detect::detect(&doc, rubric());
        assert_eq!(det.lower.len(), doc.norm.text.len());
        assert_eq!(det.terms.len(), det.term_sentence.len());
        assert_eq!(det.terms.len(), det.term_negation.len());
        assert_eq!(det.quantities.len(), det.quantity_negation.len());
        assert_eq!(det.sentence_terms.len(), doc.sentences.len());
        assert_eq!(det.sentence_quantities.len(), doc.sentences.len());
    }
});
