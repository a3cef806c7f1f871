//! `rubricate rubrics`: list the bundled rubrics, show one, check rubric
//! files, and run rubrics' embedded examples.

use std::fmt::Write;

use clap::{Args, Subcommand};

use rubricate::examples::{self, ExampleResult, Mismatch};
use rubricate::report::{self, escape};
use rubricate::rubric::compile::{BonusKind, Rule};
use rubricate::rubric::{self, Rubric, RubricError};

use super::output::print;
use super::{error_line, EXIT_BELOW, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub struct RubricsArgs {
    #[command(subcommand)]
    pub command: RubricsCommand,
}

#[derive(Debug, Subcommand)]
pub enum RubricsCommand {
    /// List the bundled rubrics: id, version and title, one a line
    List,
    /// Show a rubric: elements, weights, anti-patterns, bonuses, bands, questions
    Show {
        /// A bundled rubric id or a rubric file
        #[arg(value_name = "ID|FILE")]
        rubric: String,
    },
    /// Validate rubric files; errors name the file, line and column
    Check {
        /// Rubric files (TOML)
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// Grade each rubric's embedded examples; exit 1 on any mismatch
    Test {
        /// Bundled rubric ids or rubric files (default: every bundled rubric)
        #[arg(value_name = "FILE|ID")]
        rubrics: Vec<String>,
    },
}

pub fn run(args: RubricsArgs) -> u8 {
    match args.command {
        RubricsCommand::List => list(),
        RubricsCommand::Show { rubric } => show(&rubric),
        RubricsCommand::Check { files } => check(&files),
        RubricsCommand::Test { rubrics } => test(&rubrics),
    }
}

fn bundled_ids() -> Vec<String> {
    rubric::BUNDLED
        .iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

fn list() -> u8 {
    let mut out = String::new();
    let mut code = EXIT_OK;
    for id in bundled_ids() {
        match rubric::load(&id) {
            Ok(r) => {
                let _ = writeln!(out, "{:<18} {:<8} {}", r.id, r.version, r.title);
            }
            Err(e) => {
                error_line(e);
                code = EXIT_ERROR;
            }
        }
    }
    print(&out);
    code
}

fn atom_list(rule: &Rule) -> String {
    match rule {
        Rule::Any { atom, negatable } => {
            format!(
                "any of {}{}",
                atom.text,
                if *negatable { "" } else { " (not negatable)" }
            )
        }
        Rule::All {
            atoms,
            none,
            scope,
            negatable,
        } => {
            let texts: Vec<&str> = atoms.iter().map(|a| a.text.as_str()).collect();
            let none: Vec<&str> = none.iter().map(|a| a.text.as_str()).collect();
            format!(
                "all of {}{} in one {}{}",
                texts.join(" + "),
                if none.is_empty() {
                    String::new()
                } else {
                    format!(", none of {}", none.join(" | "))
                },
                scope_name(*scope),
                if *negatable { "" } else { " (not negatable)" }
            )
        }
        Rule::Table { rows, cost } => {
            let texts: Vec<&str> = rows.iter().map(|a| a.text.as_str()).collect();
            format!(
                "table with rows {} and cost cells {}",
                texts.join(", "),
                cost.text
            )
        }
    }
}

fn scope_name(scope: rubric::schema::Scope) -> &'static str {
    match scope {
        rubric::schema::Scope::Sentence => "sentence",
        rubric::schema::Scope::Block => "paragraph",
        rubric::schema::Scope::Answer => "answer",
    }
}

fn element_ids(r: &Rubric, ids: &[usize]) -> String {
    ids.iter()
        .map(|&i| r.elements[i].id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text shown by `rubricate rubrics show`.
pub fn render_show(r: &Rubric) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}: {}", r.id, r.version, r.title);
    let _ = writeln!(out, "  origin: {}", r.origin);
    let _ = writeln!(out, "  digest: {}", r.digest);
    let description: Vec<&str> = r.description.split_whitespace().collect();
    let _ = writeln!(out, "\n{}", description.join(" "));
    if !r.questions.is_empty() {
        let _ = writeln!(out, "\nquestions:");
        for q in &r.questions {
            let _ = writeln!(out, "  - {q}");
        }
    }
    let _ = writeln!(out, "\nelements (weight = points when found):");
    for e in &r.elements {
        let _ = writeln!(out, "  {:<20} {:>6.1}  {}", e.id, e.weight, e.title);
        let _ = writeln!(out, "      {}", e.summary);
        for rule in &e.rules {
            let _ = writeln!(out, "      rule: {}", atom_list(rule));
        }
    }
    if !r.bonuses.is_empty() {
        let _ = writeln!(out, "\nbonuses:");
        for b in &r.bonuses {
            let when = match &b.kind {
                BonusKind::Link { from, to, carry } => format!(
                    "link from {} to {}{}",
                    element_ids(r, from),
                    element_ids(r, to),
                    carry
                        .as_ref()
                        .map(|a| format!(", or to the next sentence opening with {}", a.text))
                        .unwrap_or_default()
                ),
                BonusKind::Chain { elements, scope } => format!(
                    "chain of {} in one {}",
                    element_ids(r, elements),
                    scope_name(*scope)
                ),
                BonusKind::Contrast { to } => format!("contrast to {}", element_ids(r, to)),
            };
            let _ = writeln!(
                out,
                "  {:<20} {:>+6.1}  {} ({when})",
                b.id, b.points, b.title
            );
        }
    }
    if !r.anti_patterns.is_empty() {
        let _ = writeln!(out, "\nanti-patterns:");
        for a in &r.anti_patterns {
            let ceiling = a
                .ceiling
                .map(|c| format!(", score capped at {c:+.1}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<20} {:>+6.1}  {}{ceiling}",
                a.id, a.points, a.title
            );
            let _ = writeln!(out, "      {}", a.summary);
        }
    }
    if let Some(t) = &r.technical {
        let _ = writeln!(
            out,
            "\ntechnical pull: {:+.1} a sentence, at most {:+.1}, {:+.1} more when nothing anchors it (cancelled by {})",
            t.points_per_sentence,
            t.max,
            t.unanchored,
            element_ids(r, &t.unless)
        );
        if let Some(except) = &t.except {
            let _ = writeln!(out, "  no pull in a sentence with {}", except.text);
        }
    }
    let _ = writeln!(out, "\nbands:");
    for b in &r.bands {
        let _ = writeln!(
            out,
            "  {:>7.1} .. {:<7.1} {:<15} {}",
            b.min,
            b.max,
            b.rating.as_str(),
            b.label
        );
    }
    let _ = writeln!(out, "\nexamples: {}", r.examples.len());
    out
}

fn show(id_or_path: &str) -> u8 {
    match rubric::load(id_or_path) {
        Ok(r) => {
            print(&render_show(&r));
            EXIT_OK
        }
        Err(e) => {
            error_line(e);
            EXIT_ERROR
        }
    }
}

/// Compiles a rubric file (never a bundled id: `check` is for files being written).
fn compile_file(path: &str) -> Result<Rubric, RubricError> {
    rubric::from_toml(path, &rubric::read_file(path)?)
}

fn check(files: &[String]) -> u8 {
    let mut out = String::new();
    let mut failed = false;
    for path in files {
        match compile_file(path) {
            Ok(r) => {
                let _ = writeln!(
                    out,
                    "{}: ok ({} {}, {} elements, {} anti-patterns, {} bands, {} examples)",
                    escape::controls(path),
                    r.id,
                    r.version,
                    r.elements.len(),
                    r.anti_patterns.len(),
                    r.bands.len(),
                    r.examples.len()
                );
            }
            Err(e) => {
                error_line(e);
                failed = true;
            }
        }
    }
    print(&out);
    if failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}\n")).collect()
}

/// The text shown for one rubric by `rubricate rubrics test`.
pub fn render_test(r: &Rubric, results: &[ExampleResult]) -> String {
    let mut out = String::new();
    let passed = results.iter().filter(|x| x.passed()).count();
    let _ = writeln!(
        out,
        "{} {}: {passed}/{} examples pass",
        r.id,
        r.version,
        results.len()
    );
    for res in results {
        if res.passed() {
            let _ = writeln!(out, "  ok    #{} {}", res.index + 1, res.example.name);
            continue;
        }
        let _ = writeln!(out, "  FAIL  #{} {}", res.index + 1, res.example.name);
        for m in &res.mismatches {
            let _ = writeln!(out, "        {m}");
            let evidence = match m {
                Mismatch::UnexpectedAntiPattern(id) => res
                    .report
                    .penalties
                    .iter()
                    .find(|p| &p.id == id)
                    .map(|p| &p.evidence),
                _ => None,
            };
            for ev in evidence.into_iter().flatten() {
                let _ = writeln!(out, "          {}:{}  \"{}\"", ev.line, ev.column, ev.text);
            }
        }
        if !res.extra_elements.is_empty() {
            let _ = writeln!(
                out,
                "        also found (not listed): {}",
                res.extra_elements.join(", ")
            );
        }
        let _ = writeln!(out, "        graded as:");
        out.push_str(&indent(&report::text::render(&res.report), "        "));
    }
    out
}

fn test(names: &[String]) -> u8 {
    let names = if names.is_empty() {
        bundled_ids()
    } else {
        names.to_vec()
    };
    let mut code = EXIT_OK;
    let (mut total, mut failed) = (0, 0);
    for name in &names {
        let r = match rubric::load(name) {
            Ok(r) => r,
            Err(e) => {
                error_line(e);
                code = EXIT_ERROR;
                continue;
            }
        };
        let results = examples::run(&r);
        total += results.len();
        failed += results.iter().filter(|x| !x.passed()).count();
        print(&render_test(&r, &results));
    }
    print(&format!(
        "{total} example{} in {} rubric{}: {} passed, {failed} failed\n",
        if total == 1 { "" } else { "s" },
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        total - failed
    ));
    if code == EXIT_ERROR {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_BELOW
    } else {
        EXIT_OK
    }
}
