//! Named patterns: parsed and checked when the rubric compiles, searched from
//! the places a match can begin.
//!
//! Most patterns begin with a word from a short list (`\b(block|ban|...)`).
//! The words every match must begin with (the pattern's prefix literals) are
//! looked up where the words of an answer begin, by their first two bytes;
//! the few literals that can begin elsewhere (after a sign, or in a pattern
//! with no `\b` in front) go into one small Aho-Corasick automaton. That
//! finds every place where some pattern may match, and each pattern is then
//! tried only there, anchored. A pattern no answer has a place for is
//! never turned into an automaton, so start-up pays only for the patterns the
//! answers call for. Any rubric but the embedded ones still compiles every
//! pattern at once, so that a pattern too large to compile is reported when
//! the rubric loads; the embedded rubrics are compiled whole by the tests.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::{meta, nfa::thompson::WhichCaptures, util::syntax};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;
use rustc_hash::FxHashMap;

use super::compile::{SetId, REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT};
use super::phrase_index::{begins_with, pack_at};

/// One named pattern of a rubric or of the shared lexicon.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub set: SetId,
    pub name: String,
    hir: Hir,
    /// Whether every match begins with one of the pattern's prefix literals,
    /// which are in [`PatternSet::starts`]. A pattern that can match the
    /// empty string, or whose matches can begin anywhere, is searched whole.
    pub gated: bool,
    /// Whether every match begins where an ASCII word boundary (`\b`)
    /// holds: a place of a literal inside a word is then no place at all.
    pub at_boundary: bool,
    regex: OnceLock<meta::Regex>,
}

impl Pattern {
    /// The compiled pattern, built the first time it is asked for.
    pub fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            build(&self.hir, self.gated).unwrap_or_else(|e| {
                // Other rubrics are compiled whole when they load, and the
                // embedded ones by the tests: only a broken build gets here.
                panic!(
                    "pattern `{}` was checked when its rubric loaded: {e}",
                    self.name
                )
            })
        })
    }

    /// Whether the pattern has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    fn compile(&self) -> Result<(), Box<meta::BuildError>> {
        if self.regex.get().is_none() {
            let _ = self.regex.set(build(&self.hir, self.gated)?);
        }
        Ok(())
    }
}

/// Every named pattern of a rubric, and the places their matches can begin.
#[derive(Clone, Debug, Default)]
pub struct PatternSet {
    pub patterns: Vec<Pattern>,
    /// The prefix literals of gated patterns that open at a word boundary,
    /// when the literal opens with a word byte: found where words begin.
    words: WordLiterals,
    /// Every other prefix literal of a gated pattern, found anywhere.
    loose: Option<AhoCorasick>,
    /// Per literal of `loose`, the gated patterns (indices into `patterns`)
    /// a match of it may begin.
    loose_of: Vec<Vec<u32>>,
}

/// An ASCII word byte, as `\b` reads one in ASCII mode.
fn ascii_word(b: u8) -> bool {
    ASCII_WORD[usize::from(b)]
}

/// [`ascii_word`] for every byte.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Prefix literals that can only be found where an ASCII word begins, looked
/// up by the one or two bytes they open with: a pattern opening with
/// `\b(block|ban)` has a place only where a word begins with one of them, so
/// the words of an answer are walked and each word start looked up, where a
/// pass of an automaton over every byte would find the same places and more
/// inside words, to be thrown away.
#[derive(Clone, Debug, Default)]
struct WordLiterals {
    /// The literals, sorted, each with the patterns it may begin.
    literals: Vec<(Box<[u8]>, Vec<u32>)>,
    /// Per literal, its first eight bytes (or all, when fewer) packed into a
    /// number, and the mask that keeps as many bytes of eight loaded from
    /// the text: most literals are told apart with one comparison.
    heads: Vec<(u64, u64)>,
    /// The literal of one byte, by that byte (`u32::MAX` for none).
    single: Vec<u32>,
    /// The literals of two bytes or more, by their first two bytes (as one
    /// number): a range of `literals` (sorted, so those sharing two bytes
    /// are together).
    pairs: FxHashMap<u16, (u32, u32)>,
}

impl WordLiterals {
    fn new(by_literal: BTreeMap<Vec<u8>, Vec<u32>>) -> Self {
        let mut words = WordLiterals::default();
        if by_literal.is_empty() {
            return words;
        }
        words.single = vec![u32::MAX; 256];
        for (literal, owners) in by_literal {
            let id = words.literals.len() as u32;
            match *literal {
                [b] => words.single[usize::from(b)] = id,
                [b0, b1, ..] => {
                    let key = u16::from_le_bytes([b0, b1]);
                    let range = words.pairs.entry(key).or_insert((id, id));
                    range.1 = id + 1;
                }
                [] => unreachable!("prefix literals are never empty"),
            }
            let head = literal.len().min(8);
            words.heads.push((
                pack_at(&literal, 0, head),
                u64::MAX >> (64 - 8 * head as u32),
            ));
            words.literals.push((literal.into(), owners));
        }
        words
    }

    /// Adds `(start, pattern)` for every literal found where an ASCII word
    /// begins in `text`, in text order.
    fn places(&self, text: &[u8], out: &mut Vec<(usize, u32)>) {
        if self.literals.is_empty() {
            return;
        }
        let mut next = 0;
        loop {
            // The next word start: past the rest of a word, then past what
            // is not a word.
            while next < text.len() && !ascii_word(text[next]) {
                next += 1;
            }
            if next == text.len() {
                break;
            }
            let at = next;
            while next < text.len() && ascii_word(text[next]) {
                next += 1;
            }
            let b = text[at];
            let mut found = |id: u32| {
                let owners = &self.literals[id as usize].1;
                out.extend(owners.iter().map(|&p| (at, p)));
            };
            let single = self.single[usize::from(b)];
            if single != u32::MAX {
                found(single);
            }
            let Some(&second) = text.get(at + 1) else {
                continue;
            };
            if let Some(&(from, to)) = self.pairs.get(&u16::from_le_bytes([b, second])) {
                let left = text.len() - at;
                let window = pack_at(text, at, left.min(8));
                for id in from..to {
                    let literal = &self.literals[id as usize].0;
                    let (head, mask) = self.heads[id as usize];
                    if literal.len() <= left
                        && window & mask == head
                        && (literal.len() <= 8 || begins_with(&text[at + 8..], &literal[8..]))
                    {
                        found(id);
                    }
                }
            }
        }
    }
}

/// A pattern as written, run over lower-cased text: parsed to its syntax tree.
/// `fold` asks for case-insensitive matching (see `needs_case_folding`).
pub fn parse(pattern: &str, fold: bool) -> Result<Hir, Box<regex_syntax::Error>> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(fold)
        .unicode(false)
        .utf8(false)
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .parse(pattern)
        .map_err(Box::new)
}

/// Builds one pattern. Matches are all that is read of a pattern, never its
/// groups: built without capture states, it compiles faster. A gated pattern
/// is only ever searched anchored at a place its literals found, so it needs
/// no prefilter of its own.
fn build(hir: &Hir, gated: bool) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Regex::builder()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .auto_prefilter(!gated)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(REGEX_SIZE_LIMIT)
                .which_captures(WhichCaptures::Implicit),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// The literals every match of `hir` begins with, when there is such a
/// finite list and none of them is empty.
pub fn prefix_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = seq.literals()?;
    if literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Whether every match of `hir` begins with an ASCII word boundary, as
/// `\b(block|ban)...` or `\b(a|the)\s...|\bmatch...` do.
fn opens_at_boundary(hir: &Hir) -> bool {
    use regex_syntax::hir::{HirKind, Look};
    match hir.kind() {
        HirKind::Look(Look::WordAscii) => true,
        HirKind::Concat(subs) => subs.first().is_some_and(opens_at_boundary),
        HirKind::Alternation(subs) => subs.iter().all(opens_at_boundary),
        HirKind::Capture(cap) => opens_at_boundary(&cap.sub),
        HirKind::Repetition(rep) => rep.min > 0 && opens_at_boundary(&rep.sub),
        _ => false,
    }
}

/// Whether an ASCII word boundary holds at `at` in `text`.
fn ascii_boundary(text: &[u8], at: usize) -> bool {
    let word = |b: &u8| ascii_word(*b);
    let before = at
        .checked_sub(1)
        .and_then(|i| text.get(i))
        .is_some_and(word);
    before != text.get(at).is_some_and(word)
}

impl PatternSet {
    /// Gathers parsed patterns, each with its set and name, and builds the
    /// automaton of their prefix literals. With `eager`, every pattern is
    /// also compiled now; the first failure is returned with its index.
    pub fn new(
        parsed: Vec<(SetId, String, Hir)>,
        eager: bool,
    ) -> Result<PatternSet, (usize, Box<meta::BuildError>)> {
        let mut by_literal: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
        let mut by_word_literal: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
        let mut patterns = Vec::with_capacity(parsed.len());
        for (index, (set, name, hir)) in parsed.into_iter().enumerate() {
            let literals = prefix_literals(&hir);
            let gated = literals.is_some();
            let at_boundary = opens_at_boundary(&hir);
            // Answers are searched normalized, where the only whitespace is a
            // space or a line break (see `text::normalize`): a literal with a
            // tab, a carriage return, a vertical tab or a form feed in it, as
            // `\s` spells out, can never be found and is left out.
            let possible =
                |l: &Vec<u8>| !l.iter().any(|b| matches!(b, b'\t' | b'\r' | 0x0b | 0x0c));
            for literal in literals.into_iter().flatten().filter(possible) {
                // A literal opening with a word byte, of a pattern that
                // opens at a word boundary, begins a match only where a
                // word begins.
                let map = if at_boundary && ascii_word(literal[0]) {
                    &mut by_word_literal
                } else {
                    &mut by_literal
                };
                let owners = map.entry(literal).or_default();
                if owners.last() != Some(&(index as u32)) {
                    owners.push(index as u32);
                }
            }
            let pattern = Pattern {
                set,
                name,
                at_boundary,
                hir,
                gated,
                regex: OnceLock::new(),
            };
            if eager {
                pattern.compile().map_err(|e| (index, e))?;
            }
            patterns.push(pattern);
        }
        let loose = if by_literal.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(by_literal.keys())
                    .expect("a few thousand short literals build"),
            )
        };
        Ok(PatternSet {
            patterns,
            words: WordLiterals::new(by_word_literal),
            loose,
            loose_of: by_literal.into_values().collect(),
        })
    }

    /// Every place in `text` where a match of a gated pattern may begin, as
    /// `(start, pattern)`, in text order: where one of its prefix literals is
    /// found and, for a pattern opening with `\b`, a word boundary holds. A
    /// place may be listed twice (two literals of one pattern found there).
    pub fn places(&self, text: &[u8]) -> Vec<(usize, u32)> {
        let mut places = Vec::new();
        self.words.places(text, &mut places);
        if let Some(loose) = &self.loose {
            for m in loose.find_overlapping_iter(text) {
                // A pattern that opens with `\b` cannot begin inside a word.
                let boundary = ascii_boundary(text, m.start());
                places.extend(
                    self.loose_of[m.pattern().as_usize()]
                        .iter()
                        .filter(|&&p| boundary || !self.patterns[p as usize].at_boundary)
                        .map(|&p| (m.start(), p)),
                );
            }
            // The automaton reports matches as they end: put them in order.
            places.sort_unstable();
        }
        places
    }

    /// Compiles every pattern not compiled yet.
    pub fn compile_all(&self) -> Result<(), (usize, Box<meta::BuildError>)> {
        for (index, pattern) in self.patterns.iter().enumerate() {
            pattern.compile().map_err(|e| (index, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        prefix_literals(&parse(pattern, false).unwrap()).map(|ls| {
            ls.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    #[test]
    fn a_pattern_opening_with_words_is_gated_by_them() {
        let found = literals(r"\b(block|ban)\w*\s+all\b").unwrap();
        assert!(found.iter().any(|l| l.starts_with("block")), "{found:?}");
        assert!(found.iter().any(|l| l.starts_with("ban")), "{found:?}");
        assert!(found.iter().all(|l| l.starts_with("b")), "{found:?}");
    }

    #[test]
    fn a_pattern_that_can_match_empty_or_anywhere_is_searched_whole() {
        assert_eq!(literals(r"\d*"), None);
        assert_eq!(literals(r"(the\s+)?\w+team"), None);
    }

    #[test]
    fn a_pattern_opening_with_a_word_boundary_is_known_to() {
        let opens = |p: &str| opens_at_boundary(&parse(p, false).unwrap());
        assert!(opens(r"\b(block|ban)\w*\s+all\b"));
        assert!(opens(r"\b(a|the)\s+team\b|\bmatch(es)?\s+one\b"));
        assert!(!opens(r"\b(a|the)\s+team\b|match(es)?\s+one\b"));
        assert!(!opens(r"tp\s*/\s*fp"));
        assert!(ascii_boundary(b"hold it", 0));
        assert!(!ascii_boundary(b"threshold", 5));
        assert!(ascii_boundary(b"a_b c", 4));
        assert!(!ascii_boundary(b"a_b", 2));
    }

    #[test]
    fn places_are_where_a_literal_is_found_and_a_boundary_holds_when_asked() {
        let set = PatternSet::new(
            vec![
                (0, "verb".into(), parse(r"\b(ban|block)\w*", false).unwrap()),
                (1, "inside".into(), parse(r"an\s+x", false).unwrap()),
                (2, "word".into(), parse(r"\b(a|an)\b", false).unwrap()),
                (3, "sign".into(), parse(r"\b\$\d", false).unwrap()),
            ],
            false,
        )
        .unwrap();
        let text = "a ban x, an unblock; x_ban \u{e9}ban 5$5 $5 blocks".as_bytes();
        // Every occurrence of every literal that can occur in normalized text,
        // kept where the pattern's opening boundary holds.
        let mut want = Vec::new();
        for (index, pattern) in set.patterns.iter().enumerate() {
            for literal in prefix_literals(&pattern.hir).unwrap() {
                if literal
                    .iter()
                    .any(|b| matches!(b, b'\t' | b'\r' | 0x0b | 0x0c))
                {
                    continue;
                }
                for at in 0..text.len() {
                    if text[at..].starts_with(&literal)
                        && (!pattern.at_boundary || ascii_boundary(text, at))
                    {
                        want.push((at, index as u32));
                    }
                }
            }
        }
        want.sort_unstable();
        want.dedup();
        let got = set.places(text);
        assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "{got:?}");
        let mut got_set = got.clone();
        got_set.sort_unstable();
        got_set.dedup();
        assert_eq!(got_set, want);
        // "an x" inside "ban x" is a place for the pattern with no boundary.
        assert!(want.contains(&(3, 1)), "{want:?}");
        // No word begins in "x_ban"; one begins after a non-ASCII letter.
        assert!(!want.contains(&(23, 0)), "{want:?}");
        assert!(want.contains(&(29, 0)), "{want:?}");
        // "$" after a digit is a place; after a space it is none.
        assert!(
            want.contains(&(34, 3)) && !want.contains(&(37, 3)),
            "{want:?}"
        );
    }

    #[test]
    fn a_pattern_is_compiled_only_when_asked_for() {
        let hir = parse(r"\bship\b", false).unwrap();
        let set = PatternSet::new(vec![(3, "ship".into(), hir)], false).unwrap();
        assert!(!set.patterns[0].is_compiled());
        assert!(set.patterns[0].regex().is_match(b"we ship it"));
        assert!(set.patterns[0].is_compiled());
    }

    #[test]
    fn eager_compilation_reports_a_pattern_too_large_to_build() {
        let hir = parse(r"((\w+\s*){500}){500}", false).unwrap();
        let set = vec![
            (0, "small".into(), parse("a", false).unwrap()),
            (1, "huge".into(), hir),
        ];
        let err = PatternSet::new(set.clone(), true).unwrap_err();
        assert_eq!(err.0, 1);
        assert!(PatternSet::new(set, false).is_ok());
    }
}
