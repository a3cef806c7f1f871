//! Term hits: one Aho-Corasick pass over the whole answer for every phrase of
//! every term set, plus the rubric's named regexes, with word boundaries
//! checked against the text and `exclude` phrases applied.

use crate::rubric::compile::TermMatcher;
use crate::span::Span;

/// A term set (or pattern) found at a span of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TermHit {
    pub norm: Span,
    pub set: usize,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// True when the digit at `at` continues a number across a decimal point or
/// a thousands separator, before it (`before`) or after it:
/// the "1 %" in "0.1 %" or the "5" in "2,5" is no number of its own.
fn inside_number(bytes: &[u8], at: usize, before: bool) -> bool {
    if !bytes[at].is_ascii_digit() {
        return false;
    }
    let (sep, digit) = if before {
        (at.checked_sub(1), at.checked_sub(2))
    } else {
        (Some(at + 1), Some(at + 2))
    };
    match (sep, digit) {
        (Some(s), Some(d)) if d < bytes.len() => {
            matches!(bytes[s], b'.' | b',') && bytes[d].is_ascii_digit()
        }
        _ => false,
    }
}

/// Finds every term hit in `lower` (the normalized text, ASCII lower-cased).
pub fn find_terms(lower: &str, matcher: &TermMatcher) -> Vec<TermHit> {
    let bytes = lower.as_bytes();
    let mut includes: Vec<TermHit> = Vec::new();
    let mut excludes: Vec<TermHit> = Vec::new();
    if let Some(automaton) = &matcher.automaton {
        for m in automaton.find_overlapping_iter(lower) {
            let info = &matcher.phrases[m.pattern().as_usize()];
            let (start, mut end) = (m.start(), m.end());
            let first = bytes[start];
            if is_word_byte(first) && start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            if inside_number(bytes, start, true) || inside_number(bytes, end - 1, false) {
                continue;
            }
            let last = bytes[end - 1];
            if info.prefix {
                while end < bytes.len() && is_word_byte(bytes[end]) {
                    end += 1;
                }
            } else if is_word_byte(last) && end < bytes.len() && is_word_byte(bytes[end]) {
                continue;
            }
            // Never end inside a UTF-8 sequence.
            while !lower.is_char_boundary(end) {
                end += 1;
            }
            let norm = Span::new(start, end);
            for &(set, exclude) in &info.roles {
                let hit = TermHit { norm, set };
                if exclude {
                    excludes.push(hit);
                } else {
                    includes.push(hit);
                }
            }
        }
    }
    for (set, regex) in &matcher.regexes {
        for m in regex.find_iter(bytes) {
            if m.start() == m.end() {
                continue;
            }
            let (mut start, mut end) = (m.start(), m.end());
            while !lower.is_char_boundary(start) {
                start -= 1;
            }
            while !lower.is_char_boundary(end) {
                end += 1;
            }
            includes.push(TermHit {
                norm: Span::new(start, end),
                set: *set,
            });
        }
    }
    if !excludes.is_empty() {
        // Sorted by set then start, so each check is a binary search.
        excludes.sort_unstable_by_key(|x| (x.set, x.norm.start));
        let longest = excludes.iter().map(|x| x.norm.len()).max().unwrap_or(0);
        includes.retain(|h| {
            let from = excludes.partition_point(|x| {
                (x.set, x.norm.start) < (h.set, h.norm.start.saturating_sub(longest))
            });
            !excludes[from..]
                .iter()
                .take_while(|x| x.set == h.set && x.norm.start < h.norm.end)
                .any(|x| x.norm.overlaps(h.norm))
        });
    }
    // Within one set, a hit inside a longer hit adds nothing.
    // Equal keys are equal hits, so an unstable sort gives the same order.
    includes.sort_unstable_by(|a, b| {
        (a.set, a.norm.start, std::cmp::Reverse(a.norm.end)).cmp(&(
            b.set,
            b.norm.start,
            std::cmp::Reverse(b.norm.end),
        ))
    });
    includes.dedup_by(|hit, kept| kept.set == hit.set && kept.norm.contains(hit.norm));
    includes.sort_unstable();
    includes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric;

    fn sets_found(text: &str) -> Vec<String> {
        let r = rubric::load("policy-impact").unwrap();
        let lower = crate::text::normalize_str(text).to_ascii_lowercase();
        let mut names: Vec<String> = find_terms(&lower, &r.matcher)
            .into_iter()
            .map(|h| r.matcher.set_names[h.set].clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn hyphen_and_abbreviation_variants_hit_the_same_set() {
        for text in [
            "false\u{2011}positive",
            "false\u{2013}positive",
            "false positive",
            "false-positive",
            "FP rate",
        ] {
            assert!(sets_found(text).contains(&"error_fp".to_string()), "{text}");
        }
    }

    #[test]
    fn phrases_need_word_boundaries() {
        assert!(!sets_found("fpga boards").contains(&"error_fp".to_string()));
        assert!(sets_found("classifiers").contains(&"lever".to_string()));
    }

    #[test]
    fn a_phrase_opening_with_a_digit_needs_a_whole_number() {
        let r = rubric::load("product-sense").unwrap();
        let staging = |text: &str| {
            let lower = crate::text::normalize_str(text).to_ascii_lowercase();
            find_terms(&lower, &r.matcher)
                .iter()
                .any(|h| r.matcher.set_names[h.set] == "staging")
        };
        assert!(staging("start with 1 % of uploads"));
        assert!(staging("start with 1% of uploads"));
        assert!(!staging("a 0.1 % of uploads error rate"));
        assert!(!staging("a 0.1% of uploads error rate"));
        assert!(!staging("about 2,1 % of uploads"));
        assert!(!staging("a rate of 21 % of uploads"));
    }

    #[test]
    fn excluded_phrase_cancels_an_overlapping_term() {
        assert!(!sets_found("the trust and safety team").contains(&"outcome".to_string()));
        assert!(sets_found("creators lose trust").contains(&"outcome".to_string()));
    }
}
