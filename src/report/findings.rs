//! Findings: what the CI formats (SARIF, GitHub annotations) report about an
//! answer, one per missing element and one per anti-pattern, each with a
//! region of the file.

use super::escape;
use super::{Evidence, Report};

/// What kind of finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    MissingElement,
    AntiPattern,
}

/// Error for an answer below its threshold, warning otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// A 1-based region; `end_column` is the column after the last character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    /// The region covered by a piece of evidence.
    pub fn of(e: &Evidence) -> Region {
        let newlines = e.text.matches('\n').count();
        let end_column = match e.text.rfind('\n') {
            Some(i) => e.text[i + 1..].chars().count() + 1,
            None => e.column + e.text.chars().count(),
        };
        Region {
            start_line: e.line,
            start_column: e.column,
            end_line: e.line + newlines,
            end_column,
        }
    }

    /// The start of a line, for findings without a span.
    pub fn line(line: usize) -> Region {
        Region {
            start_line: line,
            start_column: 1,
            end_line: line,
            end_column: 1,
        }
    }
}

/// One finding of one answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    /// The element or anti-pattern id.
    pub id: String,
    pub title: String,
    pub level: Level,
    pub message: String,
    pub region: Region,
    /// Further evidence of the same anti-pattern.
    pub related: Vec<Region>,
}

/// Where an answer starts: the section heading's line, else line 1.
pub fn answer_line(report: &Report) -> usize {
    report.section.as_ref().map_or(1, |s| s.line)
}

fn feedback_for<'r>(report: &'r Report, title: &str) -> Option<&'r str> {
    let prefix = format!("{title}: ");
    report
        .feedback
        .iter()
        .find_map(|f| f.strip_prefix(prefix.as_str()))
}

/// The findings of an answer: missing elements (in rubric order, located at
/// the start of the answer) then anti-patterns (located at their evidence).
pub fn findings(report: &Report) -> Vec<Finding> {
    let level = if report.passed {
        Level::Warning
    } else {
        Level::Error
    };
    let mut out = Vec::new();
    for e in report.elements.iter().filter(|e| !e.found) {
        let source = escape::controls(&report.source);
        let mut message = format!("{} missing in {source}", e.title);
        if let Some(f) = &e.feedback {
            message.push_str(": ");
            message.push_str(f);
        }
        if let Some(h) = &e.hint {
            message.push_str(" Hint: ");
            message.push_str(h);
        }
        out.push(Finding {
            kind: Kind::MissingElement,
            id: e.id.clone(),
            title: e.title.clone(),
            level,
            message,
            region: Region::line(answer_line(report)),
            related: Vec::new(),
        });
    }
    for p in &report.penalties {
        let source = escape::controls(&report.source);
        let mut message = format!("{} ({:+.1} points) in {source}", p.title, p.points);
        if let Some(f) = feedback_for(report, &p.title) {
            message.push_str(": ");
            message.push_str(f);
        }
        let mut regions = p.evidence.iter().map(Region::of);
        out.push(Finding {
            kind: Kind::AntiPattern,
            id: p.id.clone(),
            title: p.title.clone(),
            level,
            message,
            region: regions.next().unwrap_or(Region::line(answer_line(report))),
            related: regions.collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(text: &str, line: usize, column: usize) -> Evidence {
        Evidence {
            start: 0,
            end: text.len(),
            line,
            column,
            text: text.to_string(),
        }
    }

    #[test]
    fn region_end_column_is_after_the_last_character() {
        let r = Region::of(&evidence("block é all", 3, 5));
        assert_eq!(
            (r.start_line, r.start_column, r.end_line, r.end_column),
            (3, 5, 3, 16)
        );
    }

    #[test]
    fn region_of_multiline_evidence_ends_on_its_last_line() {
        let r = Region::of(&evidence("block\nall of it", 2, 7));
        assert_eq!((r.end_line, r.end_column), (3, 10));
    }
}
