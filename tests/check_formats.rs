//! Every `check` output format, rendered on the fixture notes and pinned with
//! insta snapshots (review changes with `cargo insta review`).

mod common;

use common::{check_fixture, code, run_in, stderr, stdout};

fn snapshot_of(format: &str) -> String {
    let out = check_fixture(format);
    assert_eq!(stderr(&out), "", "no error lines for the fixture");
    let exit = code(&out);
    assert!(exit == 0 || exit == 1, "graded without errors, exit {exit}");
    stdout(&out)
}

#[test]
fn text_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("text"));
}

#[test]
fn json_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("json"));
}

#[test]
fn jsonl_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("jsonl"));
}

#[test]
fn sarif_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("sarif"));
}

#[test]
fn junit_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("junit"));
}

#[test]
fn github_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("github"));
}

#[test]
fn markdown_format_snapshot() {
    insta::assert_snapshot!(snapshot_of("markdown"));
}

#[test]
fn exit_code_is_one_exactly_when_a_report_failed() {
    let out = check_fixture("json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let failed = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["passed"] == false);
    assert_eq!(code(&out), if failed { 1 } else { 0 });
    assert_eq!(v["summary"]["failed"].as_u64().unwrap() > 0, failed);
}

#[test]
fn every_format_is_byte_identical_with_one_and_two_threads() {
    let dir = common::fixture();
    for format in [
        "text", "json", "jsonl", "sarif", "junit", "github", "markdown",
    ] {
        let one = run_in(&dir, &["check", "--jobs", "1", "--format", format]);
        let two = run_in(&dir, &["check", "--jobs", "2", "--format", format]);
        assert_eq!(one.stdout, two.stdout, "format {format}");
        assert_eq!(code(&one), code(&two));
    }
}

#[test]
fn split_sections_are_named_by_heading_anchor_and_located_in_the_file() {
    let out = check_fixture("json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let reports = v["reports"].as_array().unwrap();
    let sections: Vec<&str> = reports
        .iter()
        .filter_map(|r| r["source"].as_str())
        .filter(|s| s.starts_with("round3/synthetic-surge.md#"))
        .collect();
    assert_eq!(
        sections,
        [
            "round3/synthetic-surge.md#where-i-would-set-the-threshold",
            "round3/synthetic-surge.md#what-i-would-not-do"
        ]
    );
    let text =
        std::fs::read_to_string(common::fixture().join("round3/synthetic-surge.md")).unwrap();
    for r in reports.iter().filter(|r| r["section"].is_object()) {
        let start = r["section"]["start"].as_u64().unwrap() as usize;
        let end = r["section"]["end"].as_u64().unwrap() as usize;
        for ev in r["elements"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["evidence"].as_array().unwrap())
        {
            let (s, e) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            assert!(start <= s && e <= end, "evidence inside its section");
            assert_eq!(&text[s..e], ev["text"].as_str().unwrap());
            let line = text[..s].matches('\n').count() + 1;
            assert_eq!(ev["line"].as_u64().unwrap() as usize, line);
        }
    }
}

#[test]
fn grade_accepts_split_and_the_ci_formats() {
    let dir = common::fixture();
    let out = run_in(
        &dir,
        &[
            "grade",
            "--split",
            "h2",
            "--format",
            "jsonl",
            "round3/synthetic-surge.md",
        ],
    );
    assert_eq!(stdout(&out).lines().count(), 2);
    let out = run_in(&dir, &["grade", "--format", "sarif", "plain/repo-brag.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["version"], "2.1.0");
}
