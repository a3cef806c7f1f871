//! From answer text to a [`Document`]: normalized text, blocks, sentences and
//! tokens, every piece carrying spans of the normalized text that map back to
//! the original through [`NormText::map`].

mod lines;
mod markdown;
pub mod normalize;
mod plain;
mod segment;

use std::ops::Range;
use std::sync::OnceLock;

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

/// Answers longer than this many bytes are graded in parts of about this
/// size (see [`parts`]).
pub const PART: usize = 1 << 20;

/// The parts an answer is graded in: the whole answer when it is at most
/// [`PART`] bytes long, else consecutive ranges of about that size that cover
/// it, cut between blocks (see [`parts_of`]).
pub fn parts(source: &str, format: Format) -> Vec<Range<usize>> {
    parts_of(source, format, PART)
}

/// Cuts `source` into consecutive ranges of about `size` bytes, between
/// top-level blocks (in plain text, at blank lines); a block four times
/// `size` long is cut inside, between lines, never inside a code block.
/// Holding one part at a time keeps the memory of a long answer near its size.
pub fn parts_of(source: &str, format: Format, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    if source.len() <= size {
        return std::iter::once(0..source.len()).collect();
    }
    let cuts = match format {
        Format::Markdown => markdown::cuts(source, size),
        Format::Plain => plain::cuts(source, size),
    };
    let mut start = 0;
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    for cut in cuts {
        // A part ends with its line: the rest of a block's last line and
        // its newline go with it.
        let rest = &source[cut..];
        let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
        let cut = cut + blank + usize::from(rest[blank..].starts_with('\n'));
        if cut > start && cut < source.len() {
            parts.push(start..cut);
            start = cut;
        }
    }
    parts.push(start..source.len());
    parts
}

impl<'s> Document<'s> {
    /// Builds the document: normalization, Markdown or plain blocks, sentences, tokens.
    pub fn new(source: &'s str, format: Format) -> Document<'s> {
        Document::build(source, format, true)
    }

    /// Builds the document of the part `range` of `answer` (see [`parts`]);
    /// its spans are offsets of the part. Only the first part can have front
    /// matter.
    pub fn part(answer: &'s str, range: Range<usize>, format: Format) -> Document<'s> {
        Document::build(&answer[range.clone()], format, range.start == 0)
    }

    fn build(source: &'s str, format: Format, first: bool) -> Document<'s> {
        let (mut norm, raw_blocks, front_matter) = match format {
            Format::Markdown => markdown::blocks(source, first),
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
        let mut raw_blocks = raw_blocks;
        join_label_runs(&doc.norm.text, &mut raw_blocks);
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

/// A `[language]` list of the shared lexicon, as written.
///
/// Sentences and labels are found before any rubric is at hand, and without
/// one: the report views cut an answer into sentences to show them, and must
/// cut it where grading did. So this module reads the lexicon embedded in the
/// binary (parsed once, on first use), never a rubric's.
fn shared_list(name: &str) -> &'static [String] {
    crate::rubric::lexicon().language.list(name)
}

/// True when a paragraph opens with a short label and a colon ("Metric: ...",
/// "Cost of error: ..."): one to four words of letters before the colon, none
/// of them a pronoun (a lead-in such as "We track three things:" is a
/// sentence, not a label), and text after it.
pub(crate) fn opens_with_label(text: &str) -> bool {
    static PRONOUNS: OnceLock<&'static [String]> = OnceLock::new();
    let pronouns = PRONOUNS.get_or_init(|| shared_list("label_pronouns"));
    let Some((label, rest)) = text.split_once(':') else {
        return false;
    };
    let words: Vec<&str> = label.split(' ').filter(|w| !w.is_empty()).collect();
    (1..=4).contains(&words.len())
        && !words
            .iter()
            .any(|w| pronouns.iter().any(|p| p.eq_ignore_ascii_case(w)))
        && label.len() <= 40
        && label
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '/' | '\'' | '-'))
        && rest.starts_with(' ')
        && !rest.trim().is_empty()
}

/// Consecutive paragraphs that each open with a label read as the items of one
/// list ("Metric: ...", "Lever: ...", "Outcome: ..."): they share a group.
fn join_label_runs(norm: &str, blocks: &mut [RawBlock]) {
    let labelled =
        |b: &RawBlock| b.kind == BlockKind::Paragraph && opens_with_label(b.norm.slice(norm));
    for i in 1..blocks.len() {
        let (before, after) = blocks.split_at_mut(i);
        let (prev, this) = (&before[i - 1], &mut after[0]);
        if prev.quoted == this.quoted && labelled(prev) && labelled(this) {
            this.group = prev.group;
        }
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
    fn the_only_whitespace_left_is_a_space_or_a_line_break() {
        // Pattern search leans on this: a literal with a tab in it is never
        // looked for (see rubric::pattern).
        let mixed = "Owner:\tthe policy lead.\r\nWe cap\x0bfalse positives\x0c at 2\u{a0}%.\r\n\n\
                     | metric\t| target |\n|---|---|\n| appeals\t| 30\t|\n\n\
                     - item\twith tab\n    indented\tcode\n\n> quote\tmark\n";
        for format in [Format::Markdown, Format::Plain] {
            let doc = Document::new(mixed, format);
            assert!(
                !doc.norm
                    .text
                    .bytes()
                    .any(|b| b.is_ascii_whitespace() && b != b' ' && b != b'\n'),
                "{format:?}: {:?}",
                doc.norm.text
            );
        }
    }

    #[test]
    fn code_blocks_and_front_matter_are_not_graded() {
        let src = "---\nrubric: x\n---\n\nWe raise the threshold.\n\n```\nmaximize recall\n```\n";
        let doc = Document::new(src, Format::Markdown);
        assert_eq!(doc.norm.text.trim(), "We raise the threshold.");
        assert!(doc.front_matter.is_some());
    }

    #[test]
    fn a_byte_order_mark_changes_no_block() {
        for src in [
            "# Plan\nWe raise the threshold.\n",
            "---\nrubric: x\n---\nWe raise the threshold.\n",
        ] {
            let plain = Document::new(src, Format::Markdown);
            let marked_src = format!("\u{feff}{src}");
            let marked = Document::new(&marked_src, Format::Markdown);
            assert_eq!(plain.norm.text, marked.norm.text, "{src:?}");
            let kinds = |d: &Document<'_>| d.blocks.iter().map(|b| b.kind).collect::<Vec<_>>();
            assert_eq!(kinds(&plain), kinds(&marked), "{src:?}");
            assert_eq!(plain.front_matter.is_some(), marked.front_matter.is_some());
            let last = marked.sentences[marked.sentences.len() - 1].norm;
            assert_eq!(
                marked.original(last).slice(&marked_src),
                "We raise the threshold."
            );
        }
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

    /// Checks that `parts` cover `source` in order, each cut after a newline.
    fn assert_cover(source: &str, parts: &[Range<usize>]) {
        assert_eq!(parts.first().map(|p| p.start), Some(0));
        assert_eq!(parts.last().map(|p| p.end), Some(source.len()));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(pair[0].start < pair[0].end, "{parts:?}");
            assert_eq!(&source[pair[0].end - 1..pair[0].end], "\n", "{parts:?}");
        }
    }

    #[test]
    fn paragraphs_that_open_with_labels_share_a_group() {
        let src = "Metric: appeals per 10k removals.\n\n**Lever:** a review tier.\n\n\
                   Outcome: fewer wrongful removals.\n\nA closing paragraph.\n\n\
                   Note: see https://example.com for more.\n";
        let doc = Document::new(src, Format::Markdown);
        let groups: Vec<usize> = doc.blocks.iter().map(|b| b.group).collect();
        assert_eq!(groups[0], groups[1]);
        assert_eq!(groups[1], groups[2]);
        assert_ne!(groups[2], groups[3]);
        assert_ne!(groups[3], groups[4]);
        // A colon with no words before it, or a URL, is no label.
        assert!(!opens_with_label("https://example.com is where"));
        assert!(!opens_with_label(
            "We track three things: appeals, reports and churn."
        ));
        assert!(opens_with_label(
            "Cost of error: each appeal takes 20 minutes."
        ));
    }

    #[test]
    fn a_short_answer_is_one_part() {
        let src = "We raise the threshold.\n\nReviewers see fewer appeals.\n";
        let parts = parts_of(src, Format::Markdown, 1 << 20);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0], 0..src.len());
    }

    #[test]
    fn long_markdown_is_cut_between_blocks_never_inside_code() {
        let fence = "```\nline one of code\n\nline two after a blank line\n```\n\n";
        let para = "A paragraph of prose that runs on for a while.\n\n";
        let src = format!("{para}{fence}{para}{fence}{para}{para}");
        let code: Vec<Range<usize>> = src
            .match_indices("```\nline")
            .map(|(at, _)| at..at + fence.trim_end().len())
            .collect();
        for size in [10, 30, 60, 100] {
            let parts = parts_of(&src, Format::Markdown, size);
            assert!(parts.len() > 1, "size {size}: {parts:?}");
            assert_cover(&src, &parts);
            for p in &parts {
                assert!(
                    !code.iter().any(|c| c.start < p.end && p.end < c.end),
                    "size {size}: cut at {} inside code {code:?}",
                    p.end
                );
            }
        }
    }

    #[test]
    fn long_plain_text_is_cut_at_blank_lines() {
        let src = "First paragraph, line one\nand line two.\n\nSecond paragraph.\n\nThird one.\n";
        let parts = parts_of(src, Format::Plain, 20);
        assert_cover(src, &parts);
        for p in &parts[..parts.len() - 1] {
            assert!(src[..p.end].ends_with("\n\n"), "{parts:?}");
        }
    }

    #[test]
    fn one_endless_paragraph_is_cut_between_its_lines() {
        let src = "Some words on a line of a paragraph that never ends\n".repeat(50);
        for format in [Format::Markdown, Format::Plain] {
            let parts = parts_of(&src, format, 200);
            assert!(parts.len() > 2, "{format:?}: {parts:?}");
            assert_cover(&src, &parts);
            assert!(parts.iter().all(|p| p.len() <= 4 * 200 + 60), "{parts:?}");
        }
    }

    #[test]
    fn a_later_part_has_no_front_matter() {
        let src = "---\nWe raise the threshold.\n---\n\nReviewers see fewer appeals.\n";
        assert!(!Document::new(src, Format::Markdown)
            .norm
            .text
            .contains("threshold"));
        let answer = format!("Intro.\n\n{src}");
        assert_eq!(&answer[8..], src);
        let later = Document::part(&answer, 8..answer.len(), Format::Markdown);
        assert!(later.front_matter.is_none());
        assert!(later.norm.text.contains("We raise the threshold."));
    }
}
