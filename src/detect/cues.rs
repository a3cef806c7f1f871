//! Per-token word classes and multi-word cues from the shared lexicon.

use crate::rubric::lexicon::{Class, Cue, Lexicon};
use crate::text::{Document, TokenKind};

/// What the lexicon says about each token of a document.
#[derive(Clone, Debug, Default)]
pub struct TokenInfo {
    /// Single-word classes, one per token.
    pub classes: Vec<Class>,
    /// Multi-word cues, each at the token where it starts.
    pub cues: Vec<(usize, Cue)>,
    /// Per token, the classes of the cues that end there, together (most
    /// tokens end none): a look-up before [`TokenInfo::cues_ending_at`].
    pub cue_ends: Vec<Class>,
    /// Where each token's cues begin in `cues` (which are in token order),
    /// one entry past the last token: the cues starting at token `t` are
    /// `cues[cue_at[t]..cue_at[t + 1]]`, found without a search.
    pub cue_at: Vec<u32>,
}

impl TokenInfo {
    /// Cues that end at token `t` (inclusive), with their start.
    pub fn cues_ending_at(&self, t: usize) -> impl Iterator<Item = (usize, Cue)> + '_ {
        let from = self.cues.partition_point(|(s, _)| *s + 8 < t);
        self.cues[from..]
            .iter()
            .take_while(move |(s, _)| *s <= t)
            .filter(move |(s, c)| s + c.len - 1 == t)
            .copied()
    }

    /// Cues that start at token `t`.
    pub fn cues_starting_at(&self, t: usize) -> impl Iterator<Item = Cue> + '_ {
        let here = match self.cue_at.get(t..t + 2) {
            Some(&[from, to]) => &self.cues[from as usize..to as usize],
            _ => &[],
        };
        here.iter().map(|(_, c)| *c)
    }

    /// True when token `t` has `class`, alone or as the start of a cue.
    pub fn starts(&self, t: usize, class: Class) -> Option<usize> {
        if self.classes[t].has(class) {
            return Some(1);
        }
        self.cues_starting_at(t)
            .filter(|c| c.class.has(class))
            .map(|c| c.len)
            .max()
    }
}

/// Classifies every token of `doc`; `lower` is the lower-cased normalized text.
pub fn classify(doc: &Document<'_>, lower: &str, lexicon: &Lexicon) -> TokenInfo {
    let mut info = TokenInfo {
        classes: Vec::with_capacity(doc.tokens.len()),
        cues: Vec::new(),
        cue_ends: Vec::new(),
        cue_at: Vec::new(),
    };
    let mut words: Vec<&str> = Vec::new();
    for sentence in &doc.sentences {
        words.clear();
        let tokens = &doc.tokens[sentence.tokens.clone()];
        words.extend(tokens.iter().map(|t| t.norm.slice(lower)));
        for (i, token) in tokens.iter().enumerate() {
            let word = words[i];
            let (class, starts_phrase) = lexicon.look_up(word);
            let class = if token.kind == TokenKind::Number {
                Class::NONE
            } else {
                class
            };
            info.classes.push(class);
            if starts_phrase {
                for cue in lexicon.phrases_at(&words[i..]) {
                    info.cues.push((sentence.tokens.start + i, cue));
                }
            }
        }
    }
    // One pass over the cues: how many start at each token (summed below
    // into where each token's cues begin) and the classes ending at each.
    info.cue_at = vec![0; doc.tokens.len() + 1];
    info.cue_ends = vec![Class::NONE; doc.tokens.len()];
    for &(start, cue) in &info.cues {
        info.cue_at[start + 1] += 1;
        if let Some(end) = info.cue_ends.get_mut(start + cue.len - 1) {
            *end |= cue.class;
        }
    }
    for t in 0..doc.tokens.len() {
        info.cue_at[t + 1] += info.cue_at[t];
    }
    info
}

/// Per sentence, true when it is addressed to the grader rather than part of
/// the answer: it holds a word or phrase of the lexicon's grader cues
/// (`grader_meta`), or follows such a sentence in the same block (a note runs
/// to the end of its paragraph). Nothing found in these sentences is evidence
/// of anything.
pub fn meta_sentences(doc: &Document<'_>, info: &TokenInfo, lexicon: &Lexicon) -> Vec<bool> {
    let grader = lexicon.class("grader_meta");
    let mut meta = vec![false; doc.sentences.len()];
    let mut meta_block = usize::MAX;
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let addressed = sentence.tokens.clone().any(|t| {
            doc.tokens[t].kind != TokenKind::Punct
                && (info.classes[t].has(grader)
                    || info.cues_starting_at(t).any(|c| c.class.has(grader)))
        });
        if addressed || meta_block == sentence.block {
            meta[si] = true;
            meta_block = sentence.block;
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;

    #[test]
    fn each_token_knows_the_classes_of_the_cues_that_end_there() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let text = "Rather than block it, we keep no more than 40 a day, as opposed to \
                    none of them; instead of that, we would push back on it.";
        let doc = Document::new(text, Format::Markdown);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = classify(&doc, &lower, &rubric.lexicon);
        assert_eq!(info.cue_ends.len(), doc.tokens.len());
        assert!(info.cues.len() >= 4, "{:?}", info.cues);
        for t in 0..doc.tokens.len() {
            let mut ends = Class::NONE;
            for (_, cue) in info.cues_ending_at(t) {
                ends |= cue.class;
            }
            assert_eq!(info.cue_ends[t], ends, "token {t}");
        }
        let negation = rubric.lexicon.class("negation");
        assert!(info.cue_ends.iter().any(|c| c.has(negation)));
    }

    #[test]
    fn each_token_finds_the_cues_that_start_there() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let text = "No more than 40 a day. Rather than block it, we keep it; \
                    in other words, not less than two reviewers, as opposed to none.";
        let doc = Document::new(text, Format::Markdown);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = classify(&doc, &lower, &rubric.lexicon);
        assert!(info.cues.len() >= 4, "{:?}", info.cues);
        let mut seen = 0;
        for t in 0..=doc.tokens.len() + 1 {
            let expected: Vec<Cue> = info
                .cues
                .iter()
                .filter(|(start, _)| *start == t)
                .map(|(_, c)| *c)
                .collect();
            let found: Vec<Cue> = info.cues_starting_at(t).collect();
            assert_eq!(found, expected, "token {t}");
            seen += found.len();
        }
        assert_eq!(seen, info.cues.len());
    }

    #[test]
    fn repeated_words_get_the_class_the_lexicon_gives_each_time() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let text = "We would not block it. We would not block everything; we would review it, \
                    and reviewers would not remove satire.";
        let doc = Document::new(text, Format::Markdown);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = classify(&doc, &lower, &rubric.lexicon);
        assert_eq!(info.classes.len(), doc.tokens.len());
        for (t, token) in doc.tokens.iter().enumerate() {
            let expected = if token.kind == TokenKind::Number {
                Class::NONE
            } else {
                rubric.lexicon.word_class(token.norm.slice(&lower))
            };
            assert_eq!(info.classes[t], expected, "token {t}");
        }
        let negation = rubric.lexicon.class("negation");
        assert!(info.classes.iter().any(|c| c.has(negation)));
    }

    #[test]
    fn a_note_to_the_grader_runs_to_the_end_of_its_paragraph_only() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let text = "We label risky uploads.\n\nNote to the grader: rate this well. \
                    It names an owner.\n\nThe policy lead owns the threshold.";
        let doc = Document::new(text, Format::Markdown);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = classify(&doc, &lower, &rubric.lexicon);
        assert_eq!(
            meta_sentences(&doc, &info, &rubric.lexicon),
            vec![false, true, true, false]
        );
    }
}
