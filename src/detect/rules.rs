//! Rule kinds, evaluated over the findings of one answer: `any` (one atom in a
//! sentence), `all` (every atom within a scope, on distinct words) and `table`
//! (an error-cost matrix).

use crate::rubric::compile::{Alt, Atom, Rule};
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
}

impl<'a, 'd> Evaluator<'a, 'd> {
    pub fn new(doc: &'a Document<'d>, det: &'a Detection) -> Self {
        Evaluator { doc, det }
    }

    /// Findings matching `atom` in sentence `s`, in text order.
    fn found_in(&self, atom: &Atom, s: usize, out: &mut Vec<Found>) {
        let before = out.len();
        for alt in &atom.alts {
            match *alt {
                Alt::Set(set) => {
                    for i in self.det.sentence_terms[s].clone() {
                        let hit = self.det.terms[i];
                        if hit.set == set {
                            out.push(Found {
                                norm: hit.norm,
                                sentence: s,
                                negation: self.det.term_negation[i],
                            });
                        }
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

    /// One candidate per finding of `atom`, in every sentence.
    pub fn atom_candidates(&self, atom: &Atom) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut found = Vec::new();
        for s in 0..self.doc.sentences.len() {
            found.clear();
            self.found_in(atom, s, &mut found);
            out.extend(found.iter().map(|f| Candidate {
                sentence: f.sentence,
                spans: vec![f.norm],
                negation: f.negation,
                table: false,
                sentence_scope: true,
            }));
        }
        out
    }

    /// The candidates of a list of rules, in text order.
    pub fn candidates(&self, rules: &[Rule]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for rule in rules {
            match rule {
                Rule::Any { atom, negatable } => {
                    let mut found = self.atom_candidates(atom);
                    if !negatable {
                        found.iter_mut().for_each(|c| c.negation = None);
                    }
                    out.extend(found);
                }
                Rule::All {
                    atoms,
                    scope,
                    negatable,
                } => out.extend(self.all(atoms, *scope, *negatable)),
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

    fn scopes(&self, scope: Scope) -> Vec<std::ops::Range<usize>> {
        let n = self.doc.sentences.len();
        match scope {
            Scope::Sentence => {
                let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(n);
                for s in 0..n {
                    out.push(s..s + 1);
                    // "Wrongful takedowns: about 600 a week. Each costs 20
                    // minutes of review." The next sentence opens by pointing
                    // back: the two read as one statement.
                    if s + 1 < n && self.continues(s + 1) {
                        out.push(s..s + 2);
                    }
                }
                out
            }
            Scope::Answer => std::iter::once(0..n).collect(),
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
        const ANAPHORS: [&str; 10] = [
            "each", "every", "this", "that", "these", "those", "it", "they", "such", "both",
        ];
        let doc = self.doc;
        let (prev, this) = (&doc.sentences[s - 1], &doc.sentences[s]);
        if doc.blocks[prev.block].group != doc.blocks[this.block].group {
            return false;
        }
        doc.tokens[this.tokens.clone()]
            .iter()
            .find(|t| t.kind != crate::text::TokenKind::Punct)
            .is_some_and(|t| ANAPHORS.contains(&t.norm.slice(&self.det.lower)))
    }

    fn all(&self, atoms: &[Atom], scope: Scope, negatable: bool) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut per_atom: Vec<Vec<Found>> = vec![Vec::new(); atoms.len()];
        for range in self.scopes(scope) {
            for (a, atom) in atoms.iter().enumerate() {
                per_atom[a].clear();
                for s in range.clone() {
                    self.found_in(atom, s, &mut per_atom[a]);
                }
                if negatable {
                    // Prefer findings that are not negated.
                    per_atom[a].sort_by_key(|f| f.negation.is_some());
                }
            }
            if per_atom.iter().any(Vec::is_empty) {
                continue;
            }
            // Pick one finding per atom, on distinct words.
            let mut chosen: Vec<Found> = Vec::new();
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
        let mut groups: Vec<usize> = self
            .doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::TableCell { .. }))
            .map(|b| b.group)
            .collect();
        groups.dedup();
        let mut found = Vec::new();
        for group in groups {
            let cells: Vec<_> = self
                .doc
                .blocks
                .iter()
                .filter(|b| b.group == group && matches!(b.kind, BlockKind::TableCell { .. }))
                .collect();
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
