//! Validation and compilation: a [`RubricFile`] becomes a [`Rubric`] with an
//! index of every phrase of every term set, its named patterns parsed and
//! resolved references. Every error names the file, line, column and field.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rustc_hash::FxHashMap;
use toml::Spanned;

use super::facts::{needs_case_folding, Facts};
use super::lexicon::Lexicon;
use super::pattern::{Named, PatternSet};
use super::phrase_index::PhraseIndex;
use super::schema::*;
use crate::source::LineIndex;
use crate::text::normalize_str;

/// Limits that keep an untrusted rubric from exhausting memory or time.
pub const MAX_PHRASES: usize = 20_000;
pub const MAX_PATTERNS: usize = 200;
pub use super::facts::{REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT};
pub const MAX_RUBRIC_BYTES: usize = 4 << 20;

/// A rubric that could not be loaded, located in its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RubricError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Units a quantity can carry (a bit set).
pub mod unit {
    pub const PERCENT: u8 = 1;
    pub const POINTS: u8 = 1 << 1;
    pub const MONEY: u8 = 1 << 2;
    pub const COUNT: u8 = 1 << 3;
    pub const DURATION: u8 = 1 << 4;
    pub const RATIO: u8 = 1 << 5;
    pub const ANY: u8 = 0b11_1111;

    pub fn parse(name: &str) -> Option<u8> {
        Some(match name {
            "percent" => PERCENT,
            "points" => POINTS,
            "money" => MONEY,
            "count" => COUNT,
            "duration" => DURATION,
            "ratio" => RATIO,
            "any" => ANY,
            _ => return None,
        })
    }
}

/// The built-in atom for a wrong metric definition, found by the formula
/// detector rather than by a phrase or a pattern.
pub const WRONG_FORMULA: &str = "formula:wrong";

/// Index of a term set or named pattern.
pub type SetId = usize;

/// One alternative of an atom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alt {
    Set(SetId),
    /// A quantity with one of `units`; `bounded` asks for a rate or a limit.
    Quantity {
        units: u8,
        bounded: bool,
    },
}

/// A thing to find: any of its alternatives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    pub alts: Vec<Alt>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub enum Rule {
    Any {
        atom: Atom,
        negatable: bool,
    },
    All {
        atoms: Vec<Atom>,
        /// Atoms whose presence in the scope voids the rule.
        none: Vec<Atom>,
        scope: Scope,
        negatable: bool,
    },
    Table {
        rows: Vec<Atom>,
        cost: Atom,
    },
}

#[derive(Clone, Debug)]
pub struct Element {
    pub id: String,
    pub title: String,
    pub weight: f64,
    pub summary: String,
    pub feedback: String,
    pub hint: String,
    pub example: String,
    pub rules: Vec<Rule>,
}

/// What cancels an anti-pattern: an element, an atom, or an element found
/// in a sentence that also holds an atom (`"cost_of_error&error_fp"`: a cost
/// of error that prices the false positives).
#[derive(Clone, Debug)]
pub enum Unless {
    Element(usize),
    Atom(Atom),
    ElementWith(usize, Atom),
}

#[derive(Clone, Debug)]
pub struct AntiPattern {
    pub id: String,
    pub title: String,
    pub points: f64,
    pub summary: String,
    pub feedback: String,
    pub example: String,
    pub rules: Vec<Rule>,
    pub unless: Vec<Unless>,
    pub unless_scope: Scope,
    pub ceiling: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Technical {
    pub summary: String,
    pub feedback: String,
    pub atom: Atom,
    /// Atoms that void the pull in their sentence; `None` when there are none.
    pub except: Option<Atom>,
    pub points_per_sentence: f64,
    pub max: f64,
    pub unless: Vec<usize>,
    pub unanchored: f64,
}

#[derive(Clone, Debug)]
pub enum BonusKind {
    Link {
        from: Vec<usize>,
        to: Vec<usize>,
        /// Opening the next sentence of the same block, carries the link there.
        carry: Option<Atom>,
    },
    Chain {
        elements: Vec<usize>,
        scope: Scope,
    },
    Contrast {
        to: Vec<usize>,
    },
}

#[derive(Clone, Debug)]
pub struct Bonus {
    pub id: String,
    pub title: String,
    pub points: f64,
    pub summary: String,
    pub kind: BonusKind,
}

#[derive(Clone, Debug)]
pub struct Band {
    pub rating: Rating,
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub summary: String,
    /// Elements (indices) an answer must hold to be rated in this band.
    pub requires: Vec<usize>,
}

/// A set a phrase belongs to, and whether as an exclusion.
pub type Role = (SetId, bool);

/// What one indexed phrase stands for.
#[derive(Clone, Debug, Default)]
pub struct PhraseInfo {
    /// Matches any word that starts with the phrase (`classif*`).
    pub prefix: bool,
    /// Where its roles are in [`TermMatcher::roles`].
    roles: (u32, u32),
}

/// All term sets and patterns, compiled for one pass over an answer.
#[derive(Clone, Debug)]
pub struct TermMatcher {
    /// Every phrase of every term set; a phrase's id indexes `phrases`.
    pub index: PhraseIndex,
    pub phrases: Vec<PhraseInfo>,
    /// The phrases' roles, one phrase after another: a set the phrase belongs
    /// to, and whether as an exclusion (see [`TermMatcher::roles`]).
    roles: Vec<Role>,
    pub patterns: PatternSet,
    pub set_names: Vec<String>,
    /// The built-in set of wrong metric definitions (`formula:wrong`).
    pub formula_set: SetId,
}

impl TermMatcher {
    /// The sets a phrase belongs to, and whether as an exclusion, in set order.
    pub fn roles(&self, phrase: &PhraseInfo) -> &[Role] {
        &self.roles[phrase.roles.0 as usize..phrase.roles.1 as usize]
    }
}

/// A validated, compiled rubric.
#[derive(Clone, Debug)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub questions: Vec<String>,
    /// SHA-256 over the canonical content of the rubric and the shared lexicon.
    pub digest: String,
    /// Where it came from: a path, or `embedded`.
    pub origin: String,
    pub elements: Vec<Element>,
    pub anti_patterns: Vec<AntiPattern>,
    pub technical: Option<Technical>,
    pub bonuses: Vec<Bonus>,
    pub bands: Vec<Band>,
    pub examples: Vec<ExampleSpec>,
    pub matcher: TermMatcher,
    pub lexicon: Lexicon,
}

impl Rubric {
    pub fn element_index(&self, id: &str) -> Option<usize> {
        self.elements.iter().position(|e| e.id == id)
    }

    /// The band a score falls in.
    pub fn band(&self, score: f64) -> &Band {
        self.bands
            .iter()
            .find(|b| score >= b.min && (score < b.max || b.max >= 100.0))
            .unwrap_or_else(|| self.bands.last().expect("validated: at least one band"))
    }

    /// The lowest score that earns `rating` (for `--min-rating`).
    pub fn min_score_for(&self, rating: Rating) -> f64 {
        self.bands
            .iter()
            .filter(|b| b.rating >= rating)
            .map(|b| b.min)
            .fold(f64::INFINITY, f64::min)
    }
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> RubricError {
        let at = span.start.min(self.text.len());
        let at = (0..=at)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        let (line, column) = self.lines.line_col(self.text, at);
        RubricError {
            file: self.file.to_string(),
            line,
            column,
            message: one_line(message.into()),
        }
    }

    fn at<T>(&self, s: &Spanned<T>, message: impl Into<String>) -> RubricError {
        self.err(s.span(), message)
    }
}

/// `message` with its control characters escaped (a name written `"a\nb"`
/// in TOML holds a newline), so that an error is always one line.
fn one_line(message: String) -> String {
    if !message.contains(char::is_control) {
        return message;
    }
    message
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Parses TOML strictly, with the error located in `file`.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, RubricError> {
    if text.len() > MAX_RUBRIC_BYTES {
        return Err(RubricError {
            file: file.to_string(),
            line: 1,
            column: 1,
            message: format!("rubric file is larger than {MAX_RUBRIC_BYTES} bytes"),
        });
    }
    toml::from_str(text).map_err(|e| {
        let ctx = Ctx {
            file,
            text,
            lines: LineIndex::new(text),
        };
        let message = e.message().trim().replace('\n', " ");
        ctx.err(e.span().unwrap_or(0..0), message)
    })
}

fn split_phrase(entry: &str) -> (String, bool) {
    let trimmed = entry.trim();
    let (text, stem) = match trimmed.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (trimmed, false),
    };
    let mut phrase = normalize_str(text);
    phrase.make_ascii_lowercase();
    (phrase, stem)
}

/// Term sets resolved to their phrases. Each distinct entry is normalized
/// once and interned; each set's `@name` includes are followed once and its
/// closure kept, so a set included by many others costs one walk.
struct Flattener<'a> {
    sets: &'a BTreeMap<&'a str, &'a TermSet>,
    /// Interned phrases, (lower-cased phrase, is a prefix), with their ids;
    /// [`Flattener::keys`] lists them by id once interning is done.
    key_ids: FxHashMap<(String, bool), u32>,
    /// Per phrase id, whether the phrase is empty.
    empty: Vec<bool>,
    entry_ids: FxHashMap<&'a str, u32>,
    /// Per finished set, the ids of every phrase it includes, sorted.
    done: FxHashMap<&'a str, Vec<u32>>,
    stack: Vec<&'a str>,
}

impl<'a> Flattener<'a> {
    fn new(sets: &'a BTreeMap<&'a str, &'a TermSet>) -> Self {
        // Room for every entry at once: the maps are not regrown on the way.
        let entries: usize = sets.values().map(|s| s.any.len() + s.exclude.len()).sum();
        let mut key_ids = FxHashMap::default();
        key_ids.reserve(entries);
        let mut entry_ids = FxHashMap::default();
        entry_ids.reserve(entries);
        Flattener {
            sets,
            key_ids,
            empty: Vec::with_capacity(entries),
            entry_ids,
            done: FxHashMap::default(),
            stack: Vec::new(),
        }
    }

    /// The id of the phrase an entry (`phrase` or `stem*`) spells.
    fn intern(&mut self, entry: &'a str) -> u32 {
        if let Some(&id) = self.entry_ids.get(entry) {
            return id;
        }
        let key = split_phrase(entry);
        let next = self.empty.len() as u32;
        let empty = key.0.is_empty();
        let id = *self.key_ids.entry(key).or_insert(next);
        if id == next {
            self.empty.push(empty);
        }
        self.entry_ids.insert(entry, id);
        id
    }

    /// Every interned phrase, by id.
    fn keys(&mut self) -> Vec<(String, bool)> {
        let mut keys = vec![(String::new(), false); self.empty.len()];
        for (key, id) in self.key_ids.drain() {
            keys[id as usize] = key;
        }
        keys
    }

    /// Resolves `@name` includes of set `name` into its flat phrase ids.
    fn flatten(&mut self, name: &'a str) -> Result<(), String> {
        if self.done.contains_key(name) {
            return Ok(());
        }
        if self.stack.contains(&name) {
            self.stack.push(name);
            return Err(format!(
                "term sets include each other in a cycle: {}",
                self.stack.join(" -> ")
            ));
        }
        let sets = self.sets;
        let set = sets
            .get(name)
            .ok_or_else(|| format!("unknown term set `{name}`"))?;
        self.stack.push(name);
        let mut ids = Vec::new();
        for entry in &set.any {
            if let Some(inner) = entry.strip_prefix('@') {
                self.flatten(inner)?;
                ids.extend_from_slice(&self.done[inner]);
            } else {
                let id = self.intern(entry);
                if self.empty[id as usize] {
                    return Err(format!("term set `{name}` holds an empty phrase"));
                }
                ids.push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        self.stack.pop();
        self.done.insert(name, ids);
        Ok(())
    }
}

struct Compiler<'a> {
    ctx: Ctx<'a>,
    set_ids: HashMap<String, SetId>,
}

impl Compiler<'_> {
    /// Where `text` is written, searching from `near` (for error locations).
    fn locate(&self, text: &str, near: usize) -> Range<usize> {
        let quoted = format!("\"{text}\"");
        let from = near.min(self.ctx.text.len());
        let at = self.ctx.text[from..]
            .find(&quoted)
            .map(|i| from + i)
            .or_else(|| self.ctx.text.find(&quoted))
            .unwrap_or(from);
        at..at + quoted.len()
    }

    fn atom(&self, field: &str, text: &str, near: usize) -> Result<Atom, RubricError> {
        let s = &Spanned::new(self.locate(text, near), text.to_string());
        let mut alts = Vec::new();
        for part in s.get_ref().split('|') {
            let part = part.trim();
            if let Some(q) = part.strip_prefix("q:") {
                let (list, bounded) = match q.strip_suffix("+bound") {
                    Some(list) => (list, true),
                    None => (q, false),
                };
                let mut units = 0;
                for name in list.split(',') {
                    units |= unit::parse(name.trim()).ok_or_else(|| {
                        self.ctx.at(
                            s,
                            format!(
                                "{field}: unknown quantity unit `{}` (expected percent, points, money, count, duration, ratio or any)",
                                name.trim()
                            ),
                        )
                    })?;
                }
                alts.push(Alt::Quantity { units, bounded });
            } else {
                let name = part.strip_prefix('@').unwrap_or(part);
                let id = self.set_ids.get(name).ok_or_else(|| {
                    self.ctx
                        .at(s, format!("{field}: unknown term set or pattern `{name}`"))
                })?;
                alts.push(Alt::Set(*id));
            }
        }
        if alts.is_empty() {
            return Err(self.ctx.at(s, format!("{field}: empty atom")));
        }
        Ok(Atom {
            alts,
            text: s.get_ref().clone(),
        })
    }

    fn atoms(&self, field: &str, list: &[String], near: usize) -> Result<Vec<Atom>, RubricError> {
        list.iter().map(|s| self.atom(field, s, near)).collect()
    }

    fn rule(
        &self,
        field: &str,
        at: &Spanned<String>,
        spec: &RuleSpec,
    ) -> Result<Rule, RubricError> {
        let near = at.span().start;
        Ok(match spec {
            RuleSpec::Any { any, negatable } => {
                if any.is_empty() {
                    return Err(self.ctx.at(at, format!("{field}.any: lists nothing")));
                }
                let atoms = self.atoms(&format!("{field}.any"), any, near)?;
                let alts = atoms.iter().flat_map(|a| a.alts.clone()).collect();
                let text = any.join("|");
                Rule::Any {
                    atom: Atom { alts, text },
                    negatable: *negatable,
                }
            }
            RuleSpec::All {
                all,
                none,
                scope,
                negatable,
            } => {
                if all.is_empty() {
                    return Err(self.ctx.at(at, format!("{field}.all: lists nothing")));
                }
                Rule::All {
                    atoms: self.atoms(&format!("{field}.all"), all, near)?,
                    none: self.atoms(&format!("{field}.none"), none, near)?,
                    scope: *scope,
                    negatable: *negatable,
                }
            }
            RuleSpec::Table { rows, cost } => {
                if rows.is_empty() || cost.is_empty() {
                    return Err(self
                        .ctx
                        .at(at, format!("{field}: a table rule needs rows and cost")));
                }
                let cost_atoms = self.atoms(&format!("{field}.cost"), cost, near)?;
                Rule::Table {
                    rows: self.atoms(&format!("{field}.rows"), rows, near)?,
                    cost: Atom {
                        alts: cost_atoms.iter().flat_map(|a| a.alts.clone()).collect(),
                        text: cost.join("|"),
                    },
                }
            }
        })
    }
}

fn element_refs(
    c: &Compiler<'_>,
    field: &str,
    ids: &[String],
    near: usize,
    elements: &[Element],
) -> Result<Vec<usize>, RubricError> {
    ids.iter()
        .map(|s| {
            elements.iter().position(|e| &e.id == s).ok_or_else(|| {
                c.ctx
                    .err(c.locate(s, near), format!("{field}: unknown element `{s}`"))
            })
        })
        .collect()
}

fn check_id(ctx: &Ctx<'_>, field: &str, id: &Spanned<String>) -> Result<(), RubricError> {
    let ok = !id.get_ref().is_empty()
        && id
            .get_ref()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ctx.at(
            id,
            format!(
                "{field}: id `{}` must be lower-case letters, digits, `_` or `-`",
                id.get_ref()
            ),
        ))
    }
}

/// SHA-256 over the canonical JSON (keys sorted) of
/// `{"lexicon": ..., "rubric": ...}`.
fn canonical_digest(rubric: &RubricFile, lexicon: &LexiconFile) -> String {
    if std::ptr::eq(lexicon, super::lexicon()) {
        // The embedded lexicon's canonical JSON is its JSON form, as the
        // build script wrote it: only the rubric is written here. Keys in
        // order: "lexicon", then "rubric".
        let rubric = super::canonical::to_vec(rubric).expect("rubric serializes");
        let lexicon = super::LEXICON_JSON.as_bytes();
        let mut bytes = Vec::with_capacity(lexicon.len() + rubric.len() + 24);
        bytes.extend_from_slice(b"{\"lexicon\":");
        bytes.extend_from_slice(lexicon);
        bytes.extend_from_slice(b",\"rubric\":");
        bytes.extend_from_slice(&rubric);
        bytes.push(b'}');
        return crate::source::sha256_hex(&bytes);
    }
    #[derive(serde::Serialize)]
    struct Both<'a> {
        rubric: &'a RubricFile,
        lexicon: &'a LexiconFile,
    }
    let bytes = super::canonical::to_vec(&Both { rubric, lexicon }).expect("rubric serializes");
    crate::source::sha256_hex(&bytes)
}

/// Every phrase of the term sets `names` (flattened, with the sets each
/// includes or excludes it for) and the one index that finds them all.
fn term_phrases(
    ctx: &Ctx<'_>,
    all_sets: &BTreeMap<&str, &TermSet>,
    names: &[String],
) -> Result<(Vec<PhraseInfo>, Vec<Role>, PhraseIndex), RubricError> {
    let text = ctx.text;
    let mut flat = Flattener::new(all_sets);
    for name in names {
        flat.flatten(name).map_err(|m| {
            let at = text.find(&format!("[terms.{name}]")).unwrap_or(0);
            ctx.err(at..at, format!("terms.{name}: {m}"))
        })?;
    }
    let excludes: Vec<Vec<u32>> = names
        .iter()
        .map(|name| {
            let mut ids: Vec<u32> = all_sets[name.as_str()]
                .exclude
                .iter()
                .map(|e| flat.intern(e))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    // Each set's phrases are taken in phrase order, and a phrase's index is
    // the order it is first met in.
    let keys = flat.keys();
    // Phrase order: most phrases are told apart by their first eight bytes,
    // compared as one number (big-endian, zero after the end, which keeps
    // byte order); the rest by the whole phrase.
    let head = |(phrase, _): &(String, bool)| {
        let mut first = [0u8; 8];
        let n = phrase.len().min(8);
        first[..n].copy_from_slice(&phrase.as_bytes()[..n]);
        u64::from_be_bytes(first)
    };
    let mut by_key: Vec<(u64, u32)> = (0..keys.len() as u32)
        .map(|id| (head(&keys[id as usize]), id))
        .collect();
    by_key.sort_unstable_by(|&(ha, a), &(hb, b)| {
        ha.cmp(&hb)
            .then_with(|| keys[a as usize].cmp(&keys[b as usize]))
    });
    let by_key: Vec<u32> = by_key.into_iter().map(|(_, id)| id).collect();
    let mut rank = vec![0u32; by_key.len()];
    for (r, &id) in by_key.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    let in_order = |ids: &[u32]| {
        let mut ranked: Vec<u32> = ids.iter().map(|&id| rank[id as usize]).collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|r| by_key[r as usize])
    };
    let mut phrase_index: Vec<Option<usize>> = vec![None; keys.len()];
    let mut phrases: Vec<PhraseInfo> = Vec::new();
    let mut literals: Vec<&str> = Vec::new();
    // Each role with its phrase, then put together phrase by phrase (a
    // counting sort, which keeps each phrase's roles in set order).
    let mut placed: Vec<(u32, SetId, bool)> = Vec::new();
    for (id, name) in names.iter().enumerate() {
        let include = in_order(&flat.done[name.as_str()]).map(|k| (k, false));
        let exclude = in_order(&excludes[id]).map(|k| (k, true));
        for (key, is_exclude) in include.chain(exclude) {
            let index = *phrase_index[key as usize].get_or_insert_with(|| {
                let (phrase, prefix) = &keys[key as usize];
                phrases.push(PhraseInfo {
                    prefix: *prefix,
                    roles: (0, 0),
                });
                literals.push(phrase);
                phrases.len() - 1
            });
            placed.push((index as u32, id, is_exclude));
        }
    }
    for &(index, _, _) in &placed {
        phrases[index as usize].roles.1 += 1;
    }
    let mut next = 0;
    for phrase in &mut phrases {
        let count = phrase.roles.1;
        phrase.roles = (next, next);
        next += count;
    }
    let mut roles = vec![(0, false); placed.len()];
    for (index, set, exclude) in placed {
        let range = &mut phrases[index as usize].roles;
        roles[range.1 as usize] = (set, exclude);
        range.1 += 1;
    }
    if phrases.len() > MAX_PHRASES {
        return Err(ctx.err(
            0..0,
            format!(
                "terms: {} phrases, more than the limit of {MAX_PHRASES}",
                phrases.len()
            ),
        ));
    }
    // Phrases are lower-cased and answers are searched lower-cased.
    let index = PhraseIndex::new(literals.into_iter().zip(phrases.iter().map(|p| p.prefix)));
    Ok((phrases, roles, index))
}

/// The lexicon's shared patterns, then the rubric's own, checked and named;
/// each gets a set id after the term sets. [`build_patterns`] compiles them.
fn name_patterns(
    ctx: &Ctx<'_>,
    spec: &RubricFile,
    lexicon_file: &LexiconFile,
    all_sets: &BTreeMap<&str, &TermSet>,
    set_names: &mut Vec<String>,
) -> Result<Vec<(SetId, String, Spanned<String>)>, RubricError> {
    if spec.patterns.len() > MAX_PATTERNS {
        return Err(ctx.err(
            0..0,
            format!("patterns: more than the limit of {MAX_PATTERNS}"),
        ));
    }
    for (name, pattern) in &spec.patterns {
        if lexicon_file.patterns.contains_key(name) {
            return Err(ctx.at(
                pattern,
                format!("patterns.{name}: a shared pattern of that name exists; pick another name"),
            ));
        }
    }
    // The lexicon's shared patterns first, then the rubric's own.
    let shared = lexicon_file
        .patterns
        .iter()
        .map(|(name, p)| (name, Spanned::new(0..0, p.clone())));
    let own = spec.patterns.iter().map(|(n, p)| (n, p.clone()));
    let mut named = Vec::new();
    for (name, pattern) in shared.chain(own) {
        if all_sets.contains_key(name.as_str()) {
            return Err(ctx.at(
                &pattern,
                format!("patterns.{name}: a term set has the same name"),
            ));
        }
        set_names.push(name.clone());
        named.push((set_names.len() - 1, name.clone(), pattern));
    }
    Ok(named)
}

/// Parses the named patterns, each with its set, and gathers them for search
/// (see [`pattern`](super::pattern)). A rubric that is not one of the
/// embedded ones has every pattern compiled now, so that one too large to
/// build is reported at load with its place.
fn build_patterns(
    ctx: &Ctx<'_>,
    named: &[(SetId, String, Spanned<String>)],
) -> Result<PatternSet, RubricError> {
    let invalid = |name: &str, pattern: &Spanned<String>, msg: String| {
        let msg = msg.replace('\n', " ");
        ctx.at(pattern, format!("patterns.{name}: invalid regex: {msg}"))
    };
    let mut parsed = Vec::with_capacity(named.len());
    for (set, name, pattern) in named {
        let source = pattern.get_ref();
        // The shared lexicon's patterns were parsed by the build script: their
        // facts are known, and each is parsed again only when an answer first
        // calls for it.
        let (facts, hir) = match super::pattern::embedded_facts(source) {
            Some(facts) => (facts, None),
            None => {
                let (facts, hir) =
                    Facts::read(source).map_err(|e| invalid(name, pattern, e.to_string()))?;
                (facts, Some(hir))
            }
        };
        parsed.push(Named {
            set: *set,
            name: name.clone(),
            source: source.clone(),
            facts,
            hir,
        });
    }
    // The embedded rubrics' patterns are compiled whole by the tests; any
    // other text gets every pattern compiled now.
    let eager = !super::BUNDLED.iter().any(|(_, text)| *text == ctx.text);
    PatternSet::new(parsed, eager).map_err(|(index, e)| {
        let (_, name, pattern) = &named[index];
        // The regex crate words a failure to build best (the limit that
        // was hit).
        let fold = needs_case_folding(pattern.get_ref());
        let worded = regex::bytes::RegexBuilder::new(pattern.get_ref())
            .case_insensitive(fold)
            .unicode(false)
            .size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
            .err();
        let msg = worded.map_or_else(|| e.to_string(), |w| w.to_string());
        invalid(name, pattern, msg)
    })
}

/// Validates and compiles a rubric read from `file` (a path or `embedded:ID`).
pub fn compile(file: &str, text: &str, lexicon_file: &LexiconFile) -> Result<Rubric, RubricError> {
    let spec: RubricFile = parse_toml(file, text)?;
    let ctx = Ctx {
        file,
        text,
        lines: LineIndex::new(text),
    };
    check_id(&ctx, "id", &spec.id)?;

    // Term sets: the lexicon's, then the rubric's own; then named patterns.
    let mut all_sets: BTreeMap<&str, &TermSet> = lexicon_file
        .terms
        .iter()
        .map(|(name, set)| (name.as_str(), set))
        .collect();
    for (name, set) in &spec.terms {
        if all_sets.contains_key(name.as_str()) {
            let at = text.find(&format!("[terms.{name}]")).unwrap_or(0);
            return Err(ctx.err(
                at..at,
                format!("terms.{name}: a shared term set of that name exists; pick another name"),
            ));
        }
        all_sets.insert(name, set);
    }
    let mut set_names: Vec<String> = all_sets.keys().map(|name| name.to_string()).collect();
    let term_sets = set_names.len();
    let named = name_patterns(&ctx, &spec, lexicon_file, &all_sets, &mut set_names)?;
    // All on one thread: a second thread for the patterns and the digest
    // made start-up slower, not faster (its own allocator arena starts on
    // fresh pages; benches/README.md has the measurements).
    let (phrases, roles, index) = term_phrases(&ctx, &all_sets, &set_names[..term_sets])?;
    let patterns = build_patterns(&ctx, &named)?;
    let digest = canonical_digest(&spec, lexicon_file);
    set_names.push(WRONG_FORMULA.to_string());
    let formula_set = set_names.len() - 1;
    let set_ids: HashMap<String, SetId> = set_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let c = Compiler { ctx, set_ids };
    let ctx = &c.ctx;

    // Elements.
    if spec.elements.is_empty() {
        return Err(ctx.err(0..0, "elements: a rubric needs at least one element"));
    }
    let mut elements: Vec<Element> = Vec::new();
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    for (i, e) in spec.elements.iter().enumerate() {
        let field = format!("elements[{i}]");
        check_id(ctx, &format!("{field}.id"), &e.id)?;
        if let Some(first) = seen.insert(e.id.get_ref().clone(), e.id.span()) {
            let (line, _) = ctx.lines.line_col(text, first.start);
            return Err(ctx.at(
                &e.id,
                format!(
                    "{field}.id: duplicate id `{}` (first at line {line})",
                    e.id.get_ref()
                ),
            ));
        }
        let weight = *e.weight.get_ref();
        if !(weight.is_finite() && weight > 0.0 && weight <= 100.0) {
            return Err(ctx.at(
                &e.weight,
                format!("{field}.weight: must be above 0 and at most 100, got {weight}"),
            ));
        }
        if e.rules.is_empty() {
            return Err(ctx.at(
                &e.id,
                format!(
                    "{field}.rules: element `{}` has no rule, so nothing can earn it",
                    e.id.get_ref()
                ),
            ));
        }
        let rules = e
            .rules
            .iter()
            .enumerate()
            .map(|(j, r)| c.rule(&format!("{field}.rules[{j}]"), &e.id, r))
            .collect::<Result<_, _>>()?;
        elements.push(Element {
            id: e.id.get_ref().clone(),
            title: e.title.clone(),
            weight,
            summary: e.summary.clone(),
            feedback: e.feedback.clone(),
            hint: e.hint.clone(),
            example: e.example.clone(),
            rules,
        });
    }

    // Anti-patterns.
    let mut anti_patterns = Vec::new();
    for (i, a) in spec.anti_patterns.iter().enumerate() {
        let field = format!("anti_patterns[{i}]");
        check_id(ctx, &format!("{field}.id"), &a.id)?;
        if let Some(first) = seen.insert(a.id.get_ref().clone(), a.id.span()) {
            let (line, _) = ctx.lines.line_col(text, first.start);
            return Err(ctx.at(
                &a.id,
                format!(
                    "{field}.id: duplicate id `{}` (first at line {line})",
                    a.id.get_ref()
                ),
            ));
        }
        let points = *a.points.get_ref();
        if !(points.is_finite() && (-100.0..0.0).contains(&points)) {
            return Err(ctx.at(
                &a.points,
                format!("{field}.points: must be below 0 and at least -100, got {points}"),
            ));
        }
        if a.rules.is_empty() {
            return Err(ctx.at(
                &a.id,
                format!(
                    "{field}.rules: anti-pattern `{}` has no rule",
                    a.id.get_ref()
                ),
            ));
        }
        if a.ceiling.is_some_and(|c| !(-100.0..=100.0).contains(&c)) {
            return Err(ctx.at(
                &a.id,
                format!("{field}.ceiling: must lie between -100 and 100"),
            ));
        }
        let rules = a
            .rules
            .iter()
            .enumerate()
            .map(|(j, r)| c.rule(&format!("{field}.rules[{j}]"), &a.id, r))
            .collect::<Result<_, _>>()?;
        let mut unless = Vec::new();
        for u in &a.unless {
            let (id, with) = match u.get_ref().split_once('&') {
                Some((id, atom)) => (id, Some(atom)),
                None => (u.get_ref().as_str(), None),
            };
            let index = elements.iter().position(|e| e.id == id);
            match (index, with) {
                (Some(index), None) => unless.push(Unless::Element(index)),
                (Some(index), Some(atom)) => unless.push(Unless::ElementWith(
                    index,
                    c.atom(&format!("{field}.unless"), atom, u.span().start)?,
                )),
                // Not an element: read as an atom, whose error names it.
                (None, _) => unless.push(Unless::Atom(c.atom(
                    &format!("{field}.unless"),
                    u.get_ref(),
                    u.span().start,
                )?)),
            }
        }
        anti_patterns.push(AntiPattern {
            id: a.id.get_ref().clone(),
            title: a.title.clone(),
            points,
            summary: a.summary.clone(),
            feedback: a.feedback.clone(),
            example: a.example.clone(),
            rules,
            unless,
            unless_scope: a.unless_scope,
            ceiling: a.ceiling,
        });
    }

    let technical = match &spec.technical {
        None => None,
        Some(t) => {
            if !(t.points_per_sentence <= 0.0
                && t.max <= 0.0
                && t.unanchored <= 0.0
                && t.max >= -100.0)
            {
                return Err(ctx.err(
                    text.find("[technical]").unwrap_or(0)..0,
                    "technical: points_per_sentence, max and unanchored must be zero or negative",
                ));
            }
            let near = text.find("[technical]").unwrap_or(0);
            let atoms = c.atoms(
                "technical.any",
                &t.any
                    .iter()
                    .map(|s| s.get_ref().clone())
                    .collect::<Vec<_>>(),
                near,
            )?;
            let except = if t.except.is_empty() {
                None
            } else {
                let names: Vec<String> = t.except.iter().map(|s| s.get_ref().clone()).collect();
                let atoms = c.atoms("technical.except", &names, t.except[0].span().start)?;
                Some(Atom {
                    alts: atoms.iter().flat_map(|a| a.alts.clone()).collect(),
                    text: names.join("|"),
                })
            };
            Some(Technical {
                except,
                summary: t.summary.clone(),
                feedback: t.feedback.clone(),
                atom: Atom {
                    alts: atoms.iter().flat_map(|a| a.alts.clone()).collect(),
                    text: t
                        .any
                        .iter()
                        .map(|s| s.get_ref().as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                },
                points_per_sentence: t.points_per_sentence,
                max: t.max,
                unless: element_refs(
                    &c,
                    "technical.unless",
                    &t.unless
                        .iter()
                        .map(|s| s.get_ref().clone())
                        .collect::<Vec<_>>(),
                    near,
                    &elements,
                )?,
                unanchored: t.unanchored,
            })
        }
    };

    let mut bonuses = Vec::new();
    for (i, b) in spec.bonuses.iter().enumerate() {
        let field = format!("bonuses[{i}]");
        check_id(ctx, &format!("{field}.id"), &b.id)?;
        if let Some(first) = seen.insert(b.id.get_ref().clone(), b.id.span()) {
            let (line, _) = ctx.lines.line_col(text, first.start);
            return Err(ctx.at(
                &b.id,
                format!(
                    "{field}.id: duplicate id `{}` (first at line {line})",
                    b.id.get_ref()
                ),
            ));
        }
        if !(b.points.is_finite() && b.points > 0.0 && b.points <= 100.0) {
            return Err(ctx.at(
                &b.id,
                format!("{field}.points: must be above 0 and at most 100"),
            ));
        }
        let near = b.id.span().start;
        let kind = match &b.when {
            BonusRule::Link { from, to, carry } => BonusKind::Link {
                from: element_refs(&c, &format!("{field}.when.from"), from, near, &elements)?,
                to: element_refs(&c, &format!("{field}.when.to"), to, near, &elements)?,
                carry: match carry {
                    Some(atom) => Some(c.atom(&format!("{field}.when.carry"), atom, near)?),
                    None => None,
                },
            },
            BonusRule::Chain {
                elements: ids,
                scope,
            } => BonusKind::Chain {
                elements: element_refs(
                    &c,
                    &format!("{field}.when.elements"),
                    ids,
                    near,
                    &elements,
                )?,
                scope: *scope,
            },
            BonusRule::Contrast { to } => BonusKind::Contrast {
                to: element_refs(&c, &format!("{field}.when.to"), to, near, &elements)?,
            },
        };
        bonuses.push(Bonus {
            id: b.id.get_ref().clone(),
            title: b.title.clone(),
            points: b.points,
            summary: b.summary.clone(),
            kind,
        });
    }

    let bands = compile_bands(
        ctx,
        &spec,
        &elements,
        &anti_patterns,
        technical.as_ref(),
        &bonuses,
    )?;

    for (i, ex) in spec.examples.iter().enumerate() {
        for id in ex.elements.iter().chain(&ex.anti_patterns) {
            let known =
                elements.iter().any(|e| &e.id == id) || anti_patterns.iter().any(|a| &a.id == id);
            if !known {
                let at = text.find(&format!("\"{id}\"")).unwrap_or(0);
                return Err(ctx.err(
                    at..at,
                    format!("examples[{i}]: unknown element or anti-pattern `{id}`"),
                ));
            }
        }
    }

    Ok(Rubric {
        id: spec.id.get_ref().clone(),
        title: spec.title.clone(),
        version: spec.version.clone(),
        description: spec.description.clone(),
        questions: spec.questions.clone(),
        digest,
        origin: file.to_string(),
        elements,
        anti_patterns,
        technical,
        bonuses,
        bands,
        examples: spec.examples.clone(),
        matcher: TermMatcher {
            index,
            phrases,
            roles,
            patterns,
            set_names,
            formula_set,
        },
        lexicon: Lexicon::compile(&lexicon_file.language),
    })
}

fn compile_bands(
    ctx: &Ctx<'_>,
    spec: &RubricFile,
    elements: &[Element],
    anti_patterns: &[AntiPattern],
    technical: Option<&Technical>,
    bonuses: &[Bonus],
) -> Result<Vec<Band>, RubricError> {
    if spec.bands.is_empty() {
        return Err(ctx.err(0..0, "bands: a rubric needs at least one band"));
    }
    let mut order: Vec<&BandSpec> = spec.bands.iter().collect();
    order.sort_by(|a, b| a.min.get_ref().total_cmp(b.min.get_ref()));
    for (i, b) in order.iter().enumerate() {
        let (min, max) = (*b.min.get_ref(), *b.max.get_ref());
        if !(min.is_finite() && max.is_finite() && min < max) {
            return Err(ctx.at(
                &b.min,
                format!(
                    "bands: band `{}` needs min below max, got {min}..{max}",
                    b.label
                ),
            ));
        }
        if i == 0 && min > -100.0 {
            return Err(ctx.at(&b.min, format!("bands: scores from -100 to {min} fall in no band (the lowest band must start at -100)")));
        }
        if i + 1 == order.len() && max < 100.0 {
            return Err(ctx.at(&b.max, format!("bands: scores from {max} to 100 fall in no band (the highest band must end at 100)")));
        }
        if let Some(next) = order.get(i + 1) {
            let next_min = *next.min.get_ref();
            if next_min > max {
                return Err(ctx.at(
                    &next.min,
                    format!(
                        "bands: gap between {max} and {next_min}: scores there fall in no band"
                    ),
                ));
            }
            if next_min < max {
                return Err(ctx.at(
                    &next.min,
                    format!(
                        "bands: band `{}` overlaps band `{}` between {next_min} and {max}",
                        next.label, b.label
                    ),
                ));
            }
            if next.rating < b.rating {
                return Err(ctx.at(
                    &next.min,
                    format!(
                        "bands: band `{}` rates {} but sits above a band rating {}",
                        next.label, next.rating, b.rating
                    ),
                ));
            }
        }
    }
    let best: f64 = elements.iter().map(|e| e.weight).sum::<f64>()
        + bonuses.iter().map(|b| b.points).sum::<f64>();
    let worst: f64 = anti_patterns.iter().map(|a| a.points).sum::<f64>()
        + technical.map_or(0.0, |t| t.max + t.unanchored);
    let (best, worst) = (best.min(100.0), worst.max(-100.0));
    for b in &order {
        let (min, max) = (*b.min.get_ref(), *b.max.get_ref());
        if min > best {
            return Err(ctx.at(&b.min, format!("bands: band `{}` starts at {min} but every element and bonus together earn at most {best}: no answer can reach it", b.label)));
        }
        if max <= worst && worst > -100.0 {
            return Err(ctx.at(&b.max, format!("bands: band `{}` ends at {max} but anti-patterns and technical pull together reach only {worst}: no answer can reach it", b.label)));
        }
    }
    let mut bands = Vec::with_capacity(order.len());
    for b in order {
        let mut requires = Vec::new();
        for id in &b.requires {
            let Some(index) = elements.iter().position(|e| &e.id == id.get_ref()) else {
                return Err(ctx.at(
                    id,
                    format!(
                        "bands: band `{}` requires `{}`, which is no element of this rubric",
                        b.label,
                        id.get_ref()
                    ),
                ));
            };
            requires.push(index);
        }
        if !requires.is_empty() && *b.min.get_ref() <= -100.0 {
            return Err(ctx.at(
                &b.min,
                format!(
                    "bands: band `{}` is the lowest; an answer has nowhere below it to go, so it can require nothing",
                    b.label
                ),
            ));
        }
        bands.push(Band {
            rating: b.rating,
            label: b.label.clone(),
            min: *b.min.get_ref(),
            max: *b.max.get_ref(),
            summary: b.summary.clone(),
            requires,
        });
    }
    Ok(bands)
}

#[cfg(test)]
mod tests {
    use super::needs_case_folding;

    #[test]
    fn lower_case_patterns_need_no_folding() {
        for pattern in [
            r"\brecall\s+(is\s+)?(100|99\.9)",
            r"[^.;]{0,40}\b(in|within)\s+\d+\s+days?\b",
            r"\w+\s+\S+\W\D",
            r"[a-zA-Z]+",
            r"(?i)TP",
        ] {
            assert!(!needs_case_folding(pattern), "{pattern}");
        }
    }

    #[test]
    fn upper_case_letters_need_folding() {
        for pattern in [
            r"\bTP\s*/",
            r"[A-Z]{2}",
            r"fp|FN",
            r"[A-Fa-c]",
            r"\x41",
            r"\u0041",
            r"[[:upper:]]",
        ] {
            assert!(needs_case_folding(pattern), "{pattern}");
        }
    }

    #[test]
    fn a_term_set_name_holding_a_newline_is_reported_on_one_line() {
        // Found by the rubric_toml fuzz target: `"metric\named"` in TOML is a
        // name with a newline, which the error once printed as two lines.
        let valid = include_str!("../../tests/fixtures/rubrics/valid.toml");
        let text = valid.replacen("any = [\"fixture_owner\"]", "any = [\"ro\\nle\"]", 1);
        assert_ne!(text, valid, "the fixture has the rule to change");
        let err = super::compile("nl.toml", &text, crate::rubric::lexicon()).unwrap_err();
        let shown = err.to_string();
        assert!(!shown.contains('\n'), "{shown}");
        assert!(shown.contains("`ro\\nle`"), "{shown}");
    }

    /// The fixture rubric with `extra` appended, compiled.
    fn compile_with(extra: &str) -> Result<super::Rubric, super::RubricError> {
        let valid = include_str!("../../tests/fixtures/rubrics/valid.toml");
        super::compile(
            "sets.toml",
            &format!("{valid}\n{extra}"),
            crate::rubric::lexicon(),
        )
    }

    #[test]
    fn the_digest_over_the_embedded_lexicon_is_the_one_its_full_serialization_gives() {
        let embedded = crate::rubric::lexicon();
        // A copy is another lexicon to the shortcut: it is written out whole.
        let copy = embedded.clone();
        for (id, text) in crate::rubric::BUNDLED {
            let spec: super::RubricFile = super::parse_toml(id, text).unwrap();
            let short = super::canonical_digest(&spec, embedded);
            assert_eq!(short, super::canonical_digest(&spec, &copy), "{id}");
            assert_eq!(short, crate::rubric::load(id).unwrap().digest, "{id}");
        }
    }

    #[test]
    fn a_set_included_by_two_sets_gives_its_phrases_to_both() {
        let rubric = compile_with(
            "[terms.shared_inner]\nany = [\"zebra ledger audit\", \"quokka clon*\"]\n\
             [terms.user_one]\nany = [\"@shared_inner\", \"wombat phrase\"]\n\
             [terms.user_two]\nany = [\"@user_one\", \"@shared_inner\"]\n",
        )
        .expect("the sets compile");
        let m = &rubric.matcher;
        // The phrase the whole of `text` spells.
        let phrase = |text: &str| {
            let mut whole = None;
            m.index.for_each(text.as_bytes(), |id, start, end| {
                if (start, end) == (0, text.len()) {
                    whole = Some(id);
                }
            });
            &m.phrases[whole.expect("the phrase is in the index") as usize]
        };
        let sets_of = |text: &str| -> Vec<&str> {
            let mut names: Vec<&str> = m
                .roles(phrase(text))
                .iter()
                .map(|&(set, exclude)| {
                    assert!(!exclude, "{text}");
                    m.set_names[set].as_str()
                })
                .collect();
            names.sort_unstable();
            names
        };
        assert_eq!(
            sets_of("zebra ledger audit"),
            ["shared_inner", "user_one", "user_two"]
        );
        assert_eq!(
            sets_of("quokka clon"),
            ["shared_inner", "user_one", "user_two"]
        );
        assert_eq!(sets_of("wombat phrase"), ["user_one", "user_two"]);
        assert!(phrase("quokka clon").prefix && !phrase("wombat phrase").prefix);
    }

    #[test]
    fn sets_that_include_each_other_are_reported_with_the_cycle() {
        let err = compile_with(
            "[terms.loop_a]\nany = [\"@loop_b\"]\n[terms.loop_b]\nany = [\"x\", \"@loop_a\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "terms.loop_a: term sets include each other in a cycle: loop_a -> loop_b -> loop_a"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_or_empty_include_is_reported_for_the_set_that_reaches_it() {
        let err = compile_with("[terms.dangling]\nany = [\"@no_such_set\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("terms.dangling: unknown term set `no_such_set`"),
            "{err}"
        );
        let err =
            compile_with("[terms.a_outer]\nany = [\"@blank\"]\n[terms.blank]\nany = [\"  \"]\n")
                .unwrap_err()
                .to_string();
        assert!(
            err.contains("terms.a_outer: term set `blank` holds an empty phrase"),
            "{err}"
        );
    }

    #[test]
    fn every_pattern_of_every_embedded_rubric_compiles() {
        // Embedded rubrics compile their patterns when an answer first
        // calls for them; this is where a broken one would show.
        for (id, _) in crate::rubric::BUNDLED {
            let rubric = crate::rubric::load(id).unwrap();
            let set = &rubric.matcher.patterns;
            assert!(set.patterns.iter().all(|p| !p.is_compiled()), "{id}");
            assert!(set.compile_all().is_ok(), "{id}");
            assert!(set.patterns.iter().all(|p| p.is_compiled()), "{id}");
        }
    }

    #[test]
    fn a_rubric_file_compiles_its_patterns_when_it_loads() {
        let valid = include_str!("../../tests/fixtures/rubrics/valid.toml");
        let text = format!("{valid}\n[patterns]\nratio = '\\btp\\s*/\\s*fp\\b'\n");
        let rubric = super::compile("eager.toml", &text, crate::rubric::lexicon()).unwrap();
        assert!(rubric
            .matcher
            .patterns
            .patterns
            .iter()
            .all(|p| p.is_compiled()));
    }

    #[test]
    fn an_upper_case_pattern_still_matches_lower_cased_text() {
        let valid = include_str!("../../tests/fixtures/rubrics/valid.toml");
        let text = format!("{valid}\n[patterns]\nratio = '\\bTP\\s*/\\s*FP\\b'\n");
        let rubric = super::compile("fold.toml", &text, crate::rubric::lexicon())
            .expect("the fixture rubric with a pattern compiles");
        let pattern = rubric.matcher.patterns.patterns.last().unwrap();
        assert_eq!(rubric.matcher.set_names[pattern.set], "ratio");
        let regex = pattern.regex();
        assert!(regex.is_match(b"tp / fp"));
        assert!(!regex.is_match(b"tp / fn"));
    }
}
