//! Reading answers: files, stdin and in-memory text, with the checks that keep
//! bad input from reaching the grader (binary data, invalid UTF-8, UTF-16, size).

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The default largest answer file read, in bytes (64 MiB).
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// The default largest `grade` output read back, in bytes (256 MiB): a report
/// file given to `verify`, a baseline given to `check --baseline`.
pub const MAX_REPORT_SIZE: u64 = 256 * 1024 * 1024;

/// One answer's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as given, or `-` for stdin.
    pub name: String,
    pub text: String,
}

/// Why an input could not be graded.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("binary file (NUL byte at offset {offset}), skipped")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { offset: usize },
    #[error("UTF-16 text (byte order mark found); save the answer as UTF-8")]
    Utf16,
    #[error(
        "file is {size} bytes, larger than the limit of {limit} bytes (raise it with --max-size)"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a file, refusing anything over `max_size` bytes before reading it.
    pub fn read_path(path: &Path, max_size: u64) -> Result<Source, SourceError> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        if size > max_size {
            return Err(SourceError::TooLarge {
                size,
                limit: max_size,
            });
        }
        // The size known up front spares the buffer its regrowth; a file that
        // grew since is still cut at the limit.
        let bytes = read_limited(file, max_size, size)?;
        Source::from_bytes(path.display().to_string(), bytes)
    }

    /// Reads standard input up to `max_size` bytes.
    pub fn read_stdin(max_size: u64) -> Result<Source, SourceError> {
        let bytes = read_limited(std::io::stdin().lock(), max_size, 0)?;
        Source::from_bytes("-", bytes)
    }

    /// Checks raw bytes and turns them into a source.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Source, SourceError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(SourceError::Utf16);
        }
        if let Some(offset) = memchr_nul(&bytes) {
            return Err(SourceError::Binary { offset });
        }
        let text = String::from_utf8(bytes).map_err(|e| SourceError::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })?;
        Ok(Source::new(name, text))
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn read_limited(reader: impl Read, max_size: u64, hint: u64) -> Result<Vec<u8>, SourceError> {
    // One byte over the hint, so reading to the end needs no second allocation.
    let capacity = usize::try_from(hint.min(max_size).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(max_size + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        });
    }
    Ok(bytes)
}

/// Why a file read under a size limit ([`read_capped`]) failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", describe_io(.0))]
    Io(#[from] std::io::Error),
    #[error("larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
}

/// Reads all of `reader`, failing as soon as it gives more than `limit`
/// bytes: it is read through `take(limit + 1)`, so an endless stream (a
/// device such as `/dev/zero`, a FIFO) costs at most `limit + 1` bytes.
pub fn read_capped_from(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads the file at `path` (or the device, FIFO or link it names) whole,
/// refusing more than `limit` bytes. A regular file larger than the limit
/// is refused before it is read.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    read_capped_from(file, limit)
}

/// [`read_capped`] for text: the bytes must be UTF-8.
pub fn read_capped_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    utf8(read_capped(path, limit)?)
}

/// Bytes read by [`read_capped`] or [`read_capped_from`], as UTF-8 text.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// A short description of an I/O error, without the OS error number.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Hex SHA-256 of some bytes: an answer's, or a rubric's canonical form.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Maps byte offsets to 1-based line and column (column counted in characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line and character column of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_byte_is_binary() {
        let err = Source::from_bytes("x", b"ab\0cd".to_vec()).unwrap_err();
        assert!(matches!(err, SourceError::Binary { offset: 2 }));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = Source::from_bytes("x", b"caf\xe9 ok".to_vec()).unwrap_err();
        assert!(matches!(err, SourceError::InvalidUtf8 { offset: 3 }));
    }

    #[test]
    fn utf16_bom_is_refused() {
        let err = Source::from_bytes("x", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(matches!(err, SourceError::Utf16));
    }

    #[test]
    fn a_capped_read_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'x');
        let err = read_capped_from(endless, 1000).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { limit: 1000 }));
        assert_eq!(
            read_capped_from(&b"exactly ten"[..10], 10).unwrap(),
            b"exactly te"
        );
        let err = utf8(b"caf\xe9".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "not UTF-8 text (invalid byte at offset 3)");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nfalse\u{2011}positive rate";
        let idx = LineIndex::new(text);
        let offset = text.find("rate").unwrap();
        assert_eq!(idx.line_col(text, offset), (2, 16));
        assert_eq!(idx.line_col(text, 0), (1, 1));
    }
}
