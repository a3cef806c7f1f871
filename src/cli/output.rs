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

/// Where the rendered reports go: stdout, a file replaced all at once, or
/// something that is not a regular file, written straight.
///
/// A regular file (or one not there yet) is written to a temporary file in
/// the same directory and renamed over the target only when the run is
/// complete, so an interrupted run (or a full disk) leaves the previous report
/// whole. A device or a FIFO cannot be replaced that way (and must not be:
/// renaming over `/dev/null` would swap the device for a file), so it is
/// opened and written in place. A symbolic link is resolved first: what it
/// points to is written, and the link stays a link.
pub enum Output {
    Stdout,
    Replace {
        /// The path as given, for messages.
        path: PathBuf,
        /// The file the path resolves to through symbolic links.
        target: PathBuf,
        temp: tempfile::NamedTempFile,
        /// The first write error; reported by [`Output::finish`].
        error: Option<String>,
    },
    Direct {
        path: PathBuf,
        file: std::io::BufWriter<std::fs::File>,
        error: Option<String>,
    },
}

/// Most symbolic links followed to find the target of `--output`.
const MAX_LINKS: usize = 40;

/// Follows symbolic links from `path` to what they finally name, which may
/// not exist yet (a dangling link names the file to create).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

fn cannot(path: &Path, what: &str, e: &std::io::Error) -> String {
    format!(
        "--output {}: {what}: {}",
        path.display(),
        super::inputs::describe_io(e)
    )
}

impl Output {
    /// Opens the destination: `None` or `-` is stdout.
    pub fn open(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::Stdout);
        };
        let target = resolve_links(path).map_err(|e| cannot(path, "cannot resolve", &e))?;
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => Err(format!("--output {}: is a directory", path.display())),
            Ok(m) if !m.is_file() => {
                // A device, a FIFO or a socket: written where it is.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| cannot(path, "cannot open", &e))?;
                Ok(Output::Direct {
                    path: path.to_path_buf(),
                    file: std::io::BufWriter::new(file),
                    error: None,
                })
            }
            Ok(_) => Output::replacing(path, target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Output::replacing(path, target),
            Err(e) => Err(cannot(path, "cannot read", &e)),
        }
    }

    fn replacing(path: &Path, target: PathBuf) -> Result<Output, String> {
        let dir = match target.parent() {
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
        Ok(Output::Replace {
            path: path.to_path_buf(),
            target,
            temp,
            error: None,
        })
    }

    /// The `--output` path, when writing to a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::Stdout => None,
            Output::Replace { path, .. } | Output::Direct { path, .. } => Some(path),
        }
    }

    /// True when writing would overwrite one of the answers: the output is an
    /// existing regular file that is one of `files` (the same canonical path,
    /// or on Unix the same device and inode, which also catches hard links)
    /// or, with `stdin`, the file standard input is redirected from. A device
    /// or a FIFO written in place destroys nothing, so it never clashes.
    pub fn overwrites<'a>(&self, files: impl IntoIterator<Item = &'a Path>, stdin: bool) -> bool {
        let Output::Replace { target, .. } = self else {
            return false;
        };
        let Ok(meta) = std::fs::metadata(target) else {
            return false;
        };
        let canonical = std::fs::canonicalize(target).ok();
        let same = |other: &std::fs::Metadata| same_file(&meta, other);
        if stdin && stdin_metadata().is_some_and(|m| same(&m)) {
            return true;
        }
        files.into_iter().any(|f| {
            canonical
                .as_ref()
                .is_some_and(|c| std::fs::canonicalize(f).is_ok_and(|f| f == *c))
                || std::fs::metadata(f).is_ok_and(|m| same(&m))
        })
    }

    /// Writes rendered text. Stdout write errors end the run as [`print`] does;
    /// the first file write error is kept for [`Output::finish`].
    pub fn print(&mut self, text: &str) {
        let (path, written, error) = match self {
            Output::Stdout => return print(text),
            Output::Replace {
                path, temp, error, ..
            } => {
                if error.is_some() {
                    return;
                }
                (path, temp.write_all(text.as_bytes()), error)
            }
            Output::Direct { path, file, error } => {
                if error.is_some() {
                    return;
                }
                (path, file.write_all(text.as_bytes()), error)
            }
        };
        if let Err(e) = written {
            *error = Some(cannot(path, "cannot write", &e));
        }
    }

    /// Leaves the destination as it was: the temporary file is removed, and
    /// nothing more goes to a device. For a run in which nothing was graded.
    pub fn abandon(self) {
        drop(self);
    }

    /// Completes the output: a replaced file is flushed, synced and renamed
    /// over its target; a device or FIFO is flushed.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Output::Stdout => Ok(()),
            Output::Direct {
                path,
                mut file,
                error,
            } => match error {
                Some(e) => Err(e),
                None => file.flush().map_err(|e| cannot(&path, "cannot write", &e)),
            },
            Output::Replace {
                path,
                target,
                mut temp,
                error,
            } => {
                if let Some(e) = error {
                    return Err(e);
                }
                keep_permissions(&target, temp.as_file());
                temp.flush()
                    .and_then(|_| temp.as_file().sync_all())
                    .map_err(|e| cannot(&path, "cannot write", &e))?;
                temp.persist(&target)
                    .map_err(|e| cannot(&path, "cannot replace the file", &e.error))?;
                Ok(())
            }
        }
    }
}

/// The metadata of the file standard input reads, when it is a regular file
/// (`rubricate grade - < answer.md`).
#[cfg(unix)]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    std::fs::File::from(fd)
        .metadata()
        .ok()
        .filter(|m| m.is_file())
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    None
}

/// Whether two metadata describe the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
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
