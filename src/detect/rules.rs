//! Rule kinds, evaluated over the findings of one answer: `any` (one atom in a
//! sentence), `all` (every atom within a scope, on distinct words) and `table`
//! (an error-cost matrix).

use std::cell::Cell;

use crate::rubric::compile::{Alt, Atom, Rule};
use crate::rubric::lexicon::{Class, Lexicon};
use crate::rubric::schema::Scope;
use crate::span::Span;
use crate::text::{BlockKind, Document};

use super::{Detection, Negation};

/// One way an element or anti-pattern was earned: where, and on which words.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub sentence: usize,
    /// Normalized spans of the findings, in text order.
    pub spans: Vec<Span>,
    /// The strongest negation over the findings.
    pub negation: Option<Negation>,
    /// Earned by a table (cells are fragments by nature).
    pub table: bool,
    /// Earned within one sentence.
    pub sentence_scope: bool,
}

impl Candidate {
    /// The smallest span covering every finding (empty at offset 0 when there
    /// is none).
    pub fn cover(&self) -> Span {
        self.spans
            .iter()
            .copied()
            .reduce(|a, b| a.cover(b))
            .unwrap_or_default()
    }
}

/// A finding that matches an atom.
#[derive(Clone, Copy, Debug)]
struct Found {
    norm: Span,
    sentence: usize,
    negation: Option<Negation>,
}

pub(crate) struct Evaluator<'a, 'd> {
    doc: &'a Document<'d>,
    det: &'a Detection,
    /// Term indices grouped by set, each group in text order: the hits of set
    /// `k` are `by_set[set_start[k]..set_start[k + 1]]`.
    by_set: Vec<usize>,
    set_start: Vec<usize>,
    /// Some sentence is addressed to the grader: findings there are dropped.
    any_meta: bool,
    /// Room for one atom's findings, reused from atom to atom.
    scratch: Cell<Vec<Found>>,
    /// Words that open a sentence pointing back at the one before it
    /// (lexicon list `anaphors`).
    anaphors: Class,
}

impl<'a, 'd> Evaluator<'a, 'd> {
    pub fn new(doc: &'a Document<'d>, det: &'a Detection, lexicon: &Lexicon) -> Self {
        // Sets past the last one hit have no hits; look-ups beyond the end
        // find nothing.
        let sets = det.terms.iter().map(|h| h.set + 1).max().unwrap_or(0);
        let mut set_start = vec![0usize; sets + 1];
        for hit in &det.terms {
            set_start[hit.set + 1] += 1;
        }
        for k in 0..sets {
            set_start[k + 1] += set_start[k];
        }
        let mut next = set_start.clone();
        let mut by_set = vec![0usize; det.terms.len()];
        for (i, hit) in det.terms.iter().enumerate() {
            by_set[next[hit.set]] = i;
            next[hit.set] += 1;
        }
        Evaluator {
            doc,
            det,
            by_set,
            set_start,
            any_meta: det.meta.contains(&true),
            scratch: Cell::new(Vec::new()),
            anaphors: lexicon.class("anaphors"),
        }
    }

    /// Indices of the hits of `set` in sentence `s`, in text order.
    fn set_hits(&self, set: usize, s: usize) -> &[usize] {
        let Some(range) = self.set_start.get(set..set + 2) else {
            return &[];
        };
        let hits = &self.by_set[range[0]..range[1]];
        let sentence_of = |i: &usize| self.det.term_sentence[*i];
        let from = hits.partition_point(|i| sentence_of(i) < s);
        let to = from + hits[from..].partition_point(|i| sentence_of(i) == s);
        &hits[from..to]
    }

    /// Findings matching `atom` in sentence `s`, in text order.
    fn found_in(&self, atom: &Atom, s: usize, out: &mut Vec<Found>) {
        let before = out.len();
        for alt in &atom.alts {
            match *alt {
                Alt::Set(set) => {
                    for &i in self.set_hits(set, s) {
                        out.push(Found {
                            norm: self.det.terms[i].norm,
                            sentence: s,
                            negation: self.det.term_negation[i],
                        });
                    }
                }
                Alt::Quantity { units, bounded } => {
                    for i in self.det.sentence_quantities[s].clone() {
                        let q = self.det.quantities[i];
                        if q.unit & units != 0 && (!bounded || q.bounded()) {
                            out.push(Found {
                                norm: q.norm,
                                sentence: s,
                                negation: self.det.quantity_negation[i],
                            });
                        }
                    }
                }
            }
        }
        out[before..].sort_by_key(|f| (f.norm.start, f.norm.end));
    }

    /// Findings matching `atom` anywhere in the answer, in text order.
    fn found_anywhere(&self, atom: &Atom, out: &mut Vec<Found>) {
        out.clear();
        // Room for every finding at once, rather than a regrowth per alternative.
        let most: usize = atom
            .alts
            .iter()
            .map(|alt| match *alt {
                Alt::Set(set) => self.set_start.get(set..set + 2).map_or(0, |r| r[1] - r[0]),
                Alt::Quantity { .. } => self.det.quantities.len(),
            })
            .sum();
        out.reserve(most);
        for alt in &atom.alts {
            match *alt {
                Alt::Set(set) => {
                    let Some(range) = self.set_start.get(set..set + 2) else {
                        continue;
                    };
                    out.extend(self.by_set[range[0]..range[1]].iter().map(|&i| Found {
                        norm: self.det.terms[i].norm,
                        sentence: self.det.term_sentence[i],
                        negation: self.det.term_negation[i],
                    }));
                }
                Alt::Quantity { units, bounded } => {
                    for (i, q) in self.det.quantities.iter().enumerate() {
                        if q.unit & units != 0 && (!bounded || q.bounded()) {
                            out.push(Found {
                                norm: q.norm,
                                sentence: q.sentence,
                                negation: self.det.quantity_negation[i],
                            });
                        }
                    }
                }
            }
        }
        // A note to the grader is no part of the answer: nothing in it
        // combines with a finding of the answer.
        if self.any_meta {
            out.retain(|f| !self.det.meta[f.sentence]);
        }
        // Already in order for one set; a stable sort of a sorted run is linear.
        out.sort_by_key(|f| (f.sentence, f.norm.start, f.norm.end));
    }

    /// One candidate per finding of `atom`, in every sentence.
    pub fn atom_candidates(&self, atom: &Atom) -> Vec<Candidate> {
        let mut out = Vec::new();
        self.push_atom_candidates(atom, true, &mut out);
        out
    }

    /// [`Evaluator::atom_candidates`], added to `out`; with `negatable`
    /// false, the candidates carry no negation.
    fn push_atom_candidates(&self, atom: &Atom, negatable: bool, out: &mut Vec<Candidate>) {
        let mut found = self.scratch.take();
        self.found_anywhere(atom, &mut found);
        out.reserve(found.len());
        out.extend(found.iter().map(|f| Candidate {
            sentence: f.sentence,
            spans: vec![f.norm],
            negation: f.negation.filter(|_| negatable),
            table: false,
            sentence_scope: true,
        }));
        self.scratch.set(found);
    }

    /// The candidates of a list of rules, in text order.
    pub fn candidates(&self, rules: &[Rule]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for rule in rules {
            match rule {
                Rule::Any { atom, negatable } => {
                    self.push_atom_candidates(atom, *negatable, &mut out)
                }
                Rule::All {
                    atoms,
                    none,
                    scope,
                    negatable,
                } => out.extend(self.all(atoms, none, *scope, *negatable)),
                Rule::Table { rows, cost } => out.extend(self.table(rows, cost)),
            }
        }
        out.sort_by(|a, b| {
            (a.sentence, &a.spans)
                .partial_cmp(&(b.sentence, &b.spans))
                .unwrap()
        });
        out.dedup();
        out
    }

    /// The sentence ranges of `scope` that hold at least one of `found`.
    fn scopes(&self, scope: Scope, found: &[Found]) -> Vec<std::ops::Range<usize>> {
        let n = self.doc.sentences.len();
        let mut sentences: Vec<usize> = found.iter().map(|f| f.sentence).collect();
        sentences.dedup();
        let holds = |r: &std::ops::Range<usize>| {
            let i = sentences.partition_point(|&s| s < r.start);
            i < sentences.len() && sentences[i] < r.end
        };
        match scope {
            Scope::Sentence => {
                // Each sentence alone, and with the next one when that one
                // opens by pointing back ("Wrongful takedowns: about 600 a
                // week. Each costs 20 minutes of review." reads as one
                // statement); only the ranges around `found`, in text order.
                let mut out: Vec<std::ops::Range<usize>> = Vec::new();
                for &s in &sentences {
                    if s > 0 && self.continues(s) {
                        out.push(s - 1..s + 1);
                    }
                    out.push(s..s + 1);
                    if s + 1 < n && self.continues(s + 1) {
                        out.push(s..s + 2);
                    }
                }
                out.sort_by_key(|r| (r.start, r.end));
                out.dedup();
                out
            }
            Scope::Answer => std::iter::once(0..n).filter(holds).collect(),
            Scope::Block => {
                let mut out: Vec<std::ops::Range<usize>> = Vec::new();
                let mut last_group = usize::MAX;
                for b in &self.doc.blocks {
                    if b.sentences.is_empty() {
                        continue;
                    }
                    match out.last_mut() {
                        Some(r) if b.group == last_group && r.end == b.sentences.start => {
                            r.end = b.sentences.end
                        }
                        _ => out.push(b.sentences.clone()),
                    }
                    last_group = b.group;
                }
                out.retain(holds);
                out
            }
        }
    }

    /// True when sentence `s` opens with a word pointing back at the sentence
    /// before it, in the same paragraph or list, and adds a figure to it
    /// ("Each costs 20 minutes of review."). A continuation with no figure
    /// ("This hurts.") adds no measured claim and carries nothing across.
    fn continues(&self, s: usize) -> bool {
        if self.det.sentence_quantities[s].is_empty() {
            return false;
        }
        let doc = self.doc;
        let (prev, this) = (&doc.sentences[s - 1], &doc.sentences[s]);
        if doc.blocks[prev.block].group != doc.blocks[this.block].group {
            return false;
        }
        this.tokens
            .clone()
            .find(|&t| doc.tokens[t].kind != crate::text::TokenKind::Punct)
            .is_some_and(|t| self.det.info.classes[t].has(self.anaphors))
    }

    fn all(&self, atoms: &[Atom], none: &[Atom], scope: Scope, negatable: bool) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut anywhere: Vec<Vec<Found>> = Vec::with_capacity(atoms.len());
        for atom in atoms {
            let mut found = Vec::new();
            self.found_anywhere(atom, &mut found);
            if found.is_empty() {
                // An atom found nowhere: nothing to combine, nothing more to look up.
                return out;
            }
            anywhere.push(found);
        }
        let within = |found: &[Found], range: &std::ops::Range<usize>| {
            let from = found.partition_point(|f| f.sentence < range.start);
            let to = from + found[from..].partition_point(|f| f.sentence < range.end);
            from..to
        };
        // Only scopes holding a finding of the rarest atom can hold them all.
        let rarest = anywhere
            .iter()
            .min_by_key(|f| f.len())
            .map_or(&[][..], |f| &f[..]);
        let excluded: Vec<Vec<Found>> = none
            .iter()
            .map(|atom| {
                let mut found = Vec::new();
                self.found_anywhere(atom, &mut found);
                found
            })
            .collect();
        let mut per_atom: Vec<Vec<Found>> = vec![Vec::new(); atoms.len()];
        let mut chosen: Vec<Found> = Vec::with_capacity(atoms.len());
        for range in self.scopes(scope, rarest) {
            if anywhere
                .iter()
                .any(|found| within(found, &range).is_empty())
                || excluded
                    .iter()
                    .any(|found| !within(found, &range).is_empty())
            {
                continue;
            }
            for (a, found) in anywhere.iter().enumerate() {
                let in_scope = within(found, &range);
                let (from, to) = (in_scope.start, in_scope.end);
                per_atom[a].clear();
                per_atom[a].extend_from_slice(&found[from..to]);
                if negatable {
                    // Prefer findings that are not negated.
                    per_atom[a].sort_by_key(|f| f.negation.is_some());
                }
            }
            if per_atom.iter().any(Vec::is_empty) {
                continue;
            }
            // Pick one finding per atom, on distinct words.
            chosen.clear();
            let ok = per_atom.iter().all(|list| {
                match list
                    .iter()
                    .find(|f| !chosen.iter().any(|c| c.norm.overlaps(f.norm)))
                {
                    Some(f) => {
                        chosen.push(*f);
                        true
                    }
                    None => false,
                }
            });
            if !ok {
                continue;
            }
            chosen.sort_by_key(|f| f.norm.start);
            let negation = if negatable {
                chosen.iter().filter_map(|f| f.negation).max()
            } else {
                None
            };
            let first = chosen[0].sentence;
            out.push(Candidate {
                sentence: first,
                sentence_scope: chosen.iter().all(|f| f.sentence == first),
                spans: chosen.iter().map(|f| f.norm).collect(),
                negation,
                table: false,
            });
        }
        out
    }

    fn table(&self, rows: &[Atom], cost: &Atom) -> Vec<Candidate> {
        let mut out = Vec::new();
        // Cells by table, in one pass: a long answer has many tables.
        let mut groups: Vec<usize> = Vec::new();
        let mut cells_of: std::collections::BTreeMap<usize, Vec<&crate::text::Block>> =
            std::collections::BTreeMap::new();
        for b in &self.doc.blocks {
            if matches!(b.kind, BlockKind::TableCell { .. }) {
                groups.push(b.group);
                cells_of.entry(b.group).or_default().push(b);
            }
        }
        groups.dedup();
        let mut found = Vec::new();
        for group in groups {
            let cells = &cells_of[&group];
            // Each row atom labels its own cell (a row, or a column when the
            // table is drawn the other way round).
            let mut labels: Vec<Found> = Vec::new();
            let mut used: Vec<usize> = Vec::new();
            for atom in rows {
                let hit = cells.iter().enumerate().find_map(|(c, cell)| {
                    if used.contains(&c) {
                        return None;
                    }
                    found.clear();
                    for s in cell.sentences.clone() {
                        self.found_in(atom, s, &mut found);
                    }
                    found.first().map(|f| (c, *f))
                });
                match hit {
                    Some((c, f)) => {
                        used.push(c);
                        labels.push(f);
                    }
                    None => break,
                }
            }
            if labels.len() < rows.len() {
                continue;
            }
            let costs = cells.iter().find_map(|cell| {
                found.clear();
                for s in cell.sentences.clone() {
                    self.found_in(cost, s, &mut found);
                }
                found.first().copied()
            });
            if let Some(c) = costs {
                let mut spans: Vec<Span> = labels.iter().map(|f| f.norm).collect();
                spans.push(c.norm);
                spans.sort();
                out.push(Candidate {
                    sentence: labels[0].sentence,
                    spans,
                    negation: None,
                    table: true,
                    sentence_scope: false,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric;

    fn found(rubric_id: &str, text: &str, element: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        crate::grade_text("t.md", text, &r)
            .elements
            .iter()
            .any(|e| e.id == element && e.found)
    }

    #[test]
    fn a_sentence_pointing_back_with_a_figure_continues_the_one_before() {
        let text = "Wrongful takedowns run at about 600 a week. \
                    Each costs around 20 minutes of a senior reviewer.";
        assert!(found("cost-of-error", text, "cost_of_error"));
        // Without the pointer the two sentences stay apart.
        let text = "Wrongful takedowns run at about 600 a week. \
                    Onboarding costs around 20 minutes of a senior reviewer.";
        assert!(!found("cost-of-error", text, "cost_of_error"));
        // A pointer with no figure carries nothing across.
        let text = "Wrongful takedowns run at about 600 a week. This hurts creators.";
        assert!(!found("cost-of-error", text, "cost_of_error"));
    }

    #[test]
    fn ownership_shared_by_everyone_is_not_ownership() {
        assert!(!found(
            "governance-lens",
            "Responsibility would be shared across the council so that no single team carries it.",
            "ownership"
        ));
        assert!(found(
            "governance-lens",
            "The policy lead owns the threshold and signs off on every change.",
            "ownership"
        ));
    }

    #[test]
    fn levers_and_errors_in_plain_words_are_found() {
        assert!(found(
            "policy-impact",
            "Anything in the middle goes to a person on the review team to look at.",
            "lever"
        ));
        assert!(found(
            "policy-impact",
            "When the tool gets it wrong, each mistake costs us about $6 in support time.",
            "cost_of_error"
        ));
    }

    #[test]
    fn the_word_policy_alone_is_no_lever() {
        assert!(!found(
            "policy-impact",
            "I would set up a war room with policy, legal and comms to agree on an interim policy.",
            "lever"
        ));
    }
}
