//! The compiled shared language: closed word classes looked up per token, and
//! multi-word cues matched as token sequences.

use rustc_hash::FxHashMap;

use super::phrase_index::pack_at;
use super::schema::Language;

/// Word classes a token can belong to (a bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class(pub u32);

impl Class {
    pub const NEGATION: Class = Class(1);
    pub const BREAKER: Class = Class(1 << 1);
    pub const VALENCE: Class = Class(1 << 2);
    pub const CONNECTIVE: Class = Class(1 << 3);
    pub const CONTRAST: Class = Class(1 << 4);
    pub const CLAUSE: Class = Class(1 << 5);
    pub const DETERMINER: Class = Class(1 << 6);
    pub const PREPOSITION: Class = Class(1 << 7);
    pub const MODAL: Class = Class(1 << 8);
    pub const PRONOUN: Class = Class(1 << 9);
    pub const META: Class = Class(1 << 10);
    pub const UPPER_LIMIT: Class = Class(1 << 11);
    pub const LOWER_LIMIT: Class = Class(1 << 12);
    pub const PERIOD: Class = Class(1 << 13);
    pub const RATE_WORD: Class = Class(1 << 14);
    pub const CURRENCY: Class = Class(1 << 15);
    pub const DURATION: Class = Class(1 << 16);
    pub const PERCENT: Class = Class(1 << 17);
    pub const POINTS: Class = Class(1 << 18);
    pub const AVERSION: Class = Class(1 << 19);
    pub const CONJUNCTION: Class = Class(1 << 20);
    pub const REJECTION: Class = Class(1 << 21);
    pub const HARM: Class = Class(1 << 22);

    /// Closed-class words that neither carry a claim nor start a verb phrase:
    /// determiners, prepositions, modals, pronouns, conjunctions, scope
    /// breakers and negations.
    pub const FUNCTION_WORD: Class = Class(
        Class::DETERMINER.0
            | Class::PREPOSITION.0
            | Class::MODAL.0
            | Class::PRONOUN.0
            | Class::CONJUNCTION.0
            | Class::BREAKER.0
            | Class::NEGATION.0,
    );

    pub fn has(self, other: Class) -> bool {
        self.0 & other.0 != 0
    }
}

/// A multi-word cue: the words after the first, and its class.
#[derive(Clone, Debug)]
struct Phrase {
    rest: Vec<String>,
    class: Class,
}

/// The shared language, compiled once per run.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    words: FxHashMap<String, u32>,
    /// Word stems written with a trailing `*`, with their classes, filed
    /// under their first [`Lexicon::stem_key`] bytes packed into a number: a
    /// word is looked up once for every stem it may begin with, where a
    /// look-up per stem length took one per length (seven in the shared
    /// lexicon).
    stems: FxHashMap<u64, Vec<(Box<str>, u32)>>,
    /// The length of the shortest stem, at most eight.
    stem_key: usize,
    phrases: FxHashMap<String, Vec<Phrase>>,
    /// Every word of up to seven bytes that `words` or `phrases` holds, keyed
    /// by [`short_key`]: its classes, and whether a cue opens with it. One
    /// look-up of a number answers both for most words of an answer; longer
    /// words are looked up in `words` and `phrases`.
    short: FxHashMap<u64, (u32, bool)>,
}

/// A word of up to seven bytes as one number: its bytes, and its length in
/// the top byte (so a word ending in a zero byte keys apart from the word
/// without it).
fn short_key(word: &str) -> Option<u64> {
    (word.len() <= 7).then(|| pack_at(word.as_bytes(), 0, word.len()) | (word.len() as u64) << 56)
}

/// A cue found in a run of tokens: its class and how many tokens it spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    pub class: Class,
    pub len: usize,
}

fn split_words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

impl Lexicon {
    pub fn compile(lang: &Language) -> Lexicon {
        let mut lex = Lexicon::default();
        let lists: [(&Vec<String>, Class); 23] = [
            (&lang.negation, Class::NEGATION),
            (&lang.aversion, Class::AVERSION),
            (&lang.conjunctions, Class::CONJUNCTION),
            (&lang.scope_breakers, Class::BREAKER),
            (&lang.valence_verbs, Class::VALENCE),
            (&lang.connectives, Class::CONNECTIVE),
            (&lang.contrast, Class::CONTRAST),
            (&lang.clause_words, Class::CLAUSE),
            (&lang.determiners, Class::DETERMINER),
            (&lang.prepositions, Class::PREPOSITION),
            (&lang.modals, Class::MODAL),
            (&lang.subject_pronouns, Class::PRONOUN),
            (&lang.grader_meta, Class::META),
            (&lang.upper_limits, Class::UPPER_LIMIT),
            (&lang.lower_limits, Class::LOWER_LIMIT),
            (&lang.periods, Class::PERIOD),
            (&lang.rate_words, Class::RATE_WORD),
            (&lang.currencies, Class::CURRENCY),
            (&lang.duration_units, Class::DURATION),
            (&lang.percent_units, Class::PERCENT),
            (&lang.point_units, Class::POINTS),
            (&lang.rejections, Class::REJECTION),
            (&lang.harms, Class::HARM),
        ];
        lex.words
            .reserve(lists.iter().map(|(list, _)| list.len()).sum());
        let mut stems: FxHashMap<String, u32> = FxHashMap::default();
        for (list, class) in lists {
            for entry in list {
                let entry = entry.trim();
                if entry.is_empty() {
                    continue;
                }
                // Several words: a cue, filed under its first word. Most
                // entries are one word and build no list of words.
                if entry.contains(char::is_whitespace) {
                    let mut words = split_words(entry);
                    let first = words.remove(0);
                    lex.phrases
                        .entry(first)
                        .or_default()
                        .push(Phrase { rest: words, class });
                    continue;
                }
                let word = entry.to_ascii_lowercase();
                if word.len() > 1 && word.ends_with('*') {
                    let stem = word.trim_end_matches('*').to_string();
                    *stems.entry(stem).or_default() |= class.0;
                } else {
                    *lex.words.entry(word).or_default() |= class.0;
                }
            }
        }
        lex.stem_key = stems.keys().map(String::len).min().unwrap_or(0).min(8);
        for (stem, class) in stems {
            let key = pack_at(stem.as_bytes(), 0, lex.stem_key);
            lex.stems
                .entry(key)
                .or_default()
                .push((stem.into_boxed_str(), class));
        }
        // Longest phrases first, so "no more than" wins over "no".
        for list in lex.phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        for (word, &bits) in &lex.words {
            if let Some(key) = short_key(word) {
                lex.short.insert(key, (bits, false));
            }
        }
        for first in lex.phrases.keys() {
            if let Some(key) = short_key(first) {
                lex.short.entry(key).or_insert((0, false)).1 = true;
            }
        }
        lex
    }

    /// The single-word classes of a (lower-case) word.
    pub fn word_class(&self, word: &str) -> Class {
        self.look_up(word).0
    }

    /// The single-word classes of a (lower-case) word, and whether some
    /// multi-word cue starts with it.
    pub fn look_up(&self, word: &str) -> (Class, bool) {
        let (bits, opens) = match short_key(word) {
            Some(key) => self.short.get(&key).copied().unwrap_or((0, false)),
            None => (
                self.words.get(word).copied().unwrap_or(0),
                self.phrases.contains_key(word),
            ),
        };
        (Class(bits | self.stem_classes(word)), opens)
    }

    /// The classes of the stems `word` begins with and is longer than.
    fn stem_classes(&self, word: &str) -> u32 {
        let mut bits = 0;
        // A stem counts when the word is longer and begins with it, up to a
        // character boundary; every stem is at least `stem_key` bytes long.
        let bytes = word.as_bytes();
        if !self.stems.is_empty() && bytes.len() > self.stem_key {
            let key = pack_at(bytes, 0, self.stem_key);
            for (stem, class) in self.stems.get(&key).into_iter().flatten() {
                if stem.len() < word.len()
                    && word.is_char_boundary(stem.len())
                    && bytes.starts_with(stem.as_bytes())
                {
                    bits |= class;
                }
            }
        }
        bits
    }

    /// The multi-word cues that start at `words[0]`, longest first.
    pub fn phrases_at<'a>(&'a self, words: &'a [&str]) -> impl Iterator<Item = Cue> + 'a {
        let first = words.first().copied().unwrap_or("");
        self.phrases
            .get(first)
            .into_iter()
            .flatten()
            .filter(move |p| {
                p.rest.len() < words.len() && p.rest.iter().zip(&words[1..]).all(|(a, b)| a == b)
            })
            .map(|p| Cue {
                class: p.class,
                len: p.rest.len() + 1,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::{Class, Lexicon};

    #[test]
    fn an_entry_is_a_word_a_stem_or_a_cue_of_several_words_whatever_its_case_and_spaces() {
        let mut language = crate::rubric::lexicon().language.clone();
        language.periods.extend(
            ["  Wombat ", "quokk*", "*", " No   Sooner than ", "   "]
                .iter()
                .map(|e| e.to_string()),
        );
        let lex = Lexicon::compile(&language);
        assert!(lex.word_class("wombat").has(Class::PERIOD));
        assert!(lex.word_class("quokkas").has(Class::PERIOD));
        assert!(!lex.word_class("quok").has(Class::PERIOD));
        assert!(lex.word_class("*").has(Class::PERIOD));
        assert!(lex.look_up("no").1);
        let cues: Vec<_> = lex.phrases_at(&["no", "sooner", "than", "noon"]).collect();
        assert!(
            cues.iter()
                .any(|c| c.len == 3 && c.class.has(Class::PERIOD)),
            "{cues:?}"
        );
        assert!(!lex.word_class("").has(Class::PERIOD));
    }

    /// The classes the stems of `lex` give `word`, found by trying every
    /// stem in turn: what the keyed look-up must agree with.
    fn stem_classes_one_by_one(lex: &Lexicon, word: &str) -> u32 {
        lex.stems
            .values()
            .flatten()
            .filter(|(stem, _)| {
                word.len() > stem.len()
                    && word.is_char_boundary(stem.len())
                    && word.starts_with(&**stem)
            })
            .fold(0, |bits, (_, class)| bits | class)
    }

    #[test]
    fn a_word_takes_its_own_classes_and_those_of_every_stem_it_begins_with_and_outgrows() {
        let shared = crate::rubric::lexicon().language.clone();
        // Stems shorter than any of the shared lexicon's, one of them with a
        // two-byte letter, so the key gets shorter and splits a character.
        let mut extended = shared.clone();
        extended
            .harms
            .extend(["ov*", "é*", "oé*"].iter().map(|e| e.to_string()));
        let mut words: Vec<String> = [
            "ov",
            "ovx",
            "over",
            "overreach",
            "é",
            "éa",
            "oé",
            "oéx",
            "o",
            "",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for split in ["train", "test"] {
            for entry in std::fs::read_dir(root.join(split)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                words.extend(
                    text.to_ascii_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_string),
                );
            }
        }
        words.sort_unstable();
        words.dedup();
        for language in [&shared, &extended] {
            let lex = Lexicon::compile(language);
            let mut stemmed = 0;
            for word in &words {
                let stems = stem_classes_one_by_one(&lex, word);
                let whole = lex.words.get(word.as_str()).copied().unwrap_or(0);
                assert_eq!(lex.word_class(word).0, whole | stems, "{word:?}");
                let opens = lex.phrases.contains_key(word.as_str());
                assert_eq!(lex.look_up(word).1, opens, "{word:?}");
                stemmed += usize::from(stems != 0);
            }
            assert!(stemmed > 50, "only {stemmed} words met a stem");
        }
        let lex = Lexicon::compile(&extended);
        assert!(lex.word_class("ovx").has(Class::HARM));
        assert!(lex.word_class("éa").has(Class::HARM));
        assert!(!lex.word_class("é").has(Class::HARM));
        assert!(!Lexicon::compile(&shared).word_class("ovx").has(Class::HARM));
    }

    #[test]
    fn harms_take_their_bare_word_and_longer_forms_and_rejections_their_words() {
        let lex = Lexicon::compile(&crate::rubric::lexicon().language);
        for word in [
            "flood",
            "floods",
            "flooding",
            "alienate",
            "alienates",
            "tank",
            "eroding",
        ] {
            assert!(lex.word_class(word).has(Class::HARM), "{word}");
        }
        for word in ["raise", "add", "damag", "floo"] {
            assert!(!lex.word_class(word).has(Class::HARM), "{word}");
        }
        for word in ["mistake", "off", "overkill"] {
            assert!(lex.word_class(word).has(Class::REJECTION), "{word}");
        }
        assert!(!lex.word_class("mistakes").has(Class::REJECTION));
    }
}
