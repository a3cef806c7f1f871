//! Nothing lost: graded files are never written to, and `--output` replaces
//! the report whole or not at all.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

const ANSWER: &str = "The policy lead owns the confidence threshold; raising it to 0.9 keeps \
wrongful removals under 0.5 % a week so that creators file fewer appeals.\n";

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime, u32)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let meta = std::fs::metadata(&p).unwrap();
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            #[cfg(not(unix))]
            let mode = 0;
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
                meta.modified().unwrap(),
                mode,
            )
        })
        .collect();
    files.sort();
    files
}

fn answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.md"), ANSWER).unwrap();
    std::fs::write(dir.path().join("two.txt"), ANSWER.replace("0.9", "0.95")).unwrap();
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    dir
}

#[test]
fn grading_never_touches_the_graded_files() {
    let dir = answers();
    let before = snapshot(dir.path());
    for format in ["text", "json", "jsonl"] {
        let out = run(&["grade", ".", "--format", format], dir.path());
        assert_eq!(out.status.code(), Some(2), "the empty answer is an error");
    }
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn output_file_holds_what_stdout_would() {
    let dir = answers();
    let stdout = run(
        &["grade", "one.md", "two.txt", "--format", "json"],
        dir.path(),
    );
    let to_file = run(
        &[
            "grade",
            "one.md",
            "two.txt",
            "--format",
            "json",
            "--output",
            "report.json",
        ],
        dir.path(),
    );
    assert_eq!(to_file.status.code(), stdout.status.code());
    assert!(to_file.stdout.is_empty());
    assert_eq!(
        std::fs::read(dir.path().join("report.json")).unwrap(),
        stdout.stdout
    );
}

#[test]
fn output_replaces_an_old_report_and_leaves_no_temporary_file() {
    let dir = answers();
    std::fs::write(dir.path().join("report.jsonl"), "old report\n").unwrap();
    let out = run(
        &["grade", "one.md", "--format", "jsonl", "-o", "report.jsonl"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    assert!(report.starts_with("{\"schema_version\":1"), "{report}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn interrupted_run_leaves_the_old_report_whole() {
    let dir = answers();
    std::fs::write(dir.path().join("report.json"), "old report\n").unwrap();
    // The run waits on stdin; kill it before it can finish.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args([
            "grade",
            "one.md",
            "-",
            "--format",
            "json",
            "-o",
            "report.json",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.json")).unwrap(),
        "old report\n"
    );
}

#[test]
fn output_that_is_a_graded_answer_is_refused() {
    let dir = answers();
    let before = snapshot(dir.path());
    let out = run(&["grade", ".", "--output", "one.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "rubricate: error: --output one.md: is one of the answers being graded; refusing to overwrite it"
    );
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn output_in_a_missing_directory_is_one_error_line() {
    let dir = answers();
    let out = run(
        &["grade", "one.md", "--output", "nowhere/report.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "rubricate: error: --output nowhere/report.txt: cannot create a file in nowhere"
        ),
        "{err}"
    );
}

#[test]
fn output_still_written_when_one_answer_is_bad() {
    let dir = answers();
    let out = run(
        &[
            "grade",
            "one.md",
            "empty.md",
            "--format",
            "jsonl",
            "-o",
            "out.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let report = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 1, "{report}");
}
