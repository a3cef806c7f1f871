//! Scoring: signed points per element, structure bonuses, anti-pattern
//! penalties and the technical-only pull, clamped to [-100, 100] and placed in
//! the rubric's bands.
//!
//! Each judgment is a file of its own, named for what it decides:
//! `elements` (which candidates earn an element, and which are void),
//! `anti_patterns` (which findings count against the answer), `bonuses`
//! (link, chain, contrast), `technical` (the pull towards technical-only),
//! `bands` (the sum, the ceilings and the band) and `merge` (the parts of a
//! long answer made one grade). [`score`] runs them in order: anti-patterns
//! are judged before the elements are final, because a figure that makes an
//! anti-pattern earns no element, and bonuses and the pull read the final
//! elements.

mod anti_patterns;
mod bands;
mod bonuses;
mod elements;
mod merge;
mod technical;

use crate::detect::{Candidate, Detection};
use crate::rubric::schema::Scope;
use crate::rubric::{Rating, Rubric};
use crate::span::Span;
use crate::structure::{Quality, Structure};
use crate::text::Document;

pub use merge::merge;

/// Evidence shown per element or finding at most.
pub const MAX_EVIDENCE: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct ElementScore {
    pub found: bool,
    pub points: f64,
    /// Normalized spans of the evidence, in text order.
    pub evidence: Vec<Span>,
    /// Terms of the element were seen, but only in fragments, lists or negated.
    pub unearned: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FindingScore {
    /// Index into the rubric's anti-patterns or bonuses.
    pub index: usize,
    pub points: f64,
    /// How often it was found (a bonus found twice is worth half again).
    pub times: usize,
    pub evidence: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TechnicalScore {
    pub points: f64,
    pub sentences: usize,
    /// The pull of the unanchored sentences: one a clause, half a fragment.
    pub weight: f64,
    /// Sentences that carry a product anchor.
    pub anchored: usize,
    pub evidence: Vec<Span>,
}

impl TechnicalScore {
    fn none() -> TechnicalScore {
        TechnicalScore {
            points: 0.0,
            sentences: 0,
            weight: 0.0,
            anchored: 0,
            evidence: Vec::new(),
        }
    }
}

/// The grade of one answer, before rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub score: f64,
    pub rating: Rating,
    pub label: String,
    pub elements: Vec<ElementScore>,
    pub penalties: Vec<FindingScore>,
    pub bonuses: Vec<FindingScore>,
    pub technical: TechnicalScore,
    /// The whole answer reads as shuffled words.
    pub salad: bool,
    /// Sentences addressed to the grader, left ungraded.
    pub meta: usize,
    pub notes: Vec<String>,
}

impl Grade {
    /// Every evidence span passed through `f` (normalized to original offsets).
    pub fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        let lists = self
            .elements
            .iter_mut()
            .map(|e| &mut e.evidence)
            .chain(self.penalties.iter_mut().map(|p| &mut p.evidence))
            .chain(self.bonuses.iter_mut().map(|b| &mut b.evidence))
            .chain(std::iter::once(&mut self.technical.evidence));
        for list in lists {
            for span in list.iter_mut() {
                *span = f(*span);
            }
        }
    }
}

/// Rounds to two decimals, without negative zero.
pub fn round(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Per rubric element, the candidates that earn it, sorted by sentence.
type Earned<'d> = Vec<Vec<&'d Candidate>>;

/// What every judgment reads: the answer and its structure.
struct Ctx<'a, 'd> {
    doc: &'a Document<'d>,
    st: &'a Structure,
}

impl Ctx<'_, '_> {
    fn group(&self, sentence: usize) -> usize {
        self.doc.blocks[self.doc.sentences[sentence].block].group
    }

    fn in_scope(&self, scope: Scope, a: usize, b: usize) -> bool {
        match scope {
            Scope::Sentence => a == b,
            Scope::Block => self.group(a) == self.group(b),
            Scope::Answer => true,
        }
    }
}

/// Where something was found: sorted sentences and block groups, for lookups
/// in logarithmic time (a long answer must not make scoring quadratic).
struct Presence {
    sentences: Vec<usize>,
    groups: Vec<usize>,
}

impl Presence {
    fn new(ctx: &Ctx<'_, '_>, sentences: impl Iterator<Item = usize>) -> Presence {
        let mut sentences: Vec<usize> = sentences.collect();
        sentences.sort_unstable();
        sentences.dedup();
        let mut groups: Vec<usize> = sentences.iter().map(|&s| ctx.group(s)).collect();
        groups.sort_unstable();
        groups.dedup();
        Presence { sentences, groups }
    }

    fn in_scope(&self, ctx: &Ctx<'_, '_>, scope: Scope, sentence: usize) -> bool {
        match scope {
            Scope::Sentence => self.sentences.binary_search(&sentence).is_ok(),
            Scope::Block => self.groups.binary_search(&ctx.group(sentence)).is_ok(),
            Scope::Answer => !self.sentences.is_empty(),
        }
    }
}

/// The candidates of a list (sorted by sentence) that sit in sentence `s`.
fn in_sentence<'c, 'd>(list: &'c [&'d Candidate], s: usize) -> &'c [&'d Candidate] {
    let start = list.partition_point(|c| c.sentence < s);
    let end = list.partition_point(|c| c.sentence <= s);
    &list[start..end]
}

/// Evidence spans of candidates: one per candidate (the cover when it sits in
/// one sentence), at most one per sentence, at most [`MAX_EVIDENCE`].
fn evidence(cands: &[&Candidate]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut sentences: Vec<usize> = Vec::new();
    for c in cands {
        if sentences.contains(&c.sentence) {
            continue;
        }
        sentences.push(c.sentence);
        if c.sentence_scope {
            out.push(c.cover());
        } else {
            out.extend(c.spans.iter().copied());
        }
        if sentences.len() == MAX_EVIDENCE {
            break;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Scores one answer.
pub fn score(doc: &Document<'_>, det: &Detection, st: &Structure, rubric: &Rubric) -> Grade {
    let ctx = Ctx { doc, st };
    let earned = elements::earned(&ctx, det);
    let counted = anti_patterns::counted(&ctx, det, rubric, &earned);
    let earned = elements::void_anti_pattern_phrases(det, rubric, earned, &counted.by_sentence);
    let earned = elements::void_token_anchors(&ctx, det, rubric, earned);
    let presence: Vec<Presence> = earned
        .iter()
        .map(|list| Presence::new(&ctx, list.iter().map(|c| c.sentence)))
        .collect();
    let elements = elements::scores(rubric, det, &earned);
    let bonuses = bonuses::found(&ctx, det, rubric, &earned, &presence);
    let technical = technical::pull(&ctx, det, rubric, &earned, &presence);
    let meta = st.quality.iter().filter(|q| **q == Quality::Meta).count();
    bands::finish(
        rubric,
        elements,
        counted.penalties,
        bonuses,
        technical,
        st.salad,
        meta,
    )
}
