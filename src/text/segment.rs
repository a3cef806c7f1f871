//! Sentences and tokens, from one walk over each block.

use unicode_segmentation::UnicodeSegmentation;

use super::{Block, Document, RawBlock, Sentence, Token, TokenKind};
use crate::span::Span;

pub(crate) fn segment(doc: &mut Document<'_>, raw: Vec<RawBlock>) {
    for block in raw {
        let block_index = doc.blocks.len();
        let first_sentence = doc.sentences.len();
        let text = &doc.norm.text[block.norm.start..block.norm.end];
        for (at, sentence) in text.split_sentence_bound_indices() {
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
