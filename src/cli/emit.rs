//! Printing reports in the chosen format as they arrive, in input order.
//! Formats that are one document (JSON, SARIF, JUnit, Markdown) are printed
//! at the end; the others stream, so memory stays flat.

use std::sync::Arc;

use ed25519_dalek::SigningKey;

use rubricate::report::terminal::TerminalOptions;
use rubricate::report::{self, Report, Summary};
use rubricate::rubric::{Rating, Rubric};
use rubricate::score::round;

use super::output::Output;
use super::views::Collected;
use super::OutputFormat;

pub struct Emitter {
    format: OutputFormat,
    /// Print the totals in text format even for a single answer.
    always_total: bool,
    kept: Vec<Report>,
    rubrics: Vec<Arc<Rubric>>,
    summary: Summary,
    score_sum: f64,
    out: Output,
    signer: Option<SigningKey>,
    terminal: TerminalOptions,
    collected: Collected,
}

/// Renders reports as JSON Lines away from the [`Emitter`].
#[derive(Clone)]
pub struct LineRenderer {
    signer: Option<SigningKey>,
}

/// One report rendered as a JSON line, with what the run's totals count of it.
/// Workers hand these over instead of the reports, which they free themselves
/// (each report is many allocations, made in the worker's own arena).
pub struct Line {
    pub text: String,
    pub passed: bool,
    pub rating: Rating,
    pub score: f64,
}

impl LineRenderer {
    pub fn render(&self, report: &Report) -> Line {
        Line {
            text: super::sign::render_line(report, self.signer.as_ref()),
            passed: report.passed,
            rating: report.rating,
            score: report.score,
        }
    }
}

impl Emitter {
    pub fn new(
        format: OutputFormat,
        always_total: bool,
        out: Output,
        signer: Option<SigningKey>,
        terminal: TerminalOptions,
    ) -> Self {
        Emitter {
            format,
            always_total,
            kept: Vec::new(),
            rubrics: Vec::new(),
            summary: Summary::default(),
            score_sum: 0.0,
            out,
            signer,
            terminal,
            collected: Collected::default(),
        }
    }

    /// For JSON Lines, a renderer that workers can run in parallel, each line
    /// signed when a key is given; the lines then go to [`Emitter::push_lines`].
    pub fn line_renderer(&self) -> Option<LineRenderer> {
        (self.format == OutputFormat::Jsonl).then(|| LineRenderer {
            signer: self.signer.clone(),
        })
    }

    /// Takes the lines a [`LineRenderer`] made of the reports of one input,
    /// graded by `rubric`.
    pub fn push_lines(&mut self, rubric: &Arc<Rubric>, lines: &[Line]) {
        if !self.rubrics.iter().any(|r| r.digest == rubric.digest) {
            self.rubrics.push(Arc::clone(rubric));
        }
        for line in lines {
            self.summary.tally(line.passed, line.rating);
            self.score_sum += line.score;
            self.out.print(&line.text);
        }
    }

    /// Takes the reports of one input, graded by `rubric`, with the text they
    /// graded (the terminal, HTML and Markdown views quote it).
    pub fn push(&mut self, rubric: &Arc<Rubric>, reports: Vec<Report>, text: &str) {
        if !self.rubrics.iter().any(|r| r.digest == rubric.digest) {
            self.rubrics.push(Arc::clone(rubric));
        }
        for r in reports {
            self.tally(&r);
            match self.format {
                OutputFormat::Text if !text.is_empty() => self.out.print(
                    &report::terminal::render(&r, text, &rubric.bands, &self.terminal),
                ),
                OutputFormat::Text => self.out.print(&report::text::render(&r)),
                OutputFormat::Jsonl => self
                    .out
                    .print(&super::sign::render_line(&r, self.signer.as_ref())),
                OutputFormat::Github => self.out.print(&report::github::render(&r)),
                OutputFormat::Html | OutputFormat::Markdown => self.collected.keep(&r, text),
                OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Junit => self.kept.push(r),
            }
        }
    }

    /// Counts an input that could not be graded.
    pub fn error(&mut self) {
        self.summary.errors += 1;
    }

    fn tally(&mut self, r: &Report) {
        self.summary.count(r);
        self.score_sum += r.score;
    }

    /// Finishes the run and maps it to the exit code: 2 when an input or the
    /// output failed, 1 when an answer fell below its threshold, else 0.
    pub fn exit_code(self) -> u8 {
        match self.finish() {
            Err(e) => {
                super::error_line(e);
                super::EXIT_ERROR
            }
            Ok(s) if s.errors > 0 => super::EXIT_ERROR,
            Ok(s) if s.failed > 0 => super::EXIT_BELOW,
            Ok(_) => super::EXIT_OK,
        }
    }

    /// Prints the whole-run documents, closes the output and returns the
    /// totals, or why the output could not be written. When every input
    /// failed, an `--output` file is left as it was: an empty report would
    /// replace the last good one.
    pub fn finish(mut self) -> Result<Summary, String> {
        if self.summary.answers > 0 {
            self.summary.mean_score = round(self.score_sum / self.summary.answers as f64);
        }
        let summary = self.summary.clone();
        if summary.answers == 0 && summary.errors > 0 && self.out.path().is_some() {
            self.out.abandon();
            return Ok(summary);
        }
        let first = self.rubrics.first().cloned();
        match self.format {
            OutputFormat::Json => self.out.print(&super::sign::render_json(
                &self.kept,
                &summary,
                self.signer.as_ref(),
            )),
            OutputFormat::Sarif => {
                let rubrics: Vec<&Rubric> = self.rubrics.iter().map(|r| r.as_ref()).collect();
                self.out.print(&report::sarif::render(&self.kept, &rubrics));
            }
            OutputFormat::Junit => self.out.print(&report::junit::render(&self.kept)),
            OutputFormat::Html | OutputFormat::Markdown => {
                let rubric = match first {
                    Some(r) => r,
                    None => Arc::new(
                        rubricate::rubric::load(rubricate::rubric::DEFAULT_RUBRIC)
                            .map_err(|e| e.to_string())?,
                    ),
                };
                let doc = if self.format == OutputFormat::Html {
                    self.collected.html(&summary, &rubric)
                } else {
                    self.collected.markdown(&summary, &rubric)
                };
                self.out.print(&doc);
            }
            OutputFormat::Text if summary.answers > 1 || self.always_total => {
                self.out.print(&report::text::render_summary(&summary))
            }
            OutputFormat::Text | OutputFormat::Jsonl | OutputFormat::Github => {}
        }
        self.kept.clear();
        self.out.finish()?;
        Ok(summary)
    }
}
