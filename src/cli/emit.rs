//! Printing reports in the chosen format as they arrive, in input order.
//! Formats that are one document (JSON, SARIF, JUnit, Markdown) are printed
//! at the end; the others stream, so memory stays flat.

use std::sync::Arc;

use rubricate::report::{self, Report, Summary};
use rubricate::rubric::{Rating, Rubric};
use rubricate::score::round;

use super::output::print;
use super::OutputFormat;

pub struct Emitter {
    format: OutputFormat,
    /// Print the totals in text format even for a single answer.
    always_total: bool,
    kept: Vec<Report>,
    rubrics: Vec<Arc<Rubric>>,
    summary: Summary,
    score_sum: f64,
}

impl Emitter {
    pub fn new(format: OutputFormat, always_total: bool) -> Self {
        Emitter {
            format,
            always_total,
            kept: Vec::new(),
            rubrics: Vec::new(),
            summary: Summary::default(),
            score_sum: 0.0,
        }
    }

    /// Takes the reports of one input, graded by `rubric`.
    pub fn push(&mut self, rubric: &Arc<Rubric>, reports: Vec<Report>) {
        if !self.rubrics.iter().any(|r| r.digest == rubric.digest) {
            self.rubrics.push(Arc::clone(rubric));
        }
        for r in reports {
            self.tally(&r);
            match self.format {
                OutputFormat::Text => print(&report::text::render(&r)),
                OutputFormat::Jsonl => print(&report::json::render_line(&r)),
                OutputFormat::Github => print(&report::github::render(&r)),
                OutputFormat::Json
                | OutputFormat::Sarif
                | OutputFormat::Junit
                | OutputFormat::Markdown => self.kept.push(r),
            }
        }
    }

    /// Counts an input that could not be graded.
    pub fn error(&mut self) {
        self.summary.errors += 1;
    }

    fn tally(&mut self, r: &Report) {
        let s = &mut self.summary;
        s.answers += 1;
        if r.passed {
            s.passed += 1;
        } else {
            s.failed += 1;
        }
        match r.rating {
            Rating::PolicyImpact => s.policy_impact += 1,
            Rating::Neutral => s.neutral += 1,
            Rating::TechnicalOnly => s.technical_only += 1,
        }
        self.score_sum += r.score;
    }

    /// Prints the whole-run documents and returns the totals.
    pub fn finish(mut self) -> Summary {
        if self.summary.answers > 0 {
            self.summary.mean_score = round(self.score_sum / self.summary.answers as f64);
        }
        let summary = self.summary.clone();
        match self.format {
            OutputFormat::Json => print(&report::json::render(&self.kept, &summary)),
            OutputFormat::Sarif => {
                let rubrics: Vec<&Rubric> = self.rubrics.iter().map(|r| r.as_ref()).collect();
                print(&report::sarif::render(&self.kept, &rubrics));
            }
            OutputFormat::Junit => print(&report::junit::render(&self.kept)),
            OutputFormat::Markdown => print(&report::summary_md::render(&self.kept, &summary)),
            OutputFormat::Text if summary.answers > 1 || self.always_total => {
                print(&report::text::render_summary(&summary))
            }
            OutputFormat::Text | OutputFormat::Jsonl | OutputFormat::Github => {}
        }
        self.kept.clear();
        summary
    }
}
