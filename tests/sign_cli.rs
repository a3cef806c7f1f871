//! `rubricate keygen`, `grade --sign` and `rubricate verify` as a user runs them.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_rubricate");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A folder with a key pair `key` / `key.pub` and two answers.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(
        dir.path().join("notes/a.md"),
        "I would raise the confidence threshold so that false-positive cost stays under $4k a day.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes/b.md"),
        "Our detector reaches 98% accuracy on the benchmark.\n",
    )
    .unwrap();
    let o = run(dir.path(), &["keygen", "--out", "key"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    dir
}

fn grade_signed(dir: &Path, format: &str) -> String {
    let o = run(
        dir,
        &["grade", "notes", "--format", format, "--sign", "key"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    out(&o)
}

#[test]
fn keygen_writes_a_private_secret_key_and_a_public_key() {
    let dir = fixture();
    let secret = std::fs::read_to_string(dir.path().join("key")).unwrap();
    let public = std::fs::read_to_string(dir.path().join("key.pub")).unwrap();
    assert!(secret.starts_with("rubricate ed25519 secret key\n"));
    assert!(public.starts_with("rubricate ed25519 public key\n"));
    assert_eq!(public.lines().nth(1).unwrap().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn keygen_refuses_to_overwrite_without_force() {
    let dir = fixture();
    let before = std::fs::read(dir.path().join("key")).unwrap();
    let o = run(dir.path(), &["keygen", "--out", "key"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("already exists (pass --force"),
        "{}",
        err(&o)
    );
    assert_eq!(std::fs::read(dir.path().join("key")).unwrap(), before);
    // Only the public half left behind still blocks a new pair.
    std::fs::remove_file(dir.path().join("key")).unwrap();
    let o = run(dir.path(), &["keygen", "--out", "key"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("key.pub: already exists"), "{}", err(&o));
    let o = run(dir.path(), &["keygen", "--out", "key", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_ne!(std::fs::read(dir.path().join("key")).unwrap(), before);
}

#[test]
fn keygen_into_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["keygen", "--out", "no/such/dir/key"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).starts_with("rubricate: error: no/such/dir/key: cannot write key"),
        "{}",
        err(&o)
    );
}

#[test]
fn signed_json_verifies_and_prints_valid() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    let o = run(
        dir.path(),
        &[
            "verify",
            "r.json",
            "--key",
            "key.pub",
            "--rubric",
            "policy-impact",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert_eq!(text.lines().last(), Some("valid"));
    assert!(
        text.contains("ok   notes/a.md: signature, answer digest, rubric digest"),
        "{text}"
    );
    assert!(text.contains("ok   notes/b.md"), "{text}");
}

#[test]
fn signed_jsonl_and_a_single_report_verify() {
    let dir = fixture();
    let lines = grade_signed(dir.path(), "jsonl");
    std::fs::write(dir.path().join("r.jsonl"), &lines).unwrap();
    let o = run(dir.path(), &["verify", "r.jsonl", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    std::fs::write(dir.path().join("one.json"), lines.lines().next().unwrap()).unwrap();
    let o = run(
        dir.path(),
        &[
            "verify",
            "one.json",
            "--key",
            "key.pub",
            "--answer",
            "notes/a.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn a_hand_edited_score_fails_verification() {
    let dir = fixture();
    let text = grade_signed(dir.path(), "json");
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let score = doc["reports"][1]["score"].as_f64().unwrap();
    doc["reports"][1]["score"] = serde_json::json!(score + 50.0);
    std::fs::write(
        dir.path().join("r.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
    let o = run(dir.path(), &["verify", "r.json", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("FAIL notes/b.md: signature:"), "{text}");
    assert!(text.contains("ok   notes/a.md"), "{text}");
    assert!(
        text.ends_with("verification failed: 1 of 2 reports\n"),
        "{text}"
    );
}

#[test]
fn a_textual_edit_of_the_score_fails_verification() {
    let dir = fixture();
    let text = grade_signed(dir.path(), "jsonl");
    let first = text.lines().next().unwrap();
    let at = first.find("\"score\":").unwrap() + "\"score\":".len();
    let end = at + first[at..].find(',').unwrap();
    let edited = format!("{}99.0{}", &first[..at], &first[end..]);
    assert_ne!(edited, first);
    std::fs::write(dir.path().join("one.json"), edited).unwrap();
    let o = run(dir.path(), &["verify", "one.json", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("signature"), "{}", out(&o));
}

#[test]
fn a_changed_answer_fails_the_answer_digest() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    std::fs::write(dir.path().join("notes/a.md"), "A different answer.\n").unwrap();
    let o = run(dir.path(), &["verify", "r.json", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("FAIL notes/a.md: answer digest: notes/a.md: the answer's SHA-256"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_missing_answer_file_is_skipped_not_failed() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    std::fs::remove_dir_all(dir.path().join("notes")).unwrap();
    let o = run(dir.path(), &["verify", "r.json", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("answer not checked"), "{}", out(&o));
}

#[test]
fn another_rubric_fails_the_rubric_digest() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    let changed = rubricate::rubric::BUNDLED[0]
        .1
        .replacen("weight = 14.0", "weight = 13.0", 1);
    std::fs::write(dir.path().join("changed.toml"), changed).unwrap();
    let o = run(
        dir.path(),
        &[
            "verify",
            "r.json",
            "--key",
            "key.pub",
            "--rubric",
            "changed.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("rubric digest: graded with rubric `policy-impact`"),
        "{}",
        out(&o)
    );
}

#[test]
fn another_public_key_fails() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    run(dir.path(), &["keygen", "--out", "other"]);
    let o = run(dir.path(), &["verify", "r.json", "--key", "other.pub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("signed by another key"), "{}", out(&o));
}

#[test]
fn an_unsigned_report_fails() {
    let dir = fixture();
    let o = run(dir.path(), &["grade", "notes", "--format", "json"]);
    std::fs::write(dir.path().join("r.json"), out(&o)).unwrap();
    let o = run(dir.path(), &["verify", "r.json", "--key", "key.pub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("not signed"), "{}", out(&o));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let dir = fixture();
    std::fs::write(dir.path().join("r.json"), grade_signed(dir.path(), "json")).unwrap();
    std::fs::write(dir.path().join("junk.json"), "not json at all").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["verify", "r.json", "--key", "missing.pub"],
            "missing.pub: cannot read key: no such file",
        ),
        (
            vec!["verify", "r.json", "--key", "key"],
            "not a public key file",
        ),
        (
            vec!["verify", "nothing.json", "--key", "key.pub"],
            "nothing.json: no such file",
        ),
        (
            vec!["verify", "junk.json", "--key", "key.pub"],
            "junk.json: not JSON",
        ),
        (
            vec![
                "verify",
                "r.json",
                "--key",
                "key.pub",
                "--answer",
                "notes/a.md",
            ],
            "holds 2 reports",
        ),
        (
            vec!["verify", "r.json", "--key", "key.pub", "--rubric", "nope"],
            "nope",
        ),
        (
            vec!["grade", "notes", "--sign", "key"],
            "--sign needs --format json",
        ),
        (
            vec!["grade", "notes", "--format", "json", "--sign", "key.pub"],
            "not a secret key file",
        ),
        (
            vec!["grade", "notes", "--format", "json", "--sign", "absent"],
            "absent: cannot read key",
        ),
    ];
    for (args, message) in cases {
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = err(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(
            e.starts_with("rubricate: error: ") && e.contains(message),
            "{args:?}: {e}"
        );
    }
}

#[test]
fn verify_reads_the_report_from_stdin() {
    let dir = fixture();
    let text = grade_signed(dir.path(), "json");
    let mut child = Command::new(BIN)
        .args(["verify", "-", "--key", "key.pub"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).ends_with("valid\n"));
}
