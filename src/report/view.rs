//! What the terminal, HTML and Markdown views share: the evidence marks of a
//! report in a stable order, the sentence around a span, and number formatting.
//! Nothing here scores; it only reads a [`Report`] and the answer it graded.

use super::{Evidence, Report};
use crate::span::Span;
use crate::text::{Document, Format};

/// Whether a mark comes from an element or from an anti-pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    Element,
    AntiPattern,
}

impl MarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Element => "element",
            MarkKind::AntiPattern => "anti-pattern",
        }
    }
}

/// One evidence span of a found element or an anti-pattern.
#[derive(Clone, Copy, Debug)]
pub struct Mark<'r> {
    pub id: &'r str,
    pub title: &'r str,
    pub kind: MarkKind,
    pub evidence: &'r Evidence,
}

/// Every element and anti-pattern evidence span, sorted by position, then
/// kind, then id, so that every view lists them in the same order.
pub fn marks(report: &Report) -> Vec<Mark<'_>> {
    let mut out = Vec::new();
    for e in report.elements.iter().filter(|e| e.found) {
        for ev in &e.evidence {
            out.push(Mark {
                id: &e.id,
                title: &e.title,
                kind: MarkKind::Element,
                evidence: ev,
            });
        }
    }
    for p in &report.penalties {
        for ev in &p.evidence {
            out.push(Mark {
                id: &p.id,
                title: &p.title,
                kind: MarkKind::AntiPattern,
                evidence: ev,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.evidence.start, a.evidence.end, a.kind, a.id).cmp(&(
            b.evidence.start,
            b.evidence.end,
            b.kind,
            b.id,
        ))
    });
    out
}

/// True when `text` is the answer the report graded (same SHA-256), so that
/// its byte offsets can be trusted to slice it.
pub fn is_graded_text(report: &Report, text: &str) -> bool {
    super::sha256_hex(text.as_bytes()) == report.answer_sha256
}

/// True when `e` slices `text` on character boundaries.
pub fn fits(text: &str, e: &Evidence) -> bool {
    e.start <= e.end
        && e.end <= text.len()
        && text.is_char_boundary(e.start)
        && text.is_char_boundary(e.end)
}

/// The sentences of an answer, as spans of the original text, in order (a
/// long answer read part by part, as it is graded).
pub fn sentences(name: &str, text: &str) -> Vec<Span> {
    let format = Format::from_name(name);
    let mut out = Vec::new();
    for range in crate::text::parts(text, format) {
        let at = range.start;
        let doc = Document::part(text, range, format);
        out.extend(doc.sentences.iter().map(|s| {
            let span = doc.original(s.norm);
            Span::new(span.start + at, span.end + at)
        }));
    }
    out
}

/// The sentence holding `span`, or `span` itself when no sentence does.
pub fn sentence_around(sentences: &[Span], span: Span) -> Span {
    sentences
        .iter()
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .map(|s| s.cover(span))
        .unwrap_or(span)
}

/// A number with its sign and one decimal: `+12.0`, `-5.0`, `0.0`.
pub fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else if x == 0.0 {
        "0.0".to_string()
    } else {
        format!("{x:.1}")
    }
}

/// Position of `score` on a scale from -100 to +100, as a fraction 0..=1.
pub fn scale(score: f64) -> f64 {
    ((score.clamp(-100.0, 100.0) + 100.0) / 200.0).clamp(0.0, 1.0)
}

/// One line of text with runs of whitespace folded, cut at `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max {
        let cut: String = folded.chars().take(max.saturating_sub(3)).collect();
        format!("{}...", cut.trim_end())
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_around_finds_the_enclosing_sentence() {
        let text = "First one here. The second holds the word threshold. Third.";
        let s = sentences("a.txt", text);
        let at = text.find("threshold").unwrap();
        let got = sentence_around(&s, Span::new(at, at + 9));
        assert_eq!(
            got.slice(text).trim(),
            "The second holds the word threshold."
        );
    }

    #[test]
    fn signed_shows_plus_for_positive_and_plain_zero() {
        assert_eq!(signed(12.0), "+12.0");
        assert_eq!(signed(-5.25), "-5.2");
        assert_eq!(signed(0.0), "0.0");
        assert_eq!(signed(-0.0), "0.0");
    }

    #[test]
    fn scale_maps_the_signed_axis_onto_zero_to_one() {
        assert_eq!(scale(-100.0), 0.0);
        assert_eq!(scale(0.0), 0.5);
        assert_eq!(scale(100.0), 1.0);
        assert_eq!(scale(250.0), 1.0);
    }
}
