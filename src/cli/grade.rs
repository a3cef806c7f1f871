//! `rubricate grade`: grade answers and print reports.

use clap::Args;

use rubricate::report::{self, Report, Summary};
use rubricate::rubric::Rating;
use rubricate::source::{Source, SourceError};

use super::inputs::{self, Input};
use super::output::print;
use super::{error_line, load_rubric, parse_rating, OutputFormat, EXIT_BELOW, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Files, directories or - for stdin (default: stdin)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// A bundled rubric id or a rubric file (default: policy-impact)
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Fail (exit 1) when an answer rates below this
    #[arg(long, value_name = "RATING", value_parser = parse_rating)]
    pub min_rating: Option<Rating>,
    /// Fail (exit 1) when an answer scores below this
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub min_score: Option<f64>,
    /// Largest answer file read, in bytes (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub max_size: u64,
}

/// Parses `64M`, `1G`, `500K` or a plain byte count.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in `{s}` (use K, M or G)")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("invalid size `{s}` (for example 64M or 1G)"))
}

fn read(input: &Input, max_size: u64) -> Result<Source, (String, String)> {
    let result = match input {
        Input::Stdin => Source::read_stdin(max_size),
        Input::File(p) => Source::read_path(p, max_size),
    };
    let name = match input {
        Input::Stdin => "-".to_string(),
        Input::File(p) => p.display().to_string(),
    };
    match result {
        Ok(s) if s.text.trim().is_empty() => {
            Err((name, "no text to grade (the answer is empty)".to_string()))
        }
        Ok(s) => Ok(s),
        Err(SourceError::Io(e)) => Err((name, inputs::describe_io(&e))),
        Err(e) => Err((name, e.to_string())),
    }
}

pub fn run(args: GradeArgs) -> u8 {
    if args.min_score.is_some_and(|s| !s.is_finite()) {
        error_line("--min-score must be a number");
        return EXIT_ERROR;
    }
    let rubric = match load_rubric(args.rubric.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec!["-".to_string()]
    } else {
        args.paths.clone()
    };
    let (inputs, listing_errors) = inputs::collect(&paths);
    let mut errors = 0;
    for e in &listing_errors {
        error_line(format!("{}: {}", e.path, e.message));
        errors += 1;
    }
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        error_line("- (stdin) given more than once");
        return EXIT_ERROR;
    }
    let mut reports: Vec<Report> = Vec::new();
    for input in &inputs {
        match read(input, args.max_size) {
            Ok(source) => {
                let mut report = rubricate::grade(&source, &rubric);
                report.apply_threshold(args.min_score, args.min_rating);
                match args.format {
                    OutputFormat::Text => print(&report::text::render(&report)),
                    OutputFormat::Jsonl => print(&report::json::render_line(&report)),
                    OutputFormat::Json => {}
                }
                reports.push(report);
            }
            Err((name, message)) => {
                error_line(format!("{name}: {message}"));
                errors += 1;
            }
        }
    }
    let summary = Summary::of(&reports, errors);
    match args.format {
        OutputFormat::Json => print(&report::json::render(&reports, &summary)),
        OutputFormat::Text if reports.len() > 1 => print(&report::text::render_summary(&summary)),
        _ => {}
    }
    if errors > 0 {
        EXIT_ERROR
    } else if summary.failed > 0 {
        EXIT_BELOW
    } else {
        EXIT_OK
    }
}
