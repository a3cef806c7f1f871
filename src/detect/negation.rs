//! Negation scope inside a clause.
//!
//! A cue ("not", "never", "without", "rather than") negates a finding that
//! follows it in the same clause, a few words on at most. The scope ends at
//! clause punctuation, at a scope breaker ("but", "and", "which") and at a
//! valence verb, which takes the negation onto itself: in "without hurting
//! creator trust" the trust is not negated, the hurting is.

use crate::rubric::lexicon::{Class, Lexicon};
use crate::text::{Document, TokenKind};

use super::cues::TokenInfo;

/// The most words between a cue and what it negates.
pub const MAX_GAP: usize = 4;

/// How a finding is negated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Negation {
    /// "avoid", "resist": turns away from an anti-pattern.
    Aversion,
    /// "not", "never", "without": negates anything.
    Hard,
}

/// The word classes negation reads (lexicon lists `negation`, `aversion`,
/// `scope_breakers`, `valence_verbs`, `upper_limits` and `lower_limits`),
/// taken from the lexicon once per answer.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    negation: Class,
    aversion: Class,
    /// Scope breakers and valence verbs: the scope ends at either.
    scope_end: Class,
    /// Limits before a figure, upper or lower.
    limit: Class,
}

impl Words {
    pub fn of(lexicon: &Lexicon) -> Words {
        Words {
            negation: lexicon.class("negation"),
            aversion: lexicon.class("aversion"),
            scope_end: lexicon.class("scope_breakers") | lexicon.class("valence_verbs"),
            limit: lexicon.class("upper_limits") | lexicon.class("lower_limits"),
        }
    }
}

fn ends_scope(text: &str) -> bool {
    matches!(
        text,
        "," | ";" | ":" | "(" | ")" | "[" | "]" | "-" | "\"" | "." | "?" | "!"
    )
}

/// True when a negation word at `t` opens a limit phrase of several words
/// ("no more than 1,500 wrong tags", "not less than two reviewers", "no later
/// than 24 hours"): the phrase bounds the figure after it, it denies nothing.
fn opens_limit(info: &TokenInfo, words: &Words, t: usize) -> bool {
    info.cues_starting_at(t)
        .any(|c| c.len > 1 && c.class.has(words.limit))
}

/// The negation governing the finding whose first token is `token`, if any.
pub fn negation_before(
    doc: &Document<'_>,
    info: &TokenInfo,
    words: &Words,
    lower: &str,
    token: usize,
) -> Option<Negation> {
    let sentence_start = doc
        .sentence_at(doc.tokens.get(token)?.norm.start)
        .map_or(0, |s| doc.sentences[s].tokens.start);
    let mut gap = 0;
    let mut t = token;
    while t > sentence_start {
        t -= 1;
        let tok = doc.tokens[t];
        let text = tok.norm.slice(lower);
        // Most tokens end no cue that negates: one look-up says so.
        let negating = words.negation | words.aversion;
        if info.cue_ends.get(t).is_none_or(|ends| ends.has(negating)) {
            for (_, cue) in info.cues_ending_at(t) {
                if cue.class.has(words.negation) {
                    return Some(Negation::Hard);
                }
                if cue.class.has(words.aversion) {
                    return Some(Negation::Aversion);
                }
            }
        }
        let class = info.classes[t];
        if class.has(words.negation) && !opens_limit(info, words, t) {
            return Some(Negation::Hard);
        }
        if class.has(words.aversion) {
            return Some(Negation::Aversion);
        }
        if tok.kind == TokenKind::Punct {
            if ends_scope(text) {
                return None;
            }
            continue;
        }
        if class.has(words.scope_end) {
            return None;
        }
        gap += 1;
        if gap > MAX_GAP {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::cues;
    use crate::rubric;
    use crate::text::Format;

    /// The negation of the first token of `target` in `text`.
    fn negation_of(text: &str, target: &str) -> Option<Negation> {
        let r = rubric::load("policy-impact").unwrap();
        let doc = Document::new(text, Format::Plain);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = cues::classify(&doc, &lower, &r.lexicon);
        let at = lower
            .find(&target.to_ascii_lowercase())
            .expect("target in text");
        let token = doc.tokens.iter().position(|t| t.norm.start == at).unwrap();
        negation_before(&doc, &info, &Words::of(&r.lexicon), &lower, token)
    }

    #[test]
    fn not_negates_the_verb_phrase_after_it() {
        assert_eq!(
            negation_of("I would not block all synthetic media.", "block all"),
            Some(Negation::Hard)
        );
        assert_eq!(
            negation_of("We should never maximize recall.", "maximize"),
            Some(Negation::Hard)
        );
        assert_eq!(
            negation_of("We shipped it without a cost estimate.", "cost estimate"),
            Some(Negation::Hard)
        );
        assert_eq!(
            negation_of("Rather than maximize recall, we cap errors.", "maximize"),
            Some(Negation::Hard)
        );
    }

    #[test]
    fn aversion_is_weaker_than_negation() {
        assert_eq!(
            negation_of("I would avoid blocking everything.", "blocking"),
            Some(Negation::Aversion)
        );
    }

    #[test]
    fn negation_does_not_cross_clause_punctuation_or_but() {
        assert_eq!(negation_of("Not this one, block all of it.", "block"), None);
        assert_eq!(
            negation_of("We will not wait but block everything.", "block"),
            None
        );
    }

    #[test]
    fn negation_does_not_cross_sentence() {
        assert_eq!(
            negation_of("We will not. Block everything now.", "block"),
            None
        );
    }

    #[test]
    fn valence_verb_takes_the_negation() {
        assert_eq!(
            negation_of("Do this without hurting creator trust.", "creator trust"),
            None
        );
    }

    #[test]
    fn a_limit_opened_by_no_or_not_negates_nothing() {
        assert_eq!(
            negation_of("She allows no more than 1,500 wrong tags a month.", "1,500"),
            None
        );
        assert_eq!(
            negation_of("Keep not less than two reviewers on shift.", "two"),
            None
        );
        assert_eq!(
            negation_of("Appeals get an answer no later than 24 hours in.", "24"),
            None
        );
        assert_eq!(
            negation_of("We do not need 1,500 more tags.", "1,500"),
            Some(Negation::Hard)
        );
    }

    #[test]
    fn negation_reaches_only_a_few_words() {
        assert_eq!(
            negation_of(
                "We do not think that in any realistic scenario the team should block it.",
                "block"
            ),
            None
        );
    }
}
