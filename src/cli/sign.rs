//! `rubricate keygen`, `rubricate verify`, and the `--sign` option of `grade`.
//! Key files, signatures and checks are `rubricate::sign`.

use std::path::{Path, PathBuf};

use clap::Args;
use ed25519_dalek::SigningKey;
use serde_json::Value;

use rubricate::report::{self, escape, Report, Summary};
use rubricate::rubric::Rubric;
use rubricate::sign;
use rubricate::source::{self, ReadError};

use super::grade::parse_size;
use super::inputs::describe_io;
use super::output::print;
use super::{error_line, load_rubric, OutputFormat, EXIT_BELOW, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the secret key to PREFIX and the public key to PREFIX.pub
    #[arg(long, value_name = "PREFIX")]
    pub out: PathBuf,
    /// Overwrite existing key files
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A `grade --format json` or `--format jsonl` output, or one report (- for stdin)
    #[arg(value_name = "REPORT")]
    pub report: String,
    /// The signer's public key file (PREFIX.pub from `rubricate keygen`)
    #[arg(long, value_name = "PREFIX.pub")]
    pub key: PathBuf,
    /// Check the answer digest against this file (default: the report's source, when it exists)
    #[arg(long, value_name = "FILE")]
    pub answer: Option<PathBuf>,
    /// Check the rubric digest against this rubric (a bundled id or a file)
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// Largest report or answer file read, in bytes (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "256M")]
    pub max_size: u64,
}

pub fn keygen(args: KeygenArgs) -> u8 {
    let written =
        sign::generate_key().and_then(|key| sign::write_key_pair(&args.out, &key, args.force));
    match written {
        Ok(public) => {
            print(&format!(
                "wrote secret key {} (keep it private) and public key {}\n",
                escape::controls(&args.out.display().to_string()),
                escape::controls(&public.display().to_string())
            ));
            EXIT_OK
        }
        Err(e) => {
            error_line(e);
            EXIT_ERROR
        }
    }
}

/// The key `grade --sign PREFIX` signs with; `None` without `--sign`.
pub fn signer(prefix: Option<&Path>, format: OutputFormat) -> Result<Option<SigningKey>, String> {
    let Some(prefix) = prefix else {
        return Ok(None);
    };
    if format == OutputFormat::Text {
        return Err("--sign needs --format json or --format jsonl".to_string());
    }
    sign::read_secret_key(prefix)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// One `--format jsonl` line, signed when a key is given.
pub fn render_line(report: &Report, key: Option<&SigningKey>) -> String {
    match key {
        Some(k) => sign::render_line(report, k),
        None => report::json::render_line(report),
    }
}

/// The `--format json` document, every report signed when a key is given.
pub fn render_json(reports: &[Report], summary: &Summary, key: Option<&SigningKey>) -> String {
    match key {
        Some(k) => sign::render_json(reports, summary, k),
        None => report::json::render(reports, summary),
    }
}

/// Reads a report file (`-` for stdin), at most `limit` bytes of it.
fn read_text(path: &str, limit: u64) -> Result<String, String> {
    let bytes = if path == "-" {
        source::read_capped_from(std::io::stdin().lock(), limit)
    } else {
        source::read_capped(Path::new(path), limit)
    };
    bytes.and_then(source::utf8).map_err(|e| match e {
        ReadError::TooLarge { .. } => format!("{path}: {e} (raise it with --max-size)"),
        ReadError::NotUtf8 { .. } => format!("{path}: not UTF-8 text"),
        ReadError::Io(e) if path == "-" => format!("-: cannot read: {}", describe_io(&e)),
        ReadError::Io(e) => format!("{path}: {}", describe_io(&e)),
    })
}

/// The outcome of one check on one report.
enum Check {
    Passed(&'static str),
    Skipped(String),
    Failed(&'static str, String),
}

impl Check {
    /// The check with control characters in its message escaped (a message
    /// may quote the report's source or a path).
    fn escaped(self) -> Check {
        match self {
            Check::Skipped(m) => Check::Skipped(escape::controls(&m).into_owned()),
            Check::Failed(what, m) => Check::Failed(what, escape::controls(&m).into_owned()),
            passed => passed,
        }
    }
}

fn check_answer(report: &Value, answer: Option<&Path>, limit: u64) -> Check {
    let source = report.get("source").and_then(Value::as_str).unwrap_or("-");
    let path = match answer {
        Some(p) => p.to_path_buf(),
        None if source != "-" && Path::new(source).is_file() => PathBuf::from(source),
        None => {
            return Check::Skipped(format!(
                "answer not checked ({source} not found; pass --answer FILE)"
            ))
        }
    };
    match source::read_capped(&path, limit) {
        Ok(bytes) => match sign::verify_answer(report, &bytes) {
            Ok(()) => Check::Passed("answer digest"),
            Err(m) => Check::Failed("answer digest", format!("{}: {m}", path.display())),
        },
        Err(e @ ReadError::TooLarge { .. }) => Check::Failed(
            "answer digest",
            format!("{}: {e} (raise it with --max-size)", path.display()),
        ),
        Err(e) => Check::Failed("answer digest", format!("{}: {e}", path.display())),
    }
}

fn check_one(
    report: &Value,
    key: &ed25519_dalek::VerifyingKey,
    args: &VerifyArgs,
    rubric: Option<&Rubric>,
) -> Vec<Check> {
    let mut checks = vec![match sign::verify_signature(report, key) {
        Ok(()) => Check::Passed("signature"),
        Err(m) => Check::Failed("signature", m),
    }];
    checks.push(check_answer(report, args.answer.as_deref(), args.max_size));
    checks.push(match rubric {
        Some(r) => match sign::verify_rubric(report, r) {
            Ok(()) => Check::Passed("rubric digest"),
            Err(m) => Check::Failed("rubric digest", m),
        },
        None => Check::Skipped("rubric not checked (pass --rubric ID|FILE)".to_string()),
    });
    checks
}

pub fn verify(args: VerifyArgs) -> u8 {
    let key = match sign::read_public_key(&args.key) {
        Ok(k) => k,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let rubric = match args
        .rubric
        .as_deref()
        .map(|r| load_rubric(Some(r)))
        .transpose()
    {
        Ok(r) => r,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let reports = match read_text(&args.report, args.max_size)
        .and_then(|t| sign::reports_in(&t).map_err(|e| format!("{}: {e}", args.report)))
    {
        Ok(r) => r,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    if args.answer.is_some() && reports.len() > 1 {
        error_line(format!(
            "--answer names one answer but {} holds {} reports",
            args.report,
            reports.len()
        ));
        return EXIT_ERROR;
    }
    let mut out = String::new();
    let mut failed = 0;
    for report in &reports {
        // The report is untrusted input: its source is shown escaped.
        let source = report.get("source").and_then(Value::as_str).unwrap_or("-");
        let source = escape::controls(source);
        let checks = check_one(report, &key, &args, rubric.as_ref());
        let checks: Vec<Check> = checks.into_iter().map(Check::escaped).collect();
        let failures: Vec<String> = checks
            .iter()
            .filter_map(|c| match c {
                Check::Failed(what, why) => Some(format!("{what}: {why}")),
                _ => None,
            })
            .collect();
        if failures.is_empty() {
            let passed: Vec<&str> = checks
                .iter()
                .filter_map(|c| match c {
                    Check::Passed(what) => Some(*what),
                    _ => None,
                })
                .collect();
            out.push_str(&format!("ok   {source}: {}", passed.join(", ")));
            for c in &checks {
                if let Check::Skipped(why) = c {
                    out.push_str(&format!("; {why}"));
                }
            }
            out.push('\n');
        } else {
            failed += 1;
            for f in failures {
                out.push_str(&format!("FAIL {source}: {f}\n"));
            }
        }
    }
    if failed == 0 {
        out.push_str("valid\n");
        print(&out);
        EXIT_OK
    } else {
        out.push_str(&format!(
            "verification failed: {failed} of {} report{}\n",
            reports.len(),
            if reports.len() == 1 { "" } else { "s" }
        ));
        print(&out);
        EXIT_BELOW
    }
}
