//! The terminal report, in the style of compiler diagnostics: the grade first,
//! a score bar on the signed axis with the rubric's band edges, then the
//! answer's own lines with each evidence span underlined and labelled by
//! element (drawn by `annotate-snippets`), then each anti-pattern in the
//! sentence that triggered it, then the missing elements with their feedback
//! and rewrite hint.
//!
//! Colour is a choice of the caller ([`TerminalOptions::color`]); without it
//! the output is plain text, stable enough for snapshot tests.

use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use super::escape;
use super::view::{self, MarkKind};
use super::Report;
use crate::rubric::compile::Band;
use crate::rubric::Rating;
use crate::span::Span;

/// How to draw the report.
#[derive(Clone, Copy, Debug)]
pub struct TerminalOptions {
    /// Emit ANSI colour sequences.
    pub color: bool,
    /// Width the source excerpts are fitted to (long lines are cut with `...`).
    pub width: usize,
}

impl Default for TerminalOptions {
    fn default() -> Self {
        TerminalOptions {
            color: false,
            width: 140,
        }
    }
}

/// Number of cells of the score bar between -100 and +100.
const BAR_CELLS: usize = 60;

struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn rating(&self, rating: Rating, text: &str) -> String {
        self.paint(rating_style(rating).bold(), text)
    }
}

fn rating_style(rating: Rating) -> Style {
    let color = match rating {
        Rating::PolicyImpact => AnsiColor::Green,
        Rating::Neutral => AnsiColor::Yellow,
        Rating::TechnicalOnly => AnsiColor::Red,
    };
    Style::new().fg_color(Some(color.into()))
}

fn cell_of(score: f64) -> usize {
    ((view::scale(score) * BAR_CELLS as f64).round() as usize).min(BAR_CELLS)
}

/// The score bar: `-100 [----|---==|-----] +100`, a marker line under it with
/// the score, and a legend of the bands with their edges.
fn score_bar(out: &mut String, score: f64, bands: &[Band], paint: &Paint) {
    let mut cells: Vec<(char, Option<Rating>)> = (0..=BAR_CELLS)
        .map(|i| {
            let at = -100.0 + 200.0 * i as f64 / BAR_CELLS as f64;
            let band = bands
                .iter()
                .find(|b| at >= b.min && (at < b.max || b.max >= 100.0))
                .map(|b| b.rating);
            ('-', band)
        })
        .collect();
    let (zero, mark) = (cell_of(0.0), cell_of(score));
    let (lo, hi) = (zero.min(mark), zero.max(mark));
    for cell in &mut cells[lo..=hi] {
        cell.0 = '=';
    }
    for b in bands.iter().filter(|b| b.min > -100.0) {
        cells[cell_of(b.min)].0 = '|';
    }
    // Runs of cells with the same style are painted together.
    let mut runs: Vec<(Style, String)> = Vec::new();
    for (c, rating) in &cells {
        let style = match rating {
            Some(r) if *c == '=' => rating_style(*r).bold(),
            Some(r) => rating_style(*r),
            None => Style::new(),
        };
        match runs.last_mut() {
            Some((last, text)) if *last == style => text.push(*c),
            _ => runs.push((style, c.to_string())),
        }
    }
    let bar: String = runs
        .iter()
        .map(|(style, text)| paint.paint(*style, text))
        .collect();
    let _ = writeln!(out, "  -100 [{bar}] +100");
    let _ = writeln!(
        out,
        "        {}{}",
        " ".repeat(mark),
        paint.paint(Style::new().bold(), &format!("^ {}", view::signed(score)))
    );
    let mut legend = String::new();
    for (i, b) in bands.iter().enumerate() {
        if i > 0 {
            let _ = write!(legend, " | {} | ", view::signed(b.min));
        }
        legend.push_str(&paint.rating(b.rating, &b.label));
    }
    let _ = writeln!(out, "        {legend}");
}

fn renderer(opts: &TerminalOptions) -> Renderer {
    let r = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    r.decor_style(DecorStyle::Ascii)
        .term_width(opts.width.max(40))
}

/// Renders one report with the answer it graded.
///
/// When `text` is not the graded answer (its hash differs), the excerpts are
/// left out and the evidence is quoted from the report instead.
pub fn render(report: &Report, text: &str, bands: &[Band], opts: &TerminalOptions) -> String {
    let paint = Paint { on: opts.color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}), score {}",
        escape::controls(&report.source),
        paint.rating(report.rating, report.rating.as_str()),
        report.label,
        view::signed(report.score)
    );
    let found = report.elements.iter().filter(|e| e.found).count();
    let _ = writeln!(
        out,
        "  rubric {} {}, {found} of {} elements found{}",
        report.rubric.id,
        report.rubric.version,
        report.elements.len(),
        if report.passed {
            String::new()
        } else {
            format!(", {}", paint.paint(Style::new().bold(), "below threshold"))
        }
    );
    out.push('\n');
    score_bar(&mut out, report.score, bands, &paint);
    out.push('\n');

    let trusted = view::is_graded_text(report, text);
    let marks: Vec<_> = view::marks(report)
        .into_iter()
        .filter(|m| trusted && view::fits(text, m.evidence))
        .collect();
    let rend = renderer(opts);
    let path = escape::controls(&report.source);
    let path = path.as_ref();

    // The elements found, underlined in the answer.
    let element_marks: Vec<_> = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Element)
        .collect();
    if !element_marks.is_empty() {
        let ids: Vec<&str> = report
            .elements
            .iter()
            .filter(|e| e.found)
            .map(|e| e.id.as_str())
            .collect();
        // Spans that overlap or touch would merge into one underline, so they
        // go to separate excerpts of the same lines: each keeps its extent.
        let mut layers: Vec<Vec<&&view::Mark<'_>>> = Vec::new();
        for m in &element_marks {
            let (a, b) = (m.evidence.start, m.evidence.end);
            let free = layers.iter().position(|layer| {
                layer
                    .iter()
                    .all(|o| b < o.evidence.start || o.evidence.end < a)
            });
            match free {
                Some(i) => layers[i].push(m),
                None => layers.push(vec![m]),
            }
        }
        let snippets = layers.iter().map(|layer| {
            Snippet::source(text)
                .line_start(1)
                .path(path)
                .annotations(layer.iter().map(|m| {
                    AnnotationKind::Primary
                        .span(m.evidence.start..m.evidence.end)
                        .label(m.id)
                }))
        });
        let group = Level::INFO
            .with_name("evidence")
            .primary_title(ids.join(", "))
            .elements(snippets);
        out.push_str(&rend.render(&[group]));
        out.push_str("\n\n");
    } else if found > 0 {
        for e in report.elements.iter().filter(|e| e.found) {
            for ev in &e.evidence {
                let _ = writeln!(
                    out,
                    "found[{}]: {}:{}: \"{}\"",
                    e.id,
                    ev.line,
                    ev.column,
                    view::one_line(&ev.text, 100)
                );
            }
        }
        out.push('\n');
    }

    // Each anti-pattern, shown in the sentences that triggered it.
    let sentences = if trusted {
        view::sentences(&report.source, text)
    } else {
        Vec::new()
    };
    for p in &report.penalties {
        let title = format!("{}, {} points", p.title, view::signed(p.points));
        let mine: Vec<_> = marks
            .iter()
            .filter(|m| m.kind == MarkKind::AntiPattern && m.id == p.id)
            .collect();
        let mut group = Group::with_title(
            Level::WARNING
                .with_name("anti-pattern")
                .primary_title(title)
                .id(p.id.as_str()),
        );
        if !mine.is_empty() {
            let mut snippet = Snippet::source(text).line_start(1).path(path);
            for m in &mine {
                let sentence =
                    view::sentence_around(&sentences, Span::new(m.evidence.start, m.evidence.end));
                snippet = snippet
                    .annotation(AnnotationKind::Visible.span(sentence.start..sentence.end))
                    .annotation(
                        AnnotationKind::Primary
                            .span(m.evidence.start..m.evidence.end)
                            .label(m.id),
                    );
            }
            group = group.element(snippet);
        } else {
            for ev in &p.evidence {
                group = group.element(Level::NOTE.message(format!(
                    "{}:{}: \"{}\"",
                    ev.line,
                    ev.column,
                    view::one_line(&ev.text, 100)
                )));
            }
        }
        if let Some(f) = report
            .feedback
            .iter()
            .find(|f| f.starts_with(&format!("{}: ", p.title)))
        {
            let advice = f[p.title.len() + 2..].to_string();
            group = group.element(Level::HELP.message(advice));
        }
        out.push_str(&rend.render(&[group]));
        out.push_str("\n\n");
    }

    // Missing elements, with what to add and a rewrite hint.
    for e in report.elements.iter().filter(|e| !e.found) {
        let mut group = Group::with_title(
            Level::HELP
                .with_name("missing")
                .primary_title(e.title.as_str())
                .id(e.id.as_str()),
        );
        if let Some(f) = &e.feedback {
            group = group.element(Level::NOTE.message(f.as_str()));
        }
        if let Some(h) = &e.hint {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        out.push_str(&rend.render(&[group]));
        out.push_str("\n\n");
    }

    if !report.bonuses.is_empty() {
        let _ = writeln!(out, "structure bonuses:");
        for b in &report.bonuses {
            let at = b
                .evidence
                .first()
                .map(|e| format!("  at {}:{}", e.line, e.column))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<18} {:>6}  {}{at}",
                b.id,
                view::signed(b.points),
                b.title
            );
        }
    }
    if report.technical.points < 0.0 {
        let n = report.technical.sentences;
        let _ = writeln!(
            out,
            "technical pull: {} ({n} sentence{} of engineering talk with no product anchor)",
            view::signed(report.technical.points),
            if n == 1 { "" } else { "s" }
        );
        for ev in &report.technical.evidence {
            let _ = writeln!(
                out,
                "  {}:{}  \"{}\"",
                ev.line,
                ev.column,
                view::one_line(&ev.text, 100)
            );
        }
    }
    for n in &report.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out.push('\n');
    out
}
