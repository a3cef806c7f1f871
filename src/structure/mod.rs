//! Structure: how the findings of a sentence hang together.
//!
//! - sentence quality: a clause, a verbless fragment or bare list of terms, word
//!   salad (the words of an answer shuffled), or a note addressed to the grader;
//! - connectives (so that, which cuts, while keeping, because) by sentence, for
//!   causal links between two findings;
//! - contrast points ("not X, but Y").
//!
//! Only clauses earn elements: this is the keyword-stuffing defence.
//!
//! Words: the lexicon's closed classes (`determiners`, `prepositions`,
//! `modals`, `subject_pronouns`, `conjunctions`, `scope_breakers`,
//! `negation`, `clause_words`, `contrast`, `connectives`) and its lists of
//! sentence shape (`strict_determiners`, `determiner_followers`,
//! `short_prepositions`, `preposition_pairs`, `articles`,
//! `not_verbs_before_article`, `adverb_endings`, `abbreviations_in_sentence`,
//! `capitalised_function_words`, `dangling_articles`, `assignment_labels`).

mod salad;

use crate::detect::{Detection, TokenInfo};
use crate::rubric::lexicon::{Class, Lexicon};
use crate::span::Span;
use crate::text::{BlockKind, Document, TokenKind};

/// How a sentence reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quality {
    /// A clause with a verb (or a stated target): its findings count.
    Clause,
    /// A verbless fragment or a bare list of terms.
    Fragment,
    /// Words in an order no sentence has: a shuffled answer.
    Salad,
    /// Addressed to the grader, not part of the answer.
    Meta,
}

/// The structure of one answer.
#[derive(Clone, Debug)]
pub struct Structure {
    pub quality: Vec<Quality>,
    /// Connective spans, per sentence.
    pub connectives: Vec<Vec<Span>>,
    /// Where the positive half of a contrast starts, per sentence.
    pub contrast: Vec<Option<usize>>,
    /// The whole answer reads as shuffled words.
    pub salad: bool,
    /// Grammar violations counted (word pairs no sentence has).
    pub violations: usize,
    /// Per sentence, whether its word order broke at least once: a link or
    /// a contrast read across a broken order is no link.
    pub slipped: Vec<bool>,
}

/// The word classes structure reads, taken from the lexicon once per answer.
struct Words<'l> {
    determiner: Class,
    preposition: Class,
    modal: Class,
    pronoun: Class,
    conjunction: Class,
    breaker: Class,
    negation: Class,
    clause: Class,
    contrast: Class,
    connective: Class,
    /// Closed-class words that neither carry a claim nor start a verb phrase.
    function: Class,
    strict_determiner: Class,
    determiner_follower: Class,
    short_preposition: Class,
    /// Pairs of short prepositions prose does run together, as written.
    preposition_pairs: &'l [String],
    article: Class,
    not_verb_before_article: Class,
    adverb_endings: &'l [String],
    abbreviation: Class,
    capitalised: Class,
    dangling_article: Class,
    assignment_label: Class,
}

impl<'l> Words<'l> {
    fn of(lexicon: &'l Lexicon) -> Words<'l> {
        Words {
            determiner: lexicon.class("determiners"),
            preposition: lexicon.class("prepositions"),
            modal: lexicon.class("modals"),
            pronoun: lexicon.class("subject_pronouns"),
            conjunction: lexicon.class("conjunctions"),
            breaker: lexicon.class("scope_breakers"),
            negation: lexicon.class("negation"),
            clause: lexicon.class("clause_words"),
            contrast: lexicon.class("contrast"),
            connective: lexicon.class("connectives"),
            function: lexicon.function_words(),
            strict_determiner: lexicon.class("strict_determiners"),
            determiner_follower: lexicon.class("determiner_followers"),
            short_preposition: lexicon.class("short_prepositions"),
            preposition_pairs: lexicon.list("preposition_pairs"),
            article: lexicon.class("articles"),
            not_verb_before_article: lexicon.class("not_verbs_before_article"),
            adverb_endings: lexicon.list("adverb_endings"),
            abbreviation: lexicon.class("abbreviations_in_sentence"),
            capitalised: lexicon.class("capitalised_function_words"),
            dangling_article: lexicon.class("dangling_articles"),
            assignment_label: lexicon.class("assignment_labels"),
        }
    }

    /// True when `a` then `b` is one of the pairs of short prepositions
    /// prose does run together ("log in to").
    fn preposition_pair(&self, a: &str, b: &str) -> bool {
        self.preposition_pairs.iter().any(|pair| {
            let mut words = pair.split_whitespace();
            words.next().is_some_and(|w| w.eq_ignore_ascii_case(a))
                && words.next().is_some_and(|w| w.eq_ignore_ascii_case(b))
                && words.next().is_none()
        })
    }
}

/// Pairs of word classes that do not follow each other in a sentence; `a`
/// and `b` are the two words' classes, `a_word` and `b_word` their
/// lower-cased text.
fn violation(
    w: &Words<'_>,
    a: Class,
    b: Class,
    a_word: &str,
    b_word: &str,
    question: bool,
) -> bool {
    let function = w.determiner | w.preposition | w.modal | w.pronoun | w.conjunction;
    if a.has(w.strict_determiner) && b.has(function) && !b.has(w.determiner_follower) {
        return true;
    }
    if a.has(w.preposition) && (b.has(w.modal) || b.has(w.conjunction)) {
        return true;
    }
    // Two short prepositions in a row ("in at", "of in") do not occur in prose.
    if a.has(w.short_preposition) && b.has(w.short_preposition) && a_word != b_word {
        return !w.preposition_pair(a_word, b_word);
    }
    if a.has(w.modal)
        && !question
        && (b.has(w.modal)
            || b.has(w.conjunction)
            || (b.has(w.determiner) && b.has(w.strict_determiner)))
    {
        return true;
    }
    if a.has(w.pronoun) && !question && (b.has(w.determiner) && b.has(w.strict_determiner)) {
        return true;
    }
    if a.has(w.conjunction) && b.has(w.conjunction) {
        return true;
    }
    false
}

/// True when sentence `s` of a paragraph opens with a lowercase letter: prose
/// opens its paragraphs, and the sentences after a question or an
/// exclamation, with a capital, while shuffled words put whatever word came
/// first there ("owns the lead so ..."). A full stop before a lowercase word
/// ends no sentence under the Unicode rules, so that case never reaches here. List items, headings
/// and table cells are notes and keep their own case, and a sentence that
/// opens with markup, code or a name such as `file.xml` or `src/lib.rs` does
/// not open with a lowercase word.
fn opens_in_lowercase(doc: &Document<'_>, s: usize) -> bool {
    let sentence = &doc.sentences[s];
    if doc.blocks[sentence.block].kind != BlockKind::Paragraph {
        return false;
    }
    let original = doc.original(sentence.norm);
    // What stands before it on its line: nothing, or the end of a sentence.
    // Anything else is markup or code the graded text leaves out.
    let before = doc.source[..original.start].trim_end_matches([' ', '\t']);
    if !before.is_empty() && !before.ends_with(['\n', '.', '!', '?']) {
        return false;
    }
    let first = original
        .slice(doc.source)
        .split_whitespace()
        .next()
        .unwrap_or("");
    let word = first.trim_end_matches(|c: char| c.is_ascii_punctuation());
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}')
}

/// True when the word pair at tokens `p` and `t` is a coordination a
/// violation rule would misread: two prepositions joined ("with or without",
/// "out of or in") and two conjunctions joined by a slash ("and/or").
fn coordination(
    w: &Words<'_>,
    doc: &Document<'_>,
    info: &TokenInfo,
    p: usize,
    t: usize,
    end: usize,
) -> bool {
    let (a, b) = (info.classes[p], info.classes[t]);
    if a.has(w.preposition) && b.has(w.conjunction) {
        let next = (t + 1..end).find(|&n| doc.tokens[n].kind != TokenKind::Punct);
        // "without" is read as a negation cue as well as a preposition.
        return next == Some(t + 1)
            && (info.classes[t + 1].has(w.preposition) || info.classes[t + 1].has(w.negation));
    }
    a.has(w.conjunction)
        && b.has(w.conjunction)
        && t == p + 2
        && doc.text(doc.tokens[p + 1].norm) == "/"
}

/// True when the colon at token `t` can close a label: a space or the end
/// of the text follows it ("Owner: ..."), where a path or a name in code
/// ("Command::new", "12:30") runs on.
fn label_colon(doc: &Document<'_>, t: usize) -> bool {
    doc.norm.text[doc.tokens[t].norm.end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace)
}

/// True when the word before token `t` (within its sentence, from `first`)
/// opens with a capital, as in Title Case or text in capitals.
fn follows_capitalised_word(doc: &Document<'_>, first: usize, t: usize) -> bool {
    (first..t)
        .rev()
        .map(|p| &doc.tokens[p])
        .find(|tok| tok.kind == TokenKind::Word)
        .is_some_and(|tok| doc.text(tok.norm).starts_with(char::is_uppercase))
}

/// A word directly followed by an article or possessive ("own that limit",
/// "pauses the rollout", "narrow the rule") is nearly always a verb: nouns,
/// adjectives and terms in a list are not followed by "the". The closed list
/// of clause words cannot name every verb a writer uses; this reads the ones
/// it misses. Function words, numbers, adverbs and the words that take an
/// article without being verbs ("after the launch") are not verbs. `prev` and
/// `class` are the classes of the word before and of the word.
fn verb_before_article(
    w: &Words<'_>,
    prev: Class,
    prev_word: &str,
    prev_kind: TokenKind,
    class: Class,
) -> bool {
    class.has(w.article)
        && prev_kind == TokenKind::Word
        && prev_word.len() >= 3
        && prev_word.bytes().all(|b| b.is_ascii_alphabetic())
        && !prev.has(w.function)
        && !w
            .adverb_endings
            .iter()
            .any(|ending| prev_word.ends_with(ending.as_str()))
        && !prev.has(w.not_verb_before_article)
}

/// True when the sentence opens with an assignment label and a colon, then
/// names someone: "Owner: head of Trust & Safety." Such a line states who
/// holds the decision as plainly as a clause would, though it has no verb.
fn assignment_label(
    doc: &Document<'_>,
    det: &Detection,
    w: &Words<'_>,
    range: std::ops::Range<usize>,
) -> bool {
    let lower = &det.lower;
    let tokens = &doc.tokens[range.clone()];
    let Some(colon) = tokens
        .iter()
        .take(6)
        .position(|t| t.kind == TokenKind::Punct && t.norm.slice(lower) == ":")
    else {
        return false;
    };
    let label =
        (range.start..range.start + colon).filter(|&t| doc.tokens[t].kind != TokenKind::Punct);
    let label_words = label.clone().count();
    let named = tokens[colon + 1..]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .count();
    (1..=3).contains(&label_words)
        && label
            .into_iter()
            .any(|t| det.info.classes[t].has(w.assignment_label))
        && (1..=12).contains(&named)
}

/// Per block group, true when it is a list of bare terms: at least four items,
/// two in three of them a few words with no figure and no label ("- metric",
/// "- user trust"). An assignment line among them ("- ownership: policy
/// lead") is one more term of the list, not a statement of who decides.
fn term_list_groups(doc: &Document<'_>, lower: &str) -> Vec<bool> {
    let groups = doc.blocks.iter().map(|b| b.group + 1).max().unwrap_or(0);
    let (mut items, mut bare) = (vec![0usize; groups], vec![0usize; groups]);
    for sentence in &doc.sentences {
        let block = &doc.blocks[sentence.block];
        if block.kind != BlockKind::ListItem {
            continue;
        }
        let tokens = &doc.tokens[sentence.tokens.clone()];
        let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        let plain = tokens.iter().all(|t| match t.kind {
            TokenKind::Word => true,
            TokenKind::Punct => !matches!(t.norm.slice(lower), ":" | "$" | "%"),
            _ => false,
        });
        items[block.group] += 1;
        if (1..=3).contains(&words) && plain {
            bare[block.group] += 1;
        }
    }
    items
        .iter()
        .zip(&bare)
        .map(|(&n, &b)| n >= 4 && b * 3 >= n * 2)
        .collect()
}

/// Finds the structure of `doc`, with the word classes of `lexicon` (the
/// rubric's, which detection classified the tokens with).
pub fn analyse(doc: &Document<'_>, det: &Detection, lexicon: &Lexicon) -> Structure {
    let w = Words::of(lexicon);
    let lower = &det.lower;
    let info = &det.info;
    let n = doc.sentences.len();
    let mut quality = vec![Quality::Clause; n];
    let mut connectives = vec![Vec::new(); n];
    let mut contrast = vec![None; n];
    let mut violations_total = 0;
    let mut words_total = 0;
    let mut broken_words = 0;
    let mut slipped = vec![false; n];
    let term_lists = term_list_groups(doc, lower);
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        let question = doc.text(sentence.norm).ends_with('?');
        let mut words = 0;
        let mut clause = false;
        let mut violations = usize::from(opens_in_lowercase(doc, si));
        // Pieces of the sentence between commas, semicolons and list symbols.
        let mut segments = 1usize;
        let mut clause_words = 0;
        let mut determiners = 0;
        let mut negation_at: Option<usize> = None;
        let mut labels = 0;
        let mut prev: Option<usize> = None;
        let mut after_break = true;
        for t in range.clone() {
            let tok = doc.tokens[t];
            let text = tok.norm.slice(lower);
            let class = info.classes[t];
            if tok.kind == TokenKind::Punct {
                // A full stop inside a sentence, then a lower-case word: the
                // sentence was cut and shuffled (abbreviations aside).
                if text == "." && t + 1 < range.end && prev.is_some() {
                    let next = doc.tokens[t + 1];
                    let orig = doc.text(next.norm);
                    let p = prev.unwrap_or(t);
                    let prev_word = doc.tokens[p].norm.slice(lower);
                    if next.kind == TokenKind::Word
                        && orig.starts_with(|c: char| c.is_ascii_lowercase())
                        && prev_word.len() > 1
                        && doc.tokens[p].kind == TokenKind::Word
                        && !info.classes[p].has(w.abbreviation)
                    {
                        violations += 1;
                    }
                }
                // A sentence opens one label, or two ("Owner: legal. Fallback:
                // ops"); a third word-colon in one sentence is keys of a
                // config or labels of a note run together by shuffling.
                if text == ":"
                    && prev.is_some_and(|p| doc.tokens[p].kind == TokenKind::Word)
                    && label_colon(doc, t)
                {
                    labels += 1;
                    if labels > 2 {
                        violations += 1;
                    }
                }
                after_break = matches!(
                    text,
                    ":" | "(" | "\"" | "'" | "-" | "*" | "[" | "." | ";" | "?" | "!"
                );
                if matches!(text, "," | ";" | "/" | "|" | "\u{2022}" | "\u{00b7}") {
                    segments += 1;
                }
                if text == "," && negation_at.is_some() && contrast[si].is_none() {
                    // "rather than X, Y"
                    contrast[si] = Some(tok.norm.end);
                }
                // Clause punctuation ends a word pair; symbols (`|`, `/`, `+`)
                // do not, so pipes cannot hide a shuffled answer.
                if matches!(
                    text,
                    "," | ";" | ":" | "." | "!" | "?" | "(" | ")" | "[" | "]" | "\"" | "'" | "-"
                ) {
                    prev = None;
                }
                continue;
            }
            // A label in mid-sentence ("... fewer Owner: ..."): labels open a line.
            if !after_break
                && t + 1 < range.end
                && doc.tokens[t + 1].norm.slice(lower) == ":"
                && label_colon(doc, t + 1)
                && doc
                    .text(tok.norm)
                    .starts_with(|c: char| c.is_ascii_uppercase())
            {
                violations += 1;
            }
            // A capitalised function word in mid-sentence ("... an The ...").
            let function =
                w.determiner | w.preposition | w.modal | w.conjunction | w.breaker | w.negation;
            // Title Case and capitals ("TERMS OF THE LICENSE") are a style of
            // their own: only a capital among lowercase words is out of place.
            if !after_break
                && class.has(function)
                && !class.has(w.capitalised)
                && doc
                    .text(tok.norm)
                    .starts_with(|c: char| c.is_ascii_uppercase())
                && !follows_capitalised_word(doc, range.start, t)
            {
                violations += 1;
            }
            after_break = false;
            words += 1;
            if class.has(w.clause) {
                clause = true;
                clause_words += 1;
            }
            if class.has(w.determiner) {
                determiners += 1;
            }
            if class.has(w.negation) && negation_at.is_none() {
                negation_at = Some(t);
            }
            if class.has(w.contrast) && negation_at.is_some() && contrast[si].is_none() {
                contrast[si] = Some(tok.norm.end);
            }
            if class.has(w.connective) {
                connectives[si].push(tok.norm);
            }
            for cue in info.cues_starting_at(t) {
                let end = doc.tokens[t + cue.len - 1].norm.end;
                if cue.class.has(w.connective) {
                    connectives[si].push(Span::new(tok.norm.start, end));
                }
                if cue.class.has(w.negation) && negation_at.is_none() {
                    negation_at = Some(t);
                }
            }
            if let Some(p) = prev {
                let p_text = doc.tokens[p].norm.slice(lower);
                if violation(&w, info.classes[p], class, p_text, text, question)
                    && !coordination(&w, doc, info, p, t, range.end)
                {
                    violations += 1;
                }
                if verb_before_article(&w, info.classes[p], p_text, doc.tokens[p].kind, class) {
                    clause = true;
                    clause_words += 1;
                }
            }
            if class.has(w.pronoun) && t + 1 < range.end {
                clause = true;
            }
            prev = Some(t);
        }
        // A sentence that ends on an article is broken.
        if let Some(last) = range
            .clone()
            .rev()
            .find(|&t| doc.tokens[t].kind != TokenKind::Punct)
        {
            if info.classes[last].has(w.dangling_article) {
                violations += 1;
            }
        }
        // Nearly every word is a rubric term: a keyword list, not a clause.
        // Terms are in text order, so one sweep finds the covered words.
        let mut covered = 0;
        let mut next_term = det.sentence_terms[si].start;
        let mut reach = 0;
        for t in range.clone() {
            let span = doc.tokens[t].norm;
            while next_term < det.sentence_terms[si].end
                && det.terms[next_term].norm.start <= span.start
            {
                reach = reach.max(det.terms[next_term].norm.end);
                next_term += 1;
            }
            if doc.tokens[t].kind != TokenKind::Punct && reach >= span.end {
                covered += 1;
            }
        }
        // A short sentence can be nearly all terms and still be a sentence:
        // a verb and a determiner ("The policy lead owns the trade-off") are
        // grammar a keyword list does not have.
        // Two verbs and two articles are prose at any length, however many
        // of its phrases are terms ("The policy lead owns the threshold; the
        // ops team handles appeals"), unless the words are shuffled.
        let prose = (clause && determiners >= 1 && words <= 12)
            || (clause_words >= 2 && determiners >= 2 && violations == 0);
        let term_list = words > 0 && covered * 4 >= words * 3 && !prose;
        let stated_target = det.sentence_quantities[si]
            .clone()
            .any(|q| det.quantities[q].bounded());
        let assignment = assignment_label(doc, det, &w, range.clone())
            && !term_lists[doc.blocks[sentence.block].group];
        // Short comma-separated items, most without a verb: a list of terms
        // (a connective word sitting alone in the list does not make it prose).
        let list_like =
            segments >= 4 && (words as f64 / segments as f64) <= 2.5 && clause_words * 2 < segments;
        let block = sentence.block;
        if det.meta[si] {
            quality[si] = Quality::Meta;
        } else if violations >= 2 || (violations == 1 && words <= 6) {
            quality[si] = Quality::Salad;
        } else if !assignment && (list_like || term_list || !(clause || stated_target)) {
            quality[si] = Quality::Fragment;
        }
        if matches!(doc.blocks[block].kind, BlockKind::Heading(_))
            && quality[si] == Quality::Clause
            && words <= 4
        {
            quality[si] = Quality::Fragment;
        }
        slipped[si] = violations > 0;
        if quality[si] != Quality::Meta {
            violations_total += violations;
            words_total += words;
            if quality[si] == Quality::Salad {
                broken_words += words;
            }
        }
    }
    let salad = salad::reads_as_shuffled(&salad::Grammar {
        violations: violations_total,
        words: words_total,
        broken_words,
    });
    if salad {
        for q in quality.iter_mut() {
            if *q == Quality::Clause || *q == Quality::Fragment {
                *q = Quality::Salad;
            }
        }
    }
    Structure {
        quality,
        connectives,
        contrast,
        salad,
        violations: violations_total,
        slipped,
    }
}

impl Structure {
    /// True when a connective sits between two spans of sentence `s` (or opens
    /// it) and the sentence's word order holds: in shuffled words a connective
    /// lands between two terms by chance.
    pub fn linked(&self, doc: &Document<'_>, s: usize, a: Span, b: Span) -> Option<Span> {
        if self.slipped[s] {
            return None;
        }
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        let opening = doc.sentences[s].norm.start;
        self.connectives[s].iter().copied().find(|c| {
            (c.start >= first.end && c.end <= second.start)
                || (c.start <= opening + 1 && c.end <= first.start)
        })
    }

    /// True when a finding at `span` is the positive half of a contrast.
    /// Like a link, a contrast needs the sentence's word order to hold.
    pub fn after_contrast(&self, s: usize, span: Span) -> bool {
        !self.slipped[s] && self.contrast[s].is_some_and(|at| span.start >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect;
    use crate::rubric;
    use crate::text::Format;

    fn qualities(text: &str) -> (Vec<Quality>, bool) {
        let r = rubric::load("policy-impact").unwrap();
        let doc = Document::new(text, Format::Markdown);
        let det = detect::detect(&doc, &r);
        let s = analyse(&doc, &det, &r.lexicon);
        (s.quality, s.salad)
    }

    fn violations(text: &str) -> usize {
        let r = rubric::load("policy-impact").unwrap();
        let doc = Document::new(text, Format::Markdown);
        let det = detect::detect(&doc, &r);
        analyse(&doc, &det, &r.lexicon).violations
    }

    #[test]
    fn coordinated_prepositions_and_conjunctions_are_not_broken_grammar() {
        assert_eq!(violations("Anyone may share it with or without a fee."), 0);
        assert_eq!(
            violations("It comes out of or in connection with its use."),
            0
        );
        assert_eq!(violations("You may copy and/or change it."), 0);
        // The same pairs without the coordination are broken.
        assert_eq!(violations("Anyone may share it with or a fee."), 1);
        assert_eq!(violations("You may copy and or change it."), 1);
        // A coordination cut short at the end of the text.
        assert_eq!(violations("Share it with or"), 1);
    }

    #[test]
    fn no_link_or_contrast_is_read_across_a_broken_word_order() {
        let read = |text: &str| {
            let r = rubric::load("policy-impact").unwrap();
            let doc = Document::new(text, Format::Markdown);
            let det = detect::detect(&doc, &r);
            let st = analyse(&doc, &det, &r.lexicon);
            let tokens = &doc.tokens[doc.sentences[0].tokens.clone()];
            let (a, b) = (tokens[1].norm, tokens[tokens.len() - 2].norm);
            (st.linked(&doc, 0, a, b).is_some(), st.after_contrast(0, b))
        };
        let clean = "We raise the threshold so that fewer real videos come down, not faster.";
        assert!(read(clean).0);
        let contrast = "We do not chase recall but keep appeals down.";
        assert!(read(contrast).1);
        // The same sentences with their word order broken ("the of").
        assert!(!read(&clean.replace("the threshold", "the of threshold")).0);
        assert!(!read(&contrast.replace("keep", "keep the of")).1);
    }

    #[test]
    fn a_paragraph_sentence_opening_in_lowercase_breaks_the_grammar() {
        let opens = |text: &str| {
            let doc = Document::new(text, Format::Markdown);
            (0..doc.sentences.len())
                .map(|s| opens_in_lowercase(&doc, s))
                .collect::<Vec<_>>()
        };
        assert_eq!(opens("The lead owns it. Is it held? It is."), [false; 3]);
        assert_eq!(
            opens("the lead owns it. Is it held? it is."),
            [true, false, true]
        );
        assert_eq!(violations("the lead owns the threshold."), 1);
        assert_eq!(violations("The lead owns the threshold."), 0);
        // Notes keep their own case; names and code are not lowercase words.
        assert_eq!(opens("- the lead owns it.\n- it holds.\n"), [false, false]);
        assert_eq!(
            opens("config.yaml holds it. Is it? src/lib.rs does."),
            [false; 3]
        );
        assert_eq!(opens("`cfg` holds it."), [false]);
    }

    #[test]
    fn a_clause_with_a_verb_counts() {
        assert_eq!(
            qualities("We raise the threshold so reviewers keep up.").0,
            vec![Quality::Clause]
        );
    }

    #[test]
    fn two_verbs_and_two_articles_are_prose_however_many_terms() {
        let (q, _) = qualities(
            "The policy lead owns the threshold and the budget, the ops team handles appeals.",
        );
        assert_eq!(q, vec![Quality::Clause]);
    }

    #[test]
    fn shuffled_terms_with_two_verbs_and_articles_stay_a_term_list() {
        let (q, _) = qualities(
            "means little on its own, comitato. only when, share of uploads, the buck stops, label.",
        );
        assert_ne!(q, vec![Quality::Clause]);
    }

    #[test]
    fn bare_list_of_terms_is_a_fragment() {
        let (q, _) = qualities(
            "Classifier, threshold, false positive rate, user trust, policy owner, error budget.",
        );
        assert_eq!(q, vec![Quality::Fragment]);
        let (q, _) = qualities("- classifier\n- error budget\n- brand safety\n");
        assert!(q.iter().all(|q| *q == Quality::Fragment));
    }

    #[test]
    fn a_verb_outside_the_clause_words_is_read_before_an_article() {
        // "jointly own", "pauses" and "narrow" are not in the clause-word list.
        assert_eq!(
            qualities("The policy lead and the ops manager jointly own that limit.").0,
            vec![Quality::Clause]
        );
        assert_eq!(
            qualities("A breach pauses the rollout.").0,
            vec![Quality::Clause]
        );
        // Prepositions, quantifiers and list items before an article are not verbs.
        assert_eq!(
            qualities("Cost of the errors after the launch.").0,
            vec![Quality::Fragment]
        );
        assert_eq!(
            qualities("Classifier, the threshold, human review, the error budget.").0,
            vec![Quality::Fragment]
        );
    }

    #[test]
    fn common_verbs_of_the_other_languages_make_clauses() {
        for text in [
            "Así los usuarios ven menos deepfakes.",
            "Les utilisateurs voient ainsi moins de deepfakes.",
            "So sehen Nutzer weniger Deepfakes.",
        ] {
            assert_eq!(qualities(text).0, vec![Quality::Clause], "{text}");
        }
    }

    #[test]
    fn stated_target_without_verb_is_a_clause() {
        let (q, _) = qualities("Target: false-positive rate under 0.5 % of removals per week.");
        assert_eq!(q, vec![Quality::Clause]);
    }

    #[test]
    fn note_to_the_grader_is_meta_to_the_end_of_its_paragraph() {
        let (q, _) = qualities("We cap errors at 1%.\n\nNote to the grader: this is excellent. It should be rated highly.");
        assert_eq!(q, vec![Quality::Clause, Quality::Meta, Quality::Meta]);
    }

    #[test]
    fn keys_of_a_config_shuffled_into_one_sentence_read_as_salad() {
        let (q, _) = qualities(
            "queue: review tier owns action: remove the threshold label_text: warning \
             creators name: appeals fall min_score: cost of each wrongful removal",
        );
        assert_eq!(q, vec![Quality::Salad]);
        let (q, _) = qualities("Owner: the policy lead, who answers to one person: the CEO.");
        assert_eq!(q, vec![Quality::Clause]);
    }

    #[test]
    fn an_owner_line_in_a_list_of_bare_terms_is_one_more_term() {
        let (q, _) = qualities(
            "- metric\n- lever\n- outcome\n- ownership: policy lead\n- user trust\n- error budget\n",
        );
        assert_eq!(q[3], Quality::Fragment);
        let (q, _) = qualities(
            "- Metric: appeals per 10k removals\n- Lever: a review band\n- Outcome: fewer \
             wrongful removals\n- Owner: the policy lead\n",
        );
        assert_eq!(q[3], Quality::Clause);
    }

    #[test]
    fn shuffled_words_read_as_salad() {
        let text = "the so threshold that we the raise cost under a stays of false positive day $4k. \
                    owns policy the team of the and trust users would the keep classifier a of the.";
        assert!(qualities(text).1);
        let plain =
            "We raise the threshold so that the cost of false positives stays under $4k a day. \
                     The policy team owns it and users keep their trust in the classifier.";
        assert!(!qualities(plain).1);
    }
}
