//! Named patterns: parsed and checked when the rubric compiles, searched from
//! the places a match can begin.
//!
//! Most patterns begin with a word from a short list (`\b(block|ban|...)`).
//! The words every match must begin with (the pattern's prefix literals) go
//! into one Aho-Corasick automaton shared by all patterns: one pass over an
//! answer finds every place where some pattern may match, and each pattern is
//! then tried only there, anchored. A pattern no answer has a place for is
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

use super::compile::{SetId, REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT};

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
    /// The prefix literals of every gated pattern.
    pub starts: Option<AhoCorasick>,
    /// Per literal of `starts`, the gated patterns (indices into `patterns`)
    /// a match of it may begin.
    pub starts_of: Vec<Vec<u32>>,
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
pub fn ascii_boundary(text: &[u8], at: usize) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
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
        let mut patterns = Vec::with_capacity(parsed.len());
        for (index, (set, name, hir)) in parsed.into_iter().enumerate() {
            let literals = prefix_literals(&hir);
            let gated = literals.is_some();
            // Answers are searched normalized, where the only whitespace is a
            // space or a line break (see `text::normalize`): a literal with a
            // tab, a carriage return, a vertical tab or a form feed in it, as
            // `\s` spells out, can never be found and is left out.
            let possible =
                |l: &Vec<u8>| !l.iter().any(|b| matches!(b, b'\t' | b'\r' | 0x0b | 0x0c));
            for literal in literals.into_iter().flatten().filter(possible) {
                let owners = by_literal.entry(literal).or_default();
                if owners.last() != Some(&(index as u32)) {
                    owners.push(index as u32);
                }
            }
            let pattern = Pattern {
                set,
                name,
                at_boundary: opens_at_boundary(&hir),
                hir,
                gated,
                regex: OnceLock::new(),
            };
            if eager {
                pattern.compile().map_err(|e| (index, e))?;
            }
            patterns.push(pattern);
        }
        let starts = if by_literal.is_empty() {
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
            starts,
            starts_of: by_literal.into_values().collect(),
        })
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
