//! Quantities: numbers with a unit, and whether they carry a rate or a limit.
//!
//! Works on tokens, so digits and words read alike: `12 %`, `0.5%`, `0.3 pp`,
//! `$5k`, `$4,500`, `5 k`, `2k/day`, `2 k items per day`, `48 hours`,
//! `1 in 10,000`, "five thousand dollars a week", "half a percent".
//!
//! ## Words
//! Lexicon lists: numbers in words (`numbers`, `tens`, `hundreds`,
//! `thousands`, `millions`, `billions`, `half`, `dozen`, `number_articles`,
//! `number_joiners`), endings written onto digits (`point_suffixes`,
//! `duration_suffixes`, `non_quantity_suffixes`), units (`percent_units`,
//! `point_units`, `currencies`, `duration_units`, `machine_time_units`),
//! ratios, rates and limits (`ratio_prepositions`, `ratio_determiners`,
//! `rate_prepositions`, `period_determiners`, `periods`, `rate_words`,
//! `counting_prepositions`, `upper_limits`, `lower_limits`, `limit_fillers`)
//! and the function words, which are no unit.

use crate::rubric::compile::unit;
use crate::rubric::lexicon::{Class, Lexicon};
use crate::span::Span;

use super::cues::TokenInfo;

/// Which way a limit bounds a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// below, under, at most, cap, target
    Upper,
    /// above, at least, more than
    Lower,
}

/// A number with a unit found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub norm: Span,
    pub value: f64,
    /// One of the bits of [`unit`](mod@crate::rubric::compile::unit).
    pub unit: u8,
    /// A rate: per day, a week, /day, daily, per 10k removals.
    pub rate: bool,
    pub limit: Option<Limit>,
    pub sentence: usize,
}

impl Quantity {
    /// A rate or a limit makes a quantity a target rather than a bare figure.
    pub fn bounded(&self) -> bool {
        self.rate || self.limit.is_some()
    }
}

/// The words quantities are read with (see the module's list), taken from the
/// lexicon once per answer.
#[derive(Clone, Copy, Debug)]
pub struct Words<'l> {
    lexicon: &'l Lexicon,
    /// Zero to nineteen, and twenty to ninety, in order.
    numbers: &'l [String],
    tens: &'l [String],
    number: Class,
    ten: Class,
    hundred: Class,
    thousand: Class,
    million: Class,
    billion: Class,
    half: Class,
    dozen: Class,
    number_article: Class,
    number_joiner: Class,
    /// Every word a number in words may open with.
    opens_number: Class,
    point_suffix: Class,
    duration_suffix: Class,
    non_quantity_suffix: Class,
    percent: Class,
    points: Class,
    currency: Class,
    duration: Class,
    machine_time: Class,
    ratio_preposition: Class,
    ratio_determiner: Class,
    rate_preposition: Class,
    period_determiner: Class,
    period: Class,
    rate_word: Class,
    counting_preposition: Class,
    upper_limit: Class,
    lower_limit: Class,
    limit_filler: Class,
    function: Class,
}

impl<'l> Words<'l> {
    pub fn of(lexicon: &'l Lexicon) -> Words<'l> {
        let class = |name| lexicon.class(name);
        let (number, ten, half, dozen) = (
            class("numbers"),
            class("tens"),
            class("half"),
            class("dozen"),
        );
        let number_article = class("number_articles");
        Words {
            lexicon,
            numbers: lexicon.list("numbers"),
            tens: lexicon.list("tens"),
            number,
            ten,
            hundred: class("hundreds"),
            thousand: class("thousands"),
            million: class("millions"),
            billion: class("billions"),
            half,
            dozen,
            number_article,
            number_joiner: class("number_joiners"),
            opens_number: number | ten | half | dozen | number_article,
            point_suffix: class("point_suffixes"),
            duration_suffix: class("duration_suffixes"),
            non_quantity_suffix: class("non_quantity_suffixes"),
            percent: class("percent_units"),
            points: class("point_units"),
            currency: class("currencies"),
            duration: class("duration_units"),
            machine_time: class("machine_time_units"),
            ratio_preposition: class("ratio_prepositions"),
            ratio_determiner: class("ratio_determiners"),
            rate_preposition: class("rate_prepositions"),
            period_determiner: class("period_determiners"),
            period: class("periods"),
            rate_word: class("rate_words"),
            counting_preposition: class("counting_prepositions"),
            upper_limit: class("upper_limits"),
            lower_limit: class("lower_limits"),
            limit_filler: class("limit_fillers"),
            function: lexicon.function_words(),
        }
    }

    /// The value of a number word below a hundred; `class` is the word's.
    fn small_number(&self, word: &str, class: Class) -> Option<f64> {
        let place = |list: &[String]| {
            list.iter()
                .position(|w| w.trim().eq_ignore_ascii_case(word))
        };
        if class.has(self.number) {
            place(self.numbers).map(|i| i as f64)
        } else if class.has(self.ten) {
            place(self.tens).map(|i| 20.0 + 10.0 * i as f64)
        } else {
            None
        }
    }

    /// The multiplier a word of `class` stands for ("thousand", "k").
    fn scale(&self, class: Class) -> Option<f64> {
        if class.has(self.hundred) {
            Some(100.0)
        } else if class.has(self.thousand) {
            Some(1e3)
        } else if class.has(self.million) {
            Some(1e6)
        } else if class.has(self.billion) {
            Some(1e9)
        } else {
            None
        }
    }

    /// The denominator of a ratio after "in": "10,000", "every 200", "five
    /// hundred", "every two hundred". The number of tokens it uses.
    /// `classes` are the words' classes.
    fn ratio_denominator(&self, words: &[&str], classes: &[Class]) -> Option<usize> {
        let skip = usize::from(
            classes
                .first()
                .is_some_and(|c| c.has(self.ratio_determiner)),
        );
        let rest = words.get(skip..)?;
        if rest.first().and_then(|w| digit_number(w)).is_some() {
            return Some(skip + 1);
        }
        self.word_number(rest, &classes[skip..])
            .filter(|&(v, _)| v >= 2.0)
            .map(|(_, used)| skip + used)
    }

    /// Whether `word` (of `class`) can open a number: a digit, a point or a
    /// comma opens one in digits ([`digit_number`]); a number in words
    /// ([`Words::word_number`]) opens with one of the words of the number
    /// lists. Most words fail this on their first byte and their classes,
    /// before any comparison.
    fn may_open_number(&self, word: &str, class: Class) -> bool {
        matches!(word.as_bytes(), [b'0'..=b'9' | b'.' | b',', ..]) || class.has(self.opens_number)
    }

    /// A number written in words from `words[0]`: value and tokens used.
    /// `classes` are the words' classes.
    fn word_number(&self, words: &[&str], classes: &[Class]) -> Option<(f64, usize)> {
        let class = |i: usize| classes.get(i).copied().unwrap_or_default();
        let mut i = 0;
        let (mut total, mut current, mut any) = (0.0, 0.0, false);
        if !words.is_empty() {
            let (first, next) = (class(0), class(1));
            let next_word = words.len() > 1;
            if first.has(self.half) {
                let skip = if next_word && next.has(self.number_article) {
                    2
                } else {
                    1
                };
                return Some((0.5, skip));
            }
            if first.has(self.number_article)
                && next_word
                && matches!(self.scale(next), Some(s) if s >= 100.0)
            {
                current = 1.0;
                any = true;
                i = 1;
            } else if first.has(self.number_article) && next_word && next.has(self.dozen) {
                return Some((12.0, 2));
            } else if first.has(self.dozen) {
                return Some((12.0, 1));
            }
        }
        while let Some(word) = words.get(i) {
            let c = class(i);
            if let Some(v) = self.small_number(word, c) {
                current += v;
                any = true;
            } else if c.has(self.hundred) && any {
                current = current.max(1.0) * 100.0;
            } else if let Some(s) = self.scale(c).filter(|s| *s >= 1e3 && word.len() > 2) {
                if !any {
                    break;
                }
                total += current.max(1.0) * s;
                current = 0.0;
            } else if c.has(self.number_joiner)
                && any
                && words
                    .get(i + 1)
                    .and_then(|w| self.small_number(w, class(i + 1)))
                    .is_some()
            {
                // "one hundred and fifty"
            } else {
                break;
            }
            i += 1;
        }
        any.then_some((total + current, i))
    }
}

/// One to three digits: the lead group of a number whose thousands are set
/// off by a space.
fn thousands_lead(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly three digits: a group of thousands after a space.
fn thousands_group(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit())
}

/// A number written in digits: value and the letters glued after it.
fn digit_number(token: &str) -> Option<(f64, &str)> {
    let end = token
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(token.len(), |(i, _)| i);
    let (digits, suffix) = token.split_at(end);
    let digits = digits.trim_end_matches(['.', ',']);
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Thousands separators are dropped; most numbers have none to drop.
    let value: f64 = if digits.contains(',') {
        digits.replace(',', "").parse().ok()?
    } else {
        digits.parse().ok()?
    };
    Some((value, suffix))
}

/// Finds the quantities of one sentence. `words` are its lower-cased tokens and
/// `first` the index of its first token in `info`.
pub fn find(
    words: &[&str],
    spans: &[Span],
    info: &TokenInfo,
    w: &Words<'_>,
    first: usize,
    sentence: usize,
) -> Vec<Quantity> {
    let classes = &info.classes[first..first + words.len()];
    let class = |i: usize| classes[i];
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let start = i;
        let mut j = i;
        let mut currency = false;
        if class(j).has(w.currency) && j + 1 < words.len() {
            currency = true;
            j += 1;
        }
        if !w.may_open_number(words[j], class(j)) {
            i += 1;
            continue;
        }
        let (mut value, mut k, suffix) = match digit_number(words[j]) {
            Some((v, suffix)) => (v, j + 1, suffix),
            None => match w.word_number(&words[j..], &classes[j..]) {
                Some((v, used)) => (v, j + used, ""),
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        // Thousands set off by a space, as French and many other writers do:
        // "300 000 par jour", "50 000 vues".
        if suffix.is_empty() && k == j + 1 {
            if let Some(rest) = words.get(k).filter(|w| thousands_group(w)) {
                if thousands_lead(words[j]) {
                    value = value * 1000.0 + rest.parse::<f64>().unwrap_or(0.0);
                    k += 1;
                }
            }
        }
        let mut unit_bits = 0u8;
        if !suffix.is_empty() {
            let ending = w.lexicon.word_class(suffix);
            if ending.has(w.point_suffix) {
                unit_bits = unit::POINTS;
            } else if ending.has(w.duration_suffix) {
                unit_bits = unit::DURATION;
            } else if ending.has(w.non_quantity_suffix) {
                i = k;
                continue;
            } else {
                match w.scale(ending) {
                    Some(s) => value *= s,
                    None if suffix.starts_with('%') => unit_bits = unit::PERCENT,
                    None => {
                        i = k;
                        continue;
                    }
                }
            }
        }
        // A separate multiplier: "5 k", "five thousand".
        if unit_bits == 0 {
            if let Some(s) = classes.get(k).and_then(|c| w.scale(*c)) {
                if s >= 1e3 {
                    value *= s;
                    k += 1;
                }
            }
        }
        if unit_bits == 0 && classes.get(k).is_some_and(|c| c.has(w.machine_time)) {
            i = k + 1;
            continue;
        }
        // The unit.
        if unit_bits == 0 {
            if let Some(len) = (k < words.len())
                .then(|| info.starts(first + k, w.percent))
                .flatten()
            {
                unit_bits = unit::PERCENT;
                k += len;
            } else if let Some(len) = (k < words.len())
                .then(|| info.starts(first + k, w.points))
                .flatten()
            {
                unit_bits = unit::POINTS;
                k += len;
            } else if k < words.len() && class(k).has(w.currency) {
                unit_bits = unit::MONEY;
                k += 1;
            } else if k < words.len() && class(k).has(w.duration) {
                unit_bits = unit::DURATION;
                k += 1;
            } else if let Some(used) = w
                .ratio_denominator(
                    words.get(k + 1..).unwrap_or_default(),
                    classes.get(k + 1..).unwrap_or_default(),
                )
                .filter(|_| classes.get(k).is_some_and(|c| c.has(w.ratio_preposition)))
            {
                // "1 in 10,000", "one in every two hundred".
                unit_bits = unit::RATIO;
                k += 1 + used;
                if classes.get(k).and_then(|c| w.scale(*c)).is_some() {
                    k += 1;
                }
            } else if k < words.len() {
                let c = class(k);
                let word = words[k];
                if !c.has(w.function) && word.chars().next().is_some_and(char::is_alphabetic) {
                    unit_bits = unit::COUNT;
                    k += 1;
                }
            }
        }
        if currency {
            unit_bits = unit::MONEY;
        }
        if unit_bits == unit::COUNT && k < words.len() && class_is(info, first, k, w.currency) {
            unit_bits = unit::MONEY;
            k += 1;
        }
        // A rate after the unit: the index after the rate that starts at `r`.
        let rate_at = |r: usize| -> Option<usize> {
            let word = *words.get(r)?;
            if word == "/" && r + 1 < words.len() {
                Some(r + 2)
            } else if class(r).has(w.rate_preposition) && r + 1 < words.len() {
                let digits = digit_number(words[r + 1]).is_some() && r + 2 < words.len();
                Some(r + 2 + usize::from(digits))
            } else if class(r).has(w.period_determiner)
                && r + 1 < words.len()
                && class(r + 1).has(w.period)
            {
                Some(r + 2)
            } else if class(r).has(w.rate_word) {
                Some(r + 1)
            } else {
                None
            }
        };
        let mut r = k;
        let mut rate = false;
        if let Some(after) = rate_at(k) {
            rate = true;
            r = after;
        } else if unit_bits == unit::COUNT
            && k < words.len()
            && class(k).has(w.counting_preposition)
        {
            // Or after a short phrase saying what is counted: "50,000 views
            // of fakes a day", "300 appeals from creators per week". The
            // span stops at the unit, so that what is counted stays outside
            // it for the rules that pair a quantity with a measured thing.
            for (m, word) in words.iter().enumerate().take(k + 5).skip(k + 1) {
                if rate_at(m).is_some() {
                    rate = true;
                    break;
                }
                if !word.chars().next().is_some_and(char::is_alphabetic) {
                    break;
                }
            }
        } else if unit_bits == unit::COUNT {
            // Or after the rest of a noun phrase whose first word was taken
            // as the unit: "1,200 wrongful removals a week", "300 fake
            // celebrity ads per day". The span stops at the unit here too.
            for (m, word) in words.iter().enumerate().skip(k).take(2) {
                let content = word.chars().next().is_some_and(char::is_alphabetic)
                    && !class(m).has(w.function);
                if !content {
                    break;
                }
                if rate_at(m + 1).is_some() {
                    rate = true;
                    break;
                }
            }
        }
        if unit_bits == 0 {
            if !rate {
                i = k.max(i + 1);
                continue;
            }
            // "2k/day": a number with a rate counts something.
            unit_bits = unit::COUNT;
        }
        // Or a rate word just before: "a daily queue of 2k items".
        if !rate {
            rate = (start.saturating_sub(4)..start)
                .any(|b| class(b).has(w.rate_word) && !class(b).has(w.rate_preposition));
        }
        // A limit just before: "under $4k", "at most 0.5 %", "capped at 2k".
        let mut limit = None;
        for b in (start.saturating_sub(3)..start).rev() {
            let c = class(b);
            let ends_here = |cls: Class| {
                c.has(cls)
                    || info
                        .cues_ending_at(first + b)
                        .any(|(_, cue)| cue.class.has(cls))
            };
            if ends_here(w.upper_limit) {
                limit = Some(Limit::Upper);
                break;
            }
            if ends_here(w.lower_limit) {
                limit = Some(Limit::Lower);
                break;
            }
            if !c.has(w.limit_filler) {
                break;
            }
        }
        let end = r.max(k).min(words.len()) - 1;
        out.push(Quantity {
            norm: Span::new(spans[start].start, spans[end].end),
            value,
            unit: unit_bits,
            rate,
            limit,
            sentence,
        });
        i = r.max(k).max(i + 1);
    }
    out
}

fn class_is(info: &TokenInfo, first: usize, k: usize, class: Class) -> bool {
    info.classes.get(first + k).is_some_and(|c| c.has(class))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric;
    use crate::text::{Document, Format};

    fn lexicon() -> Lexicon {
        Lexicon::compile(&rubric::lexicon().language)
    }

    /// A number in words from `words[0]`, each word classed by the lexicon.
    fn word_number(lex: &Lexicon, words: &[&str]) -> Option<(f64, usize)> {
        let classes: Vec<Class> = words.iter().map(|w| lex.word_class(w)).collect();
        Words::of(lex).word_number(words, &classes)
    }

    fn small_number(lex: &Lexicon, word: &str) -> Option<f64> {
        Words::of(lex).small_number(word, lex.word_class(word))
    }

    #[test]
    fn every_word_that_opens_a_number_passes_the_gate() {
        // Every token of every sample, every number word, and words around
        // them: whatever `digit_number` or `word_number` reads as the start
        // of a number, in any of the contexts that let a word open one, the
        // gate lets through.
        let lex = lexicon();
        let gate = Words::of(&lex);
        let mut words: Vec<String> = [
            "half",
            "a",
            "an",
            "dozen",
            "zero",
            "seventeen",
            "ninety",
            "hundred",
            "thousand",
            "and",
            "k",
            ".5",
            ",5",
            "1,000",
            "3.2m",
            "40%",
            "x",
            "é",
            "",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for dir in ["samples/train", "samples/test"] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let doc = Document::new(&text, Format::Markdown);
                let lower = doc.norm.text.to_ascii_lowercase();
                words.extend(doc.tokens.iter().map(|t| t.norm.slice(&lower).to_string()));
            }
        }
        words.sort_unstable();
        words.dedup();
        let mut opened = 0;
        for w in &words {
            let opens = digit_number(w).is_some()
                || ["", "hundred", "thousand", "dozen", "one"]
                    .iter()
                    .any(|next| word_number(&lex, &[w.as_str(), next]).is_some());
            if opens {
                opened += 1;
                assert!(
                    gate.may_open_number(w, lex.word_class(w)),
                    "`{w}` opens a number but fails the gate"
                );
            }
        }
        assert!(opened > 100, "only {opened} words open a number");
        for word in ["block", "review", "the"] {
            assert!(!gate.may_open_number(word, lex.word_class(word)), "{word}");
        }
    }

    fn quantities(text: &str) -> Vec<(String, f64, u8, bool, Option<Limit>)> {
        let r = rubric::load("policy-impact").unwrap();
        let doc = Document::new(text, Format::Plain);
        let lower = doc.norm.text.to_ascii_lowercase();
        let info = super::super::cues::classify(&doc, &lower, &r.lexicon);
        let mut out = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let tokens = &doc.tokens[s.tokens.clone()];
            let words: Vec<&str> = tokens.iter().map(|t| t.norm.slice(&lower)).collect();
            let spans: Vec<Span> = tokens.iter().map(|t| t.norm).collect();
            for q in find(
                &words,
                &spans,
                &info,
                &Words::of(&r.lexicon),
                s.tokens.start,
                si,
            ) {
                let orig = doc.original(q.norm);
                out.push((
                    orig.slice(text).to_string(),
                    q.value,
                    q.unit,
                    q.rate,
                    q.limit,
                ));
            }
        }
        out
    }

    fn one(text: &str) -> (String, f64, u8, bool, Option<Limit>) {
        let all = quantities(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn number_words_below_a_hundred_have_their_values() {
        let lex = lexicon();
        let units = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        for (value, word) in units.iter().enumerate() {
            assert_eq!(small_number(&lex, word), Some(value as f64), "{word}");
        }
        let tens = [
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        for (i, word) in tens.iter().enumerate() {
            assert_eq!(
                small_number(&lex, word),
                Some((i as f64 + 2.0) * 10.0),
                "{word}"
            );
        }
        for word in ["", "hundred", "fourty", "tens", "One", "nineteens"] {
            assert_eq!(small_number(&lex, word), None, "{word}");
        }
        assert_eq!(
            word_number(&lex, &["twenty", "five", "thousand"]),
            Some((25_000.0, 3))
        );
    }

    #[test]
    fn thousands_set_off_by_a_space_are_one_number() {
        let q = one("environ 300 000 vues par jour");
        assert_eq!((q.1, q.2, q.3), (300000.0, unit::COUNT, true));
        let q = one("avec 400 appels par semaine");
        assert_eq!((q.1, q.3), (400.0, true));
        let q = one("sous 50 000 vues");
        assert_eq!((q.1, q.4), (50000.0, Some(Limit::Upper)));
        assert_eq!(one("in 2 000 cases a week").1, 2000.0);
        // A group of four digits is another number.
        assert_eq!(one("about 12 2026 cases").1, 2026.0);
    }

    #[test]
    fn percent_and_points_in_every_spelling() {
        assert_eq!(one("a rate of 12 % overall").2, unit::PERCENT);
        let q = one("keep it below 0.5% please");
        assert_eq!((q.1, q.2, q.4), (0.5, unit::PERCENT, Some(Limit::Upper)));
        assert_eq!(one("a drop of 0.3 pp this week").2, unit::POINTS);
        assert_eq!(one("a drop of 0.3pp this week").2, unit::POINTS);
        let q = one("we can tolerate half a percent of errors");
        assert_eq!((q.1, q.2), (0.5, unit::PERCENT));
    }

    #[test]
    fn money_with_multipliers_and_rates() {
        let q = one("it costs $5k");
        assert_eq!((q.1, q.2), (5000.0, unit::MONEY));
        assert_eq!(one("it costs $4,500 in review").1, 4500.0);
        let q = one("under $4,500/wk of reviewer time");
        assert_eq!(
            (q.1, q.2, q.3, q.4),
            (4500.0, unit::MONEY, true, Some(Limit::Upper))
        );
        let q = one("about five thousand dollars a week goes to appeals");
        assert_eq!((q.1, q.2, q.3), (5000.0, unit::MONEY, true));
        assert_eq!(q.0, "five thousand dollars a week");
    }

    #[test]
    fn counts_need_a_noun_and_rates_read_per_day() {
        let q = one("a queue of 2k/day");
        assert_eq!((q.1, q.3), (2000.0, true));
        let q = one("a queue of 2 k items per day");
        assert_eq!((q.1, q.2, q.3), (2000.0, unit::COUNT, true));
        assert_eq!(q.0, "2 k items per day");
        let q = one("we have 5 k reviewers");
        assert_eq!((q.1, q.2, q.3), (5000.0, unit::COUNT, false));
        assert!(quantities("step 3 of the plan").is_empty());
    }

    #[test]
    fn a_rate_may_follow_what_is_counted() {
        let q = one("about 50,000 views of fakes a day");
        assert_eq!((q.1, q.2, q.3), (50000.0, unit::COUNT, true));
        assert_eq!(q.0, "50,000 views");
        let q = one("300 appeals from creators per week");
        assert!(q.3);
        let q = one("40 reviews of the policy, then a day off");
        assert!(!q.3);
    }

    #[test]
    fn a_rate_may_follow_an_adjective_and_its_noun() {
        for text in [
            "1,200 wrongful removals a week",
            "300 fake celebrity ads per day",
            "twelve hundred wrongful removals weekly",
        ] {
            let q = one(text);
            assert!(q.3, "{text}");
            assert_eq!(q.2, unit::COUNT, "{text}");
        }
        let q = one("40 careful reviewers, then a day off");
        assert!(!q.3);
    }

    #[test]
    fn durations_and_ratios() {
        let q = one("we have 48 hours to decide");
        assert_eq!((q.1, q.2), (48.0, unit::DURATION));
        let q = one("roughly 1 in 10,000 uploads");
        assert_eq!(q.2, unit::RATIO);
        assert_eq!(q.0, "1 in 10,000");
    }

    #[test]
    fn ratios_in_words_read_like_ratios_in_digits() {
        let q = one("under one in every two hundred uploads");
        assert_eq!(q.2, unit::RATIO);
        let q = one("about 1 in 500 uploads");
        assert_eq!(q.2, unit::RATIO);
        let q = one("one in five hundred uploads");
        assert_eq!(q.2, unit::RATIO);
    }

    #[test]
    fn milliseconds_of_latency_are_not_quantities_of_the_problem() {
        assert!(quantities("p95 latency 41ms").is_empty());
        assert!(quantities("p95 latency 41 ms").is_empty());
        let q = one("each review takes 90s");
        assert_eq!(q.2, unit::DURATION);
    }

    #[test]
    fn ordinals_and_years_are_not_quantities() {
        assert!(quantities("the 3rd option").is_empty());
        assert!(quantities("in 2024 we").is_empty());
    }
}
