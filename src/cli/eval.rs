//! `rubricate eval`: compare grades with the labels in the samples' front matter.

use std::collections::BTreeMap;
use std::fmt::Write;

use clap::{Args, ValueEnum};

use rubricate::eval::{self, Evaluation};
use rubricate::frontmatter::{self, Expected};
use rubricate::rubric::{self, Rating, Rubric};
use rubricate::source::Source;
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
    /// Labelled answers: files or directories (default: samples/test)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Grade every answer with this rubric instead of the one its front matter names
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Option<String>,
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Exit 1 when rating agreement falls below this (0..1)
    #[arg(long, value_name = "X")]
    pub min_agreement: Option<f64>,
    /// Exit 1 when the element macro-F1 falls below this (0..1)
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
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
            let _ = writeln!(out, "  {}: {}  {}", d.source, rating, diffs.join(" "));
        }
    }
    out
}

pub fn run(args: EvalArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec!["samples/test".to_string()]
    } else {
        args.paths.clone()
    };
    let (inputs, listing_errors) = inputs::collect(&paths);
    for e in &listing_errors {
        error_line(format!("{}: {}", e.path, e.message));
    }
    if !listing_errors.is_empty() {
        return EXIT_ERROR;
    }
    let mut rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
    let mut cases: Vec<(Report, Expected)> = Vec::new();
    for input in inputs {
        let Input::File(path) = input else {
            error_line("eval reads labelled files, not stdin");
            return EXIT_ERROR;
        };
        let source = match Source::read_path(&path, rubricate::source::DEFAULT_MAX_SIZE) {
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
        if !rubrics.contains_key(&id) {
            match rubric::load(&id) {
                Ok(r) => {
                    rubrics.insert(id.clone(), r);
                }
                Err(e) => {
                    error_line(e);
                    return EXIT_ERROR;
                }
            }
        }
        let report = rubricate::grade(&source, &rubrics[&id]);
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
    let _ = Rating::Neutral;
    if below {
        EXIT_BELOW
    } else {
        EXIT_OK
    }
}
