//! Collecting the answers to grade: files, directories walked recursively for
//! Markdown and text files (in a stable order), and stdin.

use std::path::{Path, PathBuf};

use rubricate::source::{Source, SourceError};

/// File endings graded when walking a directory.
pub const ANSWER_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// One thing to grade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// An input that could not even be listed.
#[derive(Clone, Debug)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// File names that document a folder rather than answer a question; skipped
/// when walking a directory (a file named on the command line is always graded).
pub const SKIPPED_NAMES: [&str; 4] = ["readme", "changelog", "license", "contributing"];

fn is_answer(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if SKIPPED_NAMES.contains(&stem.as_str()) {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ANSWER_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Expands the paths given on the command line. Directories are walked with
/// `.gitignore` rules applied; files named directly are always graded.
///
/// Symbolic links met while walking are followed only when `follow` is set
/// (`--follow`); a link named on the command line is always read, as the
/// user asked for it by name.
pub fn collect(paths: &[String], follow: bool) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                let walker = ignore::WalkBuilder::new(path)
                    .follow_links(follow)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            if e.file_type().is_some_and(|t| t.is_file()) && is_answer(e.path()) {
                                found.push(e.into_path());
                            }
                        }
                        Err(e) => errors.push(InputError {
                            path: p.clone(),
                            message: e.to_string().replace('\n', " "),
                        }),
                    }
                }
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(path.to_path_buf())),
            Err(e) => errors.push(InputError {
                path: p.clone(),
                message: describe_io(&e),
            }),
        }
    }
    (inputs, errors)
}

pub use rubricate::source::describe_io;

/// Reads one input; an input that cannot be graded (empty, binary, invalid
/// UTF-8, too large, unreadable) gives its name and one line saying why.
pub fn read(input: &Input, max_size: u64) -> Result<Source, (String, String)> {
    let result = match input {
        Input::Stdin => Source::read_stdin(max_size),
        Input::File(p) => Source::read_path(p, max_size),
    };
    let name = match input {
        Input::Stdin => "-".to_string(),
        Input::File(p) => p.display().to_string(),
    };
    match result {
        Ok(s) if s.text.trim().is_empty() => {
            Err((name, "no text to grade (the answer is empty)".to_string()))
        }
        Ok(s) => Ok(s),
        Err(SourceError::Io(e)) => Err((name, describe_io(&e))),
        Err(e) => Err((name, e.to_string())),
    }
}
