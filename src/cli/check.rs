//! `rubricate check`: grade the notes a `rubricate.toml` names, each with the
//! rubric and threshold of its `[[check]]` table, for CI.

use std::path::PathBuf;

use clap::Args;

use rubricate::baseline::Baseline;
use rubricate::check::{self, Checker};
use rubricate::config::{self, Config};
use rubricate::source::{read_capped_text, MAX_REPORT_SIZE};
use rubricate::split::Split;

use super::emit::Emitter;
use super::grade::{parse_jobs, parse_size, parse_split};
use super::{error_line, OutputFormat, EXIT_ERROR};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check with the config's rules (default: every note the config names)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The config file (default: rubricate.toml here or in the nearest parent folder)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// A previous `--format json` output: fail only when an answer lost rating or points
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Grade each section under a level-2 heading as its own answer (overrides the config)
    #[arg(long, value_name = "h2", value_parser = parse_split)]
    pub split: Option<Split>,
    /// Largest note read, in bytes (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub max_size: u64,
    /// Follow symbolic links when walking folders, never to a note outside the project
    #[arg(long, short = 'L')]
    pub follow: bool,
}

fn find_config(given: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(p) = given {
        return Ok(p);
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    config::discover(&cwd).ok_or_else(|| {
        format!(
            "no {} found in this folder or any parent (create one, or give --config FILE)",
            config::CONFIG_FILE
        )
    })
}

pub fn run(args: CheckArgs) -> u8 {
    let config = match find_config(args.config.clone())
        .and_then(|p| Config::load(&p).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let baseline = match &args.baseline {
        Some(p) => match read_capped_text(p, MAX_REPORT_SIZE)
            .map_err(|e| e.to_string())
            .and_then(|t| Baseline::parse(&t))
        {
            Ok(b) => Some(b),
            Err(e) => {
                error_line(format!("{}: {e}", p.display()));
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let (notes, select_errors) = config.select(&args.paths, args.follow);
    let pool = match check::pool(args.jobs, notes.len()) {
        Ok(p) => p,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let out = match super::output::Output::open(None) {
        Ok(out) => out,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let terminal = super::views::terminal_options(super::views::ColorWhen::Auto);
    let mut emitter = Emitter::new(args.format, true, out, None, terminal);
    for e in &select_errors {
        error_line(format!("{}: {}", e.path, e.message));
        emitter.error();
    }
    let checker = Checker::new(&config, args.split, baseline.as_ref(), args.max_size);
    let work = |note: &config::Selected| (note.name.clone(), checker.grade(note));
    check::for_each_ordered(&pool, &notes, work, |(name, outcome)| match outcome {
        Ok((rubric, reports, text)) => emitter.push(&rubric, reports, &text),
        Err(message) => {
            error_line(format!("{name}: {message}"));
            emitter.error();
        }
    });
    emitter.exit_code()
}
