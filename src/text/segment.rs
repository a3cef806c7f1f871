//! Sentences and tokens, from one walk over each block.

use unicode_segmentation::UnicodeSegmentation;

use super::{Block, Document, RawBlock, Sentence, Token, TokenKind};
use crate::span::Span;

/// Abbreviations after which a sentence does not end, whatever follows.
const ABBREVIATIONS: [&str; 12] = [
    "i.e.", "e.g.", "etc.", "vs.", "approx.", "cf.", "incl.", "est.", "avg.", "no.", "approx",
    "mr.",
];

/// UAX #29 sentences, rejoined where a split follows an abbreviation.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut glue = false;
    for (at, s) in text.split_sentence_bound_indices() {
        if glue {
            if let Some(last) = out.last_mut() {
                let start = last.0;
                *last = (start, &text[start..at + s.len()]);
                glue = ends_with_abbreviation(last.1);
                continue;
            }
        }
        glue = ends_with_abbreviation(s);
        out.push((at, s));
    }
    out
}

fn ends_with_abbreviation(s: &str) -> bool {
    let t = s.trim_end();
    let last = t
        .rsplit(' ')
        .next()
        .unwrap_or(t)
        .trim_start_matches(['(', '"', '\'']);
    ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a))
}

pub(crate) fn segment(doc: &mut Document<'_>, raw: Vec<RawBlock>) {
    for block in raw {
        let block_index = doc.blocks.len();
        let first_sentence = doc.sentences.len();
        let text = &doc.norm.text[block.norm.start..block.norm.end];
        for (at, sentence) in sentences(text) {
            let lead = sentence.len() - sentence.trim_start().len();
            let body = sentence.trim();
            if body.is_empty() {
                continue;
            }
            let start = block.norm.start + at + lead;
            let first_token = doc.tokens.len();
            for (t_at, token) in body.split_word_bound_indices() {
                let Some(c) = token.chars().next() else {
                    continue;
                };
                if c.is_whitespace() {
                    continue;
                }
                let kind = if c.is_ascii_digit() || (c == '.' && token.len() > 1) {
                    TokenKind::Number
                } else if c.is_alphanumeric() {
                    TokenKind::Word
                } else {
                    TokenKind::Punct
                };
                let t_start = start + t_at;
                doc.tokens.push(Token {
                    norm: Span::new(t_start, t_start + token.len()),
                    kind,
                });
            }
            doc.sentences.push(Sentence {
                norm: Span::new(start, start + body.len()),
                block: block_index,
                tokens: first_token..doc.tokens.len(),
            });
        }
        doc.blocks.push(Block {
            kind: block.kind,
            group: block.group,
            quoted: block.quoted,
            norm: block.norm,
            sentences: first_sentence..doc.sentences.len(),
        });
    }
}
