//! Renderers of a [`Diff`]: text for people, Markdown for a pull request, JSON
//! for tools. They never re-grade; they only print what the diff holds.

use std::fmt::Write;

use serde::Serialize;

use super::{AnswerChange, Diff, ElementChange, FindingChange};
use crate::report::{escape, Evidence, RubricRef};

/// The version of the JSON diff format.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else {
        format!("{x:.1}")
    }
}

fn squash(text: &str, limit: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > limit {
        let cut: String = text.chars().take(limit - 3).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn quote(e: &Evidence) -> String {
    format!("{}:{}  \"{}\"", e.line, e.column, squash(&e.text, 100))
}

fn found(f: Option<bool>) -> &'static str {
    match f {
        None => "absent",
        Some(true) => "found",
        Some(false) => "missing",
    }
}

fn rubric_name(r: Option<&RubricRef>) -> String {
    match r {
        Some(r) => format!(
            "{} {} (digest {})",
            r.id,
            r.version,
            &r.digest[..r.digest.len().min(12)]
        ),
        None => "(no answers)".to_string(),
    }
}

fn element_line(e: &ElementChange) -> String {
    format!(
        "{:<16} {} -> {}  {} -> {}",
        e.id,
        found(e.old_found),
        found(e.new_found),
        signed(e.old_points),
        signed(e.new_points)
    )
}

fn finding_line(kind: &str, f: &FindingChange) -> String {
    format!(
        "{kind} {:<22} {} -> {}",
        f.id,
        signed(f.old_points),
        signed(f.new_points)
    )
}

fn headline(c: &AnswerChange) -> String {
    let rating = if c.flip.is_some() {
        format!("{} -> {}", c.old_rating, c.new_rating)
    } else {
        c.new_rating.to_string()
    };
    format!(
        "{}: {}, score {} -> {} ({})",
        escape::controls(&c.source),
        rating,
        signed(c.old_score),
        signed(c.new_score),
        signed(c.delta)
    )
}

fn findings(c: &AnswerChange) -> Vec<(&'static str, &FindingChange)> {
    let mut out: Vec<(&'static str, &FindingChange)> = Vec::new();
    out.extend(c.penalties.iter().map(|p| ("penalty", p)));
    out.extend(c.bonuses.iter().map(|b| ("bonus  ", b)));
    out.extend(c.technical.iter().map(|t| ("pull   ", t)));
    out
}

fn text_change(out: &mut String, c: &AnswerChange) {
    let _ = writeln!(out, "  {}", headline(c));
    for e in &c.elements {
        let _ = writeln!(out, "    element {}", element_line(e));
        for ev in &e.evidence {
            let _ = writeln!(out, "            {}", quote(ev));
        }
    }
    for (kind, f) in findings(c) {
        let _ = writeln!(out, "    {}", finding_line(kind, f));
        for ev in &f.evidence {
            let _ = writeln!(out, "            {}", quote(ev));
        }
    }
}

/// The closing summary line.
pub fn summary_line(diff: &Diff) -> String {
    let s = &diff.summary;
    let mut line = format!(
        "{} answer{} graded; {} flipped ({} up, {} down); {} changed; mean |delta| {:.2}",
        s.answers,
        if s.answers == 1 { "" } else { "s" },
        s.flips_up + s.flips_down,
        s.flips_up,
        s.flips_down,
        s.moved,
        s.mean_abs_delta
    );
    if let Some(l) = &s.largest {
        let _ = write!(
            line,
            "; largest |delta| {:.1} ({})",
            l.delta.abs(),
            escape::controls(&l.source)
        );
    }
    if !s.unmatched.is_empty() {
        let _ = write!(line, "; {} graded under one rubric only", s.unmatched.len());
    }
    line
}

/// The text report, for people.
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "rubric diff: {} -> {}",
        rubric_name(diff.old_rubric.as_ref()),
        rubric_name(diff.new_rubric.as_ref())
    );
    if diff.is_unchanged() {
        let _ = writeln!(
            out,
            "no change: {} answer{} graded, every rating and score identical",
            diff.summary.answers,
            if diff.summary.answers == 1 { "" } else { "s" }
        );
        return out;
    }
    if !diff.flips.is_empty() {
        let _ = writeln!(out, "\nrating flipped ({}):", diff.flips.len());
        for c in &diff.flips {
            text_change(&mut out, c);
        }
    }
    if !diff.moved.is_empty() {
        let _ = writeln!(
            out,
            "\nscore moved by more than {} ({}):",
            diff.min_delta,
            diff.moved.len()
        );
        for c in &diff.moved {
            text_change(&mut out, c);
        }
    }
    let _ = writeln!(out, "\nsummary: {}", summary_line(diff));
    out
}

fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '\\' | '#'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn md_evidence(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            format!(
                "{}:{} \"{}\"",
                e.line,
                e.column,
                md_escape(&squash(&e.text, 80))
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn md_change(out: &mut String, c: &AnswerChange) {
    let _ = writeln!(
        out,
        "#### `{}`\n",
        escape::controls(&c.source).replace('`', "'")
    );
    let rating = if c.flip.is_some() {
        format!("**{} → {}**", c.old_rating, c.new_rating)
    } else {
        c.new_rating.to_string()
    };
    let _ = writeln!(
        out,
        "{rating}, score {} → {} ({})\n",
        signed(c.old_score),
        signed(c.new_score),
        signed(c.delta)
    );
    let rows = c.elements.len() + findings(c).len();
    if rows == 0 {
        return;
    }
    let _ = writeln!(out, "| what | id | old | new | evidence |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for e in &c.elements {
        let _ = writeln!(
            out,
            "| element | `{}` | {} {} | {} {} | {} |",
            e.id,
            found(e.old_found),
            signed(e.old_points),
            found(e.new_found),
            signed(e.new_points),
            md_evidence(&e.evidence)
        );
    }
    for (kind, f) in findings(c) {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            kind.trim(),
            f.id,
            signed(f.old_points),
            signed(f.new_points),
            md_evidence(&f.evidence)
        );
    }
    out.push('\n');
}

/// Markdown, for a pull request comment.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Rubric diff: {} → {}\n",
        md_escape(&rubric_name(diff.old_rubric.as_ref())),
        md_escape(&rubric_name(diff.new_rubric.as_ref()))
    );
    if diff.is_unchanged() {
        let _ = writeln!(
            out,
            "No change: {} answers graded, every rating and score identical.",
            diff.summary.answers
        );
        return out;
    }
    if !diff.flips.is_empty() {
        let _ = writeln!(out, "### Rating flipped ({})\n", diff.flips.len());
        for c in &diff.flips {
            md_change(&mut out, c);
        }
    }
    if !diff.moved.is_empty() {
        let _ = writeln!(
            out,
            "### Score moved by more than {} ({})\n",
            diff.min_delta,
            diff.moved.len()
        );
        for c in &diff.moved {
            md_change(&mut out, c);
        }
    }
    let _ = writeln!(out, "**Summary:** {}", md_escape(&summary_line(diff)));
    out
}

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    unchanged: bool,
    #[serde(flatten)]
    diff: &'a Diff,
}

/// `{"schema_version": 1, "unchanged": .., "old_rubric": .., "new_rubric": ..,
/// "min_delta": .., "flips": [..], "moved": [..], "summary": {..}}`, pretty-printed.
pub fn json(diff: &Diff) -> String {
    let envelope = Envelope {
        schema_version: DIFF_SCHEMA_VERSION,
        unchanged: diff.is_unchanged(),
        diff,
    };
    let mut out = serde_json::to_string_pretty(&envelope).expect("a diff serializes");
    out.push('\n');
    out
}
