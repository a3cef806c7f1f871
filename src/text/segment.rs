//! Sentences and tokens, from one walk over each block.
//!
//! Boundaries follow Unicode text segmentation (UAX #29). Most answers are
//! ASCII, where every character's break class is known from its byte, so an
//! ASCII block takes a fast path that applies the same rules without the
//! Unicode table look-ups; any other text goes through unicode-segmentation.
//! Tests check that both paths split the same way.

use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;

use super::{lines, Block, Document, RawBlock, Sentence, Token, TokenKind};
use crate::span::Span;

/// Abbreviations after which a sentence does not end, whatever follows: the
/// shared lexicon's `abbreviations`.
fn abbreviations() -> &'static [String] {
    static LIST: OnceLock<&'static [String]> = OnceLock::new();
    LIST.get_or_init(|| super::shared_list("abbreviations"))
}

/// UAX #29 sentences, rejoined where a split follows an abbreviation.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut glue = false;
    for (at, s) in sentence_bounds(text) {
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

/// Splits sentence pieces further at the line breaks where line-shaped text
/// starts a new sentence (see [`lines`]).
fn split_at_breaks<'t>(pieces: Vec<(usize, &'t str)>, breaks: &[usize]) -> Vec<(usize, &'t str)> {
    if breaks.is_empty() {
        return pieces;
    }
    let mut out = Vec::with_capacity(pieces.len() + breaks.len());
    for (at, piece) in pieces {
        let end = at + piece.len();
        let mut from = at;
        let first = breaks.partition_point(|&b| b <= at);
        for &b in breaks[first..].iter().take_while(|&&b| b < end) {
            out.push((from, &piece[from - at..b - at]));
            from = b;
        }
        out.push((from, &piece[from - at..]));
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
    abbreviations().iter().any(|a| last.eq_ignore_ascii_case(a))
}

pub(crate) fn segment(doc: &mut Document<'_>, raw: Vec<RawBlock>) {
    for block in raw {
        let block_index = doc.blocks.len();
        let first_sentence = doc.sentences.len();
        let text = &doc.norm.text[block.norm.start..block.norm.end];
        let breaks = lines::line_breaks(text);
        for (at, sentence) in split_at_breaks(sentences(text), &breaks) {
            let lead = sentence.len() - sentence.trim_start().len();
            let body = sentence.trim();
            if body.is_empty() {
                continue;
            }
            let start = block.norm.start + at + lead;
            let first_token = doc.tokens.len();
            for (t_at, token) in word_bounds(body) {
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

/// `(offset, piece)` pairs covering a text in order: the ASCII fast path or
/// unicode-segmentation.
enum Bounds<A, U> {
    Ascii(A),
    Unicode(U),
}

impl<'t, A, U> Iterator for Bounds<A, U>
where
    A: Iterator<Item = (usize, &'t str)>,
    U: Iterator<Item = (usize, &'t str)>,
{
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Bounds::Ascii(p) => p.next(),
            Bounds::Unicode(u) => u.next(),
        }
    }
}

/// Sentence pieces of `text`, as `split_sentence_bound_indices` gives them.
fn sentence_bounds(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // The fast path looks back over runs of closing punctuation and spaces;
    // a pathological run (thousands of `[`) goes to the library instead, so
    // the walk stays linear.
    if text.is_ascii() && !ascii::has_long_close_run(text.as_bytes()) {
        Bounds::Ascii(ascii::sentences(text))
    } else {
        Bounds::Unicode(text.split_sentence_bound_indices())
    }
}

/// Word pieces of `text`, as `split_word_bound_indices` gives them.
fn word_bounds(text: &str) -> impl Iterator<Item = (usize, &str)> {
    if text.is_ascii() {
        Bounds::Ascii(ascii::words(text))
    } else {
        Bounds::Unicode(text.split_word_bound_indices())
    }
}

/// UAX #29 for ASCII text, where break classes come straight from the byte.
mod ascii {
    /// Pieces of an ASCII text cut wherever `breaks(bytes, i)` says a
    /// boundary falls before byte `i`; `skip(bytes, i)` is the first offset at
    /// or after `i` where a boundary may fall. No allocation.
    pub(super) struct Pieces<'t, B, S> {
        text: &'t str,
        start: usize,
        breaks: B,
        skip: S,
    }

    impl<'t, B, S> Iterator for Pieces<'t, B, S>
    where
        B: Fn(&[u8], usize) -> bool,
        S: Fn(&[u8], usize) -> usize,
    {
        type Item = (usize, &'t str);

        fn next(&mut self) -> Option<Self::Item> {
            let bytes = self.text.as_bytes();
            let start = self.start;
            if start >= bytes.len() {
                return None;
            }
            let mut end = start + 1;
            while end < bytes.len() {
                let next = (self.skip)(bytes, end);
                if next > end {
                    end = next.min(bytes.len());
                    continue;
                }
                if (self.breaks)(bytes, end) {
                    break;
                }
                end += 1;
            }
            self.start = end;
            Some((start, &self.text[start..end]))
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum W {
        Cr,
        Lf,
        Newline,
        Space,
        Letter,
        Numeric,
        MidLetter,
        MidNumLet,
        SingleQuote,
        MidNum,
        ExtendNumLet,
        Other,
    }

    /// A table of `$class(b)` for every byte `b`, built at compile time.
    macro_rules! byte_table {
        ($fill:expr, $class:ident) => {{
            let mut table = [$fill; 256];
            let mut b = 0;
            while b < 256 {
                table[b] = $class(b as u8);
                b += 1;
            }
            table
        }};
    }

    /// Every byte's word class.
    const WORD_CLASSES: [W; 256] = byte_table!(W::Other, word_class_of);

    #[inline]
    fn word_class(b: u8) -> W {
        WORD_CLASSES[b as usize]
    }

    const fn word_class_of(b: u8) -> W {
        match b {
            b'\r' => W::Cr,
            b'\n' => W::Lf,
            0x0b | 0x0c => W::Newline,
            b' ' => W::Space,
            b'a'..=b'z' | b'A'..=b'Z' => W::Letter,
            b'0'..=b'9' => W::Numeric,
            b':' => W::MidLetter,
            b'.' => W::MidNumLet,
            b'\'' => W::SingleQuote,
            b',' | b';' => W::MidNum,
            b'_' => W::ExtendNumLet,
            _ => W::Other,
        }
    }

    /// Word boundaries (rules WB3 to WB999 that ASCII can meet).
    pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
        Pieces {
            text,
            start: 0,
            breaks: word_break,
            skip: word_skip,
        }
    }

    /// Inside a run of letters and digits (WB5, WB8 to WB10) or of spaces
    /// (WB3d) no boundary falls: skip to the end of the run.
    fn word_skip(bytes: &[u8], i: usize) -> usize {
        let a = bytes[i - 1];
        let run = |b: u8| {
            if a.is_ascii_alphanumeric() {
                b.is_ascii_alphanumeric()
            } else {
                a == b' ' && b == b' '
            }
        };
        match bytes[i..].iter().position(|&b| !run(b)) {
            Some(p) => i + p,
            None => bytes.len(),
        }
    }

    fn word_break(c: &[u8], i: usize) -> bool {
        let at = |i: usize| c.get(i).map(|&b| word_class(b));
        let mid_letter = |w: W| matches!(w, W::MidLetter | W::MidNumLet | W::SingleQuote);
        let mid_num = |w: W| matches!(w, W::MidNum | W::MidNumLet | W::SingleQuote);
        let (a, b) = (word_class(c[i - 1]), word_class(c[i]));
        match (a, b) {
            (W::Cr, W::Lf) => false,
            (W::Cr | W::Lf | W::Newline, _) | (_, W::Cr | W::Lf | W::Newline) => true,
            (W::Space, W::Space) => false,
            (W::Letter | W::Numeric, W::Letter | W::Numeric) => false,
            (W::Letter, m) if mid_letter(m) && at(i + 1) == Some(W::Letter) => false,
            (m, W::Letter) if mid_letter(m) && i >= 2 && at(i - 2) == Some(W::Letter) => false,
            (W::Numeric, m) if mid_num(m) && at(i + 1) == Some(W::Numeric) => false,
            (m, W::Numeric) if mid_num(m) && i >= 2 && at(i - 2) == Some(W::Numeric) => false,
            (W::Letter | W::Numeric | W::ExtendNumLet, W::ExtendNumLet) => false,
            (W::ExtendNumLet, W::Letter | W::Numeric) => false,
            _ => true,
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Sb {
        Cr,
        Lf,
        Sp,
        Lower,
        Upper,
        Numeric,
        ATerm,
        STerm,
        Close,
        SContinue,
        Other,
    }

    /// Every byte's sentence class, looked up once per byte on the hot path.
    const SENTENCE_CLASSES: [Sb; 256] = byte_table!(Sb::Other, sentence_class_of);

    #[inline]
    fn sentence_class(b: u8) -> Sb {
        SENTENCE_CLASSES[b as usize]
    }

    const fn sentence_class_of(b: u8) -> Sb {
        match b {
            b'\r' => Sb::Cr,
            b'\n' => Sb::Lf,
            b'\t' | 0x0b | 0x0c | b' ' => Sb::Sp,
            b'a'..=b'z' => Sb::Lower,
            b'A'..=b'Z' => Sb::Upper,
            b'0'..=b'9' => Sb::Numeric,
            b'.' => Sb::ATerm,
            b'!' | b'?' => Sb::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Sb::Close,
            b',' | b'-' | b':' | b';' => Sb::SContinue,
            _ => Sb::Other,
        }
    }

    /// Sentence boundaries (rules SB3 to SB998 that ASCII can meet).
    pub(super) fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
        Pieces {
            text,
            start: 0,
            breaks: sentence_break,
            skip: sentence_skip,
        }
    }

    /// Longest run of Close or Sp bytes the fast path walks back over.
    const MAX_CLOSE_RUN: usize = 64;

    /// True when `bytes` holds a run of Close or Sp longer than the fast path
    /// should walk back over.
    pub(super) fn has_long_close_run(bytes: &[u8]) -> bool {
        let mut run = 0;
        for &b in bytes {
            if matches!(sentence_class(b), Sb::Sp | Sb::Close) {
                run += 1;
                if run > MAX_CLOSE_RUN {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    }

    fn ends(b: u8) -> bool {
        matches!(b, b'.' | b'!' | b'?' | b'\r' | b'\n')
    }

    /// A sentence boundary before `i` needs a terminator or ParaSep before it,
    /// followed only by Close and Sp: when the byte before `i` is none of
    /// those, no boundary falls until just after the next terminator or ParaSep.
    fn sentence_skip(bytes: &[u8], i: usize) -> usize {
        let prev = bytes[i - 1];
        if ends(prev) || matches!(sentence_class(prev), Sb::Sp | Sb::Close) {
            return i;
        }
        match bytes[i..].iter().position(|&b| ends(b)) {
            Some(p) => i + p + 1,
            None => bytes.len(),
        }
    }

    fn sentence_break(bytes: &[u8], i: usize) -> bool {
        let c = |i: usize| sentence_class(bytes[i]);
        let para_sep = |s: Sb| matches!(s, Sb::Cr | Sb::Lf);
        let (a, b) = (c(i - 1), c(i));
        if a == Sb::Cr && b == Sb::Lf {
            return false; // SB3
        }
        if para_sep(a) {
            return true; // SB4
        }
        // Walk back over `SATerm Close* Sp*` ending before `i` (a ParaSep
        // before `i` was handled by SB4).
        let mut j = i;
        while j > 0 && c(j - 1) == Sb::Sp {
            j -= 1;
        }
        let spaces = j < i;
        let close_end = j;
        while j > 0 && c(j - 1) == Sb::Close {
            j -= 1;
        }
        let closes = j < close_end;
        if j == 0 || !matches!(c(j - 1), Sb::ATerm | Sb::STerm) {
            return false; // SB998: no terminator before
        }
        let term = c(j - 1);
        if term == Sb::ATerm && !closes && !spaces {
            if b == Sb::Numeric {
                return false; // SB6
            }
            if b == Sb::Upper && j >= 2 && matches!(c(j - 2), Sb::Upper | Sb::Lower) {
                return false; // SB7
            }
        }
        if term == Sb::ATerm {
            // SB8: look ahead past anything but letters, ParaSep and terminators.
            let mut k = i;
            while k < bytes.len()
                && !matches!(
                    c(k),
                    Sb::Upper | Sb::Lower | Sb::Cr | Sb::Lf | Sb::ATerm | Sb::STerm
                )
            {
                k += 1;
            }
            if k < bytes.len() && c(k) == Sb::Lower {
                return false;
            }
        }
        if matches!(b, Sb::SContinue | Sb::ATerm | Sb::STerm) {
            return false; // SB8a
        }
        if !spaces && matches!(b, Sb::Close | Sb::Sp | Sb::Cr | Sb::Lf) {
            return false; // SB9
        }
        if matches!(b, Sb::Sp | Sb::Cr | Sb::Lf) {
            return false; // SB10
        }
        true // SB11
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unicode_words(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    fn unicode_sentences(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    /// ASCII text rich in the characters that decide boundaries.
    fn tricky_ascii() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("Z"),
                Just("e.g"),
                Just("U.S"),
                Just("7"),
                Just("3.5"),
                Just("1,000"),
                Just("."),
                Just("!"),
                Just("?"),
                Just(","),
                Just(";"),
                Just(":"),
                Just("-"),
                Just("'"),
                Just("\""),
                Just("("),
                Just(")"),
                Just("["),
                Just("_"),
                Just("$"),
                Just("%"),
                Just("/"),
                Just(" "),
                Just("  "),
                Just("\t"),
                Just("\n"),
                Just("\r"),
                Just("\r\n"),
                Just("\x0b"),
                Just("\x0c"),
                Just("word"),
                Just("Word"),
                Just("x1"),
                Just("#"),
                Just("*"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn ascii_word_bounds_match_unicode_segmentation(text in tricky_ascii()) {
            prop_assert_eq!(ascii::words(&text).collect::<Vec<_>>(), unicode_words(&text));
        }

        #[test]
        fn ascii_sentence_bounds_match_unicode_segmentation(text in tricky_ascii()) {
            prop_assert_eq!(ascii::sentences(&text).collect::<Vec<_>>(), unicode_sentences(&text));
        }

        #[test]
        fn any_ascii_splits_like_unicode_segmentation(text in "[\\x00-\\x7f]{0,60}") {
            prop_assert_eq!(ascii::words(&text).collect::<Vec<_>>(), unicode_words(&text));
            prop_assert_eq!(ascii::sentences(&text).collect::<Vec<_>>(), unicode_sentences(&text));
        }
    }

    #[test]
    fn abbreviation_and_decimal_do_not_end_a_sentence() {
        let text = "Cut FPs by 2.5 pp, e.g. for U.S. creators. Then review.";
        let sentences: Vec<_> = ascii::sentences(text).collect();
        assert_eq!(sentences, unicode_sentences(text));
        assert_eq!(sentences.len(), 2);
    }

    #[test]
    fn non_ascii_text_takes_the_unicode_path() {
        let text = "False\u{2011}positive cost \u{2013} \u{201C}quoted\u{201D}. Next one.";
        let words: Vec<_> = word_bounds(text).collect();
        assert_eq!(words, unicode_words(text));
        let sentences: Vec<_> = sentence_bounds(text).collect();
        assert_eq!(sentences, unicode_sentences(text));
    }
}
