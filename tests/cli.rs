//! The `rubricate grade` command end to end: formats, exit codes and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("rubricate-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const STRONG: &str =
    "I'd raise the confidence threshold so that the false-positive cost stays under $4k a day; \
                      the policy lead owns that threshold, and creators keep their trust.";
const WEAK: &str = "We should maximize recall.";

#[test]
fn jsonl_prints_one_report_per_answer_with_every_contract_field() {
    let dir = TempDir::new("jsonl");
    let a = dir.write("a.md", STRONG.as_bytes());
    let b = dir.write("b.txt", WEAK.as_bytes());
    let o = run(&["grade", "--format", "jsonl", &a, &b]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for field in [
            "schema_version",
            "source",
            "rubric",
            "score",
            "rating",
            "label",
            "elements",
            "penalties",
            "feedback",
            "passed",
        ] {
            assert!(v.get(field).is_some(), "missing {field}");
        }
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["rubric"]["id"], "policy-impact");
        assert!(v["rubric"]["digest"].as_str().unwrap().len() == 64);
        let ids: Vec<&str> = v["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["metric", "lever", "outcome", "ownership", "cost_of_error"]
        );
        for e in v["elements"].as_array().unwrap() {
            for ev in e["evidence"].as_array().unwrap() {
                for k in ["start", "end", "line", "column", "text"] {
                    assert!(ev.get(k).is_some());
                }
            }
        }
    }
}

#[test]
fn same_input_gives_byte_identical_output() {
    let dir = TempDir::new("determinism");
    let a = dir.write("a.md", STRONG.as_bytes());
    for format in ["json", "jsonl", "text"] {
        let first = run(&["grade", "--format", format, &a]);
        let second = run(&["grade", "--format", format, &a]);
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn json_wraps_reports_with_a_summary() {
    let dir = TempDir::new("json");
    let a = dir.write("a.md", STRONG.as_bytes());
    let o = run(&["grade", "--format", "json", &a]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
    assert_eq!(v["summary"]["answers"], 1);
}

#[test]
fn text_report_puts_score_and_rating_first() {
    let dir = TempDir::new("text");
    let a = dir.write("a.md", STRONG.as_bytes());
    let o = run(&["grade", &a]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert!(first.starts_with(&a), "{first}");
    assert!(
        first.contains("policy-impact") && first.contains("score"),
        "{first}"
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = bin()
        .args(["grade", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(STRONG.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"], "-");
}

#[test]
fn below_min_rating_exits_one_and_marks_the_report() {
    let dir = TempDir::new("threshold");
    let a = dir.write("a.md", WEAK.as_bytes());
    let o = run(&["grade", "--format", "jsonl", "--min-rating", "neutral", &a]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["passed"], false);
    let o = run(&["grade", "--min-score", "-100", &a]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["grade", "--min-score", "90", &a]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn directories_are_walked_for_markdown_and_text_in_order() {
    let dir = TempDir::new("walk");
    std::fs::create_dir_all(dir.0.join("sub")).unwrap();
    dir.write("b.md", STRONG.as_bytes());
    dir.write("sub/a.markdown", STRONG.as_bytes());
    dir.write("c.txt", WEAK.as_bytes());
    dir.write("ignored.rs", b"fn main() {}");
    let o = run(&["grade", "--format", "jsonl", &dir.0.display().to_string()]);
    let sources: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let names: Vec<String> = sources
        .iter()
        .map(|s| {
            Path::new(s)
                .strip_prefix(&dir.0)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["b.md", "c.txt", "sub/a.markdown"]);
}

fn assert_one_error_line(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("rubricate: error:") && lines[0].contains(needle),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn empty_file_is_one_clear_error() {
    let dir = TempDir::new("empty");
    let a = dir.write("empty.md", b"  \n\n");
    assert_one_error_line(&run(&["grade", &a]), "empty");
}

#[test]
fn binary_file_is_skipped_with_a_message() {
    let dir = TempDir::new("binary");
    let a = dir.write("bin.md", b"abc\0\x01\x02");
    assert_one_error_line(&run(&["grade", &a]), "binary");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = TempDir::new("utf8");
    let a = dir.write("bad.md", b"caf\xe9 au lait");
    assert_one_error_line(&run(&["grade", &a]), "offset 3");
}

#[test]
fn missing_file_is_reported_and_other_files_are_still_graded() {
    let dir = TempDir::new("missing");
    let a = dir.write("a.md", STRONG.as_bytes());
    let o = run(&["grade", "--format", "jsonl", &a, "no-such-file.md"]);
    assert_one_error_line(&o, "no-such-file.md");
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn malformed_rubric_names_file_line_and_column() {
    let dir = TempDir::new("rubric");
    let answer = dir.write("a.md", STRONG.as_bytes());
    let rubric = dir.write(
        "broken.toml",
        b"id = \"x\"\ntitle = \"t\"\nversion = \"1\"\ndescription = \"d\"\ncolour = 3\n",
    );
    let o = run(&["grade", "--rubric", &rubric, &answer]);
    assert_one_error_line(&o, "broken.toml:5:1");
    let o = run(&["grade", "--rubric", "no-such-rubric", &answer]);
    assert_one_error_line(&o, "no-such-rubric");
}

#[test]
fn bad_flag_value_is_a_usage_error() {
    let o = run(&["grade", "--min-rating", "excellent", "x.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("excellent"));
}

#[test]
fn walking_a_folder_skips_its_readme_but_a_named_readme_is_graded() {
    let dir = TempDir::new("readme");
    dir.write("answer.md", STRONG.as_bytes());
    let readme = dir.write("README.md", STRONG.as_bytes());
    let o = run(&["grade", "--format", "jsonl", &dir.0.display().to_string()]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("answer.md"));
    let o = run(&["grade", "--format", "jsonl", &readme]);
    assert_eq!(stdout(&o).lines().count(), 1);
}
