//! Writing to stdout, to an `--output` file, and to stderr; a closed pipe ends
//! the run quietly.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes to stdout; when the reader has gone away (a broken pipe), exits with
/// success, as a pipeline like `rubricate grade ... | head` expects.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln(&format!("rubricate: error: cannot write output: {e}"));
        std::process::exit(i32::from(super::EXIT_ERROR));
    }
}

/// Writes one line to stderr, ignoring failures (nowhere left to report them).
pub fn eprintln(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Where the rendered reports go: stdout, or a file replaced all at once.
///
/// A file is written to a temporary file in the same directory and renamed
/// over the target only when the run is complete, so an interrupted run (or a
/// full disk) leaves the previous report whole.
pub enum Output {
    Stdout,
    File {
        path: PathBuf,
        temp: tempfile::NamedTempFile,
        /// The first write error; reported by [`Output::finish`].
        error: Option<String>,
    },
}

impl Output {
    /// Opens the destination: `None` is stdout.
    pub fn open(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout);
        };
        if path.is_dir() {
            return Err(format!("--output {}: is a directory", path.display()));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".rubricate-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                format!(
                    "--output {}: cannot create a file in {}: {}",
                    path.display(),
                    dir.display(),
                    super::inputs::describe_io(&e)
                )
            })?;
        Ok(Output::File {
            path: path.to_path_buf(),
            temp,
            error: None,
        })
    }

    /// The `--output` path, when writing to a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::Stdout => None,
            Output::File { path, .. } => Some(path),
        }
    }

    /// True when the output file is one of `files` (it would be overwritten
    /// by its own report).
    pub fn is_any_of<'a>(&self, files: impl IntoIterator<Item = &'a Path>) -> bool {
        let Some(target) = self.path().and_then(|p| std::fs::canonicalize(p).ok()) else {
            return false;
        };
        files
            .into_iter()
            .any(|f| std::fs::canonicalize(f).is_ok_and(|f| f == target))
    }

    /// Writes rendered text. Stdout write errors end the run as [`print`] does;
    /// the first file write error is kept for [`Output::finish`].
    pub fn print(&mut self, text: &str) {
        match self {
            Output::Stdout => print(text),
            Output::File { path, temp, error } => {
                if error.is_some() {
                    return;
                }
                if let Err(e) = temp.write_all(text.as_bytes()) {
                    let shown = path.display();
                    *error = Some(format!(
                        "--output {shown}: cannot write: {}",
                        super::inputs::describe_io(&e)
                    ));
                }
            }
        }
    }

    /// Completes the output: a file is flushed, synced and renamed over the target.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Output::Stdout => Ok(()),
            Output::File {
                path,
                mut temp,
                error,
            } => {
                if let Some(e) = error {
                    return Err(e);
                }
                let shown = path.display().to_string();
                keep_permissions(&path, temp.as_file());
                temp.flush()
                    .and_then(|_| temp.as_file().sync_all())
                    .map_err(|e| {
                        format!(
                            "--output {shown}: cannot write: {}",
                            super::inputs::describe_io(&e)
                        )
                    })?;
                temp.persist(&path).map_err(|e| {
                    format!(
                        "--output {shown}: cannot replace the file: {}",
                        super::inputs::describe_io(&e.error)
                    )
                })?;
                Ok(())
            }
        }
    }
}

/// Gives the new file the permissions of the file it replaces, or the usual
/// ones of a new file (a temporary file is created private).
fn keep_permissions(target: &Path, file: &std::fs::File) {
    let permissions = match std::fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            {
                return;
            }
        }
    };
    let _ = file.set_permissions(permissions);
}
