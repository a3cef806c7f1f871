//! `--baseline`: a ratchet. Answers in the baseline fail only when they lost
//! rating or points; answers not in it are judged by their threshold.

mod common;

use std::path::Path;

use common::{code, fixture, run_in, stderr, stdout};

fn json_run(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    (code(&out), serde_json::from_str(&stdout(&out)).unwrap())
}

fn write(dir: &Path, name: &str, v: &serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path.display().to_string()
}

#[test]
fn unchanged_grades_pass_against_their_own_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, base) = json_run(&fixture(), &[]);
    assert_eq!(first, 1, "the fixture has answers below threshold");
    let path = write(tmp.path(), "base.json", &base);
    let (exit, again) = json_run(&fixture(), &["--baseline", &path]);
    assert_eq!(exit, 0);
    assert!(again["reports"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["passed"] == true));
}

#[test]
fn an_answer_that_lost_points_fails_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, mut base) = json_run(&fixture(), &[]);
    let target = base["reports"][0]["source"].as_str().unwrap().to_string();
    let score = base["reports"][0]["score"].as_f64().unwrap();
    base["reports"][0]["score"] = (score + 3.0).into();
    let path = write(tmp.path(), "base.json", &base);
    let (exit, now) = json_run(&fixture(), &["--baseline", &path]);
    assert_eq!(exit, 1);
    for r in now["reports"].as_array().unwrap() {
        let regressed = r["source"] == target.as_str();
        assert_eq!(r["passed"] == false, regressed, "{}", r["source"]);
    }
    let notes = &now["reports"][0]["notes"];
    assert!(notes.to_string().contains("regressed against the baseline"));
}

#[test]
fn an_answer_that_dropped_a_rating_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, mut base) = json_run(&fixture(), &[]);
    let reports = base["reports"].as_array_mut().unwrap();
    let i = reports
        .iter()
        .position(|r| r["rating"] != "policy-impact")
        .expect("a weaker answer");
    reports[i]["rating"] = "policy-impact".into();
    let path = write(tmp.path(), "base.json", &base);
    let (exit, now) = json_run(&fixture(), &["--baseline", &path]);
    assert_eq!(exit, 1);
    assert_eq!(now["reports"][i]["passed"], false);
}

#[test]
fn answers_missing_from_the_baseline_are_judged_by_threshold() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, plain) = json_run(&fixture(), &[]);
    let mut base = plain.clone();
    let reports = base["reports"].as_array_mut().unwrap();
    let i = plain["reports"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["passed"] == false)
        .unwrap();
    let dropped = reports.remove(i);
    let path = write(tmp.path(), "base.json", &base);
    let (exit, now) = json_run(&fixture(), &["--baseline", &path]);
    assert_eq!(exit, 1);
    let r = now["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == dropped["source"])
        .unwrap();
    assert_eq!(r["passed"], false);
}

#[test]
fn unreadable_baseline_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("base.json");
    std::fs::write(&path, "not json").unwrap();
    let out = run_in(
        &fixture(),
        &["check", "--baseline", &path.display().to_string()],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("rubricate: error: ") && err.contains("--format json"),
        "{err}"
    );
}
