//! `rubricate grade`: grade answers and print reports.

use std::sync::Arc;

use clap::Args;

use rubricate::check;
use rubricate::report::Report;
use rubricate::rubric::Rating;
use rubricate::split::{self, Split};

use super::emit::{Emitter, Line};
use super::inputs::{self, Input};
use super::output::Output;
use super::views::{self, ColorWhen};
use super::{error_line, load_rubric, parse_rating, OutputFormat, EXIT_ERROR};

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
    /// Colour the text report: auto (a terminal, NO_COLOR unset), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Fail (exit 1) when an answer rates below this
    #[arg(long, value_name = "RATING", value_parser = parse_rating)]
    pub min_rating: Option<Rating>,
    /// Fail (exit 1) when an answer scores below this
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub min_score: Option<f64>,
    /// Largest answer file read, in bytes (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub max_size: u64,
    /// Grade each section under a level-2 heading as its own answer, named path#slug
    #[arg(long, value_name = "h2", value_parser = parse_split)]
    pub split: Option<Split>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Sign every JSON report with the secret key PREFIX (from `rubricate keygen`)
    #[arg(long, value_name = "PREFIX")]
    pub sign: Option<std::path::PathBuf>,
    /// Most answers graded in one run; more is an error before any grading
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ANSWERS, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_answers: u64,
    /// Write the reports to FILE (a regular file is replaced whole at the end of the run; - is stdout)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Follow symbolic links when walking directories (a link named here is always read)
    #[arg(long, short = 'L')]
    pub follow: bool,
}

/// The default of `--max-answers`.
pub const DEFAULT_MAX_ANSWERS: u64 = 100_000;

/// Parses `--jobs`: a thread count from 1 to 1024.
pub fn parse_jobs(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=1024).contains(n))
        .ok_or_else(|| format!("invalid thread count `{s}` (expected 1 to 1024)"))
}

/// Parses `--split` for clap.
pub fn parse_split(s: &str) -> Result<Split, String> {
    s.parse()
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

/// What one input gave: its reports rendered as JSON lines when the workers
/// render them, else its reports and its text; or its name and one error
/// message.
enum Graded {
    Lines(Vec<Line>),
    Reports(Vec<Report>, String),
    Failed(String, String),
}

pub fn run(args: GradeArgs) -> u8 {
    if args.min_score.is_some_and(|s| !s.is_finite()) {
        error_line("--min-score must be a number");
        return EXIT_ERROR;
    }
    let rubric = match load_rubric(args.rubric.as_deref()) {
        Ok(r) => Arc::new(r),
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    // The rubric lives as long as the process. One reference is leaked so
    // that its phrase index and patterns are not freed an allocation at a time
    // on the way out: a measurable part of grading one short answer.
    std::mem::forget(Arc::clone(&rubric));
    let paths = if args.paths.is_empty() {
        vec!["-".to_string()]
    } else {
        args.paths.clone()
    };
    let signer = match super::sign::signer(args.sign.as_deref(), args.format) {
        Ok(s) => s,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let (inputs, listing_errors) = inputs::collect(&paths, args.follow);
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        error_line("- (stdin) given more than once");
        return EXIT_ERROR;
    }
    if inputs.len() as u64 > args.max_answers {
        error_line(format!(
            "{} answers to grade, more than the limit of {} (raise it with --max-answers)",
            inputs.len(),
            args.max_answers
        ));
        return EXIT_ERROR;
    }
    let out = match Output::open(args.output.as_deref()) {
        Ok(out) => out,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let files = inputs.iter().filter_map(|i| match i {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => None,
    });
    if out.overwrites(files, inputs.contains(&Input::Stdin)) {
        error_line(format!(
            "--output {}: is one of the answers being graded; refusing to overwrite it",
            out.path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ));
        return EXIT_ERROR;
    }
    let pool = match check::pool(args.jobs, inputs.len()) {
        Ok(p) => p,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let terminal = views::terminal_options(args.color);
    let mut emitter = Emitter::new(args.format, false, out, signer, terminal);
    for e in &listing_errors {
        error_line(format!("{}: {}", e.path, e.message));
        emitter.error();
    }
    let split = args.split.unwrap_or_default();
    // JSON Lines are rendered (and signed) by the workers, in parallel.
    let renderer = emitter.line_renderer();
    let work = |input: &Input| -> Graded {
        let source = match inputs::read(input, args.max_size) {
            Ok(source) => source,
            Err((name, message)) => return Graded::Failed(name, message),
        };
        let mut reports = split::grade_note(&source.name, &source.text, &rubric, split);
        for r in &mut reports {
            r.apply_threshold(args.min_score, args.min_rating);
        }
        match &renderer {
            Some(renderer) => Graded::Lines(reports.iter().map(|r| renderer.render(r)).collect()),
            None => Graded::Reports(reports, source.text),
        }
    };
    check::for_each_ordered(&pool, &inputs, work, |graded| match graded {
        Graded::Lines(lines) => emitter.push_lines(&rubric, &lines),
        Graded::Reports(reports, text) => emitter.push(&rubric, reports, &text),
        Graded::Failed(name, message) => {
            error_line(format!("{name}: {message}"));
            emitter.error();
        }
    });
    emitter.exit_code()
}
