//! Writing to stdout and stderr; a closed pipe ends the run quietly.

use std::io::Write;

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
