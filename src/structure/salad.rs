//! Shuffled words: an answer whose word order no writer would produce.
//!
//! ## What it does
//! Decides from the grammar violations counted over an answer (word pairs no
//! sentence has, such as "the of" or "would and") whether the whole answer
//! reads as shuffled words. It does when violations are both dense (one word
//! pair in forty or more) and spread: the sentences that break on their own
//! hold three words in ten or more, or the violations are so dense that no
//! odd corner of prose explains them.
//!
//! ## Why
//! A keyword list shuffled into one long line must not earn elements by the
//! words it happens to put side by side. Human prose breaks the same rules
//! only in places: a table, a licence in capitals, a command line quoted in
//! running text. Those leave most of the text intact, so density alone would
//! call ordinary documentation word salad, and the answer would earn nothing.
//! Words are counted rather than sentences: a shuffled answer is a few long
//! run-on sentences, a document many short ones.
//!
//! ## Example
//! Shuffled: "owns policy threshold the lead so the that of fewer appeals".
//! Not shuffled: a long README with a few sentences of quoted flags.
//!
//! ## Words
//! none of its own: the violations come from the lexicon's closed classes
//! (determiners, prepositions, modals, conjunctions, pronouns).

/// The grammar of one answer, as the sentence reader counted it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Grammar {
    /// Word pairs no sentence has.
    pub violations: usize,
    /// Words read, notes to the grader aside.
    pub words: usize,
    /// Words of the sentences that broke on their own.
    pub broken_words: usize,
}

/// Fewest violations that can make an answer shuffled.
const MIN_VIOLATIONS: usize = 3;
/// Words per violation at most: one pair in forty is dense.
const WORDS_PER_VIOLATION: usize = 40;
/// Share of the words in broken sentences, in tenths, that makes dense
/// violations spread. Measured on the Markdown documents installed with
/// common software (at most 0.25) against shuffled samples (at least 0.33).
const SPREAD_TENTHS: usize = 3;
/// Words per violation at most for violations that need not be spread: one
/// pair in twelve is beyond any corner of prose.
const WORDS_PER_VIOLATION_ANYWHERE: usize = 12;

/// True when the answer reads as shuffled words.
pub fn reads_as_shuffled(g: &Grammar) -> bool {
    let dense = g.violations >= MIN_VIOLATIONS && g.violations * WORDS_PER_VIOLATION >= g.words;
    let spread = g.broken_words * 10 >= g.words * SPREAD_TENTHS;
    let everywhere = g.violations * WORDS_PER_VIOLATION_ANYWHERE >= g.words;
    dense && (spread || everywhere)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_violations_over_most_of_the_words_are_shuffled() {
        let g = Grammar {
            violations: 6,
            words: 120,
            broken_words: 90,
        };
        assert!(reads_as_shuffled(&g));
    }

    #[test]
    fn dense_violations_in_a_small_part_of_the_text_are_prose() {
        // A README whose violations sit in a table and a quoted command.
        let g = Grammar {
            violations: 40,
            words: 900,
            broken_words: 120,
        };
        assert!(!reads_as_shuffled(&g));
    }

    #[test]
    fn very_dense_violations_need_no_spread() {
        let g = Grammar {
            violations: 5,
            words: 26,
            broken_words: 5,
        };
        assert!(reads_as_shuffled(&g));
    }

    #[test]
    fn sparse_violations_are_prose() {
        let g = Grammar {
            violations: 3,
            words: 400,
            broken_words: 400,
        };
        assert!(!reads_as_shuffled(&g));
    }

    #[test]
    fn two_violations_are_never_enough() {
        let g = Grammar {
            violations: 2,
            words: 10,
            broken_words: 10,
        };
        assert!(!reads_as_shuffled(&g));
    }
}
