//! Reports: one [`Report`] value per answer, and renderers that turn reports
//! into bytes. Renderers never score; line and column are computed here, from
//! byte offsets into the original answer.

pub mod escape;
pub mod explain;
pub mod findings;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod terminal;
pub mod text;
pub mod view;

use serde::Serialize;

use crate::rubric::{Rating, Rubric};
use crate::score::{round, Grade};
pub use crate::source::sha256_hex;
use crate::source::LineIndex;
use crate::span::Span;

/// The version of the JSON report format.
pub const SCHEMA_VERSION: u32 = 1;

/// A quoted piece of the answer, located in the original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte offset into the original answer (inclusive).
    pub start: usize,
    /// Byte offset into the original answer (exclusive).
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RubricRef {
    pub id: String,
    pub version: String,
    pub digest: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToolRef {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementReport {
    pub id: String,
    pub title: String,
    pub found: bool,
    pub points: f64,
    pub weight: f64,
    pub evidence: Vec<Evidence>,
    /// Shown when the element is missing: what to add, and a rewrite hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingReport {
    pub id: String,
    pub title: String,
    pub points: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TechnicalReport {
    pub points: f64,
    pub sentences: usize,
    pub evidence: Vec<Evidence>,
}

/// Where a graded section sits in its file; carried by the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    /// The file the section belongs to, as named in `source` before the `#`.
    pub file: String,
    pub heading: String,
    pub slug: String,
    /// Byte offsets of the section in the whole file.
    pub start: usize,
    pub end: usize,
    /// 1-based line of the section's heading.
    pub line: usize,
}

/// The grade of one answer, as every output format sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The path as given, `-` for stdin.
    pub source: String,
    pub rubric: RubricRef,
    pub tool: ToolRef,
    /// SHA-256 of the graded answer text, hex.
    pub answer_sha256: String,
    pub score: f64,
    pub rating: Rating,
    /// The rubric's own name for the band.
    pub label: String,
    pub elements: Vec<ElementReport>,
    pub penalties: Vec<FindingReport>,
    pub bonuses: Vec<FindingReport>,
    pub technical: TechnicalReport,
    pub feedback: Vec<String>,
    pub notes: Vec<String>,
    pub passed: bool,
    /// Set when the answer is one section of a note (`--split h2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionRef>,
}

struct Locator<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl Locator<'_> {
    fn evidence(&self, span: Span) -> Evidence {
        let (line, column) = self.lines.line_col(self.text, span.start);
        Evidence {
            start: span.start,
            end: span.end,
            line,
            column,
            text: span.slice(self.text).to_string(),
        }
    }

    fn all(&self, spans: &[Span]) -> Vec<Evidence> {
        spans.iter().map(|s| self.evidence(*s)).collect()
    }
}

impl Report {
    /// Builds the report of `text`, the answer named `source`, from its
    /// grade (evidence spans in offsets of `text`).
    pub fn new(source: &str, text: &str, rubric: &Rubric, grade: &Grade) -> Report {
        let loc = Locator {
            text,
            lines: LineIndex::new(text),
        };
        let elements: Vec<ElementReport> = rubric
            .elements
            .iter()
            .zip(&grade.elements)
            .map(|(e, g)| ElementReport {
                id: e.id.clone(),
                title: e.title.clone(),
                found: g.found,
                points: round(g.points),
                weight: e.weight,
                evidence: loc.all(&g.evidence),
                feedback: (!g.found).then(|| e.feedback.clone()),
                hint: (!g.found).then(|| e.hint.clone()),
            })
            .collect();
        let penalties: Vec<FindingReport> = grade
            .penalties
            .iter()
            .map(|p| {
                let a = &rubric.anti_patterns[p.index];
                FindingReport {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    points: round(p.points),
                    evidence: loc.all(&p.evidence),
                }
            })
            .collect();
        let bonuses = grade
            .bonuses
            .iter()
            .map(|b| {
                let bonus = &rubric.bonuses[b.index];
                FindingReport {
                    id: bonus.id.clone(),
                    title: bonus.title.clone(),
                    points: round(b.points),
                    evidence: loc.all(&b.evidence),
                }
            })
            .collect();
        let mut feedback = Vec::new();
        for (e, g) in rubric.elements.iter().zip(&grade.elements) {
            if !g.found {
                let mut line = format!("{}: {}", e.title, e.feedback);
                if g.unearned {
                    line.push_str(" (its terms appear only in a list, a fragment or a negation: say what they do in a full sentence)");
                }
                feedback.push(line);
            }
        }
        for p in &grade.penalties {
            let a = &rubric.anti_patterns[p.index];
            feedback.push(format!("{}: {}", a.title, a.feedback));
        }
        if let Some(t) = &rubric.technical {
            if grade.technical.points < 0.0 {
                feedback.push(t.feedback.clone());
            }
        }
        Report {
            schema_version: SCHEMA_VERSION,
            source: source.to_string(),
            rubric: RubricRef {
                id: rubric.id.clone(),
                version: rubric.version.clone(),
                digest: rubric.digest.clone(),
            },
            tool: ToolRef {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            answer_sha256: sha256_hex(text.as_bytes()),
            score: grade.score,
            rating: grade.rating,
            label: grade.label.clone(),
            elements,
            penalties,
            bonuses,
            technical: TechnicalReport {
                points: round(grade.technical.points),
                sentences: grade.technical.sentences,
                evidence: loc.all(&grade.technical.evidence),
            },
            feedback,
            notes: grade.notes.clone(),
            passed: true,
            section: None,
        }
    }

    /// The file the answer was read from: `source` without a section anchor.
    pub fn file(&self) -> &str {
        match &self.section {
            Some(s) => &s.file,
            None => &self.source,
        }
    }

    /// Marks the report failed when it falls below a threshold.
    pub fn apply_threshold(&mut self, min_score: Option<f64>, min_rating: Option<Rating>) {
        let score_ok = min_score.is_none_or(|m| self.score >= m);
        let rating_ok = min_rating.is_none_or(|r| self.rating >= r);
        self.passed = score_ok && rating_ok;
    }
}

/// Totals over a run, for `--format json` and people.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub answers: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub policy_impact: usize,
    pub neutral: usize,
    pub technical_only: usize,
    pub mean_score: f64,
}

impl Summary {
    /// "N answers graded: ... ; mean score X", the closing line of a run.
    pub fn line(&self) -> String {
        format!(
            "{} answer{} graded: {} policy-impact, {} neutral, {} technical-only; {} below threshold; mean score {:.1}",
            self.answers,
            if self.answers == 1 { "" } else { "s" },
            self.policy_impact,
            self.neutral,
            self.technical_only,
            self.failed,
            self.mean_score
        )
    }

    /// Counts one graded answer (the mean score is left to the caller).
    pub fn count(&mut self, r: &Report) {
        self.tally(r.passed, r.rating);
    }

    /// Counts one graded answer from its outcome alone.
    pub fn tally(&mut self, passed: bool, rating: Rating) {
        self.answers += 1;
        if passed {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        match rating {
            Rating::PolicyImpact => self.policy_impact += 1,
            Rating::Neutral => self.neutral += 1,
            Rating::TechnicalOnly => self.technical_only += 1,
        }
    }

    pub fn of(reports: &[Report], errors: usize) -> Summary {
        let mut s = Summary {
            errors,
            ..Summary::default()
        };
        for r in reports {
            s.count(r);
        }
        if !reports.is_empty() {
            s.mean_score =
                round(reports.iter().map(|r| r.score).sum::<f64>() / reports.len() as f64);
        }
        s
    }
}
