//! Plain text to blocks: blank lines separate paragraphs, and lines that start
//! with a bullet (`-`, `*`, `+`, `•`) or a number (`1.`, `2)`) are list items.

use super::{BlockKind, NormText, RawBlock};
use crate::span::Span;

fn list_marker_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    for bullet in ["- ", "* ", "+ ", "\u{2022} "] {
        if trimmed.starts_with(bullet) {
            return Some(indent + bullet.len());
        }
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &trimmed[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(indent + digits + 2);
        }
    }
    None
}

/// Where a long answer can be cut into parts of about `size` bytes: after the
/// first blank line `size` bytes or more past the last cut, or after any line
/// when no blank line comes within four times `size`.
pub(crate) fn cuts(source: &str, size: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut last = 0usize;
    let mut line_end: Option<usize> = None;
    let mut offset = 0usize;
    for line in source.split_inclusive('\n') {
        offset += line.len();
        if offset < last.saturating_add(size) || offset >= source.len() {
            continue;
        }
        if line.trim().is_empty() {
            last = offset;
            cuts.push(last);
            line_end = None;
        } else if offset >= last.saturating_add(size.saturating_mul(4)) {
            last = line_end.unwrap_or(offset);
            cuts.push(last);
            line_end = None;
        } else {
            line_end = Some(offset);
        }
    }
    cuts
}

pub(crate) fn blocks(source: &str) -> (NormText, Vec<RawBlock>, Option<Span>) {
    let mut norm = NormText::with_capacity(source.len());
    let mut blocks = Vec::new();
    let mut open: Option<(BlockKind, usize, usize)> = None;
    let mut group = 0usize;
    let mut in_list = false;
    let mut close =
        |norm: &mut NormText, open: &mut Option<(BlockKind, usize, usize)>, at: usize| {
            if let Some((kind, g, start)) = open.take() {
                norm.push_break(at);
                let end = start + norm.text[start..].trim_end().len();
                if end > start {
                    blocks.push(RawBlock {
                        kind,
                        group: g,
                        quoted: false,
                        norm: Span::new(start, end),
                    });
                }
            }
        };
    let mut offset = 0usize;
    for line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            close(&mut norm, &mut open, line_start);
            in_list = false;
            continue;
        }
        let mut text_start = 0;
        if let Some(marker) = list_marker_len(content) {
            close(&mut norm, &mut open, line_start);
            if !in_list {
                group += 1;
                in_list = true;
            }
            open = Some((BlockKind::ListItem, group, norm.len()));
            text_start = marker;
        } else if open.is_none() {
            group += 1;
            in_list = false;
            open = Some((BlockKind::Paragraph, group, norm.len()));
        } else {
            norm.push_space(line_start, line_start);
        }
        norm.push_source(line_start + text_start, &content[text_start..]);
    }
    close(&mut norm, &mut open, source.len());
    (norm, blocks, None)
}
