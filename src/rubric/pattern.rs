//! Named patterns: checked when the rubric compiles, searched from the places
//! a match can begin.
//!
//! A rubric's own patterns are parsed when it loads, to learn their facts
//! ([`Facts`]). The shared lexicon's patterns were parsed by the build script,
//! which wrote their facts down: a run parses one of them only when an answer
//! first calls for it.
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
use regex_syntax::hir::Hir;
use rustc_hash::FxHashMap;

use super::facts::REGEX_SIZE_LIMIT;
pub use super::facts::{parse, prefix_literals, Facts};
use super::phrase_index::{begins_with, pack_at};

/// One entry of the build script's table: pattern, fold, at boundary,
/// prefix literals.
type FactsEntry = (&'static str, bool, bool, Option<&'static [&'static [u8]]>);

/// The facts of the shared lexicon's patterns, worked out by the build script
/// with [`Facts::read`].
static EMBEDDED: &[FactsEntry] = include!(concat!(env!("OUT_DIR"), "/pattern_facts.rs"));

/// The facts of `pattern` when it is one of the shared lexicon's, known
/// without parsing it.
pub fn embedded_facts(pattern: &str) -> Option<Facts> {
    EMBEDDED
        .iter()
        .find(|entry| entry.0 == pattern)
        .map(|&(_, fold, at_boundary, literals)| Facts {
            fold,
            at_boundary,
            literals: literals.map(|ls| ls.iter().map(|l| l.to_vec()).collect()),
        })
}

/// A named pattern, with its facts, ready for [`PatternSet::new`]: its syntax
/// tree when it was parsed to learn them, else none yet.
pub struct Named {
    /// The set id the rubric gave the pattern (a `compile::SetId`).
    pub set: usize,
    pub name: String,
    pub source: String,
    pub facts: Facts,
    pub hir: Option<Hir>,
}

/// One named pattern of a rubric or of the shared lexicon.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The set id the rubric gave the pattern (a `compile::SetId`).
    pub set: usize,
    pub name: String,
    /// The pattern as written, and whether it parses folding case.
    source: String,
    fold: bool,
    /// Its syntax tree: parsed when the rubric loaded, or, for a pattern of
    /// the shared lexicon, when it is first compiled.
    hir: OnceLock<Hir>,
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
    /// The syntax tree, parsed the first time it is asked for.
    fn hir(&self) -> &Hir {
        self.hir.get_or_init(|| {
            // The build script parsed every pattern whose tree is left for
            // later.
            parse(&self.source, self.fold)
                .unwrap_or_else(|e| panic!("pattern `{}` parsed when it was built: {e}", self.name))
        })
    }

    /// The compiled pattern, built the first time it is asked for.
    pub fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            build(self.hir(), self.gated).unwrap_or_else(|e| {
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

    /// Whether the pattern has been parsed yet.
    pub fn is_parsed(&self) -> bool {
        self.hir.get().is_some()
    }

    fn compile(&self) -> Result<(), Box<meta::BuildError>> {
        if self.regex.get().is_none() {
            let _ = self.regex.set(build(self.hir(), self.gated)?);
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
        named: Vec<Named>,
        eager: bool,
    ) -> Result<PatternSet, (usize, Box<meta::BuildError>)> {
        let mut by_literal: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
        let mut by_word_literal: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
        let mut patterns = Vec::with_capacity(named.len());
        for (index, named) in named.into_iter().enumerate() {
            let Facts {
                fold,
                at_boundary,
                literals,
            } = named.facts;
            let gated = literals.is_some();
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
            let hir = OnceLock::new();
            if let Some(tree) = named.hir {
                let _ = hir.set(tree);
            }
            let pattern = Pattern {
                set: named.set,
                name: named.name,
                source: named.source,
                fold,
                hir,
                at_boundary,
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
    use super::super::facts::opens_at_boundary;
    use super::*;

    /// A pattern parsed now, as a rubric file's own patterns are.
    fn named(set: usize, name: &str, source: &str) -> Named {
        let (facts, hir) = Facts::read(source).unwrap();
        Named {
            set,
            name: name.into(),
            source: source.into(),
            facts,
            hir: Some(hir),
        }
    }

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
                named(0, "verb", r"\b(ban|block)\w*"),
                named(1, "inside", r"an\s+x"),
                named(2, "word", r"\b(a|an)\b"),
                named(3, "sign", r"\b\$\d"),
            ],
            false,
        )
        .unwrap();
        let text = "a ban x, an unblock; x_ban \u{e9}ban 5$5 $5 blocks".as_bytes();
        // Every occurrence of every literal that can occur in normalized text,
        // kept where the pattern's opening boundary holds.
        let mut want = Vec::new();
        for (index, pattern) in set.patterns.iter().enumerate() {
            for literal in prefix_literals(pattern.hir()).unwrap() {
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
        let set = PatternSet::new(vec![named(3, "ship", r"\bship\b")], false).unwrap();
        assert!(!set.patterns[0].is_compiled());
        assert!(set.patterns[0].regex().is_match(b"we ship it"));
        assert!(set.patterns[0].is_compiled());
    }

    #[test]
    fn eager_compilation_reports_a_pattern_too_large_to_build() {
        let set = || {
            vec![
                named(0, "small", "a"),
                named(1, "huge", r"((\w+\s*){500}){500}"),
            ]
        };
        let err = PatternSet::new(set(), true).unwrap_err();
        assert_eq!(err.0, 1);
        assert!(PatternSet::new(set(), false).is_ok());
    }

    #[test]
    fn the_lexicon_patterns_have_the_facts_the_build_script_worked_out() {
        let lexicon = crate::rubric::lexicon();
        assert_eq!(EMBEDDED.len(), lexicon.patterns.len());
        for (name, source) in &lexicon.patterns {
            let (read, _) = Facts::read(source).unwrap();
            assert_eq!(embedded_facts(source), Some(read), "{name}");
        }
        assert_eq!(embedded_facts(r"\bship\b"), None);
    }

    #[test]
    fn a_lexicon_pattern_is_parsed_only_when_first_compiled() {
        let (name, source) = crate::rubric::lexicon().patterns.iter().next().unwrap();
        let facts = embedded_facts(source).unwrap();
        let named = Named {
            set: 0,
            name: name.clone(),
            source: source.clone(),
            facts,
            hir: None,
        };
        let set = PatternSet::new(vec![named], false).unwrap();
        assert!(!set.patterns[0].is_parsed());
        set.compile_all().unwrap();
        assert!(set.patterns[0].is_parsed() && set.patterns[0].is_compiled());
    }
}
