//! Markdown to blocks with pulldown-cmark. Code blocks, HTML and front matter
//! are left out of the graded text; inline code, links and emphasis keep their
//! words.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::{BlockKind, NormText, RawBlock};
use crate::span::Span;

/// The deepest container nesting followed; deeper content still becomes text.
const MAX_NESTING: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Heading(u8),
    Item,
    Cell,
    List(usize),
    Table(usize),
    Quote,
}

struct Builder {
    norm: NormText,
    blocks: Vec<RawBlock>,
    containers: Vec<Container>,
    open: Option<(BlockKind, usize, usize)>, // kind, group, norm start
    next_group: usize,
    row: usize,
    col: usize,
    header: bool,
}

impl Builder {
    fn kind_here(&self) -> (BlockKind, usize) {
        for c in self.containers.iter().rev() {
            match *c {
                Container::Heading(level) => return (BlockKind::Heading(level), self.next_group),
                Container::Cell => {
                    let table = self.containers.iter().rev().find_map(|c| match c {
                        Container::Table(g) => Some(*g),
                        _ => None,
                    });
                    let kind = BlockKind::TableCell {
                        row: self.row,
                        col: self.col,
                        header: self.header,
                    };
                    return (kind, table.unwrap_or(self.next_group));
                }
                Container::Item => {
                    let list = self.containers.iter().find_map(|c| match c {
                        Container::List(g) => Some(*g),
                        _ => None,
                    });
                    return (BlockKind::ListItem, list.unwrap_or(self.next_group));
                }
                _ => {}
            }
        }
        (BlockKind::Paragraph, self.next_group)
    }

    fn ensure_open(&mut self) {
        if self.open.is_none() {
            let (kind, group) = self.kind_here();
            if group == self.next_group {
                self.next_group += 1;
            }
            self.open = Some((kind, group, self.norm.len()));
        }
    }

    fn close(&mut self, orig_at: usize) {
        if let Some((kind, group, start)) = self.open.take() {
            self.norm.push_break(orig_at);
            let text = &self.norm.text[start..];
            let trimmed_end = start + text.trim_end().len();
            if trimmed_end > start {
                let quoted = self.containers.contains(&Container::Quote);
                self.blocks.push(RawBlock {
                    kind,
                    group,
                    quoted,
                    norm: Span::new(start, trimmed_end),
                });
            }
        }
    }

    fn text(&mut self, source: &str, range: std::ops::Range<usize>, text: &str) {
        self.ensure_open();
        if source.get(range.clone()) == Some(text) {
            self.norm.push_source(range.start, text);
        } else if let Some(at) = source.get(range.clone()).and_then(|s| s.find(text)) {
            self.norm.push_source(range.start + at, text);
        } else {
            self.norm.push_lump(Span::new(range.start, range.end), text);
        }
    }

    fn push(&mut self, c: Container) {
        if self.containers.len() < MAX_NESTING {
            self.containers.push(c);
        }
    }

    fn pop(&mut self) {
        self.containers.pop();
    }
}

/// The Markdown read: CommonMark with tables, strikethrough, task lists and,
/// at the start of an answer, front matter.
fn options(front_matter: bool) -> Options {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    if front_matter {
        options
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
    } else {
        options
    }
}

/// Where a long answer can be cut into parts of about `size` bytes: after
/// the first top-level block that ends `size` bytes or more past the last cut.
/// A top-level block that runs on for four times `size` is cut inside, after
/// an inner block or a line break that lies in no code block.
pub(crate) fn cuts(source: &str, size: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut last = 0usize;
    let mut depth = 0usize;
    let mut code = 0usize;
    let mut inner: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, options(true)).into_offset_iter() {
        let due = range.end >= last.saturating_add(size);
        match event {
            Event::Start(tag) => {
                depth += 1;
                if matches!(
                    tag,
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)
                ) {
                    code += 1;
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(
                    tag,
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)
                ) {
                    code = code.saturating_sub(1);
                }
                if due && depth == 0 {
                    inner = None;
                    last = range.end;
                    cuts.push(last);
                } else if due && code == 0 {
                    inner = Some(range.end);
                }
            }
            Event::SoftBreak | Event::HardBreak if due && code == 0 => inner = Some(range.end),
            _ => {}
        }
        if range.start >= last.saturating_add(size.saturating_mul(4)) {
            if let Some(at) = inner.take() {
                last = at;
                cuts.push(last);
            }
        }
    }
    cuts.retain(|&at| at < source.len());
    cuts
}

/// Parses Markdown into normalized text and blocks; returns the front matter
/// span. `front_matter` is false for a later part of a long answer.
pub(crate) fn blocks(source: &str, front_matter: bool) -> (NormText, Vec<RawBlock>, Option<Span>) {
    let options = options(front_matter);
    let mut b = Builder {
        norm: NormText::with_capacity(source.len()),
        blocks: Vec::new(),
        containers: Vec::new(),
        open: None,
        next_group: 0,
        row: 0,
        col: 0,
        header: false,
    };
    let mut front_matter = None;
    let mut skipping = 0usize;
    // Pushes beyond MAX_NESTING are not recorded.
    let mut depth = 0usize;
    // A byte-order mark is no part of the text: parsed with it, a heading or
    // front matter on the first line would read as a paragraph.
    let skip = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let events = Parser::new_ext(&source[skip..], options)
        .into_offset_iter()
        .map(|(event, range)| (event, range.start + skip..range.end + skip));
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                b.close(range.start);
                skipping += 1;
            }
            Event::Start(Tag::MetadataBlock(kind)) => {
                b.close(range.start);
                skipping += 1;
                if range.start == skip || matches!(kind, MetadataBlockKind::PlusesStyle) {
                    front_matter.get_or_insert(Span::new(range.start, range.end));
                }
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                skipping = skipping.saturating_sub(1);
            }
            _ if skipping > 0 => {}
            Event::Start(tag) => {
                depth += 1;
                let container = match tag {
                    Tag::Heading { level, .. } => Some(Container::Heading(level as u8)),
                    Tag::Item => Some(Container::Item),
                    Tag::TableCell => Some(Container::Cell),
                    Tag::List(_) => {
                        let in_item = b.containers.contains(&Container::Item);
                        let group = if in_item {
                            b.containers
                                .iter()
                                .find_map(|c| match c {
                                    Container::List(g) => Some(*g),
                                    _ => None,
                                })
                                .unwrap_or(b.next_group)
                        } else {
                            b.next_group += 1;
                            b.next_group - 1
                        };
                        Some(Container::List(group))
                    }
                    Tag::Table(_) => {
                        b.next_group += 1;
                        b.row = 0;
                        Some(Container::Table(b.next_group - 1))
                    }
                    Tag::TableHead => {
                        b.header = true;
                        b.col = 0;
                        None
                    }
                    Tag::TableRow => {
                        b.row += 1;
                        b.col = 0;
                        None
                    }
                    Tag::BlockQuote(_) => Some(Container::Quote),
                    _ => None,
                };
                let breaks = matches!(
                    tag,
                    Tag::Paragraph
                        | Tag::Heading { .. }
                        | Tag::Item
                        | Tag::TableCell
                        | Tag::List(_)
                        | Tag::Table(_)
                        | Tag::BlockQuote(_)
                        | Tag::FootnoteDefinition(_)
                );
                if breaks {
                    b.close(range.start);
                }
                match container {
                    Some(c) => b.push(c),
                    None => depth -= 1,
                }
            }
            Event::End(tag) => {
                let ends_container = matches!(
                    tag,
                    TagEnd::Heading(_)
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::List(_)
                        | TagEnd::Table
                        | TagEnd::BlockQuote(_)
                );
                if matches!(
                    tag,
                    TagEnd::Paragraph
                        | TagEnd::Heading(_)
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::FootnoteDefinition
                ) {
                    b.close(range.end);
                }
                match tag {
                    TagEnd::TableHead => {
                        b.header = false;
                    }
                    TagEnd::TableCell => b.col += 1,
                    _ => {}
                }
                if ends_container {
                    if depth <= MAX_NESTING {
                        b.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
            }
            Event::Text(text) => b.text(source, range, &text),
            Event::Code(code) => b.text(source, range, &code),
            Event::SoftBreak | Event::HardBreak => {
                b.ensure_open();
                b.norm.push_space(range.start, range.end);
            }
            Event::Rule => b.close(range.start),
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }
    b.close(source.len());
    (b.norm, b.blocks, front_matter)
}
