//! Scoring: signed points per element, structure bonuses, anti-pattern
//! penalties and the technical-only pull, clamped to [-100, 100] and placed in
//! the rubric's bands.

use crate::detect::refusal::{rejected_after, rejected_next};
use crate::detect::{Candidate, Detection, Negation};
use crate::rubric::compile::{BonusKind, Unless};
use crate::rubric::schema::Scope;
use crate::rubric::{Rating, Rubric};
use crate::span::Span;
use crate::structure::{Quality, Structure};
use crate::text::Document;
use std::collections::BTreeMap;

/// Evidence shown per element or finding at most.
pub const MAX_EVIDENCE: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct ElementScore {
    pub found: bool,
    pub points: f64,
    /// Normalized spans of the evidence, in text order.
    pub evidence: Vec<Span>,
    /// Terms of the element were seen, but only in fragments, lists or negated.
    pub unearned: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FindingScore {
    /// Index into the rubric's anti-patterns or bonuses.
    pub index: usize,
    pub points: f64,
    /// How often it was found (a bonus found twice is worth half again).
    pub times: usize,
    pub evidence: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TechnicalScore {
    pub points: f64,
    pub sentences: usize,
    /// The pull of the unanchored sentences: one a clause, half a fragment.
    pub weight: f64,
    /// Sentences that carry a product anchor.
    pub anchored: usize,
    pub evidence: Vec<Span>,
}

impl TechnicalScore {
    fn none() -> TechnicalScore {
        TechnicalScore {
            points: 0.0,
            sentences: 0,
            weight: 0.0,
            anchored: 0,
            evidence: Vec::new(),
        }
    }
}

/// The grade of one answer, before rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub score: f64,
    pub rating: Rating,
    pub label: String,
    pub elements: Vec<ElementScore>,
    pub penalties: Vec<FindingScore>,
    pub bonuses: Vec<FindingScore>,
    pub technical: TechnicalScore,
    /// The whole answer reads as shuffled words.
    pub salad: bool,
    /// Sentences addressed to the grader, left ungraded.
    pub meta: usize,
    pub notes: Vec<String>,
}

impl Grade {
    /// Every evidence span passed through `f` (normalized to original offsets).
    pub fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        let lists = self
            .elements
            .iter_mut()
            .map(|e| &mut e.evidence)
            .chain(self.penalties.iter_mut().map(|p| &mut p.evidence))
            .chain(self.bonuses.iter_mut().map(|b| &mut b.evidence))
            .chain(std::iter::once(&mut self.technical.evidence));
        for list in lists {
            for span in list.iter_mut() {
                *span = f(*span);
            }
        }
    }
}

/// Rounds to two decimals, without negative zero.
pub fn round(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

struct Ctx<'a, 'd> {
    doc: &'a Document<'d>,
    st: &'a Structure,
}

impl Ctx<'_, '_> {
    fn group(&self, sentence: usize) -> usize {
        self.doc.blocks[self.doc.sentences[sentence].block].group
    }

    fn in_scope(&self, scope: Scope, a: usize, b: usize) -> bool {
        match scope {
            Scope::Sentence => a == b,
            Scope::Block => self.group(a) == self.group(b),
            Scope::Answer => true,
        }
    }

    /// An element candidate that earns the element.
    fn earns(&self, c: &Candidate) -> bool {
        if c.negation == Some(Negation::Hard) || self.st.salad {
            return false;
        }
        let q = self.st.quality[c.sentence];
        if c.table {
            q != Quality::Meta
        } else {
            q == Quality::Clause
        }
    }

    /// An anti-pattern candidate that counts against the answer.
    fn counts_against(&self, c: &Candidate) -> bool {
        c.negation.is_none()
            && !matches!(self.st.quality[c.sentence], Quality::Meta | Quality::Salad)
            && !self.doc.blocks[self.doc.sentences[c.sentence].block].quoted
    }
}

/// Where something was found: sorted sentences and block groups, for lookups
/// in logarithmic time (a long answer must not make scoring quadratic).
struct Presence {
    sentences: Vec<usize>,
    groups: Vec<usize>,
}

impl Presence {
    fn new(ctx: &Ctx<'_, '_>, sentences: impl Iterator<Item = usize>) -> Presence {
        let mut sentences: Vec<usize> = sentences.collect();
        sentences.sort_unstable();
        sentences.dedup();
        let mut groups: Vec<usize> = sentences.iter().map(|&s| ctx.group(s)).collect();
        groups.sort_unstable();
        groups.dedup();
        Presence { sentences, groups }
    }

    fn in_scope(&self, ctx: &Ctx<'_, '_>, scope: Scope, sentence: usize) -> bool {
        match scope {
            Scope::Sentence => self.sentences.binary_search(&sentence).is_ok(),
            Scope::Block => self.groups.binary_search(&ctx.group(sentence)).is_ok(),
            Scope::Answer => !self.sentences.is_empty(),
        }
    }
}

/// The candidates of a list (sorted by sentence) that sit in sentence `s`.
fn in_sentence<'c, 'd>(list: &'c [&'d Candidate], s: usize) -> &'c [&'d Candidate] {
    let start = list.partition_point(|c| c.sentence < s);
    let end = list.partition_point(|c| c.sentence <= s);
    &list[start..end]
}

fn cover(spans: &[Span]) -> Span {
    spans
        .iter()
        .copied()
        .reduce(|a, b| a.cover(b))
        .unwrap_or_default()
}

/// Evidence spans of candidates: one per candidate (the cover when it sits in
/// one sentence), at most one per sentence, at most [`MAX_EVIDENCE`].
fn evidence(cands: &[&Candidate]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut sentences: Vec<usize> = Vec::new();
    for c in cands {
        if sentences.contains(&c.sentence) {
            continue;
        }
        sentences.push(c.sentence);
        if c.sentence_scope {
            out.push(cover(&c.spans));
        } else {
            out.extend(c.spans.iter().copied());
        }
        if sentences.len() == MAX_EVIDENCE {
            break;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How much a finding of engineering talk pulls: fully in a clause, half in
/// a fragment, nothing in a list of terms that also names the product anchors
/// (a buzzword list is not engineering talk), in a question, in salad or in a
/// note to the grader.
fn technical_weight(
    doc: &Document<'_>,
    det: &Detection,
    st: &Structure,
    anchors: &[usize],
    c: &Candidate,
) -> Option<f64> {
    // A question about the engineering ("which test set?") probes a claim
    // rather than resting on it.
    if c.negation.is_some() || doc.text(doc.sentences[c.sentence].norm).ends_with('?') {
        return None;
    }
    match st.quality[c.sentence] {
        Quality::Clause => Some(1.0),
        Quality::Fragment => {
            // Candidates are sorted by sentence: read only this sentence's.
            let buzzwords = anchors.iter().any(|&e| {
                let found = &det.elements[e];
                let from = found.partition_point(|x| x.sentence < c.sentence);
                found[from..]
                    .iter()
                    .take_while(|x| x.sentence == c.sentence)
                    .any(|x| x.negation.is_none())
            });
            (!buzzwords).then_some(0.5)
        }
        Quality::Salad | Quality::Meta => None,
    }
}

/// The id of the element that measures the moderation problem, as
/// DESIGN.md fixes it for every rubric. Its findings are checked twice more
/// than the others': a metric named inside an anti-pattern's own phrase is
/// void, and sentences that measure the problem keep a technical story's owner
/// line from reading as a token. A rubric without such an element skips both.
const METRIC: &str = "metric";

/// Sentences that anchor an otherwise technical answer only in name: short,
/// with no figure, in an answer whose unanchored engineering talk is at least
/// two sentences and twice the other anchored sentences. Sentences that state
/// a metric of the moderation problem (`measures`) count among the others: an
/// answer that measures appeals and reviewer hours is not engineering with one
/// product line added, however often its story names the model. Sorted.
fn token_anchors(
    doc: &Document<'_>,
    det: &Detection,
    st: &Structure,
    anchors: &[usize],
    measures: Option<usize>,
    earned: &[Vec<&Candidate>],
) -> Vec<usize> {
    let mut anchored: Vec<usize> = anchors
        .iter()
        .flat_map(|&e| earned[e].iter().map(|c| c.sentence))
        .collect();
    anchored.sort_unstable();
    anchored.dedup();
    if anchored.is_empty() {
        return Vec::new();
    }
    let mut weight = 0.0;
    let mut seen: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for c in &det.technical {
        if seen.contains(&c.sentence) || anchored.binary_search(&c.sentence).is_ok() {
            continue;
        }
        if let Some(w) = technical_weight(doc, det, st, anchors, c) {
            seen.insert(c.sentence);
            weight += w;
        }
    }
    let tokens: Vec<usize> = anchored
        .iter()
        .copied()
        .filter(|&s| {
            let words = doc
                .sentence_tokens(s)
                .iter()
                .filter(|t| t.kind != crate::text::TokenKind::Punct)
                .count();
            words <= 15 && det.sentence_quantities[s].is_empty()
        })
        .collect();
    let mut measured: Vec<usize> = measures
        .map(|m| earned[m].iter().map(|c| c.sentence).collect())
        .unwrap_or_default();
    measured.retain(|s| anchored.binary_search(s).is_err());
    measured.sort_unstable();
    measured.dedup();
    let others = (anchored.len() - tokens.len() + measured.len()) as f64;
    if tokens.is_empty() || weight < 2.0 || weight < 2.0 * others {
        return Vec::new();
    }
    tokens
}

/// True when a span of `c` overlaps a span of one of `others` (sorted by
/// sentence, as candidates are): only the others of `c`'s sentence are read.
fn overlaps_any(c: &Candidate, others: &[Candidate]) -> bool {
    let from = others.partition_point(|o| o.sentence < c.sentence);
    others[from..]
        .iter()
        .take_while(|o| o.sentence == c.sentence)
        .any(|o| {
            o.spans
                .iter()
                .any(|x| c.spans.iter().any(|y| x.overlaps(*y)))
        })
}

/// True when `c` rests on a quantity that is also a finding of one of the
/// counted anti-pattern candidates `anti` (by sentence).
fn rests_on_anti_pattern_figure(
    c: &Candidate,
    det: &Detection,
    anti: &BTreeMap<usize, Vec<&Candidate>>,
) -> bool {
    let in_sentence = || anti.get(&c.sentence).into_iter().flatten();
    c.spans.iter().any(|span| {
        det.quantities
            .get(det.sentence_quantities[c.sentence].clone())
            .unwrap_or_default()
            .iter()
            .any(|q| q.norm.overlaps(*span))
            && in_sentence().any(|a| a.spans.iter().any(|x| x.overlaps(*span)))
    })
}

/// True when every span of `c` lies inside a counted anti-pattern finding
/// of its sentence ("accuracy is TPR + FPR").
fn inside_anti_pattern(c: &Candidate, anti: &BTreeMap<usize, Vec<&Candidate>>) -> bool {
    let Some(found) = anti.get(&c.sentence) else {
        return false;
    };
    !c.spans.is_empty()
        && c.spans.iter().all(|s| {
            found
                .iter()
                .any(|a| a.spans.iter().any(|x| x.start <= s.start && s.end <= x.end))
        })
}

/// Scores one answer.
pub fn score(doc: &Document<'_>, det: &Detection, st: &Structure, rubric: &Rubric) -> Grade {
    let ctx = Ctx { doc, st };
    let earned: Vec<Vec<&Candidate>> = det
        .elements
        .iter()
        .map(|cands| {
            let mut list: Vec<&Candidate> = cands.iter().filter(|c| ctx.earns(c)).collect();
            list.sort_by_key(|c| c.sentence);
            list
        })
        .collect();
    // Anti-patterns.
    let mut penalties = Vec::new();
    // Counted anti-pattern candidates by sentence, for the checks made per
    // candidate.
    let mut hits_by_sentence: BTreeMap<usize, Vec<&Candidate>> = BTreeMap::new();
    for (ai, anti) in rubric.anti_patterns.iter().enumerate() {
        let unless: Vec<Presence> = anti
            .unless
            .iter()
            .enumerate()
            .map(|(ui, u)| match u {
                // A phrase that makes the anti-pattern cannot also excuse it
                // ("people can always appeal" is no cost of error).
                Unless::Element(e) => Presence::new(
                    &ctx,
                    earned[*e]
                        .iter()
                        .filter(|c| !overlaps_any(c, &det.anti_patterns[ai]))
                        .map(|c| c.sentence),
                ),
                // The element counts only in a sentence that also holds the
                // atom: a cost of error excuses recall pushed hard only when
                // it prices the false positives that recall brings.
                Unless::ElementWith(e, _) => {
                    let with = Presence::new(
                        &ctx,
                        det.anti_unless[ai][ui]
                            .iter()
                            .filter(|x| x.negation.is_none())
                            .map(|x| x.sentence),
                    );
                    Presence::new(
                        &ctx,
                        earned[*e]
                            .iter()
                            .filter(|c| !overlaps_any(c, &det.anti_patterns[ai]))
                            .filter(|c| with.in_scope(&ctx, Scope::Sentence, c.sentence))
                            .map(|c| c.sentence),
                    )
                }
                Unless::Atom(_) => Presence::new(
                    &ctx,
                    det.anti_unless[ai][ui]
                        .iter()
                        .filter(|x| x.negation.is_none())
                        .map(|x| x.sentence),
                ),
            })
            .collect();
        // Once an answer has turned an anti-pattern down ("I would not take
        // down all synthetic audio"), later mentions in the same paragraph,
        // or later in the same sentence after a semicolon ("...; chasing
        // every last fake would flood the queue"), speak of the rejected idea.
        // Turned-down mentions by paragraph, each list in text order, so a
        // long answer is not read once per mention.
        let mut refusals: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for x in det.anti_patterns[ai].iter().filter(|x| {
            x.negation.is_some()
                || rejected_next(doc, det, x.sentence)
                || rejected_after(doc, det, x)
        }) {
            refusals
                .entry(ctx.group(x.sentence))
                .or_default()
                .push((x.sentence, cover(&x.spans).end));
        }
        let rejected_before = |c: &Candidate| {
            let Some(list) = refusals.get(&ctx.group(c.sentence)) else {
                return false;
            };
            let start = cover(&c.spans).start;
            let from = list.partition_point(|&(s, _)| s < c.sentence);
            from > 0
                || list[from..]
                    .iter()
                    .take_while(|&&(s, _)| s == c.sentence)
                    .any(|&(_, end)| end <= start)
        };
        let hits: Vec<&Candidate> = det.anti_patterns[ai]
            .iter()
            .filter(|c| ctx.counts_against(c))
            .filter(|c| {
                !rejected_before(c)
                    && !rejected_next(doc, det, c.sentence)
                    && !rejected_after(doc, det, c)
            })
            // One phrase makes one anti-pattern: "99.9 % recall" pushed at any
            // cost is not also a headline accuracy claim. A finding that lies
            // wholly inside one already counted is not counted again.
            .filter(|c| {
                let counted = hits_by_sentence
                    .get(&c.sentence)
                    .map_or(&[][..], |v| &v[..]);
                !c.spans.iter().all(|y| {
                    counted
                        .iter()
                        .any(|a| a.spans.iter().any(|x| x.start <= y.start && y.end <= x.end))
                })
            })
            .filter(|c| {
                !unless
                    .iter()
                    .any(|p| p.in_scope(&ctx, anti.unless_scope, c.sentence))
            })
            .collect();
        for &h in &hits {
            hits_by_sentence.entry(h.sentence).or_default().push(h);
        }
        if !hits.is_empty() {
            penalties.push(FindingScore {
                index: ai,
                points: anti.points,
                times: 1,
                evidence: evidence(&hits),
            });
        }
    }

    // A figure that makes an anti-pattern (a headline accuracy, recall pushed
    // to 100 %) is not also a metric of the moderation problem: an element
    // candidate resting on a quantity inside a counted anti-pattern is void.
    // Nor is a metric named inside the phrase of an anti-pattern ("accuracy
    // is TPR + FPR") a metric of the problem.
    let metric = rubric.element_index(METRIC);
    let earned: Vec<Vec<&Candidate>> = earned
        .into_iter()
        .enumerate()
        .map(|(e, list)| {
            list.into_iter()
                .filter(|c| !rests_on_anti_pattern_figure(c, det, &hits_by_sentence))
                .filter(|c| Some(e) != metric || !inside_anti_pattern(c, &hits_by_sentence))
                .collect()
        })
        .collect();
    // A technical answer with one token product line ("Policy considerations
    // are of course also important.") stays technical: when engineering talk
    // outweighs the anchored sentences two to one, a short anchored sentence
    // with no figure earns nothing and anchors nothing.
    let earned: Vec<Vec<&Candidate>> = match &rubric.technical {
        Some(t) => {
            let tokens = token_anchors(doc, det, st, &t.unless, metric, &earned);
            earned
                .into_iter()
                .map(|list| {
                    list.into_iter()
                        .filter(|c| tokens.binary_search(&c.sentence).is_err())
                        .collect()
                })
                .collect()
        }
        None => earned,
    };
    let presence: Vec<Presence> = earned
        .iter()
        .map(|list| Presence::new(&ctx, list.iter().map(|c| c.sentence)))
        .collect();

    let elements: Vec<ElementScore> = rubric
        .elements
        .iter()
        .zip(&earned)
        .zip(&det.elements)
        .map(|((e, earned), all)| {
            let found = !earned.is_empty();
            ElementScore {
                found,
                points: if found { e.weight } else { 0.0 },
                evidence: evidence(earned),
                unearned: !found && !all.is_empty(),
            }
        })
        .collect();

    // Bonuses.
    let mut bonuses = Vec::new();
    for (bi, bonus) in rubric.bonuses.iter().enumerate() {
        let mut found: Vec<Span> = Vec::new();
        let mut times = 0usize;
        match &bonus.kind {
            BonusKind::Link { from, to, .. } => {
                let carried = &det.carried[bi];
                let mut linked_sentences: std::collections::BTreeSet<usize> = Default::default();
                for &f in from {
                    for a in &earned[f] {
                        if !a.sentence_scope || linked_sentences.contains(&a.sentence) {
                            continue;
                        }
                        let partner = to.iter().filter(|&&t| t != f).find_map(|&t| {
                            in_sentence(&earned[t], a.sentence).iter().find_map(|b| {
                                if !b.sentence_scope {
                                    return None;
                                }
                                let (sa, sb) = (cover(&a.spans), cover(&b.spans));
                                if sa.overlaps(sb) {
                                    return None;
                                }
                                st.linked(doc, a.sentence, sa, sb)
                                    .map(|c| sa.cover(sb).cover(c))
                            })
                        });
                        // Or carried to the next sentence of the paragraph,
                        // which opens with the carrying words ("That way ...").
                        let next = a.sentence + 1;
                        let partner = partner.or_else(|| {
                            let carries = carried.binary_search(&next).is_ok()
                                && doc.sentences[next].block == doc.sentences[a.sentence].block;
                            if !carries {
                                return None;
                            }
                            to.iter().filter(|&&t| t != f).find_map(|&t| {
                                in_sentence(&earned[t], next)
                                    .iter()
                                    .find(|b| b.sentence_scope)
                                    .map(|b| cover(&a.spans).cover(cover(&b.spans)))
                            })
                        });
                        if let Some(span) = partner {
                            linked_sentences.insert(a.sentence);
                            found.push(span);
                        }
                    }
                }
                times = linked_sentences.len();
            }
            BonusKind::Chain {
                elements: ids,
                scope,
            } => {
                'outer: for a in ids.first().map(|&i| &earned[i]).into_iter().flatten() {
                    let mut spans = vec![cover(&a.spans)];
                    for &other in &ids[1..] {
                        if !presence[other].in_scope(&ctx, *scope, a.sentence) {
                            continue 'outer;
                        }
                        match earned[other]
                            .iter()
                            .find(|b| ctx.in_scope(*scope, a.sentence, b.sentence))
                        {
                            Some(b) => spans.push(cover(&b.spans)),
                            None => continue 'outer,
                        }
                    }
                    spans.sort();
                    found = spans;
                    times = 1;
                    break;
                }
            }
            BonusKind::Contrast { to } => {
                for &t in to {
                    if let Some(c) = earned[t].iter().find(|c| {
                        c.sentence_scope && st.after_contrast(c.sentence, cover(&c.spans))
                    }) {
                        found.push(doc.sentences[c.sentence].norm);
                        times = 1;
                        break;
                    }
                }
            }
        }
        if times > 0 {
            found.sort();
            found.dedup();
            found.truncate(MAX_EVIDENCE);
            bonuses.push(FindingScore {
                index: bi,
                points: bonus_points(bonus.points, times),
                times,
                evidence: found,
            });
        }
    }

    // Technical-only pull.
    let mut technical = TechnicalScore::none();
    if let Some(t) = &rubric.technical {
        let mut sentences: std::collections::BTreeSet<usize> = Default::default();
        let mut spans: Vec<Span> = Vec::new();
        // Engineering talk in a clause pulls fully; in a fragment or a bare
        // list of terms, half as much.
        let mut weight = 0.0;
        for c in &det.technical {
            let Some(w) = technical_weight(doc, det, st, &t.unless, c) else {
                continue;
            };
            if sentences.contains(&c.sentence) {
                continue;
            }
            let anchored = t
                .unless
                .iter()
                .any(|&e| presence[e].in_scope(&ctx, Scope::Sentence, c.sentence));
            if !anchored {
                sentences.insert(c.sentence);
                spans.push(doc.sentences[c.sentence].norm);
                weight += w;
            }
        }
        if !sentences.is_empty() {
            // Sentences that carry a product anchor, against the engineering talk.
            let mut anchored: Vec<usize> = t
                .unless
                .iter()
                .flat_map(|&e| earned[e].iter().map(|c| c.sentence))
                .collect();
            anchored.sort_unstable();
            anchored.dedup();
            spans.sort();
            spans.truncate(MAX_EVIDENCE);
            technical = TechnicalScore {
                points: technical_points(t, weight, anchored.len()),
                sentences: sentences.len(),
                weight,
                anchored: anchored.len(),
                evidence: spans,
            };
        }
    }

    let meta = st.quality.iter().filter(|q| **q == Quality::Meta).count();
    finish(
        rubric, elements, penalties, bonuses, technical, st.salad, meta,
    )
}

/// Points of a bonus found `times` times: the second occurrence is worth
/// half, no more after (diminishing returns).
fn bonus_points(points: f64, times: usize) -> f64 {
    points * if times >= 2 { 1.5 } else { 1.0 }
}

/// The technical-only pull of `weight` unanchored sentences against
/// `anchored` sentences that carry a product anchor.
fn technical_points(t: &crate::rubric::compile::Technical, weight: f64, anchored: usize) -> f64 {
    let anchored = anchored as f64;
    let share = anchored / (anchored + weight);
    let points = (t.points_per_sentence * weight).max(t.max);
    // The unanchored pull: full from two sentences of engineering talk with
    // no anchor at all, fading as anchored sentences outnumber them.
    points + t.unanchored * (weight / 2.0).min(1.0) * (1.0 - 2.0 * share).max(0.0)
}

/// Sums the parts of a grade, clamps and caps the score, and places it in a band.
fn finish(
    rubric: &Rubric,
    elements: Vec<ElementScore>,
    penalties: Vec<FindingScore>,
    bonuses: Vec<FindingScore>,
    technical: TechnicalScore,
    salad: bool,
    meta: usize,
) -> Grade {
    let total: f64 = elements.iter().map(|e| e.points).sum::<f64>()
        + bonuses.iter().map(|b| b.points).sum::<f64>()
        + penalties.iter().map(|p| p.points).sum::<f64>()
        + technical.points;
    let ceiling = penalties
        .iter()
        .filter_map(|p| rubric.anti_patterns[p.index].ceiling)
        .fold(100.0, f64::min);
    let mut score = round(total.clamp(-100.0, 100.0).min(ceiling));
    let mut notes = Vec::new();
    // A band that requires an element the answer lacks is out of reach: the
    // score stops one point below it ("measurable impact" needs a metric).
    let mut band = rubric.band(score);
    while let Some(&missing) = band.requires.iter().find(|&&e| !elements[e].found) {
        score = round(band.min - 1.0);
        notes.push(format!(
            "Rated below {} because the answer has no {}.",
            band.label,
            rubric.elements[missing].title.to_lowercase()
        ));
        band = rubric.band(score);
    }

    if salad {
        notes.push(
            "The answer reads as shuffled words rather than sentences, so no element was earned."
                .to_string(),
        );
    }
    if meta > 0 {
        notes.push(format!(
            "{meta} sentence{} addressed to the grader {} not graded.",
            if meta == 1 { "" } else { "s" },
            if meta == 1 { "was" } else { "were" }
        ));
    }
    Grade {
        score,
        rating: band.rating,
        label: band.label.clone(),
        elements,
        penalties,
        bonuses,
        technical,
        salad,
        meta,
        notes,
    }
}

/// Appends `more` evidence to `into` while it holds fewer than
/// [`MAX_EVIDENCE`] spans.
fn add_evidence(into: &mut Vec<Span>, more: Vec<Span>) {
    if into.len() < MAX_EVIDENCE {
        into.extend(more);
    }
}

/// Merges the findings of `parts`, the grades of consecutive parts of one long
/// answer (spans already in offsets of the whole answer), into one grade.
///
/// An element, anti-pattern or bonus found in any part counts once, with the
/// evidence of the first parts; a link bonus counts the linked sentences of
/// every part; the technical pull weighs every part's sentences together;
/// the answer reads as shuffled words only when every part does.
pub fn merge(parts: Vec<Grade>, rubric: &Rubric) -> Grade {
    let mut elements: Vec<ElementScore> = rubric
        .elements
        .iter()
        .map(|_| ElementScore {
            found: false,
            points: 0.0,
            evidence: Vec::new(),
            unearned: false,
        })
        .collect();
    let mut penalties: BTreeMap<usize, FindingScore> = BTreeMap::new();
    let mut bonuses: BTreeMap<usize, FindingScore> = BTreeMap::new();
    let mut technical = TechnicalScore::none();
    let mut salad = !parts.is_empty();
    let mut meta = 0;
    for part in parts {
        for (into, e) in elements.iter_mut().zip(part.elements) {
            into.found |= e.found;
            into.points = into.points.max(e.points);
            into.unearned |= e.unearned;
            add_evidence(&mut into.evidence, e.evidence);
        }
        for (into, found) in [
            (&mut penalties, part.penalties),
            (&mut bonuses, part.bonuses),
        ] {
            for f in found {
                match into.get_mut(&f.index) {
                    Some(seen) => {
                        seen.times += f.times;
                        add_evidence(&mut seen.evidence, f.evidence);
                    }
                    None => {
                        into.insert(f.index, f);
                    }
                }
            }
        }
        technical.sentences += part.technical.sentences;
        technical.weight += part.technical.weight;
        technical.anchored += part.technical.anchored;
        add_evidence(&mut technical.evidence, part.technical.evidence);
        salad &= part.salad;
        meta += part.meta;
    }
    for e in &mut elements {
        e.unearned &= !e.found;
    }
    for b in bonuses.values_mut() {
        let bonus = &rubric.bonuses[b.index];
        // A link counts each linked sentence; a chain or a contrast is found
        // once or not at all.
        if !matches!(bonus.kind, BonusKind::Link { .. }) {
            b.times = 1;
        }
        b.points = bonus_points(bonus.points, b.times);
    }
    if let Some(t) = rubric
        .technical
        .as_ref()
        .filter(|_| technical.sentences > 0)
    {
        technical.points = technical_points(t, technical.weight, technical.anchored);
    }
    finish(
        rubric,
        elements,
        penalties.into_values().collect(),
        bonuses.into_values().collect(),
        technical,
        salad,
        meta,
    )
}

#[cfg(test)]
mod tests {
    use crate::rubric;

    #[test]
    fn merging_the_grade_of_one_part_changes_nothing() {
        let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/train");
        let mut seen = 0;
        for entry in std::fs::read_dir(samples).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for id in ["policy-impact", "error-cost-matrix", "governance-lens"] {
                let r = rubric::load(id).unwrap();
                let doc = crate::text::Document::new(&text, crate::text::Format::Markdown);
                let det = crate::detect::detect(&doc, &r);
                let st = crate::structure::analyse(&doc, &det);
                let grade = super::score(&doc, &det, &st, &r);
                assert_eq!(
                    super::merge(vec![grade.clone()], &r),
                    grade,
                    "{path:?} {id}"
                );
                seen += 1;
            }
        }
        assert!(seen > 100);
    }

    fn found(rubric_id: &str, text: &str, element: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.elements.iter().any(|e| e.id == element && e.found)
    }

    fn penalized(rubric_id: &str, text: &str, anti: &str) -> bool {
        let r = rubric::load(rubric_id).unwrap();
        let report = crate::grade_text("t.md", text, &r);
        report.penalties.iter().any(|p| p.id == anti)
    }

    #[test]
    fn a_loss_in_a_sentence_about_errors_is_a_cost_not_an_outcome() {
        let error = "A false positive hurts the creator, who loses trust in us.";
        assert!(!found("policy-impact", error, "outcome"));
        assert!(found("policy-impact", error, "cost_of_error"));
        let effect =
            "Creators lose trust in the platform when their uploads are labelled at random.";
        assert!(found("policy-impact", effect, "outcome"));
    }

    #[test]
    fn saying_an_error_is_bad_is_not_pricing_it() {
        let text = "Wrongly removing real creators is worse than missing a harmless meme.";
        assert!(!found("policy-impact", text, "cost_of_error"));
        let text = "Each wrongly removed video costs an appeal and 15 minutes of review.";
        assert!(found("policy-impact", text, "cost_of_error"));
    }

    #[test]
    fn short_owner_sentences_with_any_named_lead_are_ownership() {
        for text in [
            "The policy lead owns the trade-off.",
            "Ownership sits with the T&S operations lead.",
            "Decisions on the threshold fall to the head of Trust & Safety.",
            "The Music Rights lead sets the hold threshold each quarter.",
            "Risk acceptance is the job of the head of integrity.",
        ] {
            assert!(found("policy-impact", text, "ownership"), "{text}");
        }
        let text = "This will lead to fewer appeals, and we decide the rest later.";
        assert!(!found("policy-impact", text, "ownership"));
    }

    #[test]
    fn owners_named_in_french_and_spanish_and_verbs_the_lexicon_knew_only_as_nouns() {
        for text in [
            "The Voice Safety manager answers for the weekly numbers.",
            "C'est l'équipe Escalades qui tranche sur le seuil.",
            "La decisión sobre el umbral es del comité de políticas.",
        ] {
            assert!(found("policy-impact", text, "ownership"), "{text}");
        }
    }

    #[test]
    fn a_real_video_taken_down_is_an_error_and_camera_exposure_no_outcome() {
        let text = "Think of the creator whose real video is taken down.";
        assert!(!found("policy-impact", text, "outcome"));
        let text = "We augment with exposure and white-balance shifts so the model stops failing.";
        assert!(!found("policy-impact", text, "outcome"));
    }

    #[test]
    fn trust_in_the_engineering_sense_and_phrasal_up_are_no_outcome() {
        let text = "We verify its signature chain against the trust list at upload.";
        assert!(!found("policy-impact", text, "outcome"));
        let text = "A fake of a minister could end up in the headlines.";
        assert!(!found("policy-impact", text, "outcome"));
    }

    #[test]
    fn checks_users_pass_are_levers_and_fewer_people_writing_in_is_an_outcome() {
        let text = "A synthetic-image check runs when someone uploads their main picture.";
        assert!(found("policy-impact", text, "lever"));
        let text = "Fewer of them have to write to us asking for help.";
        assert!(found("policy-impact", text, "outcome"));
    }

    #[test]
    fn someone_owning_the_trade_off_is_no_owner() {
        assert!(!found(
            "policy-impact",
            "Someone needs to own the trade-off.",
            "ownership"
        ));
        assert!(found(
            "policy-impact",
            "The policy lead will own the trade-off.",
            "ownership"
        ));
    }

    #[test]
    fn a_headline_figure_doubted_in_plain_words_is_not_a_boast() {
        let text = "The benchmark accuracy of 99% says little about our traffic, \
                    so I would re-measure on live uploads.";
        assert!(!penalized("policy-impact", text, "unanchored_accuracy"));
        let text = "The benchmark accuracy of 99% shows we are ready.";
        assert!(penalized("policy-impact", text, "unanchored_accuracy"));
    }

    #[test]
    fn recall_at_any_cost_told_as_tuning_or_catching_basically_everything() {
        for text in [
            "I'd push the decision threshold down until we catch basically everything.",
            "So I'd tune purely for recall and accept whatever the precision ends up being.",
        ] {
            assert!(
                penalized("policy-impact", text, "maximize_recall"),
                "{text}"
            );
        }
    }

    #[test]
    fn figures_of_the_engineering_are_no_metric() {
        let text = "We fine-tune the backbone on 8 A100s for roughly 14 hours on 200k clips.";
        assert!(!found("policy-impact", text, "metric"));
        let text = "Wrongful removals run at about 40 clips a day, and I want them under 10.";
        assert!(found("policy-impact", text, "metric"));
    }

    #[test]
    fn naming_the_cost_of_error_or_the_cost_of_compute_is_no_price() {
        let text = "The cost of being wrong matters here, so false positives deserve thought.";
        assert!(!found("policy-impact", text, "cost_of_error"));
        let text = "I'd train a cost-sensitive model, weighting false negatives five to one.";
        assert!(!found("policy-impact", text, "cost_of_error"));
    }

    #[test]
    fn fastest_growing_is_growth_not_shipping_speed() {
        let text = "Some of our fastest-growing creators use AI vocals openly.";
        assert!(!penalized("policy-impact", text, "speed_over_governance"));
    }

    #[test]
    fn deferring_fixes_or_review_until_after_launch_is_speed_over_governance() {
        for text in [
            "Ship the new classifier to all traffic and fix problems later.",
            "Launch it this week without waiting for policy review.",
        ] {
            assert!(
                penalized("policy-impact", text, "speed_over_governance"),
                "{text}"
            );
        }
        for text in [
            "We would never fix problems later: the errors have an owner before launch.",
            "I wouldn't launch it this week without policy review.",
        ] {
            assert!(
                !penalized("policy-impact", text, "speed_over_governance"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_error_that_eats_time_or_a_miss_said_as_a_verb_has_a_cost() {
        for text in [
            "Each false alarm eats 12 minutes of a moderator's time.",
            "When we miss a scam voice clone, the average victim loses about $1,500.",
        ] {
            assert!(found("policy-impact", text, "cost_of_error"), "{text}");
        }
        assert!(!found(
            "policy-impact",
            "Each false alarm is logged for the weekly report.",
            "cost_of_error"
        ));
    }

    #[test]
    fn removing_whatever_lacks_provenance_is_a_blanket_block() {
        let text = "Anything without a valid provenance manifest is removed at upload.";
        assert!(penalized("policy-impact", text, "blanket_block"));
        let refused = "I would not remove anything without a valid provenance manifest; \
                       unlabelled uploads get a notice instead.";
        assert!(!penalized("policy-impact", refused, "blanket_block"));
    }

    #[test]
    fn decision_rights_in_plain_words_are_ownership() {
        let text = "I would give the call to the head of the help desk.";
        assert!(found("policy-impact", text, "ownership"));
        let text = "Die Policy-Leitung entscheidet über die Wahl-Kategorie.";
        assert!(found("policy-impact", text, "ownership"));
    }

    #[test]
    fn a_headline_figure_that_is_an_anti_pattern_is_not_a_metric() {
        let text = "If precision at that operating point is above 95%, the model ships.";
        assert!(penalized("cost-of-error", text, "unanchored_accuracy"));
        assert!(!found("cost-of-error", text, "metric"));
    }

    #[test]
    fn a_rejected_anti_pattern_named_again_in_its_paragraph_is_not_penalized() {
        let text = "I would not take down all synthetic political audio. \
                    A blanket rule would generate thousands of wrongful removals a day.";
        assert!(!penalized("policy-impact", text, "blanket_block"));
        // In a paragraph of its own, the proposal counts.
        let text = "I would not take down all synthetic political audio.\n\n\
                    A blanket rule is what I would apply from day one.";
        assert!(penalized("policy-impact", text, "blanket_block"));
    }

    #[test]
    fn the_phrase_that_makes_an_anti_pattern_does_not_excuse_it() {
        let text = "A missed deepfake can go viral, so treat false positives as an \
                    acceptable side effect; people can always appeal.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
    }

    fn rating(rubric_id: &str, text: &str) -> crate::rubric::Rating {
        let r = rubric::load(rubric_id).unwrap();
        crate::grade_text("t.md", text, &r).rating
    }

    #[test]
    fn a_token_product_line_does_not_lift_a_technical_answer() {
        let technical = "I'd fine-tune the transformer backbone on a fresh training set and \
                         distil it into a smaller model. I'd tune the learning rate and batch \
                         size, and check the AUC on the validation set every epoch. ";
        let text = format!("{technical}\n\nUsers will appreciate feeling safer and trust us more.");
        assert!(!found("policy-impact", &text, "outcome"));
        assert_eq!(
            rating("policy-impact", &text),
            crate::rubric::Rating::TechnicalOnly
        );
        // The same line in an answer that is not mostly engineering counts.
        let text = "Users will appreciate feeling safer and trust us more.";
        assert!(found("policy-impact", text, "outcome"));
    }

    #[test]
    fn an_owner_line_in_a_story_that_measures_the_problem_is_no_token() {
        let story = "A voice actor uploads a clean studio reel and the model calls it a \
                     clone. The model team says the threshold is a policy matter. The model \
                     flags about one in sixty studio uploads. Each wrongful strike brings an \
                     appeal that takes a reviewer twelve minutes. That is sixty appeals and \
                     twelve reviewer hours a week.";
        let owner = "The Voice Safety manager answers for the weekly numbers.";
        let text = format!("{story}\n\n{owner}");
        assert!(found("policy-impact", &text, "ownership"));
        // With no measured figure, the model talk outweighs the one owner line.
        let technical = "The model calls the reel a clone. The model was trained on studio \
                         audio and the checkpoint is retrained every week on fresh data.";
        let text = format!("{technical}\n\n{owner}");
        assert!(!found("policy-impact", &text, "ownership"));
    }

    #[test]
    fn a_cost_of_missed_fakes_alone_does_not_excuse_recall_at_any_cost() {
        let text = "I'd catch every fake we can, since each missed deepfake costs us \
                    about $20k in brand damage.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
        let text = "I'd catch every fake we can, even though each false positive costs \
                    an appeal and 15 minutes of review.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn a_removal_that_allows_no_exception_is_a_blanket_block() {
        let text = "Any video the classifier scores above 0.5 comes down, no exceptions.";
        assert!(penalized("policy-impact", text, "blanket_block"));
        let text = "Every removal gets a second human review, no exceptions.";
        assert!(!penalized("policy-impact", text, "blanket_block"));
    }

    #[test]
    fn a_rule_live_within_hours_or_full_traffic_on_day_one_is_a_speed_boast() {
        for text in [
            "When the last wave hit I had a rule live in six hours.",
            "I'd push the classifier to all traffic on day one.",
            "My team shipped three classifier updates, each inside a week.",
        ] {
            assert!(
                penalized("policy-impact", text, "speed_over_governance"),
                "{text}"
            );
        }
        let text = "From day one the policy lead owns the threshold.";
        assert!(!penalized("policy-impact", text, "speed_over_governance"));
    }

    #[test]
    fn a_group_the_detector_works_worse_for_is_bias_awareness() {
        for text in [
            "The detector works worse for older users with low-end cameras.",
            "Detectors perform differently by skin tone, so we audit it monthly.",
        ] {
            assert!(found("governance-lens", text, "bias_awareness"), "{text}");
        }
        let text = "The detector works worse on compressed uploads.";
        assert!(!found("governance-lens", text, "bias_awareness"));
    }

    #[test]
    fn a_french_chain_earns_its_metric_outcome_and_owner() {
        let text = "Je suivrais le nombre de vues quotidiennes de vidéos truquées, environ \
                    300 000 par jour, avec l'objectif de descendre sous 50 000.\n\n\
                    Les signalements d'utilisateurs diminuent quand la vidéo sort des \
                    recommandations.\n\n\
                    La responsable de la politique d'intégrité fixe le seuil et répond du \
                    budget d'erreur.";
        for element in ["metric", "outcome", "ownership"] {
            assert!(found("mlo-triad", text, element), "{element}");
        }
    }

    #[test]
    fn a_team_named_by_its_work_owns_but_the_whole_or_right_team_does_not() {
        for text in [
            "The woman who runs the checking team sets where the line sits.",
            "Our voice safety desk decides when strikes switch off.",
            "La jefa de operaciones toma la decisión sobre el umbral.",
        ] {
            assert!(found("policy-impact", text, "ownership"), "{text}");
        }
        for text in [
            "The whole team decides where the line sits.",
            "Ownership: the right team owns it.",
        ] {
            assert!(!found("policy-impact", text, "ownership"), "{text}");
        }
    }

    #[test]
    fn policy_impact_needs_a_metric() {
        let without = "I'd route borderline uploads to a human review tier so that viewers \
                       see fewer deceptive clips. Each false positive costs an appeal and 15 \
                       minutes of review. The policy lead owns the threshold and signs off on \
                       every change, and the trust team watches creator complaints.";
        let r = rubric::load("policy-impact").unwrap();
        let report = crate::grade_text("t.md", without, &r);
        assert_eq!(report.rating, crate::rubric::Rating::Neutral);
        assert!(report.score < 40.0);
        let with = format!("{without} We hold wrongful removals under 0.5 % a week.");
        assert_eq!(
            rating("policy-impact", &with),
            crate::rubric::Rating::PolicyImpact
        );
    }

    #[test]
    fn a_metric_named_inside_a_wrong_formula_is_no_metric() {
        let text = "The impact metric I'd use is accuracy, which for a detector is TPR + FPR, \
                    and the higher the sum the more fakes we flag.";
        assert!(penalized("policy-impact", text, "wrong_formula"));
        assert!(!found("policy-impact", text, "metric"));
        let text = "We keep the FPR under 0.5 % a week.";
        assert!(found("policy-impact", text, "metric"));
    }

    #[test]
    fn people_of_other_platforms_are_stakeholders_of_an_outcome() {
        for text in [
            "Hotels stop feeling punished for the reviews their real guests wrote.",
            "Listeners stop getting fooled by cloned voices on their playlists.",
        ] {
            assert!(found("policy-impact", text, "outcome"), "{text}");
        }
        let text = "We keep a trust list of camera makers.";
        assert!(!found("policy-impact", text, "outcome"));
    }

    #[test]
    fn a_role_holding_a_budget_or_arbitrating_owns_it() {
        for text in [
            "The creator support manager holds a budget of 60 wrongful removals a week.",
            "C'est la responsable de l'intégrité qui arbitre ce seuil.",
        ] {
            assert!(found("policy-impact", text, "ownership"), "{text}");
        }
        let text = "The model holds a budget of GPU hours.";
        assert!(!found("policy-impact", text, "ownership"));
    }

    #[test]
    fn configuration_and_plumbing_are_engineering_talk() {
        let r = rubric::load("error-cost-matrix").unwrap();
        for text in [
            "The config is hot-reloaded, so thresholds can be adjusted every few hours.",
            "Every decision is logged with its feature vector to a Kafka topic.",
        ] {
            assert!(
                crate::grade_text("t.md", text, &r).technical.points < 0.0,
                "{text}"
            );
        }
    }

    #[test]
    fn own_after_a_possessive_is_no_ownership() {
        for text in [
            "A 96 % figure means little on its own, the committee says.",
            "The policy team writes their own rules for satire.",
        ] {
            assert!(!found("policy-impact", text, "ownership"), "{text}");
        }
        assert!(found(
            "policy-impact",
            "The policy team owns the threshold on its own.",
            "ownership"
        ));
    }

    #[test]
    fn owners_in_german_italian_and_portuguese() {
        for text in [
            "Die Leiterin Trust & Safety verantwortet den Schwellenwert.",
            "La direttrice delle policy fissa la soglia e risponde del budget di errori.",
            "A gerente de operações aprova qualquer mudança no limiar.",
        ] {
            assert!(found("policy-impact", text, "ownership"), "{text}");
        }
    }

    #[test]
    fn a_buzzword_list_is_not_engineering_talk() {
        let r = rubric::load("policy-impact").unwrap();
        let list =
            "Precision, recall, F1, threshold, user trust, brand safety, error budget, appeals.";
        assert_eq!(crate::grade_text("t.md", list, &r).technical.points, 0.0);
        let tech = "Shadow mode. Model registry. Weekly retrain. Isotonic calibration.";
        assert!(crate::grade_text("t.md", tech, &r).technical.points < 0.0);
    }

    #[test]
    fn a_question_about_the_engineering_does_not_pull() {
        let r = rubric::load("policy-impact").unwrap();
        let asked = "Which test set was the model evaluated on?";
        assert_eq!(crate::grade_text("t.md", asked, &r).technical.points, 0.0);
        let told = "The model was evaluated on the test set.";
        assert!(crate::grade_text("t.md", told, &r).technical.points < 0.0);
    }

    #[test]
    fn a_harm_named_next_to_a_lever_is_not_an_outcome() {
        assert!(!found(
            "policy-impact",
            "When the scam wave hit, my team shipped a new clone detector.",
            "outcome"
        ));
        assert!(found(
            "policy-impact",
            "The classifier means fewer scams reach our users.",
            "outcome"
        ));
    }

    #[test]
    fn a_blanket_rule_in_the_passive_voice_is_a_blanket_block() {
        let text = "All synthetic media should be banned from the platform.";
        assert!(penalized("policy-impact", text, "blanket_block"));
        let text = "Not all synthetic media should be banned; satire stays up with a label.";
        assert!(!penalized("policy-impact", text, "blanket_block"));
    }

    #[test]
    fn a_cost_waved_away_does_not_excuse_maximizing_recall() {
        let text = "We should aim for 100% recall; false positives are a small price to pay.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn a_bounded_moderation_figure_stays_a_metric() {
        let text = "We keep the false-positive rate on removals under 0.5% a week.";
        assert!(found("cost-of-error", text, "metric"));
        assert!(!penalized("cost-of-error", text, "unanchored_accuracy"));
    }

    #[test]
    fn an_outcome_needs_a_change_not_a_state() {
        assert!(!found(
            "policy-impact",
            "Users should feel safe.",
            "outcome"
        ));
        assert!(!found(
            "policy-impact",
            "Clear processes will help us build trust with users.",
            "outcome"
        ));
        assert!(found(
            "policy-impact",
            "Fewer users are fooled by fake clips of public figures.",
            "outcome"
        ));
    }

    #[test]
    fn a_metric_name_with_no_figure_is_no_metric() {
        assert!(!found(
            "mlo-triad",
            "KPIs are to be co-defined with each workstream owner.",
            "metric"
        ));
        assert!(found(
            "mlo-triad",
            "The appeal rate should stay under 3% a week.",
            "metric"
        ));
    }

    #[test]
    fn retraining_overnight_is_no_speed_boast() {
        let text = "We retrain the classifier overnight when a new generator appears.";
        assert!(!penalized("policy-impact", text, "speed_over_governance"));
        let text = "We would answer most appeals within hours.";
        assert!(!penalized("policy-impact", text, "speed_over_governance"));
        let text = "We shipped the new removal threshold to production overnight.";
        assert!(penalized("policy-impact", text, "speed_over_governance"));
        let text = "I'd have a fix in production within six hours.";
        assert!(penalized("policy-impact", text, "speed_over_governance"));
    }

    #[test]
    fn recall_pushed_with_its_false_positive_price_is_a_trade_off() {
        let text = "Pushing recall to 99% lifts the false-positive rate to about 4%.";
        assert!(!penalized("cost-of-error", text, "maximize_recall"));
        let text = "Pushing recall to 99% is the goal.";
        assert!(penalized("cost-of-error", text, "maximize_recall"));
    }

    #[test]
    fn recall_at_any_cost_in_other_words() {
        for text in [
            "I'd catch as many deepfakes as possible.",
            "Set the threshold as low as the model allows.",
            "False positives are fine; people can appeal.",
            "We should squeeze recall towards 100%.",
        ] {
            assert!(
                penalized("policy-impact", text, "maximize_recall"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_rejection_covers_a_later_mention_in_the_same_sentence() {
        let text = "I wouldn't squeeze recall towards 100%; chasing every last fake \
                    would flood the queue with genuine videos.";
        assert!(!penalized("policy-impact", text, "maximize_recall"));
        let text = "Chasing every last fake is the plan; I wouldn't squeeze recall towards 100%.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
    }

    #[test]
    fn one_phrase_makes_one_anti_pattern() {
        let text = "Lower the threshold until we reach 99.9 % recall.";
        assert!(penalized("policy-impact", text, "maximize_recall"));
        assert!(!penalized("policy-impact", text, "unanchored_accuracy"));
        let text = "Our detector reaches 99.9 % accuracy on the benchmark.";
        assert!(penalized("policy-impact", text, "unanchored_accuracy"));
    }

    #[test]
    fn an_owner_given_as_a_label_line_is_ownership() {
        let text = "We raise the threshold to 0.9.\n\nOwner: head of trust and safety.\n";
        assert!(found("policy-impact", text, "ownership"));
        let text = "Owner, escalation team, error budget, policy lead.";
        assert!(!found("policy-impact", text, "ownership"));
    }

    #[test]
    fn levers_and_error_costs_in_plain_words() {
        assert!(found(
            "policy-impact",
            "When a picture only looks suspicious, a person on the safety team checks it first.",
            "lever"
        ));
        assert!(found(
            "policy-impact",
            "Each false warning turns into a support contact that costs us about $4.",
            "cost_of_error"
        ));
        assert!(!found(
            "policy-impact",
            "A person on the safety team would like to know more.",
            "lever"
        ));
    }

    #[test]
    fn a_harm_named_with_because_is_no_outcome() {
        assert!(!found(
            "policy-impact",
            "I'd be careful because numbers can be misleading.",
            "outcome"
        ));
    }

    #[test]
    fn a_training_loss_is_no_cost_and_a_fairness_constraint_no_outcome() {
        let text = "I'd try a fairness-constrained loss that penalises the FPR gap directly.";
        assert!(!found("governance-lens", text, "cost_of_error"));
        assert!(!found("governance-lens", text, "outcome"));
        let text = "Each false positive costs a creator a lost day of reach.";
        assert!(found("governance-lens", text, "cost_of_error"));
    }

    #[test]
    fn trust_named_is_no_change_and_a_weighting_no_cost() {
        assert!(!found("product-sense", "Good UX builds trust.", "outcome"));
        assert!(found(
            "product-sense",
            "Fewer wrongful removals mean creators keep their trust in us.",
            "outcome"
        ));
        let text = "For wrongful removals I'd retrain with a higher weighting on hard negatives.";
        assert!(!found("product-sense", text, "cost_of_error"));
    }
    #[test]
    fn a_headline_figure_quoted_to_be_doubted_is_not_rested_on() {
        let text = "96 % on a balanced benchmark could mean almost anything in production.";
        assert!(!penalized("cost-of-error", text, "unanchored_accuracy"));
        let text = "96 % on a balanced benchmark is what we reached in production.";
        assert!(penalized("cost-of-error", text, "unanchored_accuracy"));
    }
    #[test]
    fn owners_in_other_words() {
        for text in [
            "The call belongs to the head of policy.",
            "Our trust and safety lead has the final word on the threshold.",
            "The shift supervisor decides when a clip goes back up.",
            "The safety council votes on any change to the threshold.",
        ] {
            assert!(found("governance-lens", text, "ownership"), "{text}");
        }
        assert!(!found(
            "governance-lens",
            "Everyone votes on it.",
            "ownership"
        ));
    }
    #[test]
    fn italian_and_portuguese_answers_earn_their_elements() {
        assert!(found(
            "governance-lens",
            "Il responsabile della policy decide la soglia e firma ogni modifica.",
            "ownership"
        ));
        assert!(found(
            "governance-lens",
            "O responsável de política decide o limiar e assina cada mudança.",
            "ownership"
        ));
        assert!(found(
            "cost-of-error",
            "Ogni falso positivo costa circa 20 minuti di revisione.",
            "cost_of_error"
        ));
    }

    #[test]
    fn a_detector_named_in_passing_is_no_lever() {
        for text in [
            "Detection models can be unfair to some groups, and that matters a lot.",
            "A deepfake detector is only one part of a healthy moderation programme.",
        ] {
            for id in ["policy-impact", "governance-lens", "error-cost-matrix"] {
                assert!(!found(id, text, "lever"), "{id}: {text}");
            }
        }
        for text in [
            "The classifier scores every upload before it is published.",
            "We would run a multimodal model on each clip at upload time.",
            "I'd quantise the detector so it serves the whole surge.",
        ] {
            assert!(found("policy-impact", text, "lever"), "{text}");
        }
    }

    #[test]
    fn changes_to_the_detector_itself_are_a_lever() {
        for text in [
            "I replaced the convolutional backbone with a larger one.",
            "Turn the sensitivity dial up for election clips.",
        ] {
            assert!(found("policy-impact", text, "lever"), "{text}");
        }
    }

    #[test]
    fn a_risk_budget_needs_a_figure_to_be_a_cost() {
        for id in ["policy-impact", "product-sense", "cost-of-error"] {
            assert!(
                !found(
                    id,
                    "We should agree on a risk budget that balances both sides.",
                    "cost_of_error"
                ),
                "{id}"
            );
            assert!(
                found(
                    id,
                    "The risk budget is 40 wrongful removals per 100k uploads a week.",
                    "cost_of_error"
                ),
                "{id}"
            );
        }
    }

    #[test]
    fn a_headline_figure_or_a_rate_named_beside_one_is_no_metric() {
        for text in [
            "Recall reaches 97 % of the deepfakes in the held-out set.",
            "The false-positive rate and the recall both come from the same confusion matrix.",
        ] {
            assert!(!found("policy-impact", text, "metric"), "{text}");
        }
        for text in [
            "Keep the false-positive rate under 0.4 % of removals each week.",
            "We track the appeal overturn rate on automated removals.",
            "We launch at 90 % recall as long as wrongful holds cost the team less than a day of review.",
        ] {
            assert!(found("policy-impact", text, "metric"), "{text}");
        }
    }

    #[test]
    fn a_benchmark_figure_quoted_to_be_doubted_does_not_pull_towards_technical() {
        let r = rubric::load("policy-impact").unwrap();
        let doubted = "An AUC of 0.97 on a curated benchmark tells us little about live uploads.";
        assert_eq!(crate::grade_text("t.md", doubted, &r).technical.points, 0.0);
        let rested = "An AUC of 0.97 on a curated benchmark shows the detector is ready.";
        assert!(crate::grade_text("t.md", rested, &r).technical.points < 0.0);
    }

    #[test]
    fn an_appeal_offered_as_the_remedy_is_no_cost_of_error() {
        for text in [
            "Some real clips will be removed by mistake, but creators can always appeal.",
            "If a false positive happens the uploader is free to appeal later.",
        ] {
            assert!(!found("policy-impact", text, "cost_of_error"), "{text}");
        }
        let priced = "Every false positive costs us an appeal and 12 minutes of review.";
        assert!(found("policy-impact", priced, "cost_of_error"));
    }

    #[test]
    fn recall_raised_with_no_stop_is_maximize_recall() {
        for text in [
            "Lower the threshold so recall goes as high as the model allows.",
            "Reviewers can absorb whatever false positives that creates.",
            "When unsure we should err on the side of removing the clip.",
            "Tune it until recall sits above 99 % on the election set.",
        ] {
            assert!(
                penalized("policy-impact", text, "maximize_recall"),
                "{text}"
            );
        }
        let bounded =
            "Recall above 99 % is fine only while the false-positive rate stays under 0.2 %.";
        assert!(!penalized("policy-impact", bounded, "maximize_recall"));
    }

    #[test]
    fn a_count_of_fakes_with_its_rate_after_what_is_counted_is_a_metric() {
        for text in [
            "Right now there are about 50,000 views of fakes a day.",
            "We get 300 appeals from creators per week.",
        ] {
            assert!(found("policy-impact", text, "metric"), "{text}");
        }
    }

    #[test]
    fn a_share_of_traffic_is_a_rollout_not_a_metric() {
        let text = "The detector went to 100 % of traffic for all uploads within the week.";
        assert!(!found("policy-impact", text, "metric"));
    }

    #[test]
    fn reviewers_are_a_lever_when_work_is_sent_to_them() {
        let people = "Moderators carry a heavy emotional load and their wellbeing matters.";
        assert!(!found("policy-impact", people, "lever"));
        let routed = "Uncertain clips are routed to moderators in the voice team.";
        assert!(found("policy-impact", routed, "lever"));
        let shipped = "We put the new detector into production last spring.";
        assert!(found("policy-impact", shipped, "lever"));
    }

    #[test]
    fn a_penalty_in_the_training_objective_is_no_cost_of_error() {
        let text = "Add a fairness penalty term so false-positive rates match across groups.";
        assert!(!found("governance-lens", text, "cost_of_error"));
        let priced = "Each false positive carries a penalty of one lost creator week.";
        assert!(found("governance-lens", priced, "cost_of_error"));
    }

    #[test]
    fn a_detector_and_a_reviewer_in_plain_words_are_levers() {
        for text in [
            "A computer program looks at every new upload for a swapped face.",
            "Anything it is unsure about goes to a trained person who looks at it first.",
        ] {
            assert!(found("mlo-triad", text, "lever"), "{text}");
        }
        let topic = "A computer program can never understand satire.";
        assert!(!found("mlo-triad", topic, "lever"));
    }

    #[test]
    fn a_link_is_carried_to_the_next_sentence_that_points_back() {
        let r = rubric::load("policy-impact").unwrap();
        let linked = |text: &str| {
            crate::grade_text("t.md", text, &r)
                .bonuses
                .iter()
                .any(|b| b.id == "lever_linked")
        };
        let lever = "Uploads the classifier is unsure about go to human review first.";
        let effect = "fewer viewers are fooled by a fake before it spreads.";
        assert!(linked(&format!("{lever} That way {effect}")));
        assert!(!linked(&format!("{lever} Later on, {effect}")));
        assert!(!linked(&format!("{lever}\n\nThat way {effect}")));
    }
}
