//! Term hits: one walk over the words of the whole answer for every phrase of
//! every term set (see [`PhraseIndex`](crate::rubric::phrase_index)), plus the
//! rubric's named regexes, with word boundaries checked against the text and
//! `exclude` phrases applied.

use regex_automata::{Anchored, Input};

use crate::rubric::compile::TermMatcher;
use crate::rubric::phrase_index::is_word_byte;
use crate::span::Span;

/// A term set (or pattern) found at a span of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TermHit {
    pub norm: Span,
    pub set: usize,
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

/// The span `start..end` of `text`, widened to whole characters: a byte
/// pattern can start or end inside a UTF-8 sequence.
fn char_span(text: &str, mut start: usize, mut end: usize) -> Span {
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// Places at which one pattern is tried anchored before the rest of the text
/// is searched in one pass (see [`find_patterns`]).
const MAX_PLACES_TRIED: usize = 64;

/// Finds the matches of every named pattern in `lower`. The places of the
/// prefix literals ([`PatternSet::places`](crate::rubric::pattern::PatternSet::places))
/// give each gated pattern where a match can begin, in text order; there it
/// is tried anchored, left to right, a match ending where the next try of
/// that pattern may begin. That is the leftmost-first, non-overlapping
/// search of the whole text: every match begins at such a place, and an
/// anchored search finds the match a search from further left would prefer.
///
/// An anchored try may read to the end of the text before it fails (a
/// pattern with an open tail, such as `(a+)+$`, or a phrase repeated all
/// through a long answer), so places tried one by one could cost the square
/// of the text. A pattern tried at more than [`MAX_PLACES_TRIED`] places
/// finishes with one search of the rest of the text instead, which finds the
/// same matches in linear time.
fn find_patterns(lower: &str, matcher: &TermMatcher, out: &mut Vec<TermHit>) {
    let bytes = lower.as_bytes();
    let set = &matcher.patterns;
    let mut push = |start: usize, end: usize, set: usize| {
        if start != end {
            out.push(TermHit {
                norm: char_span(lower, start, end),
                set,
            });
        }
    };
    for pattern in set.patterns.iter().filter(|p| !p.gated) {
        for m in pattern.regex().find_iter(bytes) {
            push(m.start(), m.end(), pattern.set);
        }
    }
    // Per pattern, where its last match ended (no match of it begins
    // before), and the last place it was tried.
    let mut free = vec![0usize; set.patterns.len()];
    let mut tried = vec![usize::MAX; set.patterns.len()];
    let mut tries = vec![0usize; set.patterns.len()];
    for (start, index) in set.places(bytes) {
        let index = index as usize;
        if start < free[index] || tried[index] == start {
            continue;
        }
        tried[index] = start;
        let pattern = &set.patterns[index];
        tries[index] += 1;
        if tries[index] > MAX_PLACES_TRIED {
            // The rest of the text in one search; no place of this pattern
            // is tried after.
            let rest = Input::new(bytes).range(start..);
            for m in pattern.regex().find_iter(rest) {
                push(m.start(), m.end(), pattern.set);
            }
            free[index] = usize::MAX;
            continue;
        }
        let input = Input::new(bytes).range(start..).anchored(Anchored::Yes);
        if let Some(m) = pattern.regex().search(&input) {
            if !m.is_empty() {
                push(m.start(), m.end(), pattern.set);
                free[index] = m.end();
            }
        }
    }
}

/// Finds every term hit in `lower` (the normalized text, ASCII lower-cased).
pub fn find_terms(lower: &str, matcher: &TermMatcher) -> Vec<TermHit> {
    let bytes = lower.as_bytes();
    let mut includes: Vec<TermHit> = Vec::new();
    let mut excludes: Vec<TermHit> = Vec::new();
    matcher.index.for_each(bytes, |id, start, end| {
        let info = &matcher.phrases[id as usize];
        let mut end = end;
        // The index reports a phrase that opens with a letter or a digit
        // only where a word begins: the start needs no check here.
        if inside_number(bytes, start, true) || inside_number(bytes, end - 1, false) {
            return;
        }
        let last = bytes[end - 1];
        if info.prefix {
            while end < bytes.len() && is_word_byte(bytes[end]) {
                end += 1;
            }
        } else if is_word_byte(last) && end < bytes.len() && is_word_byte(bytes[end]) {
            return;
        }
        let norm = char_span(lower, start, end);
        for &(set, exclude) in matcher.roles(info) {
            let hit = TermHit { norm, set };
            if exclude {
                excludes.push(hit);
            } else {
                includes.push(hit);
            }
        }
    });
    find_patterns(lower, matcher, &mut includes);
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
    // Within one set, a hit inside a longer hit adds nothing. Ordered by
    // start, the longest first, each set's hits come in the order that check
    // needs: a hit is dropped when the last hit kept of its set holds it.
    // Equal keys are equal hits, so an unstable sort gives the same order.
    includes.sort_unstable_by_key(|h| (h.norm.start, std::cmp::Reverse(h.norm.end), h.set));
    let sets = includes.iter().map(|h| h.set + 1).max().unwrap_or(0);
    let mut last_kept: Vec<Option<Span>> = vec![None; sets];
    includes.retain(|hit| match last_kept[hit.set] {
        Some(kept) if kept.contains(hit.norm) => false,
        _ => {
            last_kept[hit.set] = Some(hit.norm);
            true
        }
    });
    // Text order: the hits that share a start, shortest first.
    for run in includes.chunk_by_mut(|a, b| a.norm.start == b.norm.start) {
        if run.len() > 1 {
            run.sort_unstable();
        }
    }
    includes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric;

    /// Every sample answer, normalized and lower-cased as detection reads it.
    fn sample_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut texts = Vec::new();
        for split in ["train", "test"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(split))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let doc = crate::text::Document::new(&text, crate::text::Format::Markdown);
                texts.push(doc.norm.text.to_ascii_lowercase());
            }
        }
        texts
    }

    /// Every non-empty match of every pattern, by one search of the whole
    /// text each: what `find_patterns` must find, sorted.
    fn whole_text_matches(lower: &str, matcher: &TermMatcher) -> Vec<TermHit> {
        let mut want = Vec::new();
        for pattern in &matcher.patterns.patterns {
            for m in pattern.regex().find_iter(lower.as_bytes()) {
                if !m.is_empty() {
                    want.push(TermHit {
                        norm: char_span(lower, m.start(), m.end()),
                        set: pattern.set,
                    });
                }
            }
        }
        want.sort_unstable();
        want
    }

    #[test]
    fn a_pattern_with_many_places_finds_what_a_whole_text_search_finds() {
        // More places than are tried one by one: the rest is one search.
        let lower = format!(
            "{}anything without a valid manifest is removed. {}",
            "anything without ".repeat(3 * MAX_PLACES_TRIED),
            "anything without a label is blocked. ".repeat(2 * MAX_PLACES_TRIED),
        );
        let r = rubric::load("policy-impact").unwrap();
        let mut got = Vec::new();
        find_patterns(&lower, &r.matcher, &mut got);
        got.sort_unstable();
        let want = whole_text_matches(&lower, &r.matcher);
        assert!(want.len() > 2 * MAX_PLACES_TRIED, "{}", want.len());
        assert_eq!(got, want);
    }

    #[test]
    fn patterns_tried_at_their_places_find_what_a_whole_text_search_finds() {
        let texts = sample_texts();
        assert!(texts.len() > 500, "{}", texts.len());
        let mut found = 0;
        for (id, _) in rubric::BUNDLED {
            let r = rubric::load(id).unwrap();
            for lower in &texts {
                let mut got = Vec::new();
                find_patterns(lower, &r.matcher, &mut got);
                got.sort_unstable();
                let want = whole_text_matches(lower, &r.matcher);
                assert_eq!(got, want, "{id}: {lower}");
                found += got.len();
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn hits_come_in_text_order_and_none_lies_inside_another_of_its_set() {
        let r = rubric::load("policy-impact").unwrap();
        let mut nested = 0;
        for lower in sample_texts() {
            let hits = find_terms(&lower, &r.matcher);
            assert!(hits.windows(2).all(|w| w[0] < w[1]), "{lower}");
            for (i, a) in hits.iter().enumerate() {
                for (j, b) in hits.iter().enumerate() {
                    if i != j && a.set == b.set {
                        assert!(!a.norm.contains(b.norm), "{a:?} holds {b:?}: {lower}");
                    } else if i != j && a.norm.contains(b.norm) {
                        nested += 1;
                    }
                }
            }
        }
        // Hits of different sets may nest: each set keeps its own.
        assert!(nested > 100, "{nested}");
    }

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
        assert!(!sets_found("an nfp rate").contains(&"error_fp".to_string()));
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
