//! Normalization with a way back.
//!
//! The graded text is a normalized copy of the answer: Unicode hyphens and dashes
//! become `-`, smart quotes become ASCII quotes, every run of white space becomes
//! one space, zero-width characters vanish and a hyphen between two letters
//! becomes a space (so `false‑positive`,
//! `false-positive` and `false positive` read the same). [`OffsetMap`] maps every
//! normalized offset back to a char boundary of the original.

use crate::span::Span;

/// A piece of the normalized text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    norm: usize,
    norm_len: usize,
    orig: usize,
    orig_len: usize,
    /// Exact segments map offset by offset; the others map as a whole.
    exact: bool,
}

/// Maps offsets of the normalized text back to offsets of the original.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// The original offset of a span that starts at `norm`.
    pub fn start(&self, norm: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.norm + s.norm_len <= norm);
        match self.segments.get(i) {
            Some(s) if s.exact => s.orig + (norm - s.norm),
            Some(s) => s.orig,
            None => self.segments.last().map_or(0, |s| s.orig + s.orig_len),
        }
    }

    /// The original offset of a span that ends at `norm`.
    pub fn end(&self, norm: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.norm + s.norm_len < norm);
        match self.segments.get(i) {
            Some(s) if s.exact => s.orig + (norm - s.norm),
            Some(s) if norm <= s.norm => s.orig,
            Some(s) => s.orig + s.orig_len,
            None => self.segments.last().map_or(0, |s| s.orig + s.orig_len),
        }
    }

    /// Maps a normalized span to the original text.
    pub fn span(&self, norm: Span) -> Span {
        let start = self.start(norm.start);
        Span::new(start, self.end(norm.end).max(start))
    }
}

/// The normalized text being built, with its map.
#[derive(Clone, Debug, Default)]
pub struct NormText {
    pub text: String,
    pub map: OffsetMap,
}

/// What a character becomes in the normalized text.
enum Norm {
    Keep,
    Char(char),
    Space,
    Drop,
}

fn classify(c: char) -> Norm {
    match c {
        c if c.is_ascii() && !c.is_ascii_whitespace() => Norm::Keep,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => Norm::Space,
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{00AD}' => Norm::Char('-'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => {
            Norm::Char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => {
            Norm::Char('"')
        }
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Norm::Space,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Norm::Drop,
        '\u{2264}' => Norm::Char('<'),
        '\u{2265}' => Norm::Char('>'),
        _ => Norm::Keep,
    }
}

impl NormText {
    /// An empty text with room for about `bytes` bytes of source: answers
    /// lose a little to normalization, seldom gain, and the map takes a
    /// segment for every few dozen bytes.
    pub fn with_capacity(bytes: usize) -> Self {
        NormText {
            text: String::with_capacity(bytes),
            map: OffsetMap {
                segments: Vec::with_capacity(bytes / 32 + 4),
            },
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push_segment(&mut self, seg: Segment) {
        if let Some(last) = self.map.segments.last_mut() {
            if last.exact
                && seg.exact
                && last.norm + last.norm_len == seg.norm
                && last.orig + last.orig_len == seg.orig
            {
                last.norm_len += seg.norm_len;
                last.orig_len += seg.orig_len;
                return;
            }
        }
        self.map.segments.push(seg);
    }

    fn ends_with_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with(' ') || self.text.ends_with('\n')
    }

    /// Appends `text`, which is the original bytes starting at `orig`.
    pub fn push_source(&mut self, orig: usize, text: &str) {
        let mut run_start: Option<usize> = None; // start (in `text`) of the kept run
        let flush = |this: &mut NormText, run_start: &mut Option<usize>, upto: usize| {
            if let Some(start) = run_start.take() {
                let norm = this.text.len();
                this.text.push_str(&text[start..upto]);
                this.push_segment(Segment {
                    norm,
                    norm_len: upto - start,
                    orig: orig + start,
                    orig_len: upto - start,
                    exact: true,
                });
            }
        };
        let mut space_from: Option<usize> = None;
        let bytes = text.as_bytes();
        let kept_ascii = |b: u8| b.is_ascii() && !b.is_ascii_whitespace();
        let mut i = 0;
        while i < bytes.len() {
            if kept_ascii(bytes[i]) {
                // The common case, taken a run at a time: ASCII that is kept
                // as it is. One space between two such bytes stays in the run:
                // pushed on its own it would be an exact one-byte segment that
                // merges with the run before and the run after all the same.
                if let Some(from) = space_from.take() {
                    self.push_space(orig + from, orig + i);
                }
                run_start.get_or_insert(i);
                i += 1;
                loop {
                    while i < bytes.len() && kept_ascii(bytes[i]) {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&b' ')
                        && bytes.get(i + 1).is_some_and(|&b| kept_ascii(b))
                    {
                        i += 1;
                        continue;
                    }
                    break;
                }
                continue;
            }
            // Anything else, a char at a time.
            let at = i;
            let c = text[at..].chars().next().expect("a char starts at i");
            i += c.len_utf8();
            let class = classify(c);
            if matches!(class, Norm::Space) {
                flush(self, &mut run_start, at);
                space_from.get_or_insert(at);
                continue;
            }
            if let Some(from) = space_from.take() {
                self.push_space(orig + from, orig + at);
            }
            match class {
                Norm::Keep => {
                    run_start.get_or_insert(at);
                }
                Norm::Char(r) if r.len_utf8() == c.len_utf8() => {
                    // Same length: the map stays exact.
                    flush(self, &mut run_start, at);
                    let norm = self.text.len();
                    self.text.push(r);
                    self.push_segment(Segment {
                        norm,
                        norm_len: 1,
                        orig: orig + at,
                        orig_len: 1,
                        exact: true,
                    });
                }
                Norm::Char(r) => {
                    flush(self, &mut run_start, at);
                    let norm = self.text.len();
                    self.text.push(r);
                    self.push_segment(Segment {
                        norm,
                        norm_len: r.len_utf8(),
                        orig: orig + at,
                        orig_len: c.len_utf8(),
                        exact: false,
                    });
                }
                Norm::Drop => flush(self, &mut run_start, at),
                Norm::Space => unreachable!("handled above"),
            }
        }
        flush(self, &mut run_start, text.len());
        if let Some(from) = space_from {
            self.push_space(orig + from, orig + text.len());
        }
    }

    /// Appends one space standing for the original bytes `orig_start..orig_end`
    /// (a run of white space, a line break); runs of spaces fold into one.
    pub fn push_space(&mut self, orig_start: usize, orig_end: usize) {
        if self.ends_with_space() {
            return;
        }
        let norm = self.text.len();
        self.text.push(' ');
        self.push_segment(Segment {
            norm,
            norm_len: 1,
            orig: orig_start,
            orig_len: orig_end.saturating_sub(orig_start),
            // A one-byte space standing for one byte is exact; a longer run is a lump.
            exact: orig_end == orig_start + 1,
        });
    }

    /// Appends text that differs from its source bytes (an entity, an escape):
    /// the whole piece maps to the whole original range.
    pub fn push_lump(&mut self, orig: Span, text: &str) {
        let mut piece = NormText::default();
        piece.push_source(0, text);
        let piece = piece.text;
        if piece.is_empty() {
            return;
        }
        let norm = self.text.len();
        self.text.push_str(&piece);
        self.push_segment(Segment {
            norm,
            norm_len: piece.len(),
            orig: orig.start,
            orig_len: orig.len(),
            exact: false,
        });
    }

    /// Appends a block separator that maps to the point `orig`.
    pub fn push_break(&mut self, orig: usize) {
        while self.text.ends_with(' ') {
            self.text.pop();
            if let Some(last) = self.map.segments.last_mut() {
                last.norm_len -= 1;
                if last.exact {
                    last.orig_len -= 1;
                }
                if last.norm_len == 0 {
                    self.map.segments.pop();
                }
            }
        }
        if self.text.is_empty() || self.text.ends_with('\n') {
            return;
        }
        let norm = self.text.len();
        self.text.push_str("\n\n");
        self.push_segment(Segment {
            norm,
            norm_len: 2,
            orig,
            orig_len: 0,
            exact: false,
        });
    }

    /// Replaces a hyphen between two ASCII letters by a space, so compound words
    /// match their spaced form. Lengths do not change, so the map still holds.
    pub fn unhyphenate(&mut self) {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        for i in 1..bytes.len().saturating_sub(1) {
            if bytes[i] == b'-'
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes[i + 1].is_ascii_alphabetic()
            {
                bytes[i] = b' ';
            }
        }
        self.text = String::from_utf8(bytes).expect("ASCII byte swap keeps UTF-8");
    }
}

/// Normalizes a short piece of text on its own (rubric keywords use this, so
/// they are compared in the same form as answers).
pub fn normalize_str(text: &str) -> String {
    let t = text.trim();
    // Printable ASCII without hyphens or doubled spaces is already normal
    // (most keywords are): skip building a map nobody reads.
    let mut space = false;
    let plain = t.bytes().all(|b| {
        let ok = (b.is_ascii_graphic() && b != b'-') || (b == b' ' && !space);
        space = b == b' ';
        ok
    });
    if plain {
        return t.to_string();
    }
    let mut n = NormText::default();
    n.push_source(0, text.trim());
    n.unhyphenate();
    n.text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_ascii_shortcut_gives_what_the_full_walk_gives() {
        let full = |t: &str| {
            let mut n = NormText::default();
            n.push_source(0, t.trim());
            n.unhyphenate();
            n.text.trim().to_string()
        };
        for t in [
            "false positive",
            " cost per review ",
            "a  b",
            "well-known",
            "x\ty",
            "p99 <= 2s",
            "don't",
            "(sum)",
        ] {
            assert_eq!(normalize_str(t), full(t), "{t:?}");
        }
    }

    fn norm(text: &str) -> NormText {
        let mut n = NormText::default();
        n.push_source(0, text);
        n.unhyphenate();
        n
    }

    #[test]
    fn unicode_hyphens_and_quotes_fold_to_ascii() {
        for text in [
            "false\u{2011}positive",
            "false\u{2013}positive",
            "false-positive",
            "false \t positive",
            "false\u{00A0}positive",
            "false  \n positive",
        ] {
            assert_eq!(norm(text).text, "false positive", "{text:?}");
        }
        assert_eq!(norm("\u{201C}users\u{2019}\u{201D}").text, "\"users'\"");
    }

    #[test]
    fn every_normalized_offset_maps_to_a_char_boundary() {
        let text = "A \u{2014}false\u{2011}positive\u{00A0}cost\u{200B} \u{201C}x\u{201D} done";
        let n = norm(text);
        for i in 0..=n.text.len() {
            assert!(text.is_char_boundary(n.map.start(i)), "start {i}");
            assert!(text.is_char_boundary(n.map.end(i)), "end {i}");
        }
        let at = n.text.find("positive cost").unwrap();
        let span = n.map.span(Span::new(at, at + "positive cost".len()));
        assert_eq!(span.slice(text), "positive\u{00A0}cost");
    }

    #[test]
    fn one_space_between_kept_words_keeps_one_exact_segment() {
        let text = "we would raise it, then \u{201C}review\u{201D}  the rest";
        let n = norm(text);
        assert_eq!(n.text, "we would raise it, then \"review\" the rest");
        // The plain words and their single spaces map as one exact run; the
        // quotes and the double space each start a segment of their own.
        let first = &n.map.segments[0];
        assert!(first.exact);
        assert_eq!(first.norm_len, "we would raise it, then ".len());
        for (i, c) in n
            .text
            .char_indices()
            .filter(|(_, c)| c.is_ascii_alphabetic())
        {
            let span = n.map.span(Span::new(i, i + 1));
            assert_eq!(span.slice(text), c.to_string(), "at {i}");
        }
        let lump = n.text.find("\" the").unwrap() + 1;
        assert_eq!(n.map.span(Span::new(lump, lump + 1)).slice(text), "  ");
    }

    #[test]
    fn zero_width_characters_vanish() {
        assert_eq!(norm("fal\u{200B}se").text, "false");
    }

    #[test]
    fn hyphen_between_digits_stays() {
        assert_eq!(norm("2-3 days, e-mail").text, "2-3 days, e mail");
    }

    #[test]
    fn lump_maps_as_a_whole() {
        let mut n = NormText::default();
        n.push_source(0, "a ");
        n.push_lump(Span::new(2, 7), "&");
        n.push_source(7, " b");
        assert_eq!(n.text, "a & b");
        assert_eq!(n.map.span(Span::new(2, 3)), Span::new(2, 7));
    }
}
