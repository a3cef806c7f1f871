//! `explain`: what an element, anti-pattern or bonus of a rubric means, what
//! earns it (its rules in words, with a few phrases from its term sets), an
//! example, and how it is scored. Read from the rubric as written (for the
//! phrases) and as compiled (for the validated numbers).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::rubric::compile::{BonusKind, Rubric};
use crate::rubric::schema::{RubricFile, RuleSpec, Scope, TermSet};
use crate::rubric::LexiconFile;

/// How many example phrases of a term set are shown.
const PHRASES_SHOWN: usize = 4;

/// An id the rubric does not define; carries the ids it does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown id `{id}` in rubric {rubric} (known: {})", known.join(", "))]
pub struct UnknownId {
    pub id: String,
    pub rubric: String,
    pub known: Vec<String>,
}

/// Every id `explain` knows, in rubric order: elements, anti-patterns, bonuses.
pub fn known_ids(rubric: &Rubric) -> Vec<String> {
    rubric
        .elements
        .iter()
        .map(|e| e.id.clone())
        .chain(rubric.anti_patterns.iter().map(|a| a.id.clone()))
        .chain(rubric.bonuses.iter().map(|b| b.id.clone()))
        .collect()
}

struct Words<'a> {
    terms: BTreeMap<&'a str, &'a TermSet>,
    patterns: Vec<&'a str>,
}

impl<'a> Words<'a> {
    fn new(spec: &'a RubricFile, lexicon: &'a LexiconFile) -> Self {
        let mut terms: BTreeMap<&str, &TermSet> =
            lexicon.terms.iter().map(|(k, v)| (k.as_str(), v)).collect();
        terms.extend(spec.terms.iter().map(|(k, v)| (k.as_str(), v)));
        Words {
            terms,
            patterns: spec.patterns.keys().map(String::as_str).collect(),
        }
    }

    /// The first phrases of a term set, following `@` includes, in the order written.
    fn phrases(&self, name: &str, out: &mut Vec<String>, depth: usize) {
        let Some(set) = self.terms.get(name) else {
            return;
        };
        for entry in &set.any {
            if out.len() >= PHRASES_SHOWN || depth > 8 {
                return;
            }
            match entry.strip_prefix('@') {
                Some(inner) => self.phrases(inner, out, depth + 1),
                None => {
                    let p = match entry.strip_suffix('*') {
                        Some(stem) => format!("{stem}..."),
                        None => entry.clone(),
                    };
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
    }

    fn part(&self, part: &str) -> String {
        let part = part.trim();
        if let Some(q) = part.strip_prefix("q:") {
            let (list, bounded) = match q.strip_suffix("+bound") {
                Some(list) => (list, true),
                None => (q, false),
            };
            let units: Vec<&str> = list.split(',').map(|u| u.trim()).collect();
            let units = if units == ["any"] {
                "any unit".to_string()
            } else {
                join_or(&units.iter().map(|u| unit_name(u)).collect::<Vec<_>>())
            };
            return format!(
                "a number in {units}{}",
                if bounded {
                    " with a rate or a limit (per day, under, at most)"
                } else {
                    ""
                }
            );
        }
        let name = part
            .strip_prefix("re:")
            .or_else(|| part.strip_prefix('@'))
            .unwrap_or(part);
        if self.terms.contains_key(name) {
            let mut shown = Vec::new();
            self.phrases(name, &mut shown, 0);
            let quoted: Vec<String> = shown.iter().map(|p| format!("\"{p}\"")).collect();
            format!(
                "a term of `{name}` ({}{})",
                quoted.join(", "),
                if shown.len() >= PHRASES_SHOWN {
                    ", ..."
                } else {
                    ""
                }
            )
        } else if self.patterns.contains(&name) {
            format!("a phrase matching the pattern `{name}`")
        } else {
            format!("`{name}`")
        }
    }

    fn atom(&self, atom: &str) -> String {
        let parts: Vec<String> = atom.split('|').map(|p| self.part(p)).collect();
        join_or(&parts)
    }

    fn rule(&self, rule: &RuleSpec) -> String {
        match rule {
            RuleSpec::Any { any, negatable } => {
                let atoms: Vec<String> = any.iter().map(|a| self.atom(a)).collect();
                format!(
                    "a sentence holding {}{}",
                    join_or(&atoms),
                    negation(*negatable)
                )
            }
            RuleSpec::All {
                all,
                none,
                scope,
                negatable,
            } => {
                let atoms: Vec<String> = all.iter().map(|a| self.atom(a)).collect();
                let none: Vec<String> = none.iter().map(|a| self.atom(a)).collect();
                format!(
                    "{} holding all of: {}{}{}",
                    scope_name(*scope),
                    atoms.join("; and "),
                    if none.is_empty() {
                        String::new()
                    } else {
                        format!("; and none of: {}", join_or(&none))
                    },
                    negation(*negatable)
                )
            }
            RuleSpec::Table { rows, cost } => {
                let rows: Vec<String> = rows.iter().map(|a| self.atom(a)).collect();
                let cost: Vec<String> = cost.iter().map(|a| self.atom(a)).collect();
                format!(
                    "a table with a row for each of: {}; whose cells carry {}",
                    rows.join("; "),
                    join_or(&cost)
                )
            }
        }
    }
}

fn negation(negatable: bool) -> &'static str {
    if negatable {
        " (a negation such as \"not\" cancels it)"
    } else {
        " (counts even when negated)"
    }
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Sentence => "one sentence",
        Scope::Block => "one paragraph, list item or table row",
        Scope::Answer => "the answer",
    }
}

fn unit_name(unit: &str) -> &str {
    match unit {
        "percent" => "percent",
        "points" => "percentage points",
        "money" => "money",
        "count" => "a count",
        "duration" => "time",
        "ratio" => "a ratio (per 10k)",
        other => other,
    }
}

fn join_or(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|s| s.as_ref()).collect();
            format!("{} or {}", init.join(", "), last.as_ref())
        }
    }
}

fn element_title(rubric: &Rubric, index: usize) -> String {
    rubric
        .elements
        .get(index)
        .map(|e| format!("`{}`", e.id))
        .unwrap_or_default()
}

fn bands(out: &mut String, rubric: &Rubric) {
    let _ = writeln!(out, "  Bands of the total score (clamped to -100..+100):");
    for b in &rubric.bands {
        let _ = writeln!(
            out,
            "    {:<16} {:>6} to {:>6}  {}",
            b.label, b.min, b.max, b.summary
        );
    }
}

fn rules(out: &mut String, words: &Words<'_>, specs: &[RuleSpec]) {
    let _ = writeln!(out, "\nWhat earns it (any one rule):");
    for (i, r) in specs.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, words.rule(r));
    }
}

/// Explains `id` of `rubric`; `spec` is the same rubric as written and
/// `lexicon` the shared word lists it was compiled with.
pub fn explain(
    rubric: &Rubric,
    spec: &RubricFile,
    lexicon: &LexiconFile,
    id: &str,
) -> Result<String, UnknownId> {
    let words = Words::new(spec, lexicon);
    let mut out = String::new();
    if let Some(i) = rubric.element_index(id) {
        let e = &rubric.elements[i];
        let _ = writeln!(
            out,
            "{} (element `{}`, rubric {} {})\n",
            e.title, e.id, rubric.id, rubric.version
        );
        let _ = writeln!(out, "{}", e.summary);
        if let Some(s) = spec.elements.iter().find(|s| s.id.get_ref() == id) {
            rules(&mut out, &words, &s.rules);
        }
        if !e.example.is_empty() {
            let _ = writeln!(out, "\nExample:\n  {}", e.example);
        }
        let _ = writeln!(out, "\nWhen it is missing:\n  {}\n  {}", e.feedback, e.hint);
        let total: f64 = rubric.elements.iter().map(|e| e.weight).sum();
        let _ = writeln!(
            out,
            "\nScoring:\n  Weight {}: found, it earns up to {} of the {} points all elements can earn together.",
            e.weight, e.weight, total
        );
        bands(&mut out, rubric);
        return Ok(out);
    }
    if let Some(a) = rubric.anti_patterns.iter().find(|a| a.id == id) {
        let _ = writeln!(
            out,
            "{} (anti-pattern `{}`, rubric {} {})\n",
            a.title, a.id, rubric.id, rubric.version
        );
        let _ = writeln!(out, "{}", a.summary);
        if let Some(s) = spec.anti_patterns.iter().find(|s| s.id.get_ref() == id) {
            rules(&mut out, &words, &s.rules);
            if !s.unless.is_empty() {
                let cancel: Vec<String> = s
                    .unless
                    .iter()
                    .map(|u| match rubric.element_index(u.get_ref()) {
                        Some(i) => format!("the element {}", element_title(rubric, i)),
                        None => words.atom(u.get_ref()),
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "\nIt does not count when {} holds {}.",
                    scope_name(s.unless_scope),
                    join_or(&cancel)
                );
            }
        }
        if !a.example.is_empty() {
            let _ = writeln!(out, "\nExample that triggers it:\n  {}", a.example);
        }
        let _ = writeln!(out, "\nInstead:\n  {}", a.feedback);
        let _ = writeln!(out, "\nScoring:\n  {} points when found.", a.points);
        if let Some(c) = a.ceiling {
            let _ = writeln!(
                out,
                "  Ceiling: the score can be no higher than {c} while it is found."
            );
        }
        bands(&mut out, rubric);
        return Ok(out);
    }
    if let Some(b) = rubric.bonuses.iter().find(|b| b.id == id) {
        let _ = writeln!(
            out,
            "{} (structure bonus `{}`, rubric {} {})\n",
            b.title, b.id, rubric.id, rubric.version
        );
        let _ = writeln!(out, "{}", b.summary);
        let names = |ids: &[usize]| {
            ids.iter()
                .map(|&i| element_title(rubric, i))
                .collect::<Vec<_>>()
        };
        let how = match &b.kind {
            BonusKind::Link { from, to, .. } => format!(
                "a causal or purpose connective (\"so that\", \"which cuts\", \"because\") joins {} to {} in one sentence",
                join_or(&names(from)),
                join_or(&names(to))
            ),
            BonusKind::Chain { elements, scope } => {
                format!("{} holds all of {}", scope_name(*scope), names(elements).join(", "))
            }
            BonusKind::Contrast { to } => format!(
                "a contrast \"not X, but Y\" where Y holds {}",
                join_or(&names(to))
            ),
        };
        let _ = writeln!(out, "\nWhat earns it:\n  {how}.");
        let _ = writeln!(out, "\nScoring:\n  +{} points when found.", b.points);
        bands(&mut out, rubric);
        return Ok(out);
    }
    Err(UnknownId {
        id: id.to_string(),
        rubric: rubric.id.clone(),
        known: known_ids(rubric),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{self, BUNDLED};

    fn default_rubric() -> (Rubric, RubricFile) {
        let (_, text) = BUNDLED[0];
        let r = rubric::from_toml("embedded", text).unwrap();
        let spec: RubricFile = rubric::compile::parse_toml("embedded", text).unwrap();
        (r, spec)
    }

    #[test]
    fn explain_element_describes_rules_with_example_phrases_and_weight() {
        let (r, spec) = default_rubric();
        let e = &r.elements[0];
        let got = explain(&r, &spec, rubric::lexicon(), &e.id).unwrap();
        assert!(got.contains(&e.summary));
        assert!(got.contains("What earns it"));
        assert!(got.contains(&format!("Weight {}", e.weight)));
        assert!(got.contains("a term of `"), "{got}");
    }

    #[test]
    fn explain_anti_pattern_shows_points_and_ceiling() {
        let (r, spec) = default_rubric();
        let a = r
            .anti_patterns
            .iter()
            .find(|a| a.ceiling.is_some())
            .unwrap();
        let got = explain(&r, &spec, rubric::lexicon(), &a.id).unwrap();
        assert!(got.contains(&format!("{} points when found", a.points)));
        assert!(got.contains("Ceiling"));
    }

    #[test]
    fn explain_unknown_id_lists_the_known_ids() {
        let (r, spec) = default_rubric();
        let err = explain(&r, &spec, rubric::lexicon(), "no_such_thing").unwrap_err();
        let msg = err.to_string();
        for id in known_ids(&r) {
            assert!(msg.contains(&id), "{msg}");
        }
    }
}
