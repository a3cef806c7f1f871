//! `rubricate eval`: compare grades with the labels in the samples' front
//! matter or in a JSON Lines corpus.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::io::BufReader;
use std::path::Path;

use clap::{Args, ValueEnum};

use rubricate::corpus;
use rubricate::eval::{self, Evaluation};
use rubricate::frontmatter::{self, Expected};
use rubricate::report::escape;
use rubricate::rubric::{self, Rubric};
use rubricate::source::{Source, DEFAULT_MAX_SIZE};
use rubricate::Report;

use super::inputs::{self, Input};
use super::output::print;
use super::{error_line, EXIT_BELOW, EXIT_ERROR, EXIT_OK};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled answers: Markdown files with labels in front matter, directories
    /// of them, or JSON Lines corpora (.jsonl, one answer a line) (default: samples/test)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Grade every answer with this rubric instead of the one its front matter
    /// names (corpus rows: instead of the default rubric)
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// Keep only corpus rows whose `split` field is VALUE (answers without
    /// one, Markdown files included, are left out)
    #[arg(long, value_name = "VALUE")]
    pub subset: Option<String>,
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Exit 1 when rating agreement falls below this (0..1)
    #[arg(long, value_name = "X")]
    pub min_agreement: Option<f64>,
    /// Exit 1 when the element macro-F1 falls below this (0..1)
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// Follow symbolic links when walking directories (a link named here is always read)
    #[arg(long, short = 'L')]
    pub follow: bool,
}

fn render_text(ev: &Evaluation) -> String {
    let mut out = String::new();
    let names = ["technical-only", "neutral", "policy-impact"];
    let _ = writeln!(out, "{} labelled answers", ev.answers);
    let _ = writeln!(out, "\nconfusion (rows: expected, columns: graded)");
    let _ = writeln!(
        out,
        "{:>16} {:>15} {:>8} {:>14}",
        "", names[0], names[1], names[2]
    );
    for (i, row) in ev.confusion.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>16} {:>15} {:>8} {:>14}",
            names[i], row[0], row[1], row[2]
        );
    }
    let _ = writeln!(out, "\nrating agreement            {:.3}", ev.agreement);
    let _ = writeln!(
        out,
        "quadratic weighted kappa    {:.3}",
        ev.quadratic_weighted_kappa
    );
    let _ = writeln!(
        out,
        "element macro-F1            {:.3}",
        ev.element_macro_f1
    );
    let _ = writeln!(
        out,
        "anti-pattern macro-F1       {:.3}",
        ev.anti_pattern_macro_f1
    );
    let _ = writeln!(
        out,
        "stuffed answers rated policy-impact: {}",
        ev.stuffed_rated_policy_impact
    );
    let found = &ev.policy_impact_found;
    let _ = writeln!(
        out,
        "policy-impact found: {} of {} ({:.2})",
        found.found, found.labelled, found.share
    );
    let _ = writeln!(
        out,
        "\n{:<22} {:>9} {:>7} {:>6}   tp  fp  fn",
        "element", "precision", "recall", "f1"
    );
    for (id, p) in ev.elements.iter().chain(ev.anti_patterns.iter()) {
        let _ = writeln!(
            out,
            "{:<22} {:>9.2} {:>7.2} {:>6.3}  {:>3} {:>3} {:>3}",
            id, p.precision, p.recall, p.f1, p.true_positives, p.false_positives, p.false_negatives
        );
    }
    if !ev.disagreements.is_empty() {
        let _ = writeln!(
            out,
            "\ndisagreements (+ found but not labelled, - labelled but not found)"
        );
        for d in &ev.disagreements {
            let rating = if d.expected == d.actual {
                format!("{}", d.actual)
            } else {
                format!(
                    "expected {}, graded {} ({:+.1})",
                    d.expected, d.actual, d.score
                )
            };
            let mut diffs = d.elements.clone();
            diffs.extend(d.anti_patterns.iter().cloned());
            let _ = writeln!(
                out,
                "  {}: {}  {}",
                escape::controls(&d.source),
                rating,
                diffs.join(" ")
            );
        }
    }
    out
}

/// Whether a path names a JSON Lines corpus rather than one answer.
fn is_corpus(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// The rubric `id`, loaded once; a load error is printed.
fn rubric_for<'a>(id: &str, rubrics: &'a mut BTreeMap<String, Rubric>) -> Option<&'a Rubric> {
    if !rubrics.contains_key(id) {
        match rubric::load(id) {
            Ok(r) => {
                rubrics.insert(id.to_string(), r);
            }
            Err(e) => {
                error_line(e);
                return None;
            }
        }
    }
    rubrics.get(id)
}

/// Grades the rows of one corpus into `cases`. A bad row is reported with
/// its line number and skipped; returns whether any row was bad, or `Err`
/// when the file or the rubric could not be read at all.
fn read_corpus(
    path: &Path,
    args: &EvalArgs,
    rubrics: &mut BTreeMap<String, Rubric>,
    cases: &mut Vec<(Report, Expected)>,
) -> Result<bool, ()> {
    let file = std::fs::File::open(path).map_err(|e| {
        error_line(format!(
            "{}: {}",
            path.display(),
            rubricate::source::describe_io(&e)
        ))
    })?;
    let id = args
        .rubric
        .clone()
        .unwrap_or_else(|| rubric::DEFAULT_RUBRIC.to_string());
    let rubric = rubric_for(&id, rubrics).ok_or(())?;
    let mut bad = false;
    for (line, row) in corpus::rows(BufReader::new(file), DEFAULT_MAX_SIZE) {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                error_line(format!("{}:{line}: {e}", path.display()));
                bad = true;
                continue;
            }
        };
        if let Some(subset) = &args.subset {
            if row.split.as_deref() != Some(subset.as_str()) {
                continue;
            }
        }
        let source = Source::new(format!("{}#{}", path.display(), row.id), row.text);
        cases.push((rubricate::grade(&source, rubric), row.expected));
    }
    Ok(bad)
}

pub fn run(args: EvalArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec!["samples/test".to_string()]
    } else {
        args.paths.clone()
    };
    let (inputs, listing_errors) = inputs::collect(&paths, args.follow);
    for e in &listing_errors {
        error_line(format!("{}: {}", e.path, e.message));
    }
    if !listing_errors.is_empty() {
        return EXIT_ERROR;
    }
    let mut rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
    let mut cases: Vec<(Report, Expected)> = Vec::new();
    let mut bad_rows = false;
    for input in inputs {
        let Input::File(path) = input else {
            error_line("eval reads labelled files, not stdin");
            return EXIT_ERROR;
        };
        if is_corpus(&path) {
            match read_corpus(&path, &args, &mut rubrics, &mut cases) {
                Ok(bad) => bad_rows |= bad,
                Err(()) => return EXIT_ERROR,
            }
            continue;
        }
        if args.subset.is_some() {
            // A Markdown answer has no `split` field to match.
            continue;
        }
        let source = match Source::read_path(&path, DEFAULT_MAX_SIZE) {
            Ok(s) => s,
            Err(e) => {
                error_line(format!("{}: {e}", path.display()));
                return EXIT_ERROR;
            }
        };
        let fm = match frontmatter::parse(&source.text) {
            Ok(Some(fm)) => fm,
            Ok(None) => continue,
            Err(e) => {
                error_line(format!("{}: {e}", path.display()));
                return EXIT_ERROR;
            }
        };
        let Some(expected) = fm.expected else {
            continue;
        };
        let id = args
            .rubric
            .clone()
            .or(fm.rubric)
            .unwrap_or_else(|| rubric::DEFAULT_RUBRIC.to_string());
        let Some(rubric) = rubric_for(&id, &mut rubrics) else {
            return EXIT_ERROR;
        };
        let report = rubricate::grade(&source, rubric);
        cases.push((report, expected));
    }
    let pairs: Vec<(&Report, &Expected)> = cases.iter().map(|(r, e)| (r, e)).collect();
    let ev = eval::evaluate(&pairs);
    match args.format {
        EvalFormat::Text => print(&render_text(&ev)),
        EvalFormat::Json => {
            let mut s = serde_json::to_string_pretty(&ev).expect("evaluation serializes");
            s.push('\n');
            print(&s);
        }
    }
    let below = args.min_agreement.is_some_and(|m| ev.agreement < m)
        || args.min_f1.is_some_and(|m| ev.element_macro_f1 < m);
    if bad_rows {
        // The figures above leave the bad rows out; the run as a whole failed.
        EXIT_ERROR
    } else if below {
        EXIT_BELOW
    } else {
        EXIT_OK
    }
}
