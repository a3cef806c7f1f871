//! Line-shaped text: where a line break ends a sentence.
//!
//! ## What it does
//! Finds the line breaks inside a block after which a reader starts a new
//! sentence although no end punctuation says so: after a label line
//! ("Owner: the policy lead"), before one, and after a short heading-like line
//! ("Why it matters") followed by a line that opens with a capital.
//!
//! ## Why
//! Notes, outlines and forum replies put one thought on a line. Read by Unicode
//! sentence rules alone, such lines run on into one long sentence, so findings
//! of different lines link where a reader sees no link, and a label line counts
//! as part of the prose around it.
//!
//! ## Example
//! Split: "Why it matters\nEach wrongful removal costs an appeal." Not split:
//! a paragraph wrapped at any ordinary width, where a line break sits inside a
//! sentence ("... we raise the\nthreshold so that ...").
//!
//! ## Words
//! none of its own; the label test is the one paragraphs use
//! (`opens_with_label`).

use super::opens_with_label;

/// Longest line, in words, that reads as a heading when it has no end
/// punctuation and the next line opens with a capital. A wrapped line of
/// prose holds more words than this at any ordinary width.
const HEADING_WORDS: usize = 5;

/// Offsets in `text` (just after a `\n`) where a new sentence starts because
/// of the shape of the lines around the break.
pub(crate) fn line_breaks(text: &str) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut line_start = 0;
    while let Some(nl) = text[line_start..].find('\n') {
        let at = line_start + nl;
        let line = text[line_start..at].trim();
        let next_start = at + 1;
        let next_end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |n| next_start + n);
        let next = text[next_start..next_end].trim();
        if ends_line(line, next) {
            breaks.push(next_start);
        }
        line_start = next_start;
    }
    breaks
}

/// True when `line`, followed by `next`, ends a sentence at its line break.
fn ends_line(line: &str, next: &str) -> bool {
    if line.is_empty() || next.is_empty() || ends_with_punctuation(line) {
        return false;
    }
    if opens_with_label(line) || opens_with_label(next) {
        return true;
    }
    let words = line.split_whitespace().count();
    words <= HEADING_WORDS && opens_with_capital(line) && opens_with_capital(next)
}

/// True when a line ends with punctuation that already ends or continues a
/// sentence (the Unicode rules handle those breaks).
fn ends_with_punctuation(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', ';', ',', '(', '-', '/', '&'])
}

fn opens_with_capital(line: &str) -> bool {
    line.trim_start_matches(['*', '_', '"', '\'', '`'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_line_without_punctuation_ends_its_sentence() {
        let text = "Why it matters\nEach wrongful removal costs an appeal.";
        assert_eq!(line_breaks(text), vec![15]);
    }

    #[test]
    fn label_lines_are_sentences_of_their_own() {
        let text = "Owner: the policy lead\nMetric: appeals per 10k removals\nWe review weekly.";
        assert_eq!(line_breaks(text), vec![23, 56]);
    }

    #[test]
    fn wrapped_prose_keeps_its_sentence() {
        let text = "I would raise the confidence threshold on the\nclassifier so that reviewers see fewer\nReal videos in their queue.";
        assert!(line_breaks(text).is_empty());
    }

    #[test]
    fn a_line_that_ends_with_punctuation_is_left_to_the_sentence_rules() {
        assert!(line_breaks("Why it matters.\nEach removal costs.").is_empty());
        assert!(line_breaks("Why it matters,\nEach removal costs.").is_empty());
    }

    #[test]
    fn a_short_line_before_a_lowercase_line_continues() {
        assert!(line_breaks("We raise the threshold\nso that appeals fall.").is_empty());
    }
}
