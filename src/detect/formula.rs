//! Metric definitions checked against the real ones.
//!
//! "Precision, i.e. TP / (TP + FN)" names a metric and gives a formula; the
//! formula is read as a fraction of confusion-matrix counts (or a sum of
//! rates) and compared with the definition. A wrong one is a finding for the
//! built-in atom `formula:wrong`.
//!
//! ## Words
//! Lexicon lists: the metrics' names (`metric_recall`, `metric_precision`,
//! `metric_fpr`, `metric_fnr`, `metric_specificity`, `metric_accuracy`,
//! `metric_error_rate`, `metric_f1`), what joins a name to its definition
//! (`definition_words`, `definition_abbreviations`), the counts and rates of
//! a formula (`count_tp`, `count_fp`, `count_tn`, `count_fn`,
//! `summed_rates`), "one minus" a metric (`complement_metrics`,
//! `complement_hedges`, `complement_determiners`, `minus`, and the number one
//! of `numbers`), the signs of a mean (`harmonic_signs`, `mean_signs`,
//! `mean_metrics`) and a share told in words (`share_of`, `actual_positives`,
//! `actual_negatives`, `share_flagged`, `share_fakes`, `share_real`,
//! `share_errors`, `share_everything`). What each metric counts is known
//! here.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::bytes::Regex;

use crate::rubric::lexicon::Lexicon;
use crate::rubric::pattern;
use crate::span::Span;

pub use crate::rubric::compile::WRONG_FORMULA;

/// Counts of the confusion matrix, as a bit set.
const TP: u8 = 1;
const FP: u8 = 2;
const TN: u8 = 4;
const FN: u8 = 8;

/// A metric a definition may name, or one minus which a metric may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    Recall,
    Precision,
    Fpr,
    Fnr,
    Specificity,
    Accuracy,
    ErrorRate,
    F1,
    /// The false discovery rate, one minus precision, which has no name here.
    Fdr,
}

impl Metric {
    /// The right definition: numerator and denominator counts (F1 is no
    /// fraction of counts).
    fn truth(self) -> Option<(u8, u8)> {
        Some(match self {
            Metric::Precision => (TP, TP | FP),
            Metric::Recall => (TP, TP | FN),
            Metric::Fpr => (FP, FP | TN),
            Metric::Fnr => (FN, FN | TP),
            Metric::Specificity => (TN, TN | FP),
            Metric::Accuracy => (TP | TN, TP | TN | FP | FN),
            Metric::ErrorRate => (FP | FN, TP | TN | FP | FN),
            Metric::F1 | Metric::Fdr => return None,
        })
    }

    /// The metric one minus this one is.
    fn complement(self) -> Option<Metric> {
        Some(match self {
            Metric::Recall => Metric::Fnr,
            Metric::Fnr => Metric::Recall,
            Metric::Specificity => Metric::Fpr,
            Metric::Fpr => Metric::Specificity,
            Metric::Precision => Metric::Fdr,
            _ => return None,
        })
    }
}

/// An entry of a lexicon list as the text it is compared with: lower case,
/// its words one space apart.
fn words_of(entry: &str) -> String {
    entry
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The entries of a list, each split into its lower-cased words.
fn phrases_of(list: &[String]) -> Vec<Vec<String>> {
    list.iter()
        .map(|entry| words_of(entry).split(' ').map(str::to_string).collect())
        .filter(|words: &Vec<String>| words.iter().all(|w| !w.is_empty()))
        .collect()
}

/// The entries of a list as regex alternatives, longest first (so "f1
/// score" is tried before "f1"), each with a word boundary on either side
/// where it begins or ends with a letter or digit.
fn alternatives(entries: &[String], bounded: bool) -> Vec<String> {
    let mut entries: Vec<&String> = entries.iter().filter(|e| !e.is_empty()).collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.len()));
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    entries
        .into_iter()
        .map(|e| {
            let mut alt = regex::escape(e);
            if bounded && word(e.chars().next()) {
                alt.insert_str(0, r"\b");
            }
            if bounded && word(e.chars().last()) {
                alt.push_str(r"\b");
            }
            alt
        })
        .collect()
}

/// True when `words` open with the words of `phrase`.
fn opens_with(words: &[&str], phrase: &[String]) -> bool {
    phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| p == w)
}

/// Reads metric definitions with the words of one lexicon; built once per
/// lexicon, on first use (`Lexicon::formulas`).
#[derive(Clone, Debug)]
pub(crate) struct Reader {
    /// Every name of a metric, lower-case, with its metric.
    names: Vec<(String, Metric)>,
    /// A metric named, then a verb or sign of definition, then what it is
    /// said to be (captured); none when the lexicon names no metric.
    definition: Option<String>,
    definition_regex: OnceLock<Regex>,
    openings: OnceLock<Option<AhoCorasick>>,
    /// "one minus" a metric, the metric captured.
    complement: String,
    complement_regex: OnceLock<Regex>,
    counts: Vec<(String, u8)>,
    summed_rates: Vec<String>,
    harmonic_signs: Vec<String>,
    mean_signs: Vec<String>,
    mean_metrics: Vec<String>,
    share_of: Vec<Vec<String>>,
    actual_positives: Vec<Vec<String>>,
    actual_negatives: Vec<Vec<String>>,
    /// What a share may be of, each with the counts of its denominator.
    share_words: Vec<(String, u8)>,
    share_everything: Vec<String>,
}

impl Reader {
    pub(crate) fn new(lexicon: &Lexicon) -> Reader {
        let lower = |list: &[String]| -> Vec<String> { list.iter().map(|e| words_of(e)).collect() };
        // Each list read whole, each entry with what it stands for.
        let tagged = |lists: &[(&[String], u8)]| -> Vec<(String, u8)> {
            lists
                .iter()
                .flat_map(|&(list, bits)| lower(list).into_iter().map(move |w| (w, bits)))
                .collect()
        };
        let names: Vec<(String, Metric)> = [
            (Metric::Recall, lexicon.list("metric_recall")),
            (Metric::Precision, lexicon.list("metric_precision")),
            (Metric::Fpr, lexicon.list("metric_fpr")),
            (Metric::Fnr, lexicon.list("metric_fnr")),
            (Metric::Specificity, lexicon.list("metric_specificity")),
            (Metric::Accuracy, lexicon.list("metric_accuracy")),
            (Metric::ErrorRate, lexicon.list("metric_error_rate")),
            (Metric::F1, lexicon.list("metric_f1")),
        ]
        .into_iter()
        .flat_map(|(metric, list)| lower(list).into_iter().map(move |name| (name, metric)))
        .filter(|(name, _)| !name.is_empty())
        .collect();
        let all_names: Vec<String> = names.iter().map(|(name, _)| name.clone()).collect();
        let definition = (!all_names.is_empty()).then(|| {
            let mut joins = vec!["=".to_string(), ":".to_string()];
            joins.extend(alternatives(&lower(lexicon.list("definition_words")), true));
            let mut held = alternatives(&lower(lexicon.list("definition_abbreviations")), false);
            held.extend([r"[^;\n.]".to_string(), r"\.[0-9]".to_string()]);
            format!(
                r"(?-u)\b({})\b[^;\n.]{{0,30}}?(?:{})\s*((?:{}){{3,60}})",
                alternatives(&all_names, false).join("|"),
                joins.join("|"),
                held.join("|"),
            )
        });
        // Words that may come before what follows them, one space apart.
        let spaced = |list: &[String]| -> String {
            alternatives(&lower(list), false)
                .iter()
                .map(|alt| format!("{alt} "))
                .collect::<Vec<_>>()
                .join("|")
        };
        // The number one in words (the second of the numbers from zero), in
        // digits, or as a hundred per cent.
        let numbers = lower(lexicon.list("numbers"));
        let mut one = alternatives(numbers.get(1..2).unwrap_or_default(), false);
        one.extend(["1".to_string(), "100 ?%".to_string()]);
        let mut minus = alternatives(&lower(lexicon.list("minus")), false);
        minus.push("-".to_string());
        let complement = format!(
            r"(?i-u)^\s*(?:{})?(?:{})\s*(?:{})\s*(?:{})?({})\b",
            spaced(lexicon.list("complement_hedges")),
            one.join("|"),
            minus.join("|"),
            spaced(lexicon.list("complement_determiners")),
            alternatives(&lower(lexicon.list("complement_metrics")), false).join("|"),
        );
        // Signs are read as written, spaces around a word included.
        let signs = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|e| e.to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .collect()
        };
        Reader {
            names,
            definition,
            definition_regex: OnceLock::new(),
            openings: OnceLock::new(),
            complement,
            complement_regex: OnceLock::new(),
            counts: tagged(&[
                (lexicon.list("count_tp"), TP),
                (lexicon.list("count_fp"), FP),
                (lexicon.list("count_tn"), TN),
                (lexicon.list("count_fn"), FN),
            ]),
            summed_rates: lower(lexicon.list("summed_rates")),
            harmonic_signs: signs(lexicon.list("harmonic_signs")),
            mean_signs: signs(lexicon.list("mean_signs")),
            mean_metrics: signs(lexicon.list("mean_metrics")),
            share_of: phrases_of(lexicon.list("share_of")),
            actual_positives: phrases_of(lexicon.list("actual_positives")),
            actual_negatives: phrases_of(lexicon.list("actual_negatives")),
            share_words: tagged(&[
                (lexicon.list("share_flagged"), TP | FP),
                (lexicon.list("share_fakes"), TP | FN),
                (lexicon.list("share_real"), FP | TN),
                (lexicon.list("share_errors"), FP | FN),
            ]),
            share_everything: lower(lexicon.list("share_everything")),
        }
    }

    fn definition_regex(&self, pattern: &str) -> &Regex {
        self.definition_regex
            .get_or_init(|| Regex::new(pattern).expect("the definition pattern compiles"))
    }

    /// Whether `lower` holds a place a definition can begin: one of the words
    /// every match of the definition pattern opens with. Until an answer that
    /// may hold one comes, the definition pattern is not compiled; once it
    /// is, its own search is as quick as this check, which is then skipped.
    fn may_define(&self, pattern: &str, lower: &[u8]) -> bool {
        self.definition_regex.get().is_some() || self.opens_a_definition(pattern, lower)
    }

    /// Whether `lower` holds one of the words every definition opens with.
    fn opens_a_definition(&self, pattern: &str, lower: &[u8]) -> bool {
        self.openings
            .get_or_init(|| {
                let hir = pattern::parse(pattern, false).ok()?;
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(pattern::prefix_literals(&hir)?)
                    .ok()
            })
            .as_ref()
            .is_none_or(|openings| openings.is_match(lower))
    }

    fn complement_regex(&self) -> &Regex {
        self.complement_regex
            .get_or_init(|| Regex::new(&self.complement).expect("the complement pattern compiles"))
    }

    /// The metric a (lower-case) name names.
    fn metric(&self, name: &str) -> Option<Metric> {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, metric)| metric)
    }

    /// The right definition of the metric a name names.
    fn truth(&self, name: &str) -> Option<(u8, u8)> {
        self.metric(name).and_then(Metric::truth)
    }

    fn count(&self, word: &str) -> Option<u8> {
        self.counts
            .iter()
            .find(|(w, _)| w == word)
            .map(|&(_, bits)| bits)
    }

    fn rate(&self, word: &str) -> bool {
        self.summed_rates.iter().any(|r| r == word)
    }

    /// What a share is a share of, read from the words after "share of" (or
    /// "how many of", "out of", "divided by"): the videos flagged (predicted
    /// positives), the fakes (actual positives), the real videos (actual
    /// negatives) or the errors (false positives and false negatives, the
    /// denominator of no rate).
    fn share_of(&self, words: &[&str]) -> Option<u8> {
        let (at, len) = (0..words.len()).find_map(|i| {
            self.share_of
                .iter()
                .find(|phrase| opens_with(&words[i..], phrase))
                .map(|phrase| (i, phrase.len()))
        })?;
        let rest = &words[at + len..];
        // "divided by the total number of videos uploaded": every video, the
        // denominator of accuracy alone; a more specific word wins.
        let mut everything = false;
        for (i, w) in rest.iter().take(6).enumerate() {
            // "actual positives" are the fakes, "actual negatives" the real videos.
            if self
                .actual_positives
                .iter()
                .any(|p| opens_with(&rest[i..], p))
            {
                return Some(TP | FN);
            }
            if self
                .actual_negatives
                .iter()
                .any(|p| opens_with(&rest[i..], p))
            {
                return Some(FP | TN);
            }
            if let Some(&(_, bits)) = self.share_words.iter().find(|(s, _)| s == w) {
                return Some(bits);
            }
            if self.share_everything.iter().any(|s| s == w) {
                everything = true;
            }
        }
        everything.then_some(TP | FP | TN | FN)
    }

    fn read(&self, rhs: &str) -> Option<Formula> {
        let lower = rhs.to_ascii_lowercase();
        if let Some(caps) = self.complement_regex().captures(lower.as_bytes()) {
            let rate = String::from_utf8_lossy(&caps[1]).to_string();
            return self
                .metric(&words_of(&rate))
                .and_then(Metric::complement)
                .map(Formula::Complement);
        }
        if self
            .harmonic_signs
            .iter()
            .any(|s| lower.contains(s.as_str()))
        {
            return Some(Formula::Harmonic);
        }
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '+'))
            .filter(|w| !w.is_empty())
            .collect();
        if self.mean_signs.iter().any(|s| lower.contains(s.as_str()))
            && self.mean_metrics.iter().all(|m| lower.contains(m.as_str()))
        {
            return Some(Formula::PlainMean);
        }
        if !words.iter().any(|w| self.count(w).is_some()) {
            if let Some(den) = self.share_of(&words) {
                return Some(Formula::Share(den));
            }
        }
        // Tokens: counts, '+', '/'.
        let mut tokens: Vec<String> = Vec::new();
        for w in &words {
            let mut piece = String::new();
            for c in w.chars() {
                if c == '/' || c == '+' {
                    if !piece.is_empty() {
                        tokens.push(std::mem::take(&mut piece));
                    }
                    tokens.push(c.to_string());
                } else {
                    piece.push(c);
                }
            }
            if !piece.is_empty() {
                tokens.push(piece);
            }
        }
        // The formula starts at its first count or rate ("precision, i.e. TP / ...").
        let first = tokens
            .iter()
            .position(|t| self.count(t).is_some())
            .or_else(|| tokens.iter().position(|t| self.rate(t)))?;
        let significant: Vec<&str> = tokens[first..]
            .iter()
            .map(String::as_str)
            .take_while(|t| self.count(t).is_some() || self.rate(t) || *t == "/" || *t == "+")
            .collect();
        if significant.len() < 3 {
            return None;
        }
        if significant.iter().any(|t| self.rate(t)) {
            let plus = significant.contains(&"+") && !significant.contains(&"/");
            return plus.then_some(Formula::RateSum);
        }
        let slash = significant.iter().position(|t| *t == "/");
        let sum = |part: &[&str]| -> Option<u8> {
            let mut bits = 0;
            let mut expect_count = true;
            for t in part {
                if expect_count {
                    bits |= self.count(t)?;
                } else if *t != "+" {
                    return None;
                }
                expect_count = !expect_count;
            }
            (!expect_count).then_some(bits)
        };
        match slash {
            Some(i) => Some(Formula::Fraction(
                sum(&significant[..i])?,
                sum(&significant[i + 1..])?,
            )),
            None => Some(Formula::Fraction(sum(&significant)?, 0)),
        }
    }

    /// Spans (of `lower`, the lower-cased normalized text) of wrong metric
    /// definitions.
    fn find_wrong(&self, lower: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let Some(pattern) = &self.definition else {
            return out;
        };
        if !self.may_define(pattern, lower.as_bytes()) {
            return out;
        }
        for caps in self
            .definition_regex(pattern)
            .captures_iter(lower.as_bytes())
        {
            let (Some(all), Some(name), Some(rhs)) = (caps.get(0), caps.get(1), caps.get(2)) else {
                continue;
            };
            let mut name = String::from_utf8_lossy(name.as_bytes()).to_ascii_lowercase();
            let rhs_text = String::from_utf8_lossy(rhs.as_bytes()).to_string();
            // "X is precision, i.e. TP / (TP + FN)": the formula defines the metric
            // named right before it.
            let words: Vec<&str> = rhs_text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let has_count = words
                .iter()
                .any(|w| self.count(&w.to_ascii_lowercase()).is_some());
            let lead: Vec<&str> = words
                .iter()
                .copied()
                .take_while(|w| self.count(&w.to_ascii_lowercase()).is_none())
                .filter(|w| self.truth(&w.to_ascii_lowercase()).is_some())
                .collect();
            if let Some(inner) = lead.last().filter(|_| has_count) {
                name = inner.to_ascii_lowercase();
            }
            // A denominator told in words can run past the matched text ("... divided
            // by all the positives we predicted"): read on to the end of the clause.
            let tail = &lower.as_bytes()[rhs.end()..];
            let more = tail
                .iter()
                .take(40)
                .position(|&b| matches!(b, b';' | b'\n' | b'.'))
                .unwrap_or(tail.len().min(40));
            let rhs_text =
                String::from_utf8_lossy(&lower.as_bytes()[rhs.start()..rhs.end() + more]);
            let Some(formula) = self.read(&rhs_text) else {
                continue;
            };
            let Some(metric) = self.metric(&words_of(&name)) else {
                continue;
            };
            let truth = metric.truth();
            let wrong = match formula {
                // Accuracy is no average of precision and recall either.
                Formula::PlainMean => matches!(metric, Metric::F1 | Metric::Accuracy),
                Formula::Harmonic => false,
                Formula::Complement(c) => truth.is_some() && metric != c,
                // Accuracy is a share of everything; only the three-part
                // denominators can be told apart in words.
                Formula::Share(den) => {
                    truth.is_some_and(|(_, right)| metric != Metric::Accuracy && right != den)
                }
                Formula::RateSum => metric == Metric::Accuracy,
                Formula::Fraction(num, den) => truth.is_some_and(|right| (num, den) != right),
            };
            if wrong {
                let (mut start, mut end) = (all.start(), all.end());
                while !lower.is_char_boundary(start) {
                    start -= 1;
                }
                while !lower.is_char_boundary(end) {
                    end += 1;
                }
                out.push(Span::new(start, end));
            }
        }
        out
    }
}

/// What a right-hand side says, when it can be read.
enum Formula {
    /// counts over counts
    Fraction(u8, u8),
    /// a sum of rates, such as TPR + FPR
    RateSum,
    /// an arithmetic average or sum of precision and recall
    PlainMean,
    /// the harmonic mean, written out or named
    Harmonic,
    /// "one minus recall": the complement of a named rate
    Complement(Metric),
    /// "the share of all the deepfakes that ...": a rate told in words by
    /// what it is a share of
    Share(u8),
}

/// Spans (of `lower`, the lower-cased normalized text) of wrong metric
/// definitions, read with the words of `lexicon`.
pub fn find_wrong(lower: &str, lexicon: &Lexicon) -> Vec<Span> {
    lexicon.formulas().find_wrong(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::compile(&crate::rubric::lexicon().language)
    }

    fn find_wrong(lower: &str) -> Vec<Span> {
        super::find_wrong(lower, &lexicon())
    }

    #[test]
    fn only_an_answer_naming_a_metric_is_searched_for_definitions() {
        let reader = Reader::new(&lexicon());
        let pattern = reader.definition.clone().unwrap();
        assert!(reader.opens_a_definition(&pattern, b"so precision is tp / (tp + fn)"));
        assert!(reader.opens_a_definition(&pattern, b"the f1 score means the mean"));
        assert!(!reader.opens_a_definition(&pattern, b"we ship the model on friday"));
        assert!(find_wrong("we ship the model on friday").is_empty());
    }

    fn wrong(text: &str) -> bool {
        !find_wrong(&text.to_ascii_lowercase()).is_empty()
    }

    #[test]
    fn a_rate_over_everything_uploaded_is_wrong_unless_it_is_accuracy() {
        assert!(wrong(
            "Precision, which I'd define as true positives divided by the total number of videos uploaded."
        ));
        assert!(wrong(
            "Recall is the share of all uploads that the detector catches."
        ));
        assert!(!wrong(
            "Accuracy is the share of all uploads that the detector labels correctly."
        ));
        assert!(!wrong(
            "Precision is the share of all the videos we flagged that really are fakes."
        ));
    }

    #[test]
    fn a_definition_ends_with_its_sentence() {
        assert!(wrong(
            "Accuracy = TP / (TP + FP) = 3,760 / 4,000 = 94 %. Recall = 3,760 / 4,000 = 94 %."
        ));
        let found = find_wrong(&"Accuracy = TP / (TP + FP). Recall is fine.".to_ascii_lowercase());
        assert!(found.iter().all(|s| s.end <= 26), "{found:?}");
    }

    #[test]
    fn the_error_rate_is_not_one_minus_recall_but_the_miss_rate_is() {
        assert!(wrong("The error rate, which is simply 1 - recall, is 4 %."));
        assert!(!wrong("The miss rate is 1 - recall."));
        assert!(wrong("The miss rate is TP / (TP + FP)."));
        assert!(wrong(
            "I'd watch precision, meaning the share of all fakes on the platform that we catch."
        ));
    }

    #[test]
    fn wrong_fractions_are_found() {
        assert!(wrong("Detection rate is precision, i.e. TP / (TP + FN)."));
        assert!(wrong("Precision = TP/(TP+FN)"));
        assert!(wrong("the false positive rate is FP / (FP + FN)"));
        assert!(wrong("Recall: TP / (TP + FP)"));
    }

    #[test]
    fn right_fractions_are_not() {
        assert!(!wrong("Precision = TP / (TP + FP)"));
        assert!(!wrong("recall is TP/(TP+FN)"));
        assert!(!wrong("FPR = FP / (FP + TN)"));
        assert!(!wrong("accuracy = (TP + TN) / (TP + TN + FP + FN)"));
    }

    #[test]
    fn sums_of_rates_and_plain_means() {
        assert!(wrong("Accuracy is TPR + FPR, so higher is better."));
        assert!(wrong("F1 is the average of precision and recall."));
        assert!(!wrong("F1 is the harmonic mean of precision and recall."));
        assert!(wrong("F1 is just precision plus recall divided by two."));
        assert!(!wrong(
            "F1 is 2 \u{d7} precision \u{d7} recall divided by precision plus recall."
        ));
    }

    #[test]
    fn complements_of_the_wrong_rate_are_found() {
        assert!(wrong(
            "FPR is just one minus recall, so I'd compute recall per group."
        ));
        assert!(wrong("precision = 1 - recall"));
        assert!(!wrong("The FNR is one minus recall."));
        assert!(!wrong("FPR = 1 - specificity"));
    }

    #[test]
    fn shares_told_in_words_are_checked_against_their_denominator() {
        assert!(wrong(
            "Precision is the share of all the deepfakes on the platform that the detector catches."
        ));
        assert!(wrong(
            "Recall is the share of flagged videos that really are fake."
        ));
        assert!(!wrong(
            "Precision is the share of flagged videos that really are fake."
        ));
        assert!(!wrong(
            "Recall is the share of all deepfakes that we catch."
        ));
        assert!(!wrong(
            "The false positive rate is the share of real videos we flag."
        ));
    }

    #[test]
    fn shares_asked_as_how_many_of_or_out_of_are_checked_too() {
        assert!(wrong(
            "Precision tells us how many of the deepfakes on the platform we catch."
        ));
        assert!(wrong(
            "Recall measures how many of the videos we flag are really fake."
        ));
        assert!(!wrong(
            "Recall measures how many of the deepfakes uploaded we catch."
        ));
        assert!(!wrong(
            "Precision is how many of the videos we flag are really fake."
        ));
        assert!(wrong(
            "The false positive rate is the share of our errors that are wrongful removals."
        ));
        assert!(wrong(
            "Accuracy is the sum of precision and recall, so both should go up."
        ));
    }

    #[test]
    fn counts_divided_by_a_denominator_told_in_words_are_checked() {
        assert!(wrong(
            "Recall is the number of true positives divided by all the positives we predicted."
        ));
        assert!(wrong(
            "Precision is true positives divided by all actual positives."
        ));
        assert!(!wrong(
            "Recall is true positives divided by all actual positives."
        ));
        assert!(!wrong(
            "Precision is the true positives divided by everything we flagged."
        ));
    }

    #[test]
    fn a_name_the_lexicon_gives_a_metric_is_checked_as_that_metric() {
        let text = "the catch rate is tp / (tp + fp)";
        assert!(find_wrong(text).is_empty());
        let mut language = crate::rubric::lexicon().language.clone();
        language
            .list_mut("metric_recall")
            .push("catch rate".to_string());
        let lex = Lexicon::compile(&language);
        assert!(!super::find_wrong(text, &lex).is_empty());
        assert!(super::find_wrong("the catch rate is tp / (tp + fn)", &lex).is_empty());
    }

    #[test]
    fn prose_after_is_is_not_a_formula() {
        assert!(!wrong(
            "Precision is what the review team cares about most."
        ));
    }
}
