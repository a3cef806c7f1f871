//! Metric definitions checked against the real ones.
//!
//! "Precision, i.e. TP / (TP + FN)" names a metric and gives a formula; the
//! formula is read as a fraction of confusion-matrix counts (or a sum of
//! rates) and compared with the definition. A wrong one is a finding for the
//! built-in atom `formula:wrong`.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::bytes::Regex;

use crate::rubric::pattern;
use crate::span::Span;

pub use crate::rubric::compile::WRONG_FORMULA;

/// Counts of the confusion matrix, as a bit set.
const TP: u8 = 1;
const FP: u8 = 2;
const TN: u8 = 4;
const FN: u8 = 8;

/// A metric named, then a verb or sign of definition, then what it is said
/// to be (captured).
const DEFINITION: &str = r"(?-u)\b(precision|recall|tpr|true positive rate|sensitivity|detection rate|fpr|false positive rate|fnr|false negative rate|miss rate|error rate|specificity|tnr|true negative rate|accuracy|f1(?: score)?)\b[^;\n.]{0,30}?(?:=|\bis\b|\bequals\b|:|\bas\b|\bmeans\b|\bmeaning\b|\bmeasures\b|\btells (?:us|you)\b|\bi\.e\.)\s*((?:i\.e\.|e\.g\.|[^;\n.]|\.[0-9]){3,60})";

static DEFINITION_REGEX: OnceLock<Regex> = OnceLock::new();

fn definition_regex() -> &'static Regex {
    DEFINITION_REGEX
        .get_or_init(|| Regex::new(DEFINITION).expect("the definition pattern compiles"))
}

/// Whether `lower` holds a place a definition can begin: one of the words
/// every match of [`DEFINITION`] opens with. Until an answer that may hold
/// one comes, the definition pattern is not compiled; once it is, its own
/// search is as quick as this check, which is then skipped.
fn may_define(lower: &[u8]) -> bool {
    DEFINITION_REGEX.get().is_some() || opens_a_definition(lower)
}

/// Whether `lower` holds one of the words every definition opens with.
fn opens_a_definition(lower: &[u8]) -> bool {
    static OPENINGS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    OPENINGS
        .get_or_init(|| {
            let hir = pattern::parse(DEFINITION, false).ok()?;
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(pattern::prefix_literals(&hir)?)
                .ok()
        })
        .as_ref()
        .is_none_or(|openings| openings.is_match(lower))
}

/// The right definition of a metric: numerator and denominator counts.
fn truth(metric: &str) -> Option<(u8, u8)> {
    Some(match metric {
        "precision" => (TP, TP | FP),
        "recall" | "tpr" | "true positive rate" | "sensitivity" | "detection rate" => (TP, TP | FN),
        "fpr" | "false positive rate" => (FP, FP | TN),
        "fnr" | "false negative rate" => (FN, FN | TP),
        "specificity" | "tnr" | "true negative rate" => (TN, TN | FP),
        "accuracy" => (TP | TN, TP | TN | FP | FN),
        "miss rate" => (FN, FN | TP),
        "error rate" => (FP | FN, TP | TN | FP | FN),
        _ => return None,
    })
}

fn count(word: &str) -> Option<u8> {
    Some(match word {
        "tp" | "tps" => TP,
        "fp" | "fps" => FP,
        "tn" | "tns" => TN,
        "fn" | "fns" => FN,
        _ => return None,
    })
}

fn rate(word: &str) -> bool {
    matches!(word, "tpr" | "fpr" | "tnr" | "fnr" | "precision" | "recall")
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
    Complement(&'static str),
    /// "the share of all the deepfakes that ...": a rate told in words by
    /// what it is a share of
    Share(u8),
}

/// The rate one minus `rate` is, when it is a named one.
fn complement(rate: &str) -> Option<&'static str> {
    Some(match rate {
        "recall" | "tpr" | "sensitivity" | "true positive rate" => "fnr",
        "fnr" | "false negative rate" => "recall",
        "specificity" | "tnr" | "true negative rate" => "fpr",
        "fpr" | "false positive rate" => "specificity",
        // One minus precision is the false discovery rate, which has no name here.
        "precision" => "fdr",
        _ => return None,
    })
}

fn complement_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i-u)^\s*(?:just |simply |basically |the same as |equal to )?(?:one|1|100 ?%)\s*(?:minus|-)\s*(?:the |its )?(recall|precision|tpr|fpr|fnr|tnr|specificity|sensitivity|true positive rate|false positive rate|false negative rate|true negative rate)\b",
        )
        .expect("the complement pattern compiles")
    })
}

/// What a share is a share of, read from the words after "share of" (or
/// "how many of", "out of", "divided by"): the videos flagged (predicted
/// positives), the fakes (actual positives), the real videos (actual
/// negatives) or the errors (false positives and false negatives, the
/// denominator of no rate).
fn share_of(words: &[&str]) -> Option<u8> {
    let at = words.windows(2).position(|w| {
        (matches!(
            w[0],
            "share"
                | "fraction"
                | "proportion"
                | "percentage"
                | "portion"
                | "percent"
                | "many"
                | "out"
        ) && w[1] == "of")
            || (w[0] == "divided" && w[1] == "by")
    })?;
    let rest = &words[at + 2..];
    // "divided by the total number of videos uploaded": every video, the
    // denominator of accuracy alone; a more specific word wins.
    let mut everything = false;
    for (i, w) in rest.iter().take(6).enumerate() {
        // "actual positives" are the fakes, "actual negatives" the real videos.
        match (*w, rest.get(i + 1).copied()) {
            ("actual" | "real" | "true", Some("positives")) => return Some(TP | FN),
            ("actual" | "real" | "true", Some("negatives")) => return Some(FP | TN),
            _ => {}
        }
        match *w {
            "flagged" | "flags" | "flag" | "removed" | "removals" | "detections"
            | "predictions" | "predicted" | "alerts" | "caught" | "actioned" | "takedowns" => {
                return Some(TP | FP)
            }
            "deepfakes" | "fakes" | "fake" | "synthetic" | "manipulated" => return Some(TP | FN),
            "real" | "authentic" | "genuine" | "legitimate" => return Some(FP | TN),
            "errors" | "mistakes" => return Some(FP | FN),
            "total" | "all" | "everything" | "uploaded" | "uploads" | "traffic" | "posted" => {
                everything = true
            }
            _ => {}
        }
    }
    everything.then_some(TP | FP | TN | FN)
}

fn read(rhs: &str) -> Option<Formula> {
    let lower = rhs.to_ascii_lowercase();
    if let Some(caps) = complement_regex().captures(lower.as_bytes()) {
        let rate = String::from_utf8_lossy(&caps[1]).to_string();
        return complement(&rate).map(Formula::Complement);
    }
    if lower.contains("harmonic")
        || lower.contains("2pr")
        || lower.contains("2 * p")
        || lower.contains("2*p")
        || lower.contains('\u{d7}')
        || lower.contains(" times ")
        || lower.contains("product of")
    {
        return Some(Formula::Harmonic);
    }
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '+'))
        .filter(|w| !w.is_empty())
        .collect();
    if (lower.contains("average")
        || lower.contains("mean")
        || lower.contains("sum")
        || lower.contains(" plus ")
        || lower.contains("divided by two")
        || lower.contains("divided by 2"))
        && lower.contains("precision")
        && lower.contains("recall")
    {
        return Some(Formula::PlainMean);
    }
    if !words.iter().any(|w| count(w).is_some()) {
        if let Some(den) = share_of(&words) {
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
        .position(|t| count(t).is_some())
        .or_else(|| tokens.iter().position(|t| rate(t)))?;
    let significant: Vec<&str> = tokens[first..]
        .iter()
        .map(String::as_str)
        .take_while(|t| count(t).is_some() || rate(t) || *t == "/" || *t == "+")
        .collect();
    if significant.len() < 3 {
        return None;
    }
    if significant.iter().any(|t| rate(t)) {
        let plus = significant.contains(&"+") && !significant.contains(&"/");
        return plus.then_some(Formula::RateSum);
    }
    let slash = significant.iter().position(|t| *t == "/");
    let sum = |part: &[&str]| -> Option<u8> {
        let mut bits = 0;
        let mut expect_count = true;
        for t in part {
            if expect_count {
                bits |= count(t)?;
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

/// Spans (of `lower`, the lower-cased normalized text) of wrong metric definitions.
pub fn find_wrong(lower: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if !may_define(lower.as_bytes()) {
        return out;
    }
    for caps in definition_regex().captures_iter(lower.as_bytes()) {
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
            .any(|w| count(&w.to_ascii_lowercase()).is_some());
        let lead: Vec<&str> = words
            .iter()
            .copied()
            .take_while(|w| count(&w.to_ascii_lowercase()).is_none())
            .filter(|w| truth(&w.to_ascii_lowercase()).is_some())
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
        let rhs_text = String::from_utf8_lossy(&lower.as_bytes()[rhs.start()..rhs.end() + more]);
        let Some(formula) = read(&rhs_text) else {
            continue;
        };
        let wrong = match (name.as_str(), formula) {
            // Accuracy is no average of precision and recall either.
            (n, Formula::PlainMean) => n.starts_with("f1") || n == "accuracy",
            (_, Formula::Harmonic) => false,
            (n, Formula::Complement(c)) => {
                let n = match n {
                    "tpr" | "sensitivity" | "true positive rate" | "detection rate" => "recall",
                    "false positive rate" => "fpr",
                    "false negative rate" | "miss rate" => "fnr",
                    "tnr" | "true negative rate" => "specificity",
                    other => other,
                };
                truth(n).is_some() && n != c
            }
            (n, Formula::Share(den)) => truth(n).is_some_and(|(_, right)| {
                // Accuracy is a share of everything; only the three-part
                // denominators can be told apart in words.
                n != "accuracy" && right != den
            }),
            ("accuracy", Formula::RateSum) => true,
            (_, Formula::RateSum) => false,
            (n, Formula::Fraction(num, den)) => match truth(n) {
                Some(right) => (num, den) != right,
                None => false,
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_answer_naming_a_metric_is_searched_for_definitions() {
        assert!(opens_a_definition(b"so precision is tp / (tp + fn)"));
        assert!(opens_a_definition(b"the f1 score means the mean"));
        assert!(!opens_a_definition(b"we ship the model on friday"));
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
    fn prose_after_is_is_not_a_formula() {
        assert!(!wrong(
            "Precision is what the review team cares about most."
        ));
    }
}
