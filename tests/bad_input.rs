//! Bad input, end to end through the binary: each case gets one clear error
//! line naming the input, exit code 2, and never stops the other answers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const GOOD: &str = "The confidence threshold on the deepfake classifier is owned by the \
Trust & Safety policy lead. Raising it from 0.7 to 0.85 should cut wrongful removals \
so that creators file fewer appeals, while false-positive cost stays under $5k a week.\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn error_lines(out: &Output) -> Vec<String> {
    stderr(out).lines().map(str::to_string).collect()
}

/// Sources of the reports in `--format jsonl` output.
fn graded(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON report per line");
            v["source"]
                .as_str()
                .expect("source is a string")
                .to_string()
        })
        .collect()
}

struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("good.md"), GOOD).unwrap();
        Dir { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Grades `good.md` and `bad` together; returns the output.
    fn grade_with(&self, bad: &str) -> Output {
        run(&["grade", "good.md", bad, "--format", "jsonl"], self.path())
    }
}

/// The bad file is named in exactly one error line; the good one is still graded.
fn assert_skipped(out: &Output, bad: &str, reason: &str) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(out));
    let lines = error_lines(out);
    assert_eq!(lines.len(), 1, "one error line expected, got {lines:?}");
    assert!(
        lines[0].starts_with(&format!("rubricate: error: {bad}: ")),
        "{lines:?}"
    );
    assert!(lines[0].contains(reason), "{lines:?} should say {reason:?}");
    assert_eq!(graded(out), vec!["good.md".to_string()]);
}

#[test]
fn empty_file_is_reported_and_others_still_graded() {
    let d = Dir::new();
    d.write("empty.md", b"");
    assert_skipped(&d.grade_with("empty.md"), "empty.md", "empty");
}

#[test]
fn whitespace_only_file_is_reported_as_empty() {
    let d = Dir::new();
    d.write("blank.md", b"  \n\t\n\r\n   ");
    assert_skipped(&d.grade_with("blank.md"), "blank.md", "empty");
}

#[test]
fn binary_file_is_skipped_with_the_nul_offset() {
    let d = Dir::new();
    d.write("photo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_skipped(
        &d.grade_with("photo.md"),
        "photo.md",
        "binary file (NUL byte at offset 8)",
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let d = Dir::new();
    d.write("latin1.md", b"The reviewers' caf\xe9 budget is 2k a day.");
    assert_skipped(
        &d.grade_with("latin1.md"),
        "latin1.md",
        "invalid UTF-8 at byte offset 18",
    );
}

#[test]
fn utf16_with_bom_asks_for_utf8() {
    let d = Dir::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Owner: policy lead".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    d.write("wide.md", &bytes);
    assert_skipped(&d.grade_with("wide.md"), "wide.md", "UTF-16");
}

#[test]
fn file_over_default_max_size_is_skipped_without_reading_it() {
    let d = Dir::new();
    // A sparse 200 MB file: creating it costs nothing, reading it would.
    let big = std::fs::File::create(d.path().join("huge.md")).unwrap();
    big.set_len(200 << 20).unwrap();
    drop(big);
    let started = Instant::now();
    let out = d.grade_with("huge.md");
    let took = started.elapsed();
    assert_skipped(
        &out,
        "huge.md",
        "larger than the limit of 67108864 bytes (raise it with --max-size)",
    );
    assert!(took < Duration::from_secs(10), "skipping took {took:?}");
}

#[test]
fn max_size_flag_changes_the_limit() {
    let d = Dir::new();
    d.write("long.md", GOOD.repeat(20).as_bytes());
    let out = run(
        &[
            "grade",
            "good.md",
            "long.md",
            "--max-size",
            "1K",
            "--format",
            "jsonl",
        ],
        d.path(),
    );
    assert_skipped(&out, "long.md", "larger than the limit of 1024 bytes");
}

#[test]
fn bad_max_size_is_a_usage_error() {
    let d = Dir::new();
    let out = run(&["grade", "good.md", "--max-size", "12X"], d.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown size suffix"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_directory_is_reported_and_the_rest_graded() {
    let d = Dir::new();
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("round1.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("..", notes.join("back-up")).unwrap();
    // Without --follow the link is not entered, so there is no loop to find.
    let out = run(&["grade", "notes", "--format", "jsonl"], d.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(graded(&out), vec!["notes/round1.md".to_string()]);
    let out = run(
        &["grade", "notes", "--follow", "--format", "jsonl"],
        d.path(),
    );
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rubricate: error: notes: "),
        "{lines:?}"
    );
    assert!(lines[0].contains("loop"), "{lines:?}");
    assert_eq!(graded(&out), vec!["notes/round1.md".to_string()]);
}

#[cfg(unix)]
#[test]
fn self_referencing_symlink_named_directly_is_one_error_line() {
    let d = Dir::new();
    std::os::unix::fs::symlink("self.md", d.path().join("self.md")).unwrap();
    let out = d.grade_with("self.md");
    assert_eq!(out.status.code(), Some(2));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rubricate: error: self.md: "),
        "{lines:?}"
    );
    assert_eq!(graded(&out), vec!["good.md".to_string()]);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    let p = d.write("locked.md", GOOD.as_bytes());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        // Running as root: permissions do not stop reads, so the file grades.
        let out = d.grade_with("locked.md");
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        assert_eq!(
            graded(&out),
            vec!["good.md".to_string(), "locked.md".to_string()]
        );
        return;
    }
    assert_skipped(&d.grade_with("locked.md"), "locked.md", "permission denied");
}

#[test]
fn missing_path_among_good_files_is_reported_and_the_rest_graded() {
    let d = Dir::new();
    d.write("second.md", GOOD.as_bytes());
    let out = run(
        &[
            "grade",
            "good.md",
            "gone.md",
            "second.md",
            "--format",
            "jsonl",
        ],
        d.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        vec!["rubricate: error: gone.md: no such file or directory".to_string()]
    );
    assert_eq!(
        graded(&out),
        vec!["good.md".to_string(), "second.md".to_string()]
    );
}

#[test]
fn several_bad_files_each_get_their_own_line() {
    let d = Dir::new();
    d.write("a-empty.md", b"");
    d.write("b-binary.md", b"\0");
    let out = run(
        &[
            "grade",
            "a-empty.md",
            "good.md",
            "b-binary.md",
            "c-missing.md",
            "--format",
            "jsonl",
        ],
        d.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, name) in lines
        .iter()
        .zip(["c-missing.md", "a-empty.md", "b-binary.md"])
    {
        assert!(
            line.starts_with(&format!("rubricate: error: {name}: ")),
            "{lines:?}"
        );
    }
    assert_eq!(graded(&out), vec!["good.md".to_string()]);
}

#[test]
fn empty_stdin_is_reported_as_empty() {
    let d = Dir::new();
    let out = bin()
        .args(["grade", "-"])
        .current_dir(d.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        vec!["rubricate: error: -: no text to grade (the answer is empty)".to_string()]
    );
}

#[cfg(unix)]
#[test]
fn closed_stdin_is_an_error_not_a_panic() {
    let d = Dir::new();
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" grade - 0<&-")
        .arg(env!("CARGO_BIN_EXE_rubricate"))
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("rubricate: error: -: "), "{lines:?}");
}

#[test]
fn stdin_that_ends_mid_answer_is_graded_as_far_as_it_goes() {
    let d = Dir::new();
    let mut child = bin()
        .args(["grade", "-", "--format", "jsonl"])
        .current_dir(d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&GOOD.as_bytes()[..GOOD.len() / 2]).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(graded(&out), vec!["-".to_string()]);
}

#[test]
fn closed_output_pipe_ends_quietly_with_success() {
    let d = Dir::new();
    for i in 0..40 {
        d.write(&format!("answer-{i:02}.md"), GOOD.as_bytes());
    }
    let mut child = bin()
        .args(["grade", "."])
        .current_dir(d.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "stderr: {}", stderr(&out));
}

#[test]
fn more_answers_than_max_answers_is_refused_before_grading() {
    let d = Dir::new();
    d.write("second.md", GOOD.as_bytes());
    let out = run(
        &["grade", "good.md", "second.md", "--max-answers", "1"],
        d.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        vec!["rubricate: error: 2 answers to grade, more than the limit of 1 (raise it with --max-answers)".to_string()]
    );
    assert!(out.stdout.is_empty());
    let ok = run(
        &[
            "grade",
            "good.md",
            "second.md",
            "--max-answers",
            "2",
            "--format",
            "jsonl",
        ],
        d.path(),
    );
    assert_eq!(graded(&ok).len(), 2, "stderr: {}", stderr(&ok));
}

#[test]
fn max_answers_of_zero_is_a_usage_error() {
    let d = Dir::new();
    let out = run(&["grade", "good.md", "--max-answers", "0"], d.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

// Rubric errors: one located line, exit 2, nothing graded.

fn bundled_rubric() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/policy-impact.toml"),
    )
    .unwrap()
}

/// Grades good.md with a rubric file made from the bundled one by `edit`.
fn grade_with_rubric(edit: impl FnOnce(String) -> String) -> (Output, String) {
    let d = Dir::new();
    let text = edit(bundled_rubric());
    assert_ne!(text, bundled_rubric(), "the edit must change the rubric");
    d.write("broken.toml", text.as_bytes());
    let out = run(&["grade", "good.md", "--rubric", "broken.toml"], d.path());
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "nothing is graded with a broken rubric"
    );
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    (out, lines[0].clone())
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle present")]
        .lines()
        .count()
        + 1
}

#[test]
fn rubric_with_an_unknown_field_names_the_field_and_its_line() {
    let (_, line) = grade_with_rubric(|t| {
        t.replacen(
            "version = \"1.0.0\"\n",
            "version = \"1.0.0\"\ncolour = \"teal\"\n",
            1,
        )
    });
    let at = line_of(&bundled_rubric(), "version = ") + 1;
    assert!(
        line.starts_with(&format!("rubricate: error: broken.toml:{at}:")),
        "{line}"
    );
    assert!(line.contains("colour"), "{line}");
}

#[test]
fn rubric_with_a_duplicate_element_id_is_refused() {
    let (_, line) = grade_with_rubric(|t| t.replacen("id = \"lever\"", "id = \"metric\"", 1));
    let at = line_of(&bundled_rubric(), "id = \"lever\"");
    assert!(
        line.starts_with(&format!("rubricate: error: broken.toml:{at}:")),
        "{line}"
    );
    assert!(line.contains("duplicate id `metric`"), "{line}");
}

#[test]
fn rubric_with_a_huge_regex_fails_at_load_with_its_location() {
    let (_, line) = grade_with_rubric(|t| {
        t.replacen(
            "[[elements]]",
            "[patterns]\nexplodes = '((\\w+\\s*){500}){500}'\n\n[[elements]]",
            1,
        )
    });
    let at = line_of(&bundled_rubric(), "[[elements]]") + 1;
    assert!(
        line.starts_with(&format!("rubricate: error: broken.toml:{at}:")),
        "{line}"
    );
    assert!(line.contains("patterns.explodes: invalid regex"), "{line}");
    assert!(line.contains("size limit"), "{line}");
}

#[test]
fn rubric_with_a_deeply_nested_regex_fails_at_load() {
    let nested = format!("{}x{}", "(".repeat(200), ")".repeat(200));
    let (_, line) = grade_with_rubric(|t| {
        t.replacen(
            "[[elements]]",
            &format!("[patterns]\ndeep = '{nested}'\n\n[[elements]]"),
            1,
        )
    });
    assert!(line.contains("patterns.deep: invalid regex"), "{line}");
    assert!(line.contains("nest"), "{line}");
}

#[test]
fn catastrophic_looking_regex_within_limits_grades_in_linear_time() {
    // Backtracking engines take exponential time on this; the regex crate does not.
    let d = Dir::new();
    let rubric = bundled_rubric().replacen(
        "[[elements]]",
        "[patterns]\nevil = '(a+)+$'\n\n[[elements]]",
        1,
    );
    d.write("evil.toml", rubric.as_bytes());
    d.write("aaa.md", format!("{}!\n", "a".repeat(50_000)).as_bytes());
    let started = Instant::now();
    let out = run(
        &[
            "grade",
            "aaa.md",
            "--rubric",
            "evil.toml",
            "--format",
            "jsonl",
        ],
        d.path(),
    );
    assert_eq!(
        graded(&out),
        vec!["aaa.md".to_string()],
        "stderr: {}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn rubric_with_a_gap_between_bands_is_refused() {
    let (_, line) = grade_with_rubric(|t| t.replacen("min = 40.0", "min = 45.0", 1));
    let at = line_of(&bundled_rubric(), "min = 40.0");
    assert!(
        line.starts_with(&format!("rubricate: error: broken.toml:{at}:")),
        "{line}"
    );
    assert!(line.contains("gap between 40 and 45"), "{line}");
}

#[test]
fn rubric_that_is_not_toml_is_one_located_line() {
    let (_, line) = grade_with_rubric(|t| format!("{t}\n[[elements]\n"));
    assert!(line.starts_with("rubricate: error: broken.toml:"), "{line}");
}

#[test]
fn rubric_over_the_phrase_limit_is_refused() {
    let terms: Vec<String> = (0..20_001).map(|i| format!("\"zq{i}\"")).collect();
    let (_, line) =
        grade_with_rubric(|t| format!("{t}\n[terms.flood]\nany = [{}]\n", terms.join(", ")));
    assert!(line.contains("limit"), "{line}");
}
