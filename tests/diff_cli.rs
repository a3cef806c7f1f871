//! `rubricate diff` as a user runs it: rubric sources (bundled id, file,
//! git:REV:path), formats, exit codes and error lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_rubricate");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 errors")
}

fn bundled_text() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("rubrics/policy-impact.toml"))
        .expect("bundled rubric")
}

/// A folder with a copy of the bundled rubric whose first element weight is
/// replaced, and three answers: one that earns the first element (metric) in
/// a plain sentence, one with no element at all, and a README.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let answers = dir.path().join("answers");
        std::fs::create_dir(&answers).unwrap();
        std::fs::write(
            answers.join("numbers.md"),
            "Appeals should stay under 30 per 10k removals every week.\n",
        )
        .unwrap();
        std::fs::write(
            answers.join("weather.md"),
            "The weather was mild on the day we met.\n",
        )
        .unwrap();
        std::fs::write(answers.join("README.md"), "These answers are for a test.\n").unwrap();
        Fixture { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a copy of the bundled rubric with the first `weight = 14.0`
    /// (the metric element) set to `weight`.
    fn rubric_with_metric_weight(&self, name: &str, weight: &str) -> PathBuf {
        let text = bundled_text();
        assert!(
            text.contains("weight = 14.0"),
            "the bundled rubric's metric weight moved; update this fixture"
        );
        let changed = text.replacen("weight = 14.0", &format!("weight = {weight}"), 1);
        let path = self.path().join(name);
        std::fs::write(&path, changed).unwrap();
        path
    }
}

#[test]
fn identical_rubrics_print_no_change_and_exit_0() {
    let f = Fixture::new();
    let copy = f.path().join("copy.toml");
    std::fs::write(&copy, bundled_text()).unwrap();
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "copy.toml",
            "answers",
            "--fail-on-flip",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stdout(&o).contains("no change: 2 answers graded"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_weight_change_moves_only_the_answer_that_earns_the_element() {
    let f = Fixture::new();
    f.rubric_with_metric_weight("heavier.toml", "20.0");
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "heavier.toml",
            "answers",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    let listed: Vec<&str> = json["flips"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["moved"].as_array().unwrap())
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec!["answers/numbers.md"]);
    let change = json["flips"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["moved"].as_array().unwrap())
        .next()
        .unwrap();
    assert_eq!(change["delta"], 6.0);
    assert_eq!(change["elements"][0]["id"], "metric");
    assert_eq!(change["elements"][0]["old_points"], 14.0);
    assert_eq!(change["elements"][0]["new_points"], 20.0);
    assert_eq!(json["summary"]["answers"], 2, "the README is not an answer");
}

#[test]
fn fail_on_flip_exits_1_only_when_a_rating_flips() {
    let f = Fixture::new();
    // 14 -> 100 points for the metric pushes numbers.md into the top band.
    f.rubric_with_metric_weight("huge.toml", "100.0");
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "huge.toml",
            "answers",
            "--fail-on-flip",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "stdout: {}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("rating flipped (1):"), "{out}");
    assert!(out.contains("answers/numbers.md"), "{out}");
    assert!(out.contains("1 flipped (1 up, 0 down)"), "{out}");
    let without = run(f.path(), &["diff", "policy-impact", "huge.toml", "answers"]);
    assert_eq!(without.status.code(), Some(0));
}

#[test]
fn min_delta_hides_moves_that_are_not_larger() {
    let f = Fixture::new();
    f.rubric_with_metric_weight("heavier.toml", "20.0");
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "heavier.toml",
            "answers",
            "--min-delta",
            "6",
        ],
    );
    let out = stdout(&o);
    assert!(!out.contains("score moved by more than"), "{out}");
    assert!(out.contains("1 changed"), "{out}");
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "heavier.toml",
            "answers",
            "--min-delta",
            "5.9",
        ],
    );
    assert!(
        stdout(&o).contains("score moved by more than 5.9 (1):"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn markdown_format_renders_a_table_per_answer() {
    let f = Fixture::new();
    f.rubric_with_metric_weight("heavier.toml", "20.0");
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "heavier.toml",
            "answers",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("### Rubric diff:"), "{out}");
    assert!(out.contains("#### `answers/numbers.md`"), "{out}");
    assert!(
        out.contains("| element | `metric` | found +14.0 | found +20.0 |"),
        "{out}"
    );
}

#[test]
fn an_unknown_rubric_is_one_error_line_and_exit_2() {
    let f = Fixture::new();
    let o = run(
        f.path(),
        &["diff", "policy-impact", "no-such-rubric", "answers"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("rubricate: error: no-such-rubric"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn an_invalid_rubric_file_names_the_file_and_exits_2() {
    let f = Fixture::new();
    std::fs::write(f.path().join("broken.toml"), "id = \"x\"\ntitle = 3\n").unwrap();
    let o = run(
        f.path(),
        &["diff", "broken.toml", "policy-impact", "answers"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("rubricate: error: broken.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_answer_path_is_reported_and_exits_2() {
    let f = Fixture::new();
    let o = run(
        f.path(),
        &["diff", "policy-impact", "policy-impact", "nowhere"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nowhere: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_negative_min_delta_is_a_usage_error() {
    let f = Fixture::new();
    let o = run(
        f.path(),
        &[
            "diff",
            "policy-impact",
            "policy-impact",
            "answers",
            "--min-delta=-1",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--min-delta"), "{}", stderr(&o));
}

#[test]
fn paths_default_to_the_samples_folder() {
    let f = Fixture::new();
    std::fs::create_dir(f.path().join("samples")).unwrap();
    std::fs::write(
        f.path().join("samples/one.md"),
        "We raise the threshold on new uploads.\n",
    )
    .unwrap();
    let o = run(f.path(), &["diff", "policy-impact", "policy-impact"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stdout(&o).contains("no change: 1 answer graded"),
        "{}",
        stdout(&o)
    );
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn git_rev_path_reads_the_rubric_at_that_revision() {
    let f = Fixture::new();
    if !git(f.path(), &["init", "-q"]) {
        eprintln!("git is not available; skipping");
        return;
    }
    std::fs::write(f.path().join("rubric.toml"), bundled_text()).unwrap();
    assert!(git(f.path(), &["add", "rubric.toml"]));
    assert!(git(f.path(), &["commit", "-q", "-m", "first"]));
    f.rubric_with_metric_weight("rubric.toml", "100.0");
    let o = run(
        f.path(),
        &[
            "diff",
            "git:HEAD:rubric.toml",
            "rubric.toml",
            "answers",
            "--fail-on-flip",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("answers/numbers.md"), "{}", stdout(&o));
    let same = run(
        f.path(),
        &["diff", "git:HEAD:rubric.toml", "policy-impact", "answers"],
    );
    assert!(stdout(&same).contains("no change"), "{}", stdout(&same));
}

#[test]
fn git_failure_is_one_error_line_and_exit_2() {
    let f = Fixture::new();
    if !git(f.path(), &["init", "-q"]) {
        eprintln!("git is not available; skipping");
        return;
    }
    let o = run(
        f.path(),
        &["diff", "git:HEAD:missing.toml", "policy-impact", "answers"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "rubricate: error: git:HEAD:missing.toml: git show HEAD:missing.toml failed"
        ),
        "{err}"
    );
    let o = run(
        f.path(),
        &["diff", "git:nocolon", "policy-impact", "answers"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected git:REV:path"),
        "{}",
        stderr(&o)
    );
}
