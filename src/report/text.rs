//! The plain text report, for people: score and rating first, then each
//! element found (with quoted evidence and line:column) or missing (with its
//! feedback), bonuses, penalties and the technical pull.

use std::fmt::Write;

use super::escape;
use super::{Evidence, Report, Summary};

fn quote(e: &Evidence) -> String {
    let text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.chars().count() > 100 {
        let cut: String = text.chars().take(97).collect();
        format!("{cut}...")
    } else {
        text
    };
    format!("{}:{}  \"{}\"", e.line, e.column, text)
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else {
        format!("{x:.1}")
    }
}

/// Renders one report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}), score {}",
        escape::controls(&report.source),
        report.rating,
        report.label,
        signed(report.score)
    );
    let _ = writeln!(
        out,
        "  rubric {} {}{}",
        report.rubric.id,
        report.rubric.version,
        if report.passed {
            ""
        } else {
            "  [below threshold]"
        }
    );
    let _ = writeln!(out, "  elements:");
    for e in &report.elements {
        if e.found {
            let _ = writeln!(out, "    [x] {:<14} {}", e.id, signed(e.points));
            for ev in &e.evidence {
                let _ = writeln!(out, "          {}", quote(ev));
            }
        } else {
            let _ = writeln!(out, "    [ ] {:<14} missing", e.id);
            if let Some(f) = &e.feedback {
                let _ = writeln!(out, "          {f}");
            }
            if let Some(h) = &e.hint {
                let _ = writeln!(out, "          hint: {h}");
            }
        }
    }
    if !report.bonuses.is_empty() {
        let _ = writeln!(out, "  structure:");
        for b in &report.bonuses {
            let _ = writeln!(out, "    {:<18} {}", b.id, signed(b.points));
            for ev in &b.evidence {
                let _ = writeln!(out, "          {}", quote(ev));
            }
        }
    }
    if !report.penalties.is_empty() {
        let _ = writeln!(out, "  anti-patterns:");
        for p in &report.penalties {
            let _ = writeln!(out, "    {:<18} {}", p.id, signed(p.points));
            for ev in &p.evidence {
                let _ = writeln!(out, "          {}", quote(ev));
            }
        }
    }
    if report.technical.points < 0.0 {
        let _ = writeln!(
            out,
            "  technical pull: {} ({} sentence{} of engineering talk with no product anchor)",
            signed(report.technical.points),
            report.technical.sentences,
            if report.technical.sentences == 1 {
                ""
            } else {
                "s"
            }
        );
        for ev in &report.technical.evidence {
            let _ = writeln!(out, "          {}", quote(ev));
        }
    }
    for n in &report.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}

/// The closing line of a run.
pub fn render_summary(summary: &Summary) -> String {
    format!("{}\n", summary.line())
}
