//! Command-line arguments and the commands they run.

mod check;
mod diff;
mod emit;
mod eval;
mod explain;
mod grade;
mod inputs;
mod output;
mod rubrics;
mod sign;
mod views;

use clap::{Parser, Subcommand, ValueEnum};

use rubricate::rubric::{self, Rating, Rubric};

/// Exit codes: graded and every answer met its threshold.
pub const EXIT_OK: u8 = 0;
/// Graded, and at least one answer fell below `--min-rating` / `--min-score`.
pub const EXIT_BELOW: u8 = 1;
/// Usage, configuration or rubric error, or an input that could not be read.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "rubricate",
    version,
    about = "Grade written Trust & Safety product answers against a rubric",
    long_about = "Grade written Trust & Safety product answers against a rubric.\n\n\
                  Exit codes: 0 every answer met its threshold; 1 at least one fell below it; \
                  2 usage, rubric or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade answers (files, directories of .md/.markdown/.txt files, or - for stdin)
    Grade(grade::GradeArgs),
    /// Grade the notes a rubricate.toml names, for CI (thresholds, baseline, SARIF, JUnit, annotations)
    Check(check::CheckArgs),
    /// Compare grades with the labels in labelled answers' front matter or a JSON Lines corpus
    Eval(eval::EvalArgs),
    /// Grade answers under two rubrics and show which ratings and scores change
    Diff(diff::DiffArgs),
    /// Write an Ed25519 key pair for signing reports
    Keygen(sign::KeygenArgs),
    /// Check a signed report: signature, answer digest, rubric digest
    Verify(sign::VerifyArgs),
    /// Explain a rubric element, anti-pattern or bonus: what earns it and how it is scored
    Explain(explain::ExplainArgs),
    /// List, show, check and test rubrics
    Rubrics(rubrics::RubricsArgs),
}

/// Output formats of `grade` and `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people
    Text,
    /// One JSON document with every report and a summary
    Json,
    /// One JSON report per line
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// JUnit XML, one test case per answer
    Junit,
    /// GitHub Actions annotations (workflow commands)
    Github,
    /// One self-contained HTML page (inline CSS, no scripts)
    Html,
    /// Markdown: a summary table and each answer's evidence and feedback
    Markdown,
}

/// Parses a rating name for clap.
pub fn parse_rating(s: &str) -> Result<Rating, String> {
    s.parse()
}

/// Loads the rubric named by `--rubric`, or the default one.
pub fn load_rubric(name: Option<&str>) -> Result<Rubric, String> {
    rubric::load(name.unwrap_or(rubric::DEFAULT_RUBRIC)).map_err(|e| e.to_string())
}

/// Prints one error line to stderr. Control characters (from a file name, a
/// report field, an I/O message) are escaped, so the line stays one line and
/// cannot drive the terminal.
pub fn error_line(message: impl std::fmt::Display) {
    let line = format!("rubricate: error: {message}");
    output::eprintln(&rubricate::report::escape::controls(&line));
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Grade(args) => grade::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Keygen(args) => sign::keygen(args),
        Command::Verify(args) => sign::verify(args),
        Command::Explain(args) => explain::run(args),
        Command::Check(args) => check::run(args),
        Command::Rubrics(args) => rubrics::run(args),
    }
}
