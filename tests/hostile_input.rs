//! Hostile input, end to end through the binary: symbolic links, `--output`
//! targets, file names holding control characters, endless files and
//! duplicated JSON keys. Each case gets one clear error line (or none), the
//! exit code the contract names, and never stops the good answers of the run.

mod common;

use std::path::Path;
use std::process::Output;

use common::{code, run_in, stderr};

const GOOD: &str = "The confidence threshold on the deepfake classifier is owned by the \
Trust & Safety policy lead. Raising it from 0.7 to 0.85 should cut wrongful removals \
so that creators file fewer appeals, while false-positive cost stays under $5k a week.\n";

/// Sources of the reports in `--format jsonl` output.
fn graded(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON report per line");
            v["source"].as_str().expect("a source").to_string()
        })
        .collect()
}

fn error_lines(out: &Output) -> Vec<String> {
    stderr(out).lines().map(str::to_string).collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

// Symbolic links ------------------------------------------------------------

/// A project in `proj/` (a config and `notes/a.md`) next to a folder
/// `outside/`, with links from `proj/notes` to a note inside the project,
/// to a note and a folder outside it, and one that points nowhere.
#[cfg(unix)]
fn linked_project() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "proj/notes/a.md", GOOD);
    write(
        root,
        "proj/rubricate.toml",
        "[[check]]\npaths = [\"notes/**/*.md\"]\n",
    );
    write(root, "outside/secret.md", GOOD);
    write(root, "outside/deep/other.md", GOOD);
    let notes = root.join("proj/notes");
    symlink("a.md", notes.join("alias.md")).unwrap();
    symlink("../../outside/secret.md", notes.join("leak.md")).unwrap();
    symlink("../../outside", notes.join("out")).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn walking_a_folder_leaves_symbolic_links_alone_without_follow() {
    let dir = linked_project();
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("proj/notes/dangling.md")).unwrap();
    let out = run_in(
        &dir.path().join("proj"),
        &["grade", "notes", "--format", "jsonl"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(graded(&out), vec!["notes/a.md"]);
}

#[cfg(unix)]
#[test]
fn follow_walks_through_links_and_reports_a_dangling_one_on_one_line() {
    let dir = linked_project();
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("proj/notes/dangling.md")).unwrap();
    let out = run_in(
        &dir.path().join("proj"),
        &["grade", "notes", "--follow", "--format", "jsonl"],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rubricate: error: notes: ") && lines[0].contains("dangling.md"),
        "{lines:?}"
    );
    assert_eq!(
        graded(&out),
        vec![
            "notes/a.md",
            "notes/alias.md",
            "notes/leak.md",
            "notes/out/deep/other.md",
            "notes/out/secret.md",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_link_named_on_the_command_line_is_read() {
    let dir = linked_project();
    let out = run_in(
        &dir.path().join("proj"),
        &[
            "grade",
            "notes/leak.md",
            "notes/a.md",
            "notes/gone.md",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(
        error_lines(&out),
        vec!["rubricate: error: notes/gone.md: no such file or directory"]
    );
    assert_eq!(graded(&out), vec!["notes/leak.md", "notes/a.md"]);
}

#[cfg(unix)]
#[test]
fn check_never_leaves_the_project_through_a_link() {
    let dir = linked_project();
    let proj = dir.path().join("proj");
    for follow in [&[][..], &["--follow"][..]] {
        let mut args = vec!["check", "--format", "jsonl"];
        args.extend_from_slice(follow);
        let out = run_in(&proj, &args);
        assert_eq!(code(&out), 0, "{follow:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{follow:?}");
        let expected: &[&str] = if follow.is_empty() {
            &["notes/a.md"]
        } else {
            &["notes/a.md", "notes/alias.md"]
        };
        assert_eq!(graded(&out), expected, "{follow:?}");
    }
    // Named on the command line, a link out of the project is refused and
    // the note named beside it is still graded.
    let out = run_in(
        &proj,
        &[
            "check",
            "--follow",
            "notes/leak.md",
            "notes/a.md",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(code(&out), 2);
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rubricate: error: notes/leak.md: outside the project folder"),
        "{lines:?}"
    );
    assert_eq!(graded(&out), vec!["notes/a.md"]);
}

#[cfg(unix)]
#[test]
fn eval_follows_links_only_with_follow() {
    let dir = tempfile::tempdir().unwrap();
    let labelled = format!("---\nexpected:\n  rating: policy-impact\n---\n{GOOD}");
    write(dir.path(), "set/one.md", &labelled);
    write(dir.path(), "elsewhere/two.md", &labelled);
    std::os::unix::fs::symlink("../elsewhere/two.md", dir.path().join("set/two.md")).unwrap();
    let count = |follow: bool| {
        let mut args = vec!["eval", "set"];
        if follow {
            args.push("--follow");
        }
        let out = run_in(dir.path(), &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
        common::stdout(&out).lines().next().unwrap().to_string()
    };
    assert_eq!(count(false), "1 labelled answers");
    assert_eq!(count(true), "2 labelled answers");
}

// --output ------------------------------------------------------------------

/// Grades `good.md` in `dir` as JSON signed with the key pair `key`, into
/// `signed.json`.
fn sign_good_answer(dir: &Path) {
    let out = run_in(
        dir,
        &[
            "grade",
            "good.md",
            "--format",
            "json",
            "--sign",
            "key",
            "-o",
            "signed.json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// A folder with a good answer and an empty one.
fn answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", GOOD);
    write(dir.path(), "empty.md", "");
    dir
}

const EMPTY_LINE: &str = "rubricate: error: empty.md: no text to grade (the answer is empty)";

/// Names in `dir`, sorted, to see that no temporary file was left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn output_to_a_character_device_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = answers();
    let null = Path::new("/dev/null");
    let before = std::fs::metadata(null).unwrap();
    assert!(before.file_type().is_char_device());
    for format in ["jsonl", "json", "text"] {
        let out = run_in(
            dir.path(),
            &[
                "grade",
                "good.md",
                "empty.md",
                "--format",
                format,
                "-o",
                "/dev/null",
            ],
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert_eq!(error_lines(&out), vec![EMPTY_LINE]);
        assert!(out.stdout.is_empty());
    }
    let after = std::fs::metadata(null).unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!(
        std::os::unix::fs::MetadataExt::rdev(&after),
        std::os::unix::fs::MetadataExt::rdev(&before)
    );
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = answers();
    let fifo = dir.path().join("reports.fifo");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let (send, received) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = send.send(std::fs::read_to_string(reader));
    });
    let out = run_in(
        dir.path(),
        &[
            "grade",
            "good.md",
            "empty.md",
            "--format",
            "jsonl",
            "-o",
            "reports.fifo",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(error_lines(&out), vec![EMPTY_LINE]);
    let text = received
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the reader of the FIFO got the reports")
        .unwrap();
    let sources: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["source"].to_string())
        .collect();
    assert_eq!(sources, vec!["\"good.md\""]);
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
    assert_eq!(
        names(dir.path()),
        vec!["empty.md", "good.md", "reports.fifo"]
    );
}

#[cfg(unix)]
#[test]
fn output_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let dir = answers();
    write(dir.path(), "reports/real.jsonl", "old report\n");
    symlink("reports/real.jsonl", dir.path().join("latest.jsonl")).unwrap();
    symlink("reports/new.jsonl", dir.path().join("dangling.jsonl")).unwrap();
    for link in ["latest.jsonl", "dangling.jsonl"] {
        let out = run_in(
            dir.path(),
            &[
                "grade", "good.md", "empty.md", "--format", "jsonl", "-o", link,
            ],
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert_eq!(error_lines(&out), vec![EMPTY_LINE]);
        let meta = std::fs::symlink_metadata(dir.path().join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
    }
    for target in ["reports/real.jsonl", "reports/new.jsonl"] {
        let text = std::fs::read_to_string(dir.path().join(target)).unwrap();
        assert_eq!(text.lines().count(), 1, "{target}: {text}");
        assert!(text.contains("\"source\":\"good.md\""), "{target}: {text}");
    }
    assert_eq!(
        names(&dir.path().join("reports")),
        vec!["new.jsonl", "real.jsonl"]
    );
}

#[cfg(unix)]
#[test]
fn output_that_is_the_file_stdin_reads_or_a_link_to_an_answer_is_refused() {
    let dir = answers();
    let answer = dir.path().join("good.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["grade", "-", "--output", "good.md"])
        .current_dir(dir.path())
        .stdin(std::fs::File::open(&answer).unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        error_lines(&out),
        vec![
            "rubricate: error: --output good.md: is one of the answers being graded; \
             refusing to overwrite it"
        ]
    );
    std::os::unix::fs::symlink("good.md", dir.path().join("alias.md")).unwrap();
    let out = run_in(dir.path(), &["grade", "good.md", "-o", "alias.md"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        error_lines(&out),
        vec![
            "rubricate: error: --output alias.md: is one of the answers being graded; \
             refusing to overwrite it"
        ]
    );
    assert_eq!(std::fs::read_to_string(&answer).unwrap(), GOOD);
    assert_eq!(names(dir.path()), vec!["alias.md", "empty.md", "good.md"]);
}

#[test]
fn output_is_left_untouched_when_every_answer_failed() {
    let dir = answers();
    write(dir.path(), "report.json", "last good report\n");
    for format in ["json", "jsonl", "text", "html"] {
        let out = run_in(
            dir.path(),
            &["grade", "empty.md", "--format", format, "-o", "report.json"],
        );
        assert_eq!(code(&out), 2, "{format}");
        assert_eq!(error_lines(&out), vec![EMPTY_LINE], "{format}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("report.json")).unwrap(),
            "last good report\n",
            "{format}"
        );
    }
    assert_eq!(
        names(dir.path()),
        vec!["empty.md", "good.md", "report.json"]
    );
    // With one answer graded the report is replaced as before.
    let out = run_in(
        dir.path(),
        &[
            "grade",
            "good.md",
            "empty.md",
            "--format",
            "jsonl",
            "-o",
            "report.json",
        ],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(error_lines(&out), vec![EMPTY_LINE]);
    let text = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert!(text.contains("\"source\":\"good.md\""), "{text}");
}

#[test]
fn output_dash_is_stdout() {
    let dir = answers();
    let out = run_in(
        dir.path(),
        &[
            "grade", "good.md", "empty.md", "--format", "jsonl", "--output", "-",
        ],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(error_lines(&out), vec![EMPTY_LINE]);
    assert_eq!(graded(&out), vec!["good.md"]);
    assert_eq!(names(dir.path()), vec!["empty.md", "good.md"]);
}

// Control characters in file names -------------------------------------------

#[cfg(unix)]
const HOSTILE_NAME: &str = "x\n::error title=PWNED::y\u{1b}[31m.md";

#[cfg(unix)]
#[test]
fn a_file_name_cannot_forge_lines_or_escape_sequences_in_human_formats() {
    let dir = answers();
    write(dir.path(), HOSTILE_NAME, GOOD);
    for format in ["text", "github", "markdown", "junit", "html"] {
        // Below the bar, so the GitHub format writes an annotation naming the file.
        let out = run_in(
            dir.path(),
            &[
                "grade",
                HOSTILE_NAME,
                "good.md",
                "--min-score",
                "100",
                "--format",
                format,
            ],
        );
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
        let text = common::stdout(&out);
        assert!(
            !text
                .lines()
                .any(|l| l.trim_start().starts_with("::error title=PWNED")),
            "{format}:\n{text}"
        );
        assert!(
            !text.contains('\u{1b}'),
            "{format}: an escape sequence got through"
        );
        // Markdown escapes the backslashes and brackets of the escapes again.
        let shown = match format {
            "markdown" => r"x\\n::error title=PWNED::y\\u\{1b\}\[31m.md",
            _ => r"x\n::error title=PWNED::y\u{1b}[31m.md",
        };
        assert!(
            text.contains(shown),
            "{format}: the name is shown escaped:\n{text}"
        );
        assert!(
            text.contains("good.md"),
            "{format}: the good answer is graded"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_error_about_a_hostile_name_stays_on_one_line() {
    let dir = answers();
    let out = run_in(
        dir.path(),
        &["grade", HOSTILE_NAME, "good.md", "--format", "jsonl"],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(
        error_lines(&out),
        vec![
            "rubricate: error: x\\n::error title=PWNED::y\\u{1b}[31m.md: no such file or directory"
        ]
    );
    assert_eq!(graded(&out), vec!["good.md"]);
}

// Endless files ---------------------------------------------------------------

/// Runs the binary and checks that it failed with exit 2 and exactly the
/// error `line`, quickly: an endless file is refused at its size limit.
#[cfg(unix)]
fn refused_quickly(dir: &Path, args: &[&str], line: &str) -> Output {
    let started = std::time::Instant::now();
    let out = run_in(dir, args);
    let took = started.elapsed();
    assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    assert_eq!(error_lines(&out), vec![line.to_string()], "{args:?}");
    assert!(
        took < std::time::Duration::from_secs(20),
        "{args:?} took {took:?}"
    );
    out
}

#[cfg(unix)]
#[test]
fn rubric_files_from_dev_zero_are_refused_at_the_limit() {
    let dir = answers();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/policy-impact.toml");
    std::fs::copy(bundled, dir.path().join("mine.toml")).unwrap();
    let zero = "rubricate: error: /dev/zero:1:1: rubric file is larger than 4194304 bytes";
    let out = refused_quickly(
        dir.path(),
        &["rubrics", "check", "/dev/zero", "mine.toml"],
        zero,
    );
    assert!(
        common::stdout(&out).starts_with("mine.toml: ok (policy-impact "),
        "the good rubric is still checked: {}",
        common::stdout(&out)
    );
    refused_quickly(
        dir.path(),
        &["grade", "good.md", "--rubric", "/dev/zero"],
        zero,
    );
    refused_quickly(
        dir.path(),
        &["explain", "metric", "--rubric", "/dev/zero"],
        zero,
    );
}

#[cfg(unix)]
#[test]
fn verify_refuses_an_endless_report_or_key() {
    let dir = answers();
    let out = run_in(dir.path(), &["keygen", "--out", "key"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    refused_quickly(
        dir.path(),
        &["verify", "/dev/zero", "--key", "key.pub"],
        "rubricate: error: /dev/zero: larger than the limit of 268435456 bytes \
         (raise it with --max-size)",
    );
    refused_quickly(
        dir.path(),
        &[
            "verify",
            "/dev/zero",
            "--key",
            "key.pub",
            "--max-size",
            "1M",
        ],
        "rubricate: error: /dev/zero: larger than the limit of 1048576 bytes \
         (raise it with --max-size)",
    );
    let key_line =
        "rubricate: error: /dev/zero: not a key file: larger than the limit of 65536 bytes";
    refused_quickly(
        dir.path(),
        &["verify", "/dev/zero", "--key", "/dev/zero"],
        key_line,
    );
    refused_quickly(
        dir.path(),
        &[
            "grade",
            "good.md",
            "--format",
            "json",
            "--sign",
            "/dev/zero",
        ],
        key_line,
    );
    // A signed report verifies as before, and an endless answer fails its
    // digest check on one line.
    sign_good_answer(dir.path());
    let out = run_in(dir.path(), &["verify", "signed.json", "--key", "key.pub"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &[
            "verify",
            "signed.json",
            "--key",
            "key.pub",
            "--answer",
            "/dev/zero",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        common::stdout(&out).contains(
            "FAIL good.md: answer digest: /dev/zero: larger than the limit of 268435456 bytes"
        ),
        "{}",
        common::stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn check_refuses_an_endless_config_or_baseline() {
    let dir = answers();
    write(
        dir.path(),
        "rubricate.toml",
        "[[check]]\npaths = [\"*.md\"]\n",
    );
    refused_quickly(
        dir.path(),
        &["check", "--config", "/dev/zero"],
        "rubricate: error: /dev/zero:1:1: cannot read config: larger than the limit of 1048576 bytes",
    );
    refused_quickly(
        dir.path(),
        &["check", "--baseline", "/dev/zero"],
        "rubricate: error: /dev/zero: larger than the limit of 268435456 bytes",
    );
    // The same project checks with a real baseline.
    let out = run_in(dir.path(), &["check", "good.md", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::write(dir.path().join("baseline.json"), &out.stdout).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "good.md",
            "--baseline",
            "baseline.json",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(graded(&out), vec!["good.md"]);
}

// Duplicated keys in a report --------------------------------------------------

#[test]
fn verify_refuses_a_report_with_a_duplicated_key() {
    let dir = answers();
    let out = run_in(dir.path(), &["keygen", "--out", "key"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    sign_good_answer(dir.path());
    let out = run_in(dir.path(), &["verify", "signed.json", "--key", "key.pub"]);
    assert_eq!(
        code(&out),
        0,
        "the untouched report verifies: {}",
        stderr(&out)
    );
    let signed = std::fs::read_to_string(dir.path().join("signed.json")).unwrap();
    // A reader that keeps the first `score` sees 100; serde_json keeps the
    // last, which the signature covers.
    let score_at = signed.find("\"score\": ").unwrap();
    let mut forged = signed.clone();
    forged.insert_str(score_at, "\"score\": 100.0,\n      ");
    write(dir.path(), "forged.json", &forged);
    let line = forged[..score_at].matches('\n').count() + 1;
    let out = run_in(dir.path(), &["verify", "forged.json", "--key", "key.pub"]);
    assert_eq!(code(&out), 2);
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "rubricate: error: forged.json: duplicate key `score` at line {}",
            line + 1
        )),
        "{lines:?}"
    );
    assert!(out.stdout.is_empty());
    // Nested, in a JSON Lines file whose first line is good.
    let out = run_in(
        dir.path(),
        &["grade", "good.md", "--format", "jsonl", "--sign", "key"],
    );
    let good_line = common::stdout(&out);
    let nested = good_line.replacen("\"digest\":", "\"digest\":\"0\",\"digest\":", 1);
    write(dir.path(), "lines.jsonl", &format!("{good_line}{nested}"));
    let out = run_in(dir.path(), &["verify", "lines.jsonl", "--key", "key.pub"]);
    assert_eq!(code(&out), 2);
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rubricate: error: lines.jsonl: line 2: duplicate key `digest` at "),
        "{lines:?}"
    );
}
