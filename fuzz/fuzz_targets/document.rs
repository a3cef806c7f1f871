//! Document building and segmentation, Markdown and plain text: every block,
//! sentence and token must map back onto char boundaries of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubricate::text::{Document, Format};

fuzz_target!(|text: &str| {
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::new(text, format);
        let spans = doc
            .blocks
            .iter()
            .map(|b| b.norm)
            .chain(doc.sentences.iter().map(|s| s.norm))
            .chain(doc.tokens.iter().map(|t| t.norm));
        for norm in spans {
            assert!(norm.start <= norm.end && norm.end <= doc.norm.text.len());
            assert!(doc.norm.text.is_char_boundary(norm.start));
            assert!(doc.norm.text.is_char_boundary(norm.end));
            let orig = doc.original(norm);
            assert!(orig.start <= orig.end && orig.end <= text.len());
            assert!(text.is_char_boundary(orig.start) && text.is_char_boundary(orig.end));
        }
        for s in &doc.sentences {
            assert!(s.block < doc.blocks.len());
            assert!(s.tokens.end <= doc.tokens.len());
        }
    }
});
