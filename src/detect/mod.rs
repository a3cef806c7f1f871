//! Detection: from a [`Document`] to findings, per sentence.
//!
//! One walk over the words finds every term; the lexicon classifies tokens; the
//! quantity reader finds numbers with units, rates and limits; negation scope is
//! read for each finding; then each rubric rule turns findings into
//! [`Candidate`]s for its element or anti-pattern. Whether the answer turns an
//! anti-pattern's finding down is read on demand ([`refusal`]). Detectors are
//! pure: they read the document and the rubric, nothing else.

pub mod cues;
pub mod formula;
pub mod keywords;
pub mod negation;
pub mod quantity;
pub mod refusal;
mod rules;

use std::ops::Range;

use crate::rubric::compile::{BonusKind, Unless};
use crate::rubric::Rubric;
use crate::span::Span;
use crate::text::Document;

pub use cues::TokenInfo;
pub use keywords::TermHit;
pub use negation::Negation;
pub use quantity::{Limit, Quantity};
pub use rules::Candidate;

/// Everything found in one answer, before structure and scoring.
#[derive(Clone, Debug)]
pub struct Detection {
    /// The normalized text, ASCII lower-cased (same offsets).
    pub lower: String,
    pub info: TokenInfo,
    /// Per sentence, addressed to the grader (see [`cues::meta_sentences`]):
    /// its findings are left out of every rule.
    pub meta: Vec<bool>,
    /// Term hits inside sentences, in text order.
    pub terms: Vec<TermHit>,
    pub term_sentence: Vec<usize>,
    pub term_negation: Vec<Option<Negation>>,
    /// Per sentence, the range of `terms` inside it.
    pub sentence_terms: Vec<Range<usize>>,
    pub quantities: Vec<Quantity>,
    pub quantity_negation: Vec<Option<Negation>>,
    pub sentence_quantities: Vec<Range<usize>>,
    /// Candidates per rubric element, anti-pattern, and for the technical pull.
    pub elements: Vec<Vec<Candidate>>,
    pub anti_patterns: Vec<Vec<Candidate>>,
    /// Per anti-pattern, per `unless` atom, the findings that cancel it.
    pub anti_unless: Vec<Vec<Vec<Candidate>>>,
    pub technical: Vec<Candidate>,
    /// Per bonus, the sorted sentences that open with its `carry` atom (a
    /// link carried across the full stop); empty for other bonuses.
    pub carried: Vec<Vec<usize>>,
}

impl Detection {
    /// Index of the first token at or after normalized offset `at`.
    fn token_at(doc: &Document<'_>, at: usize) -> usize {
        doc.tokens.partition_point(|t| t.norm.start < at)
    }
}

/// Runs every detector of `rubric` over `doc`.
pub fn detect(doc: &Document<'_>, rubric: &Rubric) -> Detection {
    let lower = doc.norm.text.to_ascii_lowercase();
    let lexicon = &rubric.lexicon;
    let info = cues::classify(doc, &lower, lexicon);
    let meta = cues::meta_sentences(doc, &info, lexicon);

    // Term hits come in text order; wrong definitions, rare, are put in place.
    let mut found = keywords::find_terms(&lower, &rubric.matcher);
    let wrong = formula::find_wrong(&lower, lexicon);
    if !wrong.is_empty() {
        found.extend(wrong.into_iter().map(|norm| TermHit {
            norm,
            set: rubric.matcher.formula_set,
        }));
        found.sort_unstable();
    }
    // Hits inside one sentence are kept, in place. Hits are in text order,
    // so the sentence they may sit in only moves forward.
    let mut term_sentence = Vec::with_capacity(found.len());
    let mut next_sentence = 0;
    found.retain(|hit| {
        let sentences = &doc.sentences;
        while next_sentence < sentences.len() && sentences[next_sentence].norm.end <= hit.norm.start
        {
            next_sentence += 1;
        }
        match sentences.get(next_sentence) {
            Some(s) if s.norm.start <= hit.norm.start && hit.norm.end <= s.norm.end => {
                term_sentence.push(next_sentence);
                true
            }
            _ => false,
        }
    });
    let terms = found;
    let negation_words = negation::Words::of(lexicon);
    // Negation depends only on where a hit starts: hits of several sets at
    // one place share it, and the token a hit starts at only moves forward.
    let mut term_negation = Vec::with_capacity(terms.len());
    let mut token = 0;
    let mut last: Option<(usize, Option<Negation>)> = None;
    for hit in &terms {
        let negation = match last {
            Some((start, negation)) if start == hit.norm.start => negation,
            _ => {
                while token < doc.tokens.len() && doc.tokens[token].norm.start < hit.norm.start {
                    token += 1;
                }
                let negation =
                    negation::negation_before(doc, &info, &negation_words, &lower, token);
                last = Some((hit.norm.start, negation));
                negation
            }
        };
        term_negation.push(negation);
    }
    let sentence_terms = ranges(doc.sentences.len(), &term_sentence);

    let quantity_words = quantity::Words::of(lexicon);
    let mut quantities = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let tokens = &doc.tokens[sentence.tokens.clone()];
        words.clear();
        spans.clear();
        words.extend(tokens.iter().map(|t| t.norm.slice(&lower)));
        spans.extend(tokens.iter().map(|t| t.norm));
        quantities.extend(quantity::find(
            &words,
            &spans,
            &info,
            &quantity_words,
            sentence.tokens.start,
            si,
        ));
    }
    let quantity_negation = quantities
        .iter()
        .map(|q| {
            let token = Detection::token_at(doc, q.norm.start);
            negation::negation_before(doc, &info, &negation_words, &lower, token)
        })
        .collect();
    let q_sentences: Vec<usize> = quantities.iter().map(|q| q.sentence).collect();
    let sentence_quantities = ranges(doc.sentences.len(), &q_sentences);

    let mut detection = Detection {
        lower,
        info,
        meta,
        terms,
        term_sentence,
        term_negation,
        sentence_terms,
        quantities,
        quantity_negation,
        sentence_quantities,
        elements: Vec::new(),
        anti_patterns: Vec::new(),
        anti_unless: Vec::new(),
        technical: Vec::new(),
        carried: Vec::new(),
    };
    let evaluator = rules::Evaluator::new(doc, &detection, lexicon);
    let elements = rubric
        .elements
        .iter()
        .map(|e| evaluator.candidates(&e.rules))
        .collect();
    let anti_patterns = rubric
        .anti_patterns
        .iter()
        .map(|a| evaluator.candidates(&a.rules))
        .collect();
    let technical = rubric
        .technical
        .as_ref()
        .map(|t| {
            let mut found = evaluator.atom_candidates(&t.atom);
            if let Some(except) = &t.except {
                let mut void: Vec<usize> = evaluator
                    .atom_candidates(except)
                    .iter()
                    .filter(|c| c.negation.is_none())
                    .map(|c| c.sentence)
                    .collect();
                void.sort_unstable();
                found.retain(|c| void.binary_search(&c.sentence).is_err());
            }
            found
        })
        .unwrap_or_default();
    let anti_unless = rubric
        .anti_patterns
        .iter()
        .map(|a| {
            a.unless
                .iter()
                .map(|u| match u {
                    Unless::Atom(atom) | Unless::ElementWith(_, atom) => {
                        evaluator.atom_candidates(atom)
                    }
                    Unless::Element(_) => Vec::new(),
                })
                .collect()
        })
        .collect();
    let carried = rubric
        .bonuses
        .iter()
        .map(|b| match &b.kind {
            BonusKind::Link {
                carry: Some(atom), ..
            } => {
                let mut opens: Vec<usize> = evaluator
                    .atom_candidates(atom)
                    .iter()
                    .filter(|c| {
                        c.negation.is_none()
                            && c.spans.first().is_some_and(|span| {
                                span.start <= doc.sentences[c.sentence].norm.start + 1
                            })
                    })
                    .map(|c| c.sentence)
                    .collect();
                opens.sort_unstable();
                opens.dedup();
                opens
            }
            _ => Vec::new(),
        })
        .collect();
    detection.carried = carried;
    detection.anti_unless = anti_unless;
    detection.elements = elements;
    detection.anti_patterns = anti_patterns;
    detection.technical = technical;
    detection
}

/// Per sentence, the range of a sorted list of owners (sentence indices
/// below `sentences`), read in one sweep.
fn ranges(sentences: usize, owners: &[usize]) -> Vec<Range<usize>> {
    debug_assert!(owners.is_sorted() && owners.last().is_none_or(|&o| o < sentences));
    let mut at = 0;
    (0..sentences)
        .map(|s| {
            let start = at;
            while owners.get(at) == Some(&s) {
                at += 1;
            }
            start..at
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn each_sentence_gets_the_run_of_its_owners_and_a_sentence_without_any_an_empty_one() {
        assert_eq!(
            ranges(5, &[0, 0, 2, 2, 2, 3]),
            vec![0..2, 2..2, 2..5, 5..6, 6..6]
        );
        assert_eq!(ranges(3, &[]), vec![0..0, 0..0, 0..0]);
        assert_eq!(ranges(2, &[1]), vec![0..0, 0..1]);
        assert!(ranges(0, &[]).is_empty());
    }
}
