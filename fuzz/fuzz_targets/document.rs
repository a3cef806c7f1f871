//! Document building and segmentation, Markdown and plain text: every block,
//! sentence and token must map back onto char boundaries of the input, and
//! the parts a long answer is cut into cover it in order, on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubricate::text::{parts_of, Document, Format};

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
        for size in [1, 16, 256] {
            let parts = parts_of(text, format, size);
            assert_eq!(parts.first().map(|p| p.start), Some(0));
            assert_eq!(parts.last().map(|p| p.end), Some(text.len()));
            for (i, p) in parts.iter().enumerate() {
                assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
                assert!(p.start < p.end || text.is_empty());
                if let Some(next) = parts.get(i + 1) {
                    assert_eq!(p.end, next.start);
                }
                Document::part(text, p.clone(), format);
            }
        }
    }
});
