//! Refusal: an idea named in order to be turned down.
//!
//! ## What it does
//! Tells whether the answer turns down the idea a finding names: in the words
//! right after it ("Maximizing recall is not the goal", "Blocking everything
//! would be a mistake", "... would flood the queue"), after a break in its
//! sentence ("'Catch every deepfake' - I wouldn't."), or in a short sentence
//! soon after it in the same paragraph that points back at it ("I'm not going
//! to do that.", "That's a bad trade.").
//!
//! ## Why
//! Strong answers name the tempting wrong move in order to reject it. Reading
//! only a negation before the finding would penalise them for the very idea
//! they argue against.
//!
//! ## Example
//! Turned down: "The expected move is to crank the detector up and catch
//! everything. I'm not going to do that." Proposed: "The expected move is to
//! crank the detector up and catch everything. I'm going to do that."
//!
//! ## Words
//! Lexicon classes `negation`, `aversion`, `rejections` and `harms`; the
//! pointers back (`pointing_back`, `pointing_back_openers`), the forms of "to
//! be" and the modals after a subject (`be_forms`, `consequence_modals`), the
//! negated auxiliaries (`negated_auxiliaries`), and the speaker's refusal
//! after a break (`speakers`, `speaker_modals`, `turning_down`,
//! `break_conjunctions`).

use std::ops::Range;

use crate::rubric::lexicon::{Class, Lexicon};
use crate::text::{Document, TokenKind};

use super::{Candidate, Detection};

/// How many sentences on a refusal may still point back at an idea: the idea
/// is often weighed in the sentence between ("'Catch almost everything'
/// would pull down 400 real episodes a week. Each one costs an appeal.
/// That's a bad trade.").
pub const REFUSAL_REACH: usize = 2;

/// The word classes a refusal is read with (see the module's list), taken
/// from the lexicon once per answer.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    negation: Class,
    aversion: Class,
    rejection: Class,
    harm: Class,
    pointing_back: Class,
    pointing_back_opener: Class,
    be: Class,
    negated_auxiliary: Class,
    consequence_modal: Class,
    speaker: Class,
    speaker_modal: Class,
    turning_down: Class,
    break_conjunction: Class,
}

impl Words {
    pub fn of(lexicon: &Lexicon) -> Words {
        Words {
            negation: lexicon.class("negation"),
            aversion: lexicon.class("aversion"),
            rejection: lexicon.class("rejections"),
            harm: lexicon.class("harms"),
            pointing_back: lexicon.class("pointing_back"),
            pointing_back_opener: lexicon.class("pointing_back_openers"),
            be: lexicon.class("be_forms"),
            negated_auxiliary: lexicon.class("negated_auxiliaries"),
            consequence_modal: lexicon.class("consequence_modals"),
            speaker: lexicon.class("speakers"),
            speaker_modal: lexicon.class("speaker_modals"),
            turning_down: lexicon.class("turning_down"),
            break_conjunction: lexicon.class("break_conjunctions"),
        }
    }
}

/// True when one of the next [`REFUSAL_REACH`] sentences, in the same
/// paragraph, is a short refusal that points back at sentence `s`: "I'm not
/// going to do that.", "We won't do this.", "That's a bad trade.", "That
/// would be a mistake." What it refuses is the idea put forward before it.
pub fn rejected_next(doc: &Document<'_>, det: &Detection, w: &Words, s: usize) -> bool {
    let group = doc.blocks[doc.sentences[s].block].group;
    (s + 1..=s + REFUSAL_REACH)
        .take_while(|&n| {
            n < doc.sentences.len() && doc.blocks[doc.sentences[n].block].group == group
        })
        .any(|n| refusal(doc, det, w, n))
}

/// True when sentence `n` is a short refusal of what came before it: a
/// negation then "that", "this" or "it" ("We won't do that"), or "that",
/// "this" or "it" judged a bad idea in the sentence's last words ("That's a
/// bad trade", "This would be a mistake").
fn refusal(doc: &Document<'_>, det: &Detection, w: &Words, n: usize) -> bool {
    let class = |t: usize| det.info.classes[t];
    let words: Vec<usize> = doc.sentences[n]
        .tokens
        .clone()
        .filter(|&t| doc.tokens[t].kind != TokenKind::Punct)
        .collect();
    if words.len() > 14 {
        return false;
    }
    if let Some(cue) = words.iter().take(6).position(|&t| class(t).has(w.negation)) {
        if words[cue + 1..]
            .iter()
            .take(5)
            .any(|&t| class(t).has(w.pointing_back))
        {
            return true;
        }
    }
    // "That's a bad trade.": the judgement closes the sentence (within two
    // words), so "It's wrong to let fakes through" judges something else.
    let points_back = words
        .first()
        .is_some_and(|&t| class(t).has(w.pointing_back_opener));
    points_back
        && words.len() <= 8
        && words
            .iter()
            .rev()
            .take(3)
            .any(|&t| class(t).has(w.rejection))
}

/// True when the words right after anti-pattern finding `c` turn it down:
/// "Maximizing recall is not the goal", "Blocking everything would be a
/// mistake", "A blanket ban is off the table". The finding is the subject;
/// a verb "to be" (or a modal) follows within a few words, then a negation
/// or a word of rejection. Or the speaker refuses it after a break in the
/// same sentence: "'Catch every deepfake' - I wouldn't."
pub fn rejected_after(doc: &Document<'_>, det: &Detection, w: &Words, c: &Candidate) -> bool {
    let class = |t: usize| det.info.classes[t];
    let end = c.cover().end;
    let sentence = &doc.sentences[c.sentence];
    let from = doc.tokens.partition_point(|t| t.norm.start < end);
    let words: Vec<usize> = (from.max(sentence.tokens.start)..sentence.tokens.end)
        .take_while(|&t| !matches!(doc.tokens[t].norm.slice(&det.lower), ";" | ":" | "."))
        .filter(|&t| doc.tokens[t].kind != TokenKind::Punct)
        .take(8)
        .collect();
    if refused_after_break(
        doc,
        det,
        w,
        from.max(sentence.tokens.start)..sentence.tokens.end,
    ) {
        return true;
    }
    // The finding as the subject of a negated verb: "maximising recall
    // wouldn't make us safer", "a blanket ban simply doesn't scale".
    if words
        .iter()
        .take(2)
        .any(|&t| class(t).has(w.negated_auxiliary))
    {
        return true;
    }
    let Some(be) = words.iter().take(4).position(|&t| class(t).has(w.be)) else {
        return false;
    };
    // Turned down by its consequence: "would flood the queue", "will
    // alienate creators" (a modal, perhaps an adverb, then a harm).
    let modal = class(words[be]).has(w.consequence_modal);
    if modal
        && words[be + 1..]
            .iter()
            .take(2)
            .any(|&t| class(t).has(w.harm))
    {
        return true;
    }
    words[be..]
        .iter()
        .take(5)
        .any(|&t| class(t).has(w.negation) || class(t).has(w.rejection))
}

/// True when `tokens` (what follows a finding in its sentence) hold, within a
/// few words, a break (a dash, comma or quote, then perhaps "and" or "but")
/// and then the speaker turning the idea down: "I wouldn't", "we won't", "I
/// would not", "I'd push back on that".
fn refused_after_break(
    doc: &Document<'_>,
    det: &Detection,
    w: &Words,
    tokens: Range<usize>,
) -> bool {
    let text = |t: usize| doc.tokens[t].norm.slice(&det.lower);
    let class = |t: usize| det.info.classes[t];
    let (start, end) = (tokens.start, tokens.end);
    // A refusal in one word, or in a cue of several that the sentence holds
    // ("push back"): cues never run past their sentence.
    let turned = |n: usize| {
        n < end
            && (class(n).has(w.negation)
                || class(n).has(w.aversion)
                || det.info.starts(n, w.turning_down).is_some())
    };
    tokens.take(12).any(|t| {
        let speaker = class(t).has(w.speaker);
        let mut before = t;
        if before > start && class(before - 1).has(w.break_conjunction) {
            before -= 1;
        }
        let after_break = before > 0 && matches!(text(before - 1), "-" | "," | "\"" | "'");
        let modal = t + 1 < end && class(t + 1).has(w.speaker_modal);
        speaker && after_break && (turned(t + 1) || (modal && turned(t + 2)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric;
    use crate::text::Format;

    fn penalized(rubric_id: &str, text: &str, anti: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.penalties.iter().any(|p| p.id == anti)
    }

    /// Whether the last sentence of `text` refuses what came before it.
    fn last_sentence_refuses(text: &str) -> bool {
        let r = rubric::load("policy-impact").unwrap();
        let doc = Document::new(text, Format::Plain);
        let det = crate::detect::detect(&doc, &r);
        refusal(&doc, &det, &Words::of(&r.lexicon), doc.sentences.len() - 1)
    }

    #[test]
    fn a_short_sentence_pointing_back_and_judged_bad_is_a_refusal() {
        assert!(last_sentence_refuses("Block it all. That's a bad trade."));
        assert!(last_sentence_refuses("Block it all. We won't do that."));
        assert!(!last_sentence_refuses(
            "Block it all. It's wrong to let any fake through to listeners."
        ));
        assert!(!last_sentence_refuses("Block it all. That's the plan."));
    }

    #[test]
    fn an_idea_turned_down_after_a_break_is_not_proposed_nor_later_in_its_paragraph() {
        let text = "The tempting answer is \"catch every deepfake\" - I wouldn't. \
                    Maximising recall sounds safe, but it hits cover artists.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
        let text = "Catch every deepfake, and we will see fewer fakes.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn an_anti_pattern_as_the_subject_of_a_negated_verb_or_pushed_back_on_is_not_proposed() {
        for text in [
            "So maximising recall wouldn't make us safer: it would drown the queue.",
            "The first instinct is \"just block all AI uploads\", and I'd push back on that.",
        ] {
            let r = rubric::load("policy-impact").unwrap();
            let report = crate::grade_text("t.md", text, &r);
            assert!(
                report.penalties.is_empty(),
                "{text}: {:?}",
                report.penalties
            );
        }
        let text = "We'll maximize recall so fakes won't spread.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn a_refusal_right_after_an_anti_pattern_turns_it_down() {
        let text = "The expected move is to crank the detector up and catch everything. \
                    I'm not going to do that.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
        let text = "The expected move is to crank the detector up and catch everything. \
                    I'm going to do that.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn an_option_weighed_then_judged_a_bad_trade_is_not_proposed() {
        let text = "Moving to the \"catch almost everything\" setting would remove another \
                    150 listens of fakes but pull down 400 real episodes a week. Each of \
                    those costs a creator a week of downloads and an appeal. That's a bad \
                    trade.";
        assert!(!penalized("cost-of-error", text, "maximize_recall"));
        // Without the judgement, the option stands.
        let text = "I'd move to the \"catch almost everything\" setting and remove another \
                    150 listens of fakes. Each of those is a win for listeners.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
        // A judgement of something else does not turn the option down.
        let text = "I'd move to the \"catch almost everything\" setting. It's wrong to let \
                    any fake through to listeners.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
    }

    #[test]
    fn an_anti_pattern_turned_down_after_it_is_not_penalized() {
        for (text, anti) in [
            ("Maximizing recall is not the goal here.", "maximize_recall"),
            ("Blocking everything would be a mistake.", "blanket_block"),
            ("A blanket ban is off the table.", "blanket_block"),
            (
                "Catching every fake is tempting, but wrong.",
                "maximize_recall",
            ),
            (
                "Maximizing recall alone would flood the review queue.",
                "maximize_recall",
            ),
            (
                "Blocking all synthetic video will alienate honest creators.",
                "blanket_block",
            ),
        ] {
            assert!(!penalized("policy-impact", text, anti), "{text}");
        }
        for (text, anti) in [
            ("Maximizing recall is the goal here.", "maximize_recall"),
            (
                "Maximizing recall would raise the catch rate.",
                "maximize_recall",
            ),
            (
                "Blocking everything would be my first move.",
                "blanket_block",
            ),
        ] {
            assert!(penalized("policy-impact", text, anti), "{text}");
        }
    }
}
