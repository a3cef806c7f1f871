//! Config errors: one located error line and exit code 2.

mod common;

use std::path::Path;

use common::{code, run_in, stderr};

fn check_with(config: &str) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("rubricate.toml"), config).unwrap();
    std::fs::create_dir(tmp.path().join("notes")).unwrap();
    std::fs::write(
        tmp.path().join("notes/a.md"),
        "A short note about review queues.\n",
    )
    .unwrap();
    let out = run_in(tmp.path(), &["check"]);
    (code(&out), stderr(&out))
}

fn assert_one_error(err: &str) {
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("rubricate: error: "), "{err}");
}

#[test]
fn unknown_key_is_reported_with_line_and_column() {
    let (exit, err) =
        check_with("[[check]]\npaths = [\"notes/*.md\"]\n  min-ratting = \"neutral\"\n");
    assert_eq!(exit, 2);
    assert_one_error(&err);
    assert!(err.contains("rubricate.toml:3:3: "), "{err}");
    assert!(err.contains("min-ratting"), "{err}");
}

#[test]
fn unknown_top_level_table_is_an_error() {
    let (exit, err) = check_with("[checks]\npaths = [\"notes/*.md\"]\n");
    assert_eq!(exit, 2);
    assert_one_error(&err);
    assert!(err.contains("rubricate.toml:1:"), "{err}");
}

#[test]
fn bad_glob_is_reported_at_the_glob() {
    let (exit, err) = check_with("[[check]]\npaths = [\"notes/{a,b.md\"]\n");
    assert_eq!(exit, 2);
    assert_one_error(&err);
    assert!(
        err.contains("rubricate.toml:2:10: check.paths: bad glob"),
        "{err}"
    );
}

#[test]
fn unknown_rubric_id_is_a_config_error() {
    let (exit, err) =
        check_with("[[check]]\npaths = [\"notes/*.md\"]\nrubric = \"no-such-framework\"\n");
    assert_eq!(exit, 2);
    assert_one_error(&err);
    assert!(
        err.contains("rubricate.toml:3:10: check.rubric: unknown rubric `no-such-framework`"),
        "{err}"
    );
}

#[test]
fn missing_config_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["check"]);
    assert_eq!(code(&out), 2);
    assert_one_error(&stderr(&out));
    assert!(stderr(&out).contains("no rubricate.toml found"));
}

#[test]
fn config_is_found_in_a_parent_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("rubricate.toml"),
        "[[check]]\npaths = [\"notes/*.md\"]\nmin-score = -100\n",
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join("notes")).unwrap();
    std::fs::write(
        tmp.path().join("notes/a.md"),
        "A short note about review queues.\n",
    )
    .unwrap();
    let out = run_in(&tmp.path().join("notes"), &["check", "--format", "jsonl"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(common::stdout(&out).contains("\"source\":\"notes/a.md\""));
}

#[test]
fn unknown_front_matter_rubric_fails_that_note() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("rubricate.toml"),
        "[[check]]\npaths = [\"*.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("a.md"),
        "---\nrubric: not-a-rubric\n---\nText.\n",
    )
    .unwrap();
    let out = run_in(
        tmp.path(),
        &[
            "check",
            "--config",
            &Path::new("rubricate.toml").display().to_string(),
        ],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_one_error(&err);
    assert!(
        err.contains("a.md: front matter: unknown rubric `not-a-rubric`"),
        "{err}"
    );
}

#[test]
fn folder_outside_the_project_is_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    std::fs::create_dir_all(project.join("notes")).unwrap();
    std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
    for i in 0..3 {
        std::fs::write(tmp.path().join(format!("elsewhere/n{i}.md")), "Text.\n").unwrap();
    }
    std::fs::write(
        project.join("rubricate.toml"),
        "[[check]]\npaths = [\"**/*.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        project.join("notes/a.md"),
        "A short note about review queues.\n",
    )
    .unwrap();
    let out = run_in(&project, &["check", "../elsewhere"]);
    assert_eq!(code(&out), 2);
    assert_one_error(&stderr(&out));
    assert!(stderr(&out).contains("../elsewhere: outside the project folder"));
    // a folder above the root stands for the whole project
    let out = run_in(&project, &["check", "..", "--format", "jsonl"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(common::stdout(&out).lines().count(), 1);
}
