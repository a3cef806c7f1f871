//! The compiled shared language: closed word classes looked up per token, and
//! multi-word cues matched as token sequences.
//!
//! Every `[language]` list of the lexicon is a class, named as the list is:
//! the engine asks for a class by that name ([`Lexicon::class`]), or for the
//! list itself where it reads its words in order or as text
//! ([`Lexicon::list`]). A new list needs no change here.

use std::ops::{BitOr, BitOrAssign};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::phrase_index::pack_at;
use super::schema::Language;
use crate::detect::formula;

/// Word classes a token can belong to (a bit set, one bit per `[language]`
/// list, given out when the lexicon is compiled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Class(u128);

impl Class {
    /// No class at all.
    pub const NONE: Class = Class(0);

    /// True when the two share a class.
    pub fn has(self, other: Class) -> bool {
        self.0 & other.0 != 0
    }
}

impl BitOr for Class {
    type Output = Class;

    fn bitor(self, other: Class) -> Class {
        Class(self.0 | other.0)
    }
}

impl BitOrAssign for Class {
    fn bitor_assign(&mut self, other: Class) {
        self.0 |= other.0;
    }
}

/// A multi-word cue: the words after the first, and its classes.
#[derive(Clone, Debug)]
struct Phrase {
    rest: Vec<String>,
    class: Class,
}

/// The shared language, compiled once per run.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// The lists as written, by name.
    language: Language,
    /// Each list's class, by the list's name.
    classes: FxHashMap<String, Class>,
    words: FxHashMap<String, Class>,
    /// Word stems written with a trailing `*`, with their classes, filed
    /// under their first [`Lexicon::stem_key`] bytes packed into a number: a
    /// word is looked up once for every stem it may begin with, where a
    /// look-up per stem length took one per length (seven in the shared
    /// lexicon).
    stems: FxHashMap<u64, Vec<(Box<str>, Class)>>,
    /// The length of the shortest stem, at most eight.
    stem_key: usize,
    phrases: FxHashMap<String, Vec<Phrase>>,
    /// Every word of up to seven bytes that `words` or `phrases` holds, keyed
    /// by [`short_key`]: its classes, and whether a cue opens with it. One
    /// look-up of a number answers both for most words of an answer; longer
    /// words are looked up in `words` and `phrases`.
    short: FxHashMap<u64, (Class, bool)>,
    /// The reader of metric definitions, built from these words when an
    /// answer first needs it (its patterns take a while to compile).
    formulas: OnceLock<formula::Reader>,
}

/// A word of up to seven bytes as one number: its bytes, and its length in
/// the top byte (so a word ending in a zero byte keys apart from the word
/// without it).
fn short_key(word: &str) -> Option<u64> {
    (word.len() <= 7).then(|| pack_at(word.as_bytes(), 0, word.len()) | (word.len() as u64) << 56)
}

/// A cue found in a run of tokens: its classes and how many tokens it spans.
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
        let mut lex = Lexicon {
            language: lang.clone(),
            ..Lexicon::default()
        };
        lex.words
            .reserve(lang.lists().map(|(_, list)| list.len()).sum());
        let mut stems: FxHashMap<String, Class> = FxHashMap::default();
        // One bit per list, in the order of the lists' names (the schema
        // allows no more lists than a class has bits).
        for (bit, (name, list)) in lang.lists().enumerate() {
            let class = Class(1 << bit);
            lex.classes.insert(name.to_string(), class);
            for entry in list {
                let entry = entry.trim();
                if entry.is_empty() {
                    continue;
                }
                // Several words: a cue, filed under its first word (once,
                // with the classes of every list that names it). Most entries
                // are one word and build no list of words.
                if entry.contains(char::is_whitespace) {
                    let mut words = split_words(entry);
                    let first = words.remove(0);
                    let cues = lex.phrases.entry(first).or_default();
                    match cues.iter_mut().find(|p| p.rest == words) {
                        Some(same) => same.class |= class,
                        None => cues.push(Phrase { rest: words, class }),
                    }
                    continue;
                }
                let word = entry.to_ascii_lowercase();
                if word.len() > 1 && word.ends_with('*') {
                    let stem = word.trim_end_matches('*').to_string();
                    *stems.entry(stem).or_default() |= class;
                } else {
                    *lex.words.entry(word).or_default() |= class;
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
        for (word, &class) in &lex.words {
            if let Some(key) = short_key(word) {
                lex.short.insert(key, (class, false));
            }
        }
        for first in lex.phrases.keys() {
            if let Some(key) = short_key(first) {
                lex.short.entry(key).or_insert((Class::NONE, false)).1 = true;
            }
        }
        lex
    }

    /// The class of the `[language]` list `name`; no class when the lexicon
    /// has no such list.
    pub fn class(&self, name: &str) -> Class {
        self.classes.get(name).copied().unwrap_or(Class::NONE)
    }

    /// The `[language]` list `name` as written, for readers that take its
    /// words in order or as text rather than per token; empty when there is
    /// none.
    pub fn list(&self, name: &str) -> &[String] {
        self.language.list(name)
    }

    /// Closed-class words that neither carry a claim nor start a verb phrase:
    /// determiners, prepositions, modals, pronouns, conjunctions, scope
    /// breakers and negations.
    pub fn function_words(&self) -> Class {
        self.class("determiners")
            | self.class("prepositions")
            | self.class("modals")
            | self.class("subject_pronouns")
            | self.class("conjunctions")
            | self.class("scope_breakers")
            | self.class("negation")
    }

    /// The reader of metric definitions, built on first use.
    pub(crate) fn formulas(&self) -> &formula::Reader {
        self.formulas.get_or_init(|| formula::Reader::new(self))
    }

    /// The single-word classes of a (lower-case) word.
    pub fn word_class(&self, word: &str) -> Class {
        self.look_up(word).0
    }

    /// The single-word classes of a (lower-case) word, and whether some
    /// multi-word cue starts with it.
    pub fn look_up(&self, word: &str) -> (Class, bool) {
        let (class, opens) = match short_key(word) {
            Some(key) => self
                .short
                .get(&key)
                .copied()
                .unwrap_or((Class::NONE, false)),
            None => (
                self.words.get(word).copied().unwrap_or(Class::NONE),
                self.phrases.contains_key(word),
            ),
        };
        (class | self.stem_classes(word), opens)
    }

    /// The classes of the stems `word` begins with and is longer than.
    fn stem_classes(&self, word: &str) -> Class {
        let mut class = Class::NONE;
        // A stem counts when the word is longer and begins with it, up to a
        // character boundary; every stem is at least `stem_key` bytes long.
        let bytes = word.as_bytes();
        if !self.stems.is_empty() && bytes.len() > self.stem_key {
            let key = pack_at(bytes, 0, self.stem_key);
            for (stem, stem_class) in self.stems.get(&key).into_iter().flatten() {
                if stem.len() < word.len()
                    && word.is_char_boundary(stem.len())
                    && bytes.starts_with(stem.as_bytes())
                {
                    class |= *stem_class;
                }
            }
        }
        class
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
        language.list_mut("periods").extend(
            ["  Wombat ", "quokk*", "*", " No   Sooner than ", "   "]
                .iter()
                .map(|e| e.to_string()),
        );
        let lex = Lexicon::compile(&language);
        let period = lex.class("periods");
        assert!(lex.word_class("wombat").has(period));
        assert!(lex.word_class("quokkas").has(period));
        assert!(!lex.word_class("quok").has(period));
        assert!(lex.word_class("*").has(period));
        assert!(lex.look_up("no").1);
        let cues: Vec<_> = lex.phrases_at(&["no", "sooner", "than", "noon"]).collect();
        assert!(
            cues.iter().any(|c| c.len == 3 && c.class.has(period)),
            "{cues:?}"
        );
        assert!(!lex.word_class("").has(period));
    }

    #[test]
    fn a_phrase_several_lists_name_is_one_cue_with_the_class_of_each() {
        let mut language = crate::rubric::lexicon().language.clone();
        language
            .list_mut("periods")
            .push("wombat season".to_string());
        language
            .list_mut("harms")
            .push(" Wombat   season ".to_string());
        let lex = Lexicon::compile(&language);
        let cues: Vec<_> = lex.phrases_at(&["wombat", "season"]).collect();
        assert_eq!(cues.len(), 1, "{cues:?}");
        assert!(cues[0].class.has(lex.class("periods")));
        assert!(cues[0].class.has(lex.class("harms")));
    }

    #[test]
    fn every_list_is_a_class_of_its_own_up_to_the_last_bit() {
        use crate::rubric::compile::parse_toml;
        use crate::rubric::schema::{Language, LexiconFile};
        let lists: String = (0..Language::MAX_LISTS)
            .map(|i| format!("l{i:03} = [\"w{i}\", \"shared\"]\n"))
            .collect();
        let file: LexiconFile = parse_toml("x.toml", &format!("[language]\n{lists}")).unwrap();
        let lex = Lexicon::compile(&file.language);
        let last = lex.class(&format!("l{:03}", Language::MAX_LISTS - 1));
        assert!(lex.word_class("w127").has(last));
        assert!(!lex.word_class("w126").has(last));
        let every = (0..Language::MAX_LISTS)
            .map(|i| lex.class(&format!("l{i:03}")))
            .fold(Class::NONE, |all, class| {
                assert!(!all.has(class), "two lists share a bit");
                all | class
            });
        assert_eq!(lex.word_class("shared"), every);
        assert_eq!(lex.class("no_such_list"), Class::NONE);
        // One list more, or a name that is no identifier, fails at load.
        let more = format!("[language]\n{lists}l999 = [\"w\"]\n");
        let err = parse_toml::<LexiconFile>("x.toml", &more).unwrap_err();
        assert!(err.message.contains("at most 128"), "{err:?}");
        let err =
            parse_toml::<LexiconFile>("x.toml", "[language]\n\"Big Words\" = []\n").unwrap_err();
        assert!(err.message.contains("language.Big Words"), "{err:?}");
    }

    /// The classes the stems of `lex` give `word`, found by trying every
    /// stem in turn: what the keyed look-up must agree with.
    fn stem_classes_one_by_one(lex: &Lexicon, word: &str) -> Class {
        lex.stems
            .values()
            .flatten()
            .filter(|(stem, _)| {
                word.len() > stem.len()
                    && word.is_char_boundary(stem.len())
                    && word.starts_with(&**stem)
            })
            .fold(Class::NONE, |bits, (_, class)| bits | *class)
    }

    #[test]
    fn a_word_takes_its_own_classes_and_those_of_every_stem_it_begins_with_and_outgrows() {
        let shared = crate::rubric::lexicon().language.clone();
        // Stems shorter than any of the shared lexicon's, one of them with a
        // two-byte letter, so the key gets shorter and splits a character.
        let mut extended = shared.clone();
        extended
            .list_mut("harms")
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
                let whole = lex.words.get(word.as_str()).copied().unwrap_or_default();
                assert_eq!(lex.word_class(word), whole | stems, "{word:?}");
                let opens = lex.phrases.contains_key(word.as_str());
                assert_eq!(lex.look_up(word).1, opens, "{word:?}");
                stemmed += usize::from(stems != Class::NONE);
            }
            assert!(stemmed > 50, "only {stemmed} words met a stem");
        }
        let lex = Lexicon::compile(&extended);
        let harm = lex.class("harms");
        assert!(lex.word_class("ovx").has(harm));
        assert!(lex.word_class("éa").has(harm));
        assert!(!lex.word_class("é").has(harm));
        let shared = Lexicon::compile(&shared);
        assert!(!shared.word_class("ovx").has(shared.class("harms")));
    }

    #[test]
    fn harms_take_their_bare_word_and_longer_forms_and_rejections_their_words() {
        let lex = Lexicon::compile(&crate::rubric::lexicon().language);
        let (harm, rejection) = (lex.class("harms"), lex.class("rejections"));
        for word in [
            "flood",
            "floods",
            "flooding",
            "alienate",
            "alienates",
            "tank",
            "eroding",
        ] {
            assert!(lex.word_class(word).has(harm), "{word}");
        }
        for word in ["raise", "add", "damag", "floo"] {
            assert!(!lex.word_class(word).has(harm), "{word}");
        }
        for word in ["mistake", "off", "overkill"] {
            assert!(lex.word_class(word).has(rejection), "{word}");
        }
        assert!(!lex.word_class("mistakes").has(rejection));
    }
}
