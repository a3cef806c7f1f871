//! Rubric files as written: TOML read strictly (unknown fields are errors).
//!
//! The shapes here are data only; [`super::compile`] validates them and builds
//! the matchers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The three ratings of the signed axis, ordered technical-only < neutral < policy-impact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    TechnicalOnly,
    Neutral,
    PolicyImpact,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::TechnicalOnly, Rating::Neutral, Rating::PolicyImpact];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::TechnicalOnly => "technical-only",
            Rating::Neutral => "neutral",
            Rating::PolicyImpact => "policy-impact",
        }
    }

    /// Position on the ordered scale (0, 1, 2).
    pub fn rank(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Rating {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Rating {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rating::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown rating `{s}` (expected technical-only, neutral or policy-impact)")
            })
    }
}

/// The shared word lists (`rubrics/lexicon.toml`): language the engine needs
/// whatever the rubric, plus term sets every rubric may name.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    pub language: Language,
    #[serde(default)]
    pub terms: BTreeMap<String, TermSet>,
    /// Named regular expressions every rubric may use as atoms.
    #[serde(default)]
    pub patterns: BTreeMap<String, String>,
}

/// Closed-class words and cues (`[language]`): one list per word class, keyed
/// by the name of the class. The engine asks the compiled lexicon for a class
/// by its name ([`Lexicon::class`](super::lexicon::Lexicon::class)), so a new
/// list is a change of data only; a name no list has is a class without
/// words. What each list is for is said beside it in `rubrics/lexicon.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(try_from = "BTreeMap<String, Vec<String>>")]
pub struct Language(BTreeMap<String, Vec<String>>);

impl Language {
    /// The most lists `[language]` may hold: one bit of a token's classes each.
    pub const MAX_LISTS: usize = 128;

    /// The list named `name`, as written; empty when there is none.
    pub fn list(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every list, by name in alphabetical order.
    pub fn lists(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0
            .iter()
            .map(|(name, list)| (name.as_str(), list.as_slice()))
    }

    /// The list named `name`, made empty first when there is none (for tests
    /// that try a word more).
    pub fn list_mut(&mut self, name: &str) -> &mut Vec<String> {
        self.0.entry(name.to_string()).or_default()
    }
}

impl TryFrom<BTreeMap<String, Vec<String>>> for Language {
    type Error = String;

    fn try_from(lists: BTreeMap<String, Vec<String>>) -> Result<Self, Self::Error> {
        if lists.len() > Language::MAX_LISTS {
            return Err(format!(
                "language: {} lists, at most {} (one bit of a token's classes each)",
                lists.len(),
                Language::MAX_LISTS
            ));
        }
        if let Some(name) = lists.keys().find(|name| {
            !name.starts_with(|c: char| c.is_ascii_lowercase())
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        }) {
            return Err(format!(
                "language.{name}: a list's name must be lower-case letters, digits or `_`, \
                 opening with a letter"
            ));
        }
        Ok(Language(lists))
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// A family of words and phrases. `any` entries are phrases (a trailing `*`
/// matches any word ending) or `@name` to include another set; `exclude`
/// phrases cancel a match they overlap.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermSet {
    pub any: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// Where the parts of an `all` rule must meet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[default]
    Sentence,
    Block,
    Answer,
}

/// One way an element or anti-pattern is detected. Atoms name a term set, a
/// pattern (`re:name`) or a quantity (`q:money`, `q:percent,points`,
/// `q:count+bound`, `q:any`); `a|b` means either.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleSpec {
    /// Any one atom in a sentence.
    Any {
        any: Vec<String>,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        negatable: bool,
    },
    /// Every atom within one scope, and none of `none` there.
    All {
        all: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        none: Vec<String>,
        #[serde(default)]
        scope: Scope,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        negatable: bool,
    },
    /// A table whose rows name each of `rows` and whose cells carry `cost`.
    Table {
        rows: Vec<String>,
        cost: Vec<String>,
    },
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElementSpec {
    pub id: Spanned<String>,
    pub title: String,
    pub weight: Spanned<f64>,
    /// What counts, in one sentence.
    pub summary: String,
    /// Shown when the element is missing.
    pub feedback: String,
    /// A rewrite hint shown with the feedback.
    pub hint: String,
    /// An example sentence that earns the element.
    #[serde(default)]
    pub example: String,
    pub rules: Vec<RuleSpec>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AntiPatternSpec {
    pub id: Spanned<String>,
    pub title: String,
    /// Negative points when the anti-pattern is found.
    pub points: Spanned<f64>,
    pub summary: String,
    pub feedback: String,
    #[serde(default)]
    pub example: String,
    pub rules: Vec<RuleSpec>,
    /// Element ids or atoms that cancel the anti-pattern when found in `unless_scope`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_scope: Scope,
    /// When found, the score can be no higher than this: a risk-blind proposal
    /// outweighs whatever else the answer says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<f64>,
}

/// The pull towards technical-only: sentences of engineering talk that carry no
/// product anchor.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TechnicalSpec {
    pub summary: String,
    pub feedback: String,
    pub any: Vec<Spanned<String>>,
    pub points_per_sentence: f64,
    /// The most negative total pull.
    pub max: f64,
    /// Element ids whose presence in the same sentence cancels the pull there.
    pub unless: Vec<Spanned<String>>,
    /// Extra pull when none of `unless` is found anywhere in the answer.
    #[serde(default)]
    pub unanchored: f64,
    /// Atoms that void the pull in their sentence: a benchmark figure quoted
    /// only to be doubted ("96 % could mean almost anything") is not rested on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BonusRule {
    /// A connective links a `from` element to a `to` element in one sentence.
    Link {
        from: Vec<String>,
        to: Vec<String>,
        /// An atom that, opening the next sentence of the same paragraph,
        /// carries the link across the full stop: "... goes to a reviewer.
        /// That way fewer people get fooled."
        #[serde(default, skip_serializing_if = "Option::is_none")]
        carry: Option<String>,
    },
    /// All the elements are found within one scope.
    Chain {
        elements: Vec<String>,
        #[serde(default = "block_scope")]
        scope: Scope,
    },
    /// "not X, but Y" where Y holds one of the elements.
    Contrast { to: Vec<String> },
}

fn block_scope() -> Scope {
    Scope::Block
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BonusSpec {
    pub id: Spanned<String>,
    pub title: String,
    pub points: f64,
    pub summary: String,
    pub when: BonusRule,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    pub rating: Rating,
    /// The framework's own name for the band.
    pub label: String,
    /// Inclusive lower bound.
    pub min: Spanned<f64>,
    /// Exclusive upper bound (inclusive at 100).
    pub max: Spanned<f64>,
    #[serde(default)]
    pub summary: String,
    /// Elements an answer must hold to be rated in this band: without them
    /// the score stops just below the band.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub name: String,
    pub text: String,
    pub rating: Rating,
    #[serde(default)]
    pub elements: Vec<String>,
    #[serde(default)]
    pub anti_patterns: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    pub id: Spanned<String>,
    pub title: String,
    pub version: String,
    pub description: String,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub terms: BTreeMap<String, TermSet>,
    /// Named regular expressions, used as atoms `re:name`.
    #[serde(default)]
    pub patterns: BTreeMap<String, Spanned<String>>,
    pub elements: Vec<ElementSpec>,
    #[serde(default)]
    pub anti_patterns: Vec<AntiPatternSpec>,
    #[serde(default)]
    pub technical: Option<TechnicalSpec>,
    #[serde(default)]
    pub bonuses: Vec<BonusSpec>,
    pub bands: Vec<BandSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}
