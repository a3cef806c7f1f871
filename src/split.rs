//! Splitting a note into answers: with `--split h2`, each section under a
//! level-2 heading is graded as its own answer.
//!
//! A section runs from its `##` heading to the next level-1 or level-2
//! heading (or the end of the file); text before the first `##` heading (a
//! title, an introduction, the front matter) is not graded. A note without any
//! level-2 heading is graded whole. A section is named `path#slug`, where the
//! slug is the heading's anchor as GitHub renders it (lower case, spaces to
//! `-`, punctuation dropped; a repeated slug gets `-1`, `-2`, ...).
//!
//! Evidence spans stay offsets into the whole file, so line and column point
//! into the note as it is on disk; `answer_sha256` is the digest of the
//! section text only.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::report::{Evidence, Report, SectionRef};
use crate::rubric::Rubric;
use crate::source::LineIndex;
use crate::span::Span;
use crate::text::Format;

/// How a note is cut into answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// The whole note is one answer.
    #[default]
    None,
    /// Each section under a level-2 heading is one answer.
    H2,
}

impl std::str::FromStr for Split {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(Split::None),
            "h2" => Ok(Split::H2),
            _ => Err(format!("unknown split `{s}` (expected h2 or none)")),
        }
    }
}

/// One section of a note, located in the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading text, without the `##` markup.
    pub heading: String,
    /// The heading's anchor, unique within the note.
    pub slug: String,
    /// Byte range of the section (heading included) in the whole file.
    pub span: Span,
}

/// The anchor GitHub gives a heading: lower case, letters, digits, `-` and
/// `_` kept, spaces turned into `-`, everything else dropped.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The level-2 sections of a Markdown note, in file order.
pub fn sections(text: &str) -> Vec<Section> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    // (start of the heading, heading text) of each `##`, and every top-level
    // heading start that closes a section.
    let mut heads: Vec<(usize, String)> = Vec::new();
    let mut stops: Vec<usize> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level <= HeadingLevel::H2 {
                    stops.push(range.start);
                }
                if level == HeadingLevel::H2 {
                    current = Some((range.start, String::new()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = current.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, h)) = current.as_mut() {
                    h.push(' ');
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some(h) = current.take() {
                    heads.push(h);
                }
            }
            _ => {}
        }
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(heads.len());
    for (start, heading) in heads {
        let end = stops
            .iter()
            .copied()
            .find(|&s| s > start)
            .unwrap_or(text.len());
        let base = slug(&heading);
        let mut candidate = base.clone();
        let mut n = 0;
        while seen.contains(&candidate) || candidate.is_empty() {
            n += 1;
            candidate = if base.is_empty() {
                format!("section-{n}")
            } else {
                format!("{base}-{n}")
            };
        }
        seen.push(candidate.clone());
        out.push(Section {
            heading: heading.trim().to_string(),
            slug: candidate,
            span: Span::new(start, end),
        });
    }
    out
}

fn shift(evidence: &mut [Evidence], offset: usize, text: &str, lines: &LineIndex) {
    for e in evidence {
        e.start += offset;
        e.end += offset;
        let (line, column) = lines.line_col(text, e.start);
        e.line = line;
        e.column = column;
    }
}

/// Grades one section of `text` (the whole file) as an answer named
/// `file#slug`, with evidence located in the whole file.
pub fn grade_section(
    file: &str,
    text: &str,
    section: &Section,
    rubric: &Rubric,
    lines: &LineIndex,
) -> Report {
    let name = format!("{file}#{}", section.slug);
    let body = section.span.slice(text);
    let mut report = crate::grade_as(&name, body, Format::Markdown, rubric);
    let offset = section.span.start;
    for e in &mut report.elements {
        shift(&mut e.evidence, offset, text, lines);
    }
    for f in report.penalties.iter_mut().chain(report.bonuses.iter_mut()) {
        shift(&mut f.evidence, offset, text, lines);
    }
    shift(&mut report.technical.evidence, offset, text, lines);
    report.section = Some(SectionRef {
        file: file.to_string(),
        heading: section.heading.clone(),
        slug: section.slug.clone(),
        start: section.span.start,
        end: section.span.end,
        line: lines.line_col(text, section.span.start).0,
    });
    report
}

/// Grades a note: whole, or one report per level-2 section with
/// [`Split::H2`] (a plain-text note, or a note without `##` headings, is
/// graded whole).
pub fn grade_note(file: &str, text: &str, rubric: &Rubric, split: Split) -> Vec<Report> {
    if split == Split::H2 && Format::from_name(file) == Format::Markdown {
        let found = sections(text);
        if !found.is_empty() {
            let lines = LineIndex::new(text);
            return found
                .iter()
                .map(|s| grade_section(file, text, s, rubric, &lines))
                .collect();
        }
    }
    vec![crate::grade_text(file, text, rubric)]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\nrubric: policy-impact\n---\n# Round three\n\nIntro line.\n\n## Pricing the errors\n\nI would raise the confidence threshold so that false-positive cost stays under $4k a day.\n\n### Detail\n\nMore.\n\n## Pricing the errors\n\nSecond answer.\n\n# Appendix\n\nNot graded.\n";

    #[test]
    fn sections_start_at_h2_and_stop_at_the_next_h1_or_h2() {
        let s = sections(NOTE);
        assert_eq!(s.len(), 2);
        assert!(s[0].span.slice(NOTE).starts_with("## Pricing the errors\n"));
        assert!(s[0].span.slice(NOTE).contains("### Detail"));
        assert!(s[1].span.slice(NOTE).ends_with("Second answer.\n\n"));
    }

    #[test]
    fn repeated_headings_get_numbered_slugs() {
        let s = sections(NOTE);
        assert_eq!(s[0].slug, "pricing-the-errors");
        assert_eq!(s[1].slug, "pricing-the-errors-1");
    }

    #[test]
    fn front_matter_is_not_read_as_a_setext_heading() {
        let text = "---\ntitle: x\n---\nBody.\n";
        assert!(sections(text).is_empty());
    }

    #[test]
    fn slug_drops_punctuation_and_keeps_hyphens() {
        assert_eq!(
            slug("What's the cost? (FP vs. FN)"),
            "whats-the-cost-fp-vs-fn"
        );
        assert_eq!(slug("Error-cost matrix"), "error-cost-matrix");
    }

    #[test]
    fn heading_inside_a_code_block_does_not_split() {
        let text = "## One\n\n```\n## not a heading\n```\n\ntext\n";
        assert_eq!(sections(text).len(), 1);
    }

    #[test]
    fn section_evidence_points_into_the_whole_file() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let reports = grade_note("n.md", NOTE, &rubric, Split::H2);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].source, "n.md#pricing-the-errors");
        let lines = LineIndex::new(NOTE);
        let mut checked = 0;
        for e in reports[0].elements.iter().flat_map(|e| &e.evidence) {
            assert_eq!(&NOTE[e.start..e.end], e.text);
            assert_eq!(lines.line_col(NOTE, e.start), (e.line, e.column));
            checked += 1;
        }
        assert!(checked > 0, "the first section has evidence");
        assert_eq!(reports[0].section.as_ref().unwrap().line, 8);
    }

    #[test]
    fn section_digest_is_of_the_section_text() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let reports = grade_note("n.md", NOTE, &rubric, Split::H2);
        let s = &sections(NOTE)[1];
        assert_eq!(
            reports[1].answer_sha256,
            crate::report::sha256_hex(s.span.slice(NOTE).as_bytes())
        );
    }

    #[test]
    fn note_without_h2_is_graded_whole() {
        let rubric = crate::rubric::load("policy-impact").unwrap();
        let reports = grade_note("n.md", "# Title\n\nJust text.\n", &rubric, Split::H2);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].source, "n.md");
        assert!(reports[0].section.is_none());
    }
}
