//! GitHub Actions workflow commands: one `::error` or `::warning` annotation
//! per finding, shown on the pull request's changed lines, plus one `::error`
//! per answer below its threshold.

use std::fmt::Write;

use super::escape;
use super::findings::{self, Level};
use super::Report;

/// Escapes a message (the text after `::`): `%`, `\r`, `\n`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

/// Renders the annotations of one answer.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    // Control characters in the name are escaped before GitHub's own
    // percent-encoding, so the name can neither end the command line nor
    // carry a terminal escape sequence into the log.
    let file = escape_property(&escape::controls(report.file()));
    if !report.passed {
        let message = report
            .notes
            .iter()
            .find(|n| n.starts_with("regressed"))
            .cloned()
            .unwrap_or_else(|| {
                format!(
                    "{} is rated {} with score {:+.1}, below the threshold",
                    escape::controls(&report.source),
                    report.rating,
                    report.score
                )
            });
        let _ = writeln!(
            out,
            "::error file={file},line={},title={}::{}",
            findings::answer_line(report),
            escape_property(&format!(
                "rubricate: below threshold ({})",
                report.rubric.id
            )),
            escape_data(&message)
        );
    }
    for f in findings::findings(report) {
        let r = f.region;
        let _ = writeln!(
            out,
            "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
            level(f.level),
            r.start_line,
            r.start_column,
            r.end_line,
            r.end_column,
            escape_property(&format!("rubricate {}: {}", f.id, f.title)),
            escape_data(&f.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_then_line_breaks() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
    }

    #[test]
    fn property_also_escapes_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
