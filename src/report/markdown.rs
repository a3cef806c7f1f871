//! The Markdown report, for a pull-request comment or a notes file: a summary
//! table, then per answer the grade, the elements found with their quoted
//! evidence, the missing elements with feedback and a rewrite hint, and the
//! anti-patterns with the sentence that triggered them.
//!
//! Everything taken from the answer or a path is escaped, so an answer cannot
//! inject Markdown or HTML into the comment.

use std::fmt::Write;

use super::escape::controls;
use super::view::{self, MarkKind};
use super::{Evidence, Report, Summary};
use crate::rubric::compile::Band;
use crate::span::Span;

/// Escapes text for inline Markdown: every character that Markdown, GitHub's
/// extensions or HTML could read as syntax in the middle of a line is
/// backslash-escaped, and line breaks become spaces, so the text renders
/// literally inside a paragraph, list item or table cell (it never starts a
/// line, so block markers such as `-` or `1.` need no escape).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '<'
            | '>' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn quote(e: &Evidence) -> String {
    format!(
        "line {}, column {}: “{}”",
        e.line,
        e.column,
        escape(&view::one_line(&e.text, 160))
    )
}

fn bands_line(bands: &[Band]) -> String {
    let mut s = String::new();
    for (i, b) in bands.iter().enumerate() {
        if i > 0 {
            let _ = write!(s, " | {} | ", view::signed(b.min));
        }
        s.push_str(&escape(&b.label));
    }
    s
}

fn answer(out: &mut String, report: &Report, text: &str, bands: &[Band]) {
    let _ = writeln!(
        out,
        "## {}: **{}** ({}), score {}\n",
        escape(&controls(&report.source)),
        report.rating,
        escape(&report.label),
        view::signed(report.score)
    );
    let found = report.elements.iter().filter(|e| e.found).count();
    let _ = writeln!(
        out,
        "Rubric `{}` {}; {found} of {} elements found; score {} on the scale -100 to +100 ({}){}.\n",
        report.rubric.id,
        escape(&report.rubric.version),
        report.elements.len(),
        view::signed(report.score),
        bands_line(bands),
        if report.passed { "" } else { "; **below threshold**" }
    );
    if found > 0 {
        let _ = writeln!(out, "### Found\n");
        for e in report.elements.iter().filter(|e| e.found) {
            item(out, &e.title, &e.id, e.points);
            for ev in &e.evidence {
                let _ = writeln!(out, "  - {}", quote(ev));
            }
        }
        out.push('\n');
    }
    if found < report.elements.len() {
        let _ = writeln!(out, "### Missing\n");
        for e in report.elements.iter().filter(|e| !e.found) {
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}",
                escape(&e.title),
                e.id,
                escape(e.feedback.as_deref().unwrap_or(""))
            );
            if let Some(h) = &e.hint {
                let _ = writeln!(out, "  - *Hint:* {}", escape(h));
            }
        }
        out.push('\n');
    }
    if !report.penalties.is_empty() {
        let trusted = view::is_graded_text(report, text);
        let sentences = if trusted {
            view::sentences(&report.source, text)
        } else {
            Vec::new()
        };
        let marks = view::marks(report);
        let _ = writeln!(out, "### Anti-patterns\n");
        for p in &report.penalties {
            item(out, &p.title, &p.id, p.points);
            for m in marks
                .iter()
                .filter(|m| m.kind == MarkKind::AntiPattern && m.id == p.id)
            {
                let _ = writeln!(out, "  - {}", quote(m.evidence));
                if trusted && view::fits(text, m.evidence) {
                    let s = view::sentence_around(
                        &sentences,
                        Span::new(m.evidence.start, m.evidence.end),
                    );
                    let _ = writeln!(
                        out,
                        "    in the sentence: “{}”",
                        escape(&view::one_line(s.slice(text), 300))
                    );
                }
            }
            if let Some(f) = report
                .feedback
                .iter()
                .find(|f| f.starts_with(&format!("{}: ", p.title)))
            {
                let _ = writeln!(out, "  - *Instead:* {}", escape(&f[p.title.len() + 2..]));
            }
        }
        out.push('\n');
    }
    if !report.bonuses.is_empty() {
        let _ = writeln!(out, "### Structure bonuses\n");
        for b in &report.bonuses {
            item(out, &b.title, &b.id, b.points);
        }
        out.push('\n');
    }
    if report.technical.points < 0.0 {
        let _ = writeln!(
            out,
            "### Technical pull ({})\n\n{} sentence(s) of engineering talk with no product anchor:\n",
            view::signed(report.technical.points),
            report.technical.sentences
        );
        for ev in &report.technical.evidence {
            let _ = writeln!(out, "- {}", quote(ev));
        }
        out.push('\n');
    }
    for n in &report.notes {
        let _ = writeln!(out, "> Note: {}\n", escape(n));
    }
}

/// Renders every answer as one Markdown document, the summary table first.
pub fn render(answers: &[(&Report, &str)], summary: &Summary, bands: &[Band]) -> String {
    let mut out = String::from("# rubricate report\n\n");
    let _ = writeln!(out, "{}.\n", summary.line());
    if !answers.is_empty() {
        let _ = writeln!(
            out,
            "| Answer | Rating | Score | Elements | Anti-patterns | Threshold |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---|---|");
        for (r, _) in answers {
            let found = r.elements.iter().filter(|e| e.found).count();
            let anti: Vec<String> = r.penalties.iter().map(|p| format!("`{}`", p.id)).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {found}/{} | {} | {} |",
                escape(&controls(&r.source)),
                r.rating,
                view::signed(r.score),
                r.elements.len(),
                if anti.is_empty() {
                    "none".to_string()
                } else {
                    anti.join(", ")
                },
                if r.passed { "met" } else { "**below**" }
            );
        }
        out.push('\n');
    }
    for (r, text) in answers {
        answer(&mut out, r, text, bands);
    }
    out
}

/// One list item naming an element, anti-pattern or bonus with its points.
fn item(out: &mut String, title: &str, id: &str, points: f64) {
    let _ = writeln!(
        out,
        "- **{}** `{id}` ({})",
        escape(title),
        view::signed(points)
    );
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_neutralises_html_and_markdown_syntax() {
        let got = escape("<script>alert(1)</script> **bold** [x](y) | a\nb");
        assert!(
            got.starts_with("\\<script\\>alert\\(1\\)\\</script\\>"),
            "{got}"
        );
        let bytes = got.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if b"<>*[]|`".contains(b) {
                assert_eq!(bytes[i - 1], b'\\', "unescaped {} in {got}", *b as char);
            }
        }
        assert!(!got.contains('\n'));
        assert_eq!(escape("a_b"), "a\\_b");
        assert_eq!(escape("costs $4 & 10 min."), "costs \\$4 \\& 10 min.");
    }
}
