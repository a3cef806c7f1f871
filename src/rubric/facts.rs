//! What the search must know of a named pattern before it is compiled: how it
//! parses, whether it needs case folding, the literals every match begins
//! with, and whether every match begins at a word boundary.
//!
//! This file reads only `regex-syntax` and `std`: the build script includes it
//! too, to work out these facts for the shared lexicon's patterns once, at
//! build time, so that a run parses a pattern only when an answer calls for
//! it (see [`pattern`](super::pattern)).

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

/// The deepest nesting a pattern may have.
pub const REGEX_NEST_LIMIT: u32 = 64;

/// The most memory a pattern's automaton may take, in bytes.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A pattern's facts, as [`Facts::read`] works them out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// Whether the pattern is parsed folding case (see [`case_folds`]).
    pub fold: bool,
    /// Whether every match begins where an ASCII word boundary holds.
    pub at_boundary: bool,
    /// The literals every match begins with ([`prefix_literals`]).
    pub literals: Option<Vec<Vec<u8>>>,
}

impl Facts {
    /// Parses `pattern` (again, folding case, only when it names an
    /// upper-case letter) and reads its facts off the syntax tree.
    pub fn read(pattern: &str) -> Result<(Facts, Hir), Box<regex_syntax::Error>> {
        let mut hir = parse(pattern, false)?;
        let fold = case_folds(pattern, &hir);
        if fold {
            hir = parse(pattern, true)?;
        }
        let facts = Facts {
            fold,
            at_boundary: opens_at_boundary(&hir),
            literals: prefix_literals(&hir),
        };
        Ok((facts, hir))
    }
}

/// A pattern as written, run over lower-cased text: parsed to its syntax tree.
/// `fold` asks for case-insensitive matching (see [`case_folds`]).
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
pub fn opens_at_boundary(hir: &Hir) -> bool {
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

/// Whether a pattern, run over lower-cased text, needs case-insensitive
/// matching to find what it means: only when it names an upper-case letter
/// (a literal `TP`, a class `[A-Z]`) whose lower-case twin it does not also
/// name. Lower-case patterns are compiled without folding, which builds several
/// times faster and matches exactly the same spans of lower-cased text. A
/// pattern that does not parse here is reported by the regex builder itself.
pub fn needs_case_folding(pattern: &str) -> bool {
    parse(pattern, false).map_or(true, |hir| case_folds(pattern, &hir))
}

/// [`needs_case_folding`] for a pattern already parsed without folding.
pub fn case_folds(pattern: &str, hir: &Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    // A class names an upper-case letter without its lower-case twin.
    fn upper_alone(has: impl Fn(u8) -> bool) -> bool {
        (b'A'..=b'Z').any(|b| has(b) && !has(b.to_ascii_lowercase()))
    }
    fn folds(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Literal(lit) => lit.0.iter().any(u8::is_ascii_uppercase),
            HirKind::Class(Class::Bytes(class)) => upper_alone(|b| {
                let ranges = class.ranges();
                ranges.iter().any(|r| r.start() <= b && b <= r.end())
            }),
            HirKind::Class(Class::Unicode(class)) => upper_alone(|b| {
                let c = char::from(b);
                let ranges = class.ranges();
                ranges.iter().any(|r| r.start() <= c && c <= r.end())
            }),
            HirKind::Repetition(rep) => folds(&rep.sub),
            HirKind::Capture(cap) => folds(&cap.sub),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(folds),
            HirKind::Empty | HirKind::Look(_) => false,
        }
    }
    // No upper-case letter, no escape that could spell one (`\x41`, `\u0041`)
    // and no named class (`[[:upper:]]`): nothing to fold.
    if !pattern.bytes().any(|b| b.is_ascii_uppercase())
        && !["\\x", "\\u", "[:"].iter().any(|s| pattern.contains(s))
    {
        return false;
    }
    folds(hir)
}
