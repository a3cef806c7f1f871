//! From answer text to a [`Document`]: normalized text, blocks, sentences and
//! tokens, every piece carrying spans of the normalized text that map back to
//! the original through [`NormText::map`].

mod markdown;
pub mod normalize;
mod plain;
mod segment;

use std::ops::Range;

pub use normalize::{normalize_str, NormText, OffsetMap};

use crate::span::Span;

/// How the answer text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with tables and front matter.
    Markdown,
    /// Plain text: blank lines separate paragraphs; `-`, `*` and `1.` lines are list items.
    Plain,
}

impl Format {
    /// Picks the format from a file name: `.txt` is plain, anything else Markdown.
    pub fn from_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(".txt") {
            Format::Plain
        } else {
            Format::Markdown
        }
    }
}

/// What kind of block a piece of graded text sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    TableCell {
        row: usize,
        col: usize,
        header: bool,
    },
}

/// A leaf block of graded text.
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// Blocks that read as one unit share a group: one paragraph, one list, one table.
    pub group: usize,
    /// Inside a block quote.
    pub quoted: bool,
    /// Span of the normalized text.
    pub norm: Span,
    pub sentences: Range<usize>,
}

/// A sentence of a block.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub norm: Span,
    pub block: usize,
    pub tokens: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A word, number or punctuation mark of the normalized text.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub norm: Span,
    pub kind: TokenKind,
}

/// An answer ready for detection.
#[derive(Clone, Debug)]
pub struct Document<'s> {
    /// The original text; every reported span slices it.
    pub source: &'s str,
    /// The normalized graded text (code, front matter and markup left out).
    pub norm: NormText,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// The front matter block, when there is one (never graded).
    pub front_matter: Option<Span>,
}

impl<'s> Document<'s> {
    /// Builds the document: normalization, Markdown or plain blocks, sentences, tokens.
    pub fn new(source: &'s str, format: Format) -> Document<'s> {
        let (mut norm, raw_blocks, front_matter) = match format {
            Format::Markdown => markdown::blocks(source),
            Format::Plain => plain::blocks(source),
        };
        norm.unhyphenate();
        // English prose runs at five to six bytes a token (a word and its
        // space, or a mark): room for that spares the vector most regrowth.
        let tokens = Vec::with_capacity(norm.len() / 5 + 16);
        let mut doc = Document {
            source,
            norm,
            blocks: Vec::new(),
            sentences: Vec::new(),
            tokens,
            front_matter,
        };
        segment::segment(&mut doc, raw_blocks);
        doc
    }

    /// Normalized text of a span.
    pub fn text(&self, norm: Span) -> &str {
        norm.slice(&self.norm.text)
    }

    /// The original span of a normalized span.
    pub fn original(&self, norm: Span) -> Span {
        self.norm.map.span(norm)
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence].tokens.clone()]
    }

    /// Index of the sentence holding normalized offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.norm.end <= at);
        (i < self.sentences.len() && self.sentences[i].norm.start <= at).then_some(i)
    }

    /// Number of words graded.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .count()
    }
}

/// A block as the parsers find it, before segmentation.
#[derive(Clone, Debug)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub group: usize,
    pub quoted: bool,
    pub norm: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_and_front_matter_are_not_graded() {
        let src = "---\nrubric: x\n---\n\nWe raise the threshold.\n\n```\nmaximize recall\n```\n";
        let doc = Document::new(src, Format::Markdown);
        assert_eq!(doc.norm.text.trim(), "We raise the threshold.");
        assert!(doc.front_matter.is_some());
    }

    #[test]
    fn sentences_map_back_to_the_original() {
        let src =
            "# Plan\n\nWe **raise** the threshold. Reviewers\u{2019} queue stays under 2k/day.\n";
        let doc = Document::new(src, Format::Markdown);
        let texts: Vec<&str> = doc
            .sentences
            .iter()
            .map(|s| doc.original(s.norm).slice(src))
            .collect();
        assert_eq!(
            texts,
            vec![
                "Plan",
                "We **raise** the threshold.",
                "Reviewers\u{2019} queue stays under 2k/day."
            ]
        );
    }

    #[test]
    fn list_items_share_a_group_and_table_cells_know_their_place() {
        let src = "- one item here\n- two items here\n\n| error | cost |\n|---|---|\n| false positive | $4k |\n";
        let doc = Document::new(src, Format::Markdown);
        assert_eq!(doc.blocks[0].kind, BlockKind::ListItem);
        assert_eq!(doc.blocks[0].group, doc.blocks[1].group);
        let cell = doc
            .blocks
            .iter()
            .find(|b| doc.text(b.norm) == "$4k")
            .unwrap();
        assert_eq!(
            cell.kind,
            BlockKind::TableCell {
                row: 1,
                col: 1,
                header: false
            }
        );
    }

    #[test]
    fn plain_text_keeps_indented_lines() {
        let src = "    An indented paragraph is text, not code.\n\n- a list item\n";
        let doc = Document::new(src, Format::Plain);
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[1].kind, BlockKind::ListItem);
    }
}
