//! The HTML report: one self-contained page (inline CSS and SVG, no script,
//! no external asset) with a summary table first, then per answer the grade
//! on a gauge, a legend, the answer's text with each evidence span
//! highlighted in its element's colour, the missing elements with feedback,
//! and the anti-patterns with the sentence that triggered them.
//!
//! Every evidence span of the JSON report becomes a `<mark>` carrying
//! `data-element` (the element or anti-pattern id), `data-start` and
//! `data-end` (byte offsets into the answer). Spans that nest are nested
//! marks; a span that crosses another is split into fragments that all carry
//! the same three attributes (and `data-part` from the second fragment on),
//! so the fragments of one span always join back to its text.
//!
//! All text from answers, paths and rubrics goes through maud's escaping.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::escape;
use super::view::{self, Mark, MarkKind};
use super::{Report, Summary};
use crate::rubric::compile::Band;
use crate::rubric::Rating;
use crate::span::Span;

/// Colours of the elements, by their position in the rubric (cycled).
const PALETTE: [&str; 8] = [
    "#bfdbfe", "#bbf7d0", "#fde68a", "#e9d5ff", "#fed7aa", "#a5f3fc", "#d9f99d", "#fbcfe8",
];

const CSS: &str = r#"
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: #f9fafb; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 0; word-break: break-all; }
h3 { font-size: 1rem; margin: 20px 0 8px; }
.muted { color: var(--muted); }
table.summary { border-collapse: collapse; width: 100%; background: #fff; margin: 16px 0 24px; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: middle; }
table.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
section.answer { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px; margin: 0 0 24px; }
.grade { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; margin: 12px 0; }
.badge { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 999px; font-weight: 600; color: #fff; }
.badge.policy-impact { background: #15803d; } .badge.neutral { background: #a16207; } .badge.technical-only { background: #b91c1c; }
.below { color: #b91c1c; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 12px; padding: 0; list-style: none; }
.legend li { padding: 2px 8px; border-radius: 4px; border: 1px solid var(--line); font-size: 0.85rem; }
.legend li.missing { background: #fff; color: var(--muted); text-decoration: line-through; }
pre.text { white-space: pre-wrap; word-wrap: break-word; font: 14px/1.7 ui-monospace, SFMono-Regular, Menlo, monospace; background: #fcfcfd; border: 1px solid var(--line); border-radius: 6px; padding: 12px; margin: 0; }
mark.ev { color: inherit; border-radius: 2px; padding: 1px 0; }
mark.ev.anti { background: #fee2e2; outline: 1px dashed #dc2626; }
mark.ev mark.ev { padding: 2px 0; box-shadow: inset 0 -2px 0 rgba(0,0,0,0.35); }
.missing-list dt { font-weight: 600; margin-top: 8px; }
.missing-list dd { margin: 2px 0 0 16px; }
.hint { color: var(--muted); font-style: italic; }
ul.findings { padding-left: 20px; } ul.findings li { margin: 6px 0; }
blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #dc2626; background: #fef2f2; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
"#;

fn color(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

fn rating_color(rating: Rating) -> &'static str {
    match rating {
        Rating::PolicyImpact => "#bbf7d0",
        Rating::Neutral => "#fde68a",
        Rating::TechnicalOnly => "#fecaca",
    }
}

/// The score on a horizontal gauge from -100 to +100, bands coloured, a
/// needle at the score.
fn gauge(score: f64, bands: &[Band], width: f64) -> Markup {
    let (left, right, top, h) = (30.0, width - 30.0, 18.0, 16.0);
    let x = |s: f64| left + (right - left) * view::scale(s);
    let label = format!("score {} on a scale from -100 to +100", view::signed(score));
    html! {
        svg class="gauge" xmlns="http://www.w3.org/2000/svg" width=(width) height="62" viewBox=(format!("0 0 {width} 62")) role="img" aria-label=(label) {
            title { (label) }
            @for b in bands {
                rect x=(format!("{:.1}", x(b.min))) y=(top) width=(format!("{:.1}", x(b.max) - x(b.min))) height=(h) fill=(rating_color(b.rating)) {
                    title { (b.label) ": " (view::signed(b.min)) " to " (view::signed(b.max)) }
                }
            }
            @for b in bands.iter().filter(|b| b.min > -100.0) {
                line x1=(format!("{:.1}", x(b.min))) x2=(format!("{:.1}", x(b.min))) y1=(top) y2=(top + h) stroke="#374151" stroke-width="1" {}
                text x=(format!("{:.1}", x(b.min))) y=(top + h + 14.0) font-size="11" text-anchor="middle" fill="#374151" { (view::signed(b.min)) }
            }
            text x=(left) y=(top + h + 14.0) font-size="11" text-anchor="middle" fill="#6b7280" { "-100" }
            text x=(right) y=(top + h + 14.0) font-size="11" text-anchor="middle" fill="#6b7280" { "+100" }
            @let nx = format!("{:.1}", x(score));
            line x1=(nx) x2=(nx) y1=(top - 6.0) y2=(top + h + 2.0) stroke="#111827" stroke-width="3" {}
            text x=(nx) y=(top - 8.0) font-size="12" font-weight="bold" text-anchor="middle" fill="#111827" { (view::signed(score)) }
        }
    }
}

/// A mark to draw, with its colour class.
struct Draw<'r> {
    mark: Mark<'r>,
    class: String,
}

fn escape(text: &str) -> String {
    html! { (text) }.into_string()
}

fn open_tag(d: &Draw<'_>, part: usize) -> String {
    let e = d.mark.evidence;
    let what = match d.mark.kind {
        MarkKind::Element => "element",
        MarkKind::AntiPattern => "anti-pattern",
    };
    let title = format!(
        "{what} {}: {} ({}:{})",
        d.mark.id, d.mark.title, e.line, e.column
    );
    let part = if part > 1 {
        format!(" data-part=\"{part}\"")
    } else {
        String::new()
    };
    format!(
        "<mark class=\"{}\" data-element=\"{}\" data-kind=\"{what}\" data-start=\"{}\" data-end=\"{}\"{part} title=\"{}\">",
        d.class,
        escape(d.mark.id),
        e.start,
        e.end,
        escape(&title)
    )
}

/// The answer text with every mark drawn: nested where spans nest, split into
/// fragments where they cross.
fn highlighted(text: &str, draws: &[Draw<'_>]) -> String {
    let mut order: Vec<usize> = (0..draws.len()).collect();
    // Open the longer span first so that it is the outer one.
    order.sort_by_key(|&i| {
        let e = draws[i].mark.evidence;
        (e.start, std::cmp::Reverse(e.end), i)
    });
    let mut points: Vec<usize> = draws
        .iter()
        .flat_map(|d| [d.mark.evidence.start, d.mark.evidence.end])
        .collect();
    points.push(0);
    points.push(text.len());
    points.sort_unstable();
    points.dedup();
    let mut out = String::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut parts = vec![0usize; draws.len()];
    let mut next = 0; // index into `order`
    let mut pos = 0;
    for &p in &points {
        if p > pos {
            out.push_str(&escape(&text[pos..p]));
            pos = p;
        }
        // Close every mark that ends here; marks opened above it are closed
        // and reopened as new fragments.
        while let Some(k) = stack.iter().position(|&i| draws[i].mark.evidence.end <= p) {
            let above: Vec<usize> = stack.drain(k..).collect();
            for _ in &above {
                out.push_str("</mark>");
            }
            for &i in above.iter().skip(1) {
                if draws[i].mark.evidence.end > p {
                    parts[i] += 1;
                    out.push_str(&open_tag(&draws[i], parts[i]));
                    stack.push(i);
                } else {
                    // Also ends here: it is closed for good.
                }
            }
        }
        while next < order.len() && draws[order[next]].mark.evidence.start == p {
            let i = order[next];
            parts[i] += 1;
            out.push_str(&open_tag(&draws[i], parts[i]));
            if draws[i].mark.evidence.end == p {
                out.push_str("</mark>");
            } else {
                stack.push(i);
            }
            next += 1;
        }
    }
    for _ in &stack {
        out.push_str("</mark>");
    }
    out
}

fn answer_section(index: usize, report: &Report, text: &str, bands: &[Band]) -> Markup {
    let trusted = view::is_graded_text(report, text);
    let mut marks = view::marks(report);
    marks.dedup_by(|a, b| {
        a.kind == b.kind
            && a.id == b.id
            && a.evidence.start == b.evidence.start
            && a.evidence.end == b.evidence.end
    });
    let draws: Vec<Draw<'_>> = marks
        .into_iter()
        .filter(|m| trusted && view::fits(text, m.evidence))
        .map(|m| {
            let class = match m.kind {
                MarkKind::Element => {
                    let i = report
                        .elements
                        .iter()
                        .position(|e| e.id == m.id)
                        .unwrap_or(0);
                    format!("ev el-{}", i % PALETTE.len())
                }
                MarkKind::AntiPattern => "ev anti".to_string(),
            };
            Draw { mark: m, class }
        })
        .collect();
    let sentences = if trusted && !report.penalties.is_empty() {
        view::sentences(&report.source, text)
    } else {
        Vec::new()
    };
    let found = report.elements.iter().filter(|e| e.found).count();
    html! {
        section.answer id=(format!("answer-{}", index + 1)) {
            h2 { (escape::controls(&report.source)) }
            div.grade {
                span class=(format!("badge {}", report.rating)) { (report.rating) }
                span { "rubric label: " strong { (report.label) } }
                span { "score " strong { (view::signed(report.score)) } }
                @if !report.passed { span.below { "below threshold" } }
                (gauge(report.score, bands, 420.0))
            }
            p.muted { "Rubric " code { (report.rubric.id) } " " (report.rubric.version) "; " (found) " of " (report.elements.len()) " elements found." }
            ul.legend aria-label="legend" {
                @for (i, e) in report.elements.iter().enumerate() {
                    @if e.found {
                        li style=(format!("background:{}", color(i))) title=(format!("element {}: {}", e.id, e.title)) { (e.title) " " code { (e.id) } " " (view::signed(e.points)) }
                    } @else {
                        li.missing title=(format!("element {}: missing", e.id)) { (e.title) " " code { (e.id) } }
                    }
                }
                @for p in &report.penalties {
                    li style="background:#fee2e2; outline:1px dashed #dc2626" title=(format!("anti-pattern {}: {}", p.id, p.title)) { (p.title) " " code { (p.id) } " " (view::signed(p.points)) }
                }
            }
            @if trusted {
                pre.text { (PreEscaped(highlighted(text, &draws))) }
            } @else {
                p.muted { "The answer text is not available; evidence is quoted below." }
            }
            @let missing: Vec<_> = report.elements.iter().filter(|e| !e.found).collect();
            @if !missing.is_empty() {
                h3 { "Missing elements" }
                dl.missing-list {
                    @for e in missing {
                        dt { (e.title) " " code { (e.id) } }
                        @if let Some(f) = &e.feedback { dd { (f) } }
                        @if let Some(h) = &e.hint { dd.hint { (h) } }
                    }
                }
            }
            @if !report.penalties.is_empty() {
                h3 { "Anti-patterns" }
                ul.findings {
                    @for p in &report.penalties {
                        li {
                            strong { (p.title) } " " code { (p.id) } " " (view::signed(p.points))
                            @for ev in &p.evidence {
                                @let sentence = if trusted && view::fits(text, ev) {
                                    view::sentence_around(&sentences, Span::new(ev.start, ev.end)).slice(text).trim().to_string()
                                } else {
                                    ev.text.clone()
                                };
                                blockquote title=(format!("line {}, column {}", ev.line, ev.column)) { (sentence) }
                            }
                            @if let Some(f) = report.feedback.iter().find(|f| f.starts_with(&format!("{}: ", p.title))) {
                                div.hint { (f[p.title.len() + 2..]) }
                            }
                        }
                    }
                }
            }
            @if !report.bonuses.is_empty() {
                h3 { "Structure bonuses" }
                ul.findings {
                    @for b in &report.bonuses {
                        li { strong { (b.title) } " " code { (b.id) } " " (view::signed(b.points)) }
                    }
                }
            }
            @if report.technical.points < 0.0 {
                h3 { "Technical pull " (view::signed(report.technical.points)) }
                p { (report.technical.sentences) " sentence(s) of engineering talk with no product anchor." }
            }
            @for n in &report.notes { p.muted { "Note: " (n) } }
        }
    }
}

/// Renders every answer into one HTML document, a summary table first.
pub fn render(answers: &[(&Report, &str)], summary: &Summary, bands: &[Band]) -> String {
    let mut css = String::from(CSS);
    for (i, c) in PALETTE.iter().enumerate() {
        css.push_str(&format!("mark.ev.el-{i} {{ background: {c}; }}\n"));
    }
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "rubricate report" }
                style { (PreEscaped(css)) }
            }
            body {
                main {
                    h1 { "rubricate report" }
                    p.muted {
                        (summary.answers) " answer(s) graded: " (summary.policy_impact) " policy-impact, "
                        (summary.neutral) " neutral, " (summary.technical_only) " technical-only; "
                        (summary.failed) " below threshold; mean score " (format!("{:.1}", summary.mean_score)) "."
                    }
                    @if answers.len() > 1 {
                        table.summary {
                            thead { tr { th { "Answer" } th { "Rating" } th { "Label" } th { "Score" } th { "Elements" } th { "Anti-patterns" } th { "Threshold" } } }
                            tbody {
                                @for (i, (r, _)) in answers.iter().enumerate() {
                                    tr {
                                        td { a href=(format!("#answer-{}", i + 1)) { (escape::controls(&r.source)) } }
                                        td { span class=(format!("badge {}", r.rating)) { (r.rating) } }
                                        td { (r.label) }
                                        td.num { (view::signed(r.score)) }
                                        td.num { (r.elements.iter().filter(|e| e.found).count()) "/" (r.elements.len()) }
                                        td { @if r.penalties.is_empty() { "none" } @else { @for (j, p) in r.penalties.iter().enumerate() { @if j > 0 { ", " } code { (p.id) } } } }
                                        td { @if r.passed { "met" } @else { span.below { "below" } } }
                                    }
                                }
                            }
                        }
                    }
                    @for (i, (r, t)) in answers.iter().enumerate() {
                        (answer_section(i, r, t, bands))
                    }
                }
            }
        }
    };
    let mut s = page.into_string();
    s.push('\n');
    s
}
