//! A Markdown summary table of a run (file, score, rating, passed), for a
//! pull-request comment or a CI job summary.

use std::fmt::Write;

use super::{Report, Summary};

/// Escapes text for a Markdown table cell.
pub fn escape_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the summary table.
pub fn render(reports: &[Report], summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## rubricate check\n");
    let _ = write!(
        out,
        "{} answer{}: {} passed, {} failed",
        summary.answers,
        if summary.answers == 1 { "" } else { "s" },
        summary.passed,
        summary.failed
    );
    if summary.errors > 0 {
        let _ = write!(out, ", {} could not be graded", summary.errors);
    }
    let _ = writeln!(out, ".\n");
    if reports.is_empty() {
        return out;
    }
    let _ = writeln!(out, "| File | Score | Rating | Passed |");
    let _ = writeln!(out, "| --- | ---: | --- | --- |");
    for r in reports {
        let _ = writeln!(
            out,
            "| {} | {:+.1} | {} | {} |",
            escape_cell(&r.source),
            r.score,
            r.rating,
            if r.passed { "yes" } else { "**no**" }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_escapes_pipes_and_markup() {
        assert_eq!(escape_cell("a|b_c#d"), "a\\|b\\_c#d");
    }
}
