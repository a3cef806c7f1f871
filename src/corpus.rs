//! Labelled corpora in JSON Lines: one answer a line, with the grade a careful
//! human gave it.
//!
//! A row is an object with `id`, `text` and `rating` (`policy-impact`,
//! `neutral` or `technical-only`), and optionally `elements` and
//! `antipatterns` (the ids the labeller found), `elements_unsure` and
//! `antipatterns_unsure` (ids the labeller could not decide, left out of the
//! figures for that answer) and `split` (the part of the corpus the row
//! belongs to). Other fields are the corpus's own business.
//!
//! Rows are read one line at a time, so a corpus larger than memory streams;
//! a bad row is an error for that row only, and reading goes on.

use std::io::{BufRead, Read};

use crate::frontmatter::Expected;
use crate::rubric::Rating;

/// One labelled answer of a corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledRow {
    pub id: String,
    pub text: String,
    /// The row's `split` field, if it has one.
    pub split: Option<String>,
    pub expected: Expected,
}

/// Why one row could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error("invalid JSON: {message} (column {column})")]
    Json { message: String, column: usize },
    #[error("a row is one JSON object, not {found}")]
    NotAnObject { found: &'static str },
    #[error("missing `{0}`")]
    Missing(&'static str),
    #[error("`{field}`: {message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("invalid UTF-8 at byte {offset} of the line")]
    InvalidUtf8 { offset: usize },
    #[error("line is over the limit of {limit} bytes")]
    TooLong { limit: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn string(field: &'static str, v: Option<serde_json::Value>) -> Result<String, RowError> {
    match v {
        None | Some(serde_json::Value::Null) => Err(RowError::Missing(field)),
        Some(serde_json::Value::String(s)) => Ok(s),
        // Numeric ids are common in exported corpora; they name the row as well.
        Some(serde_json::Value::Number(n)) if field == "id" => Ok(n.to_string()),
        Some(other) => Err(RowError::Field {
            field,
            message: format!("expected a string, found {}", kind(&other)),
        }),
    }
}

fn ids(field: &'static str, v: Option<serde_json::Value>) -> Result<Vec<String>, RowError> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(s) => Ok(s),
                other => Err(RowError::Field {
                    field,
                    message: format!("expected a list of ids, found {} in it", kind(&other)),
                }),
            })
            .collect(),
        Some(other) => Err(RowError::Field {
            field,
            message: format!("expected a list of ids, found {}", kind(&other)),
        }),
    }
}

/// Parses one line of a corpus (without its line end).
pub fn parse_row(line: &str) -> Result<LabelledRow, RowError> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| RowError::Json {
        message: json_message(&e),
        column: e.column(),
    })?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(RowError::NotAnObject {
            found: kind(&value),
        });
    };
    let id = string("id", fields.remove("id"))?;
    let text = string("text", fields.remove("text"))?;
    let rating = string("rating", fields.remove("rating"))?;
    let rating: Rating = rating.parse().map_err(|message| RowError::Field {
        field: "rating",
        message,
    })?;
    let split = match fields.remove("split") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(string("split", Some(v))?),
    };
    Ok(LabelledRow {
        id,
        text,
        split,
        expected: Expected {
            rating,
            elements: ids("elements", fields.remove("elements"))?,
            anti_patterns: ids("antipatterns", fields.remove("antipatterns"))?,
            hard: Vec::new(),
            elements_unsure: ids("elements_unsure", fields.remove("elements_unsure"))?,
            anti_patterns_unsure: ids("antipatterns_unsure", fields.remove("antipatterns_unsure"))?,
        },
    })
}

/// serde_json's message without its " at line L column C" tail: a corpus line
/// is always line 1 to the parser, and the column is reported apart.
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The rows of a corpus, read one line at a time: each item is the 1-based
/// line number and the row or the reason it could not be read. Blank lines
/// are skipped. After a read error the iterator ends.
pub struct Rows<R> {
    reader: R,
    line: usize,
    max_line: u64,
    buf: Vec<u8>,
    done: bool,
}

/// Reads the rows of `reader`; a line over `max_line` bytes is an error for
/// that line and is skipped without being held in memory.
pub fn rows<R: BufRead>(reader: R, max_line: u64) -> Rows<R> {
    Rows {
        reader,
        line: 0,
        max_line,
        buf: Vec::new(),
        done: false,
    }
}

impl<R: BufRead> Rows<R> {
    /// Consumes the rest of an over-long line, up to and including its '\n'.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', chunk) {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
    }

    fn read_line(&mut self) -> Option<Result<(), RowError>> {
        self.buf.clear();
        let limit = self.max_line.saturating_add(1);
        match self
            .reader
            .by_ref()
            .take(limit)
            .read_until(b'\n', &mut self.buf)
        {
            Ok(0) => None,
            Ok(_) => {
                self.line += 1;
                if self.buf.len() as u64 > self.max_line && !self.buf.ends_with(b"\n") {
                    self.buf.clear();
                    if let Err(e) = self.skip_line() {
                        return Some(Err(e.into()));
                    }
                    return Some(Err(RowError::TooLong {
                        limit: self.max_line,
                    }));
                }
                Some(Ok(()))
            }
            Err(e) => {
                self.line += 1;
                Some(Err(e.into()))
            }
        }
    }
}

impl<R: BufRead> Iterator for Rows<R> {
    type Item = (usize, Result<LabelledRow, RowError>);

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if let Err(e) = self.read_line()? {
                if matches!(e, RowError::Io(_)) {
                    self.done = true;
                }
                return Some((self.line, Err(e)));
            }
            let line = match std::str::from_utf8(&self.buf) {
                Ok(s) => s,
                Err(e) => {
                    return Some((
                        self.line,
                        Err(RowError::InvalidUtf8 {
                            offset: e.valid_up_to(),
                        }),
                    ))
                }
            };
            let line = if self.line == 1 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some((self.line, parse_row(line)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str, max_line: u64) -> Vec<(usize, Result<LabelledRow, String>)> {
        rows(input.as_bytes(), max_line)
            .map(|(n, r)| (n, r.map_err(|e| e.to_string())))
            .collect()
    }

    #[test]
    fn reads_labels_and_ignores_other_fields() {
        let row = parse_row(
            r#"{"id":"a1","text":"Hi.","rating":"neutral","elements":["lever"],"antipatterns":["blanket_block"],"elements_unsure":["metric"],"antipatterns_unsure":[],"split":"tune","license":"CC0"}"#,
        )
        .unwrap();
        assert_eq!(row.id, "a1");
        assert_eq!(row.split.as_deref(), Some("tune"));
        assert_eq!(row.expected.rating, Rating::Neutral);
        assert_eq!(row.expected.elements, vec!["lever"]);
        assert_eq!(row.expected.anti_patterns, vec!["blanket_block"]);
        assert_eq!(row.expected.elements_unsure, vec!["metric"]);
    }

    #[test]
    fn missing_text_and_unknown_rating_are_named() {
        let e = parse_row(r#"{"id":"a","rating":"neutral"}"#).unwrap_err();
        assert_eq!(e.to_string(), "missing `text`");
        let e = parse_row(r#"{"id":"a","text":"x","rating":"great"}"#).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("`rating`: unknown rating `great`"));
    }

    #[test]
    fn invalid_json_reports_a_column_not_a_line() {
        let e = parse_row(r#"{"id":"a","text":"x" "rating":"neutral"}"#).unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("invalid JSON: "), "{s}");
        assert!(s.ends_with("(column 22)"), "{s}");
        assert!(!s.contains("line"), "{s}");
    }

    #[test]
    fn numbering_counts_blank_lines_and_a_bad_row_does_not_stop_reading() {
        let input = "{\"id\":\"a\",\"text\":\"x\",\"rating\":\"neutral\"}\n\n[1]\n\
                     {\"id\":2,\"text\":\"y\",\"rating\":\"policy-impact\"}";
        let got = all(input, 1000);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, 1);
        assert_eq!(
            got[1],
            (3, Err("a row is one JSON object, not an array".into()))
        );
        assert_eq!(got[2].0, 4);
        assert_eq!(got[2].1.as_ref().unwrap().id, "2");
    }

    #[test]
    fn an_over_long_line_is_skipped_and_the_next_is_read() {
        let long = format!(
            "{{\"id\":\"a\",\"text\":\"{}\",\"rating\":\"neutral\"}}\n",
            "w".repeat(200)
        );
        let input = format!("{long}{{\"id\":\"b\",\"text\":\"x\",\"rating\":\"neutral\"}}\n");
        // A small buffer, so the long line spans several fills.
        let reader = std::io::BufReader::with_capacity(16, input.as_bytes());
        let got: Vec<_> = rows(reader, 64).collect();
        assert_eq!(got.len(), 2);
        assert!(matches!(got[0], (1, Err(RowError::TooLong { limit: 64 }))));
        assert_eq!(got[1].1.as_ref().unwrap().id, "b");
    }

    #[test]
    fn invalid_utf8_is_an_error_for_its_line() {
        let mut input = b"{\"id\":\"a\",\"text\":\"\xff\",\"rating\":\"neutral\"}\n".to_vec();
        input.extend_from_slice(b"{\"id\":\"b\",\"text\":\"x\",\"rating\":\"neutral\"}\n");
        let got: Vec<_> = rows(&input[..], 1000).collect();
        assert!(matches!(
            got[0],
            (1, Err(RowError::InvalidUtf8 { offset: 18 }))
        ));
        assert!(got[1].1.is_ok());
    }
}
