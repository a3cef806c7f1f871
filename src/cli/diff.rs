//! `rubricate diff`: grade the same answers under two rubrics and show what
//! changed. Loading and rendering only; the comparison is `rubricate::diff`.

use std::process::{Command, Stdio};

use clap::{Args, ValueEnum};

use rubricate::diff::{self, render, Options, DEFAULT_MIN_DELTA};
use rubricate::rubric::{self, Rubric};
use rubricate::source::{self, ReadError, DEFAULT_MAX_SIZE};
use rubricate::Report;

use super::inputs::{self, Input};
use super::output::print;
use super::{error_line, EXIT_BELOW, EXIT_ERROR, EXIT_OK};

/// The answers compared when no path is given.
pub const DEFAULT_PATH: &str = "samples/";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people
    Text,
    /// For tools
    Json,
    /// For a pull request comment
    Markdown,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old rubric: a bundled id, a rubric file, or git:REV:path
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new rubric: a bundled id, a rubric file, or git:REV:path
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Answers: files, directories or - for stdin (default: samples/)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// List an answer whose rating held only when its score moved by more than this
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_DELTA)]
    pub min_delta: f64,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when any rating flips
    #[arg(long)]
    pub fail_on_flip: bool,
    /// Follow symbolic links when walking directories (a link named here is always read)
    #[arg(long, short = 'L')]
    pub follow: bool,
}

/// Reads `git:REV:path` with `git show REV:path` in the current directory.
fn git_show(spec: &str, rest: &str) -> Result<String, String> {
    let Some((rev, path)) = rest.split_once(':') else {
        return Err(format!(
            "{spec}: expected git:REV:path, for example git:HEAD~1:rubrics/policy-impact.toml"
        ));
    };
    if rev.is_empty() || path.is_empty() {
        return Err(format!(
            "{spec}: expected git:REV:path with a revision and a path"
        ));
    }
    let mut child = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{spec}: cannot run git: {}", inputs::describe_io(&e)))?;
    // At most a rubric's worth of the blob is read; a larger one stops git.
    let limit = rubric::compile::MAX_RUBRIC_BYTES as u64;
    let stdout = child
        .stdout
        .take()
        .map(|out| source::read_capped_from(out, limit));
    if matches!(stdout, Some(Err(_))) {
        let _ = child.kill();
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{spec}: cannot run git: {}", inputs::describe_io(&e)))?;
    let stdout = match stdout {
        Some(Ok(bytes)) => bytes,
        Some(Err(ReadError::TooLarge { .. })) => {
            return Err(format!("{spec}: rubric file is larger than {limit} bytes"))
        }
        Some(Err(e)) => return Err(format!("{spec}: cannot read git's output: {e}")),
        None => Vec::new(),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(format!("{spec}: git show {rev}:{path} failed: {reason}"));
    }
    String::from_utf8(stdout).map_err(|_| format!("{spec}: the rubric is not UTF-8 text"))
}

/// Loads a rubric named by a bundled id, a file path or `git:REV:path`.
pub fn load(spec: &str) -> Result<Rubric, String> {
    match spec.strip_prefix("git:") {
        Some(rest) => {
            let text = git_show(spec, rest)?;
            rubric::from_toml(spec, &text).map_err(|e| e.to_string())
        }
        None => rubric::load(spec).map_err(|e| e.to_string()),
    }
}

pub fn run(args: DiffArgs) -> u8 {
    if !(args.min_delta.is_finite() && args.min_delta >= 0.0) {
        error_line("--min-delta must be a number of at least 0");
        return EXIT_ERROR;
    }
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for e in [o.err(), n.err()].into_iter().flatten() {
                error_line(e);
            }
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![DEFAULT_PATH.to_string()]
    } else {
        args.paths.clone()
    };
    // Walking a folder skips its README; a file named on the command line is read.
    let (inputs, listing_errors) = inputs::collect(&paths, args.follow);
    let mut errors = listing_errors.len();
    for e in &listing_errors {
        error_line(format!("{}: {}", e.path, e.message));
    }
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        error_line("- (stdin) given more than once");
        return EXIT_ERROR;
    }
    let mut old_reports: Vec<Report> = Vec::new();
    let mut new_reports: Vec<Report> = Vec::new();
    for input in &inputs {
        match inputs::read(input, DEFAULT_MAX_SIZE) {
            Ok(source) => {
                old_reports.push(rubricate::grade(&source, &old));
                new_reports.push(rubricate::grade(&source, &new));
            }
            Err((name, message)) => {
                error_line(format!("{name}: {message}"));
                errors += 1;
            }
        }
    }
    let options = Options {
        min_delta: args.min_delta,
    };
    let result = diff::compare(&old_reports, &new_reports, &options);
    print(&match args.format {
        DiffFormat::Text => render::text(&result),
        DiffFormat::Json => render::json(&result),
        DiffFormat::Markdown => render::markdown(&result),
    });
    if errors > 0 {
        EXIT_ERROR
    } else if args.fail_on_flip && !result.flips.is_empty() {
        EXIT_BELOW
    } else {
        EXIT_OK
    }
}
