//! The phrases of every term set, indexed by the word they open with.
//!
//! A phrase that opens with a letter or digit can only be a term where a
//! word of the answer begins, and then the word it opens with is known:
//! - a phrase of several words (or a word and a sign, as in `anti-`) opens
//!   with a whole word, which must be that word of the answer;
//! - a single word must be the word of the answer, unless it is a stem
//!   (`flood*`), which the word of the answer must begin with;
//! - a word inside a phrase may be a stem too (`slip* through`, `real
//!   video* removed`): the answer's word must begin with it, and the rest
//!   of the phrase follows that word.
//!
//! So one walk over the words of an answer, with a hash lookup per word (and
//! at most [`STEM_KEY`] for stems), finds every place a phrase may be a term;
//! building the index costs a hash insert per phrase, where an Aho-Corasick
//! automaton over the same phrases costs a trie and its failure links, which
//! was a fifth of start-up. The few phrases that open with a sign (`$`, `#`)
//! can be terms anywhere and keep a small automaton of their own.
//!
//! The walk reports a superset of the terms: every occurrence that begins a
//! word (or, for a phrase opening with a sign, every occurrence), with the
//! phrase's own bytes matched. The caller applies the word-boundary checks.

use std::hash::BuildHasher;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::{FxBuildHasher, FxHashMap};

/// Stems shorter than this are keyed by their whole text, longer ones by
/// their first `STEM_KEY` bytes.
pub const STEM_KEY: usize = 4;

/// A letter, a digit or a byte of a non-ASCII character: a byte of a word.
pub fn is_word_byte(b: u8) -> bool {
    WORD_BYTE[usize::from(b)]
}

/// [`is_word_byte`] for every byte: one load in the walk's inner loops.
const WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    table
};

/// Up to eight bytes, packed little-endian. Word bytes are never zero, so two
/// words of at most eight bytes pack alike only when they are the same word.
fn pack(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.len() <= 8);
    bytes
        .iter()
        .rev()
        .fold(0, |packed, &b| (packed << 8) | u64::from(b))
}

/// The first `len` (at most eight) bytes of `text[at..]`, packed as [`pack`]
/// does: one load when eight bytes are there to read.
pub(crate) fn pack_at(text: &[u8], at: usize, len: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(eight) => {
            let all = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            // No bytes (len 0) keep nothing of the load.
            all & u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
        }
        None => pack(&text[at..at + len]),
    }
}

/// The key of a whole word: its packed bytes, or a hash of a longer word.
/// Keys of different words may meet (a hash of a long word and the bytes of
/// a short one); every phrase found under a key is checked byte by byte.
#[inline]
fn word_key(text: &[u8], start: usize, end: usize) -> u64 {
    if end - start <= 8 {
        pack_at(text, start, end - start)
    } else {
        FxBuildHasher.hash_one(&text[start..end])
    }
}

/// Whether `text` begins with `prefix`, compared eight bytes at a time in
/// place: phrases are a few bytes long, shorter than a call to a general
/// comparison is worth.
pub(crate) fn begins_with(text: &[u8], prefix: &[u8]) -> bool {
    if text.len() < prefix.len() {
        return false;
    }
    let mut text_chunks = text.chunks_exact(8);
    let mut prefix_chunks = prefix.chunks_exact(8);
    for (t, p) in (&mut text_chunks).zip(&mut prefix_chunks) {
        let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().expect("eight bytes"));
        if word(t) != word(p) {
            return false;
        }
    }
    let rest = prefix_chunks.remainder();
    let done = prefix.len() - rest.len();
    text[done..done + rest.len()]
        .iter()
        .zip(rest)
        .all(|(a, b)| a == b)
}

/// Marks a stem inside a phrase: the word before it may run on.
pub(crate) const STEM_MARK: u8 = b'*';

/// Where `phrase` ends in `text` from `at`, when a stem inside it
/// ([`STEM_MARK`]) may take the rest of the answer's word: "slip* through"
/// matches "slips through" and "slipped through". `None` when it does not
/// match there.
fn match_with_stems(text: &[u8], at: usize, phrase: &[u8]) -> Option<usize> {
    let mut t = at;
    for &p in phrase {
        if p == STEM_MARK {
            while t < text.len() && is_word_byte(text[t]) {
                t += 1;
            }
        } else if text.get(t) == Some(&p) {
            t += 1;
        } else {
            return None;
        }
    }
    Some(t)
}

/// Every phrase, found by the word it opens with.
#[derive(Clone, Debug, Default)]
pub struct PhraseIndex {
    /// The phrases, lower-cased (whether one is a stem is the caller's).
    phrases: Vec<Box<[u8]>>,
    /// Whole first word, by its key (see [`word_key`]): the phrases opening
    /// with it.
    words: FxHashMap<u64, Vec<u32>>,
    /// Single-word stems by their key: their first [`STEM_KEY`] bytes, or all
    /// of them when shorter, packed.
    stems: FxHashMap<u64, Vec<u32>>,
    /// Bit `n` is set when some stem is keyed by `n` bytes.
    stem_keys: u32,
    /// Per phrase, whether a word inside it is a stem (`slip* through`).
    inner_stems: Vec<bool>,
    /// Phrases that open with a sign, and their ids.
    loose: Option<AhoCorasick>,
    loose_ids: Vec<u32>,
}

impl PhraseIndex {
    /// Indexes `phrases` (lower-cased text, is a stem); a phrase's id is its
    /// place in the list. Phrases must not be empty.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, bool)>) -> Self {
        let mut index = PhraseIndex::default();
        let mut loose: Vec<&[u8]> = Vec::new();
        for (id, (phrase, stem)) in phrases.into_iter().enumerate() {
            let bytes = phrase.as_bytes();
            let id = id as u32;
            index.phrases.push(bytes.into());
            index.inner_stems.push(bytes.contains(&STEM_MARK));
            let first = bytes.iter().take_while(|&&b| is_word_byte(b)).count();
            let stem_first = bytes.get(first) == Some(&STEM_MARK);
            if first == 0 {
                loose.push(bytes);
                index.loose_ids.push(id);
            } else if (stem && first == bytes.len()) || stem_first {
                let key = &bytes[..first.min(STEM_KEY)];
                index.stem_keys |= 1 << key.len();
                index.stems.entry(pack(key)).or_default().push(id);
            } else {
                index
                    .words
                    .entry(word_key(bytes, 0, first))
                    .or_default()
                    .push(id);
            }
        }
        if !loose.is_empty() {
            index.loose = Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&loose)
                    .expect("phrases within the rubric limits build"),
            );
        }
        index
    }

    /// The phrases, lower-cased, in id order.
    pub fn phrases(&self) -> impl Iterator<Item = &[u8]> {
        self.phrases.iter().map(|p| &p[..])
    }

    /// Calls `found(id, start, end)` for every occurrence of a phrase in
    /// `text` that begins a word, and for every occurrence of a phrase that
    /// opens with a sign; `end` is where the phrase's own bytes end.
    pub fn for_each(&self, text: &[u8], mut found: impl FnMut(u32, usize, usize)) {
        let mut at = 0;
        while at < text.len() {
            if !is_word_byte(text[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < text.len() && is_word_byte(text[at]) {
                at += 1;
            }
            let word = &text[start..at];
            if let Some(ids) = self.words.get(&word_key(text, start, at)) {
                for &id in ids {
                    let phrase = &self.phrases[id as usize];
                    if self.inner_stems[id as usize] {
                        if let Some(end) = match_with_stems(text, start, phrase) {
                            found(id, start, end);
                        }
                    } else if begins_with(&text[start..], phrase) {
                        found(id, start, start + phrase.len());
                    }
                }
            }
            let head = pack_at(text, start, word.len().min(STEM_KEY));
            let mut keys = self.stem_keys;
            while keys != 0 {
                let len = keys.trailing_zeros() as usize;
                keys &= keys - 1;
                if len > word.len() {
                    break;
                }
                let key = head & (u64::MAX >> (64 - 8 * len));
                let Some(ids) = self.stems.get(&key) else {
                    continue;
                };
                for &id in ids {
                    let stem = &self.phrases[id as usize];
                    if self.inner_stems[id as usize] {
                        if let Some(end) = match_with_stems(text, start, stem) {
                            found(id, start, end);
                        }
                    } else if begins_with(word, stem) {
                        found(id, start, start + stem.len());
                    }
                }
            }
        }
        if let Some(loose) = &self.loose {
            for m in loose.find_overlapping_iter(text) {
                found(self.loose_ids[m.pattern().as_usize()], m.start(), m.end());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(index: &PhraseIndex, text: &str) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        index.for_each(text.as_bytes(), |id, s, e| out.push((id, s, e)));
        out.sort_unstable();
        out
    }

    #[test]
    fn a_whole_word_phrase_is_found_only_as_that_word() {
        let index = PhraseIndex::new([("fp", false), ("false positive", false)]);
        assert_eq!(found(&index, "an fp rate"), vec![(0, 3, 5)]);
        assert_eq!(found(&index, "fpga"), vec![]);
        assert_eq!(found(&index, "a false positive"), vec![(1, 2, 16)]);
        assert_eq!(found(&index, "a false positives"), vec![(1, 2, 16)]);
        assert_eq!(found(&index, "a false posture"), vec![]);
        // Words longer than eight bytes are keyed by a hash, not their bytes.
        let index = PhraseIndex::new([("disinformation", false), ("misinformation wave", false)]);
        assert_eq!(found(&index, "disinformation."), vec![(0, 0, 14)]);
        assert_eq!(found(&index, "disinformational"), vec![]);
        assert_eq!(found(&index, "a misinformation wave"), vec![(1, 2, 21)]);
        assert_eq!(found(&index, "a misinformation"), vec![]);
    }

    #[test]
    fn packed_keys_hold_exactly_the_bytes_asked_for() {
        let text = b"abcdefghij";
        assert_eq!(pack_at(text, 0, 0), 0);
        assert_eq!(pack_at(text, 0, 3), pack(b"abc"));
        assert_eq!(pack_at(text, 2, 8), pack(b"cdefghij"));
        // Near the end there are not eight bytes to load.
        assert_eq!(pack_at(text, 7, 3), pack(b"hij"));
        assert_ne!(pack(b"ab"), pack(b"ba"));
        assert!(begins_with(b"threshold", b"thresh"));
        assert!(begins_with(b"false positive rate", b"false positive"));
        assert!(!begins_with(b"false positive rate", b"false positivf"));
        assert!(!begins_with(b"fp", b"fpr"));
    }

    #[test]
    fn a_stem_is_found_at_the_start_of_longer_words() {
        let index = PhraseIndex::new([("flood", true), ("re", true), ("overwhelm", true)]);
        assert_eq!(
            found(&index, "flooding, flood, reflood"),
            vec![(0, 0, 5), (0, 10, 15), (1, 17, 19)]
        );
        assert_eq!(found(&index, "overwhelmed"), vec![(2, 0, 9)]);
        assert_eq!(found(&index, "overwhel"), vec![]);
    }

    #[test]
    fn a_stem_inside_a_phrase_takes_the_rest_of_its_word() {
        let index = PhraseIndex::new([("slip* through", false), ("real video* removed", false)]);
        assert_eq!(
            found(&index, "a fake slips through, one slipped through"),
            vec![(0, 7, 20), (0, 26, 41)]
        );
        assert_eq!(found(&index, "slip past"), vec![]);
        assert_eq!(found(&index, "real videos removed"), vec![(1, 0, 19)]);
        assert_eq!(found(&index, "real video removed"), vec![(1, 0, 18)]);
        assert_eq!(found(&index, "real videos kept"), vec![]);
    }

    #[test]
    fn a_phrase_opening_with_a_sign_is_found_anywhere() {
        let index = PhraseIndex::new([("$", false), ("%", false), ("money", false)]);
        assert_eq!(
            found(&index, "$5, 4%, a$b"),
            vec![(0, 0, 1), (0, 9, 10), (1, 5, 6)]
        );
    }

    #[test]
    fn a_word_may_open_several_phrases() {
        let index = PhraseIndex::new([
            ("human review", false),
            ("human", false),
            ("human rev", true),
            ("human-in-the-loop", false),
        ]);
        assert_eq!(
            found(&index, "human review"),
            vec![(0, 0, 12), (1, 0, 5), (2, 0, 9)]
        );
        assert_eq!(
            found(&index, "human-in-the-loop"),
            vec![(1, 0, 5), (3, 0, 17)]
        );
    }
}
