//! `rubricate rubrics`: list, show, check and test, through the binary.

use std::process::{Command, Output};

fn rubricate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FRAMEWORKS: [&str; 5] = [
    "mlo-triad",
    "cost-of-error",
    "error-cost-matrix",
    "governance-lens",
    "product-sense",
];

#[test]
fn list_prints_one_line_per_bundled_rubric_with_id_version_and_title() {
    let o = rubricate(&["rubrics", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), rubricate::rubric::BUNDLED.len());
    for id in std::iter::once("policy-impact").chain(FRAMEWORKS) {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} not listed:\n{out}"));
        assert!(line
            .split_whitespace()
            .nth(1)
            .is_some_and(|v| v.contains('.')));
    }
}

#[test]
fn show_names_elements_weights_anti_patterns_bands_and_questions() {
    let o = rubricate(&["rubrics", "show", "governance-lens"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "questions:",
        "elements",
        "bias_awareness",
        "anti-patterns:",
        "speed_over_governance",
        "bands:",
        "governance instincts missing",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

#[test]
fn show_reads_a_rubric_file_by_path() {
    let o = rubricate(&["rubrics", "show", "tests/fixtures/rubrics/valid.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("fixture 0.1.0: Fixture"));
}

#[test]
fn show_of_an_unknown_rubric_is_one_error_line_and_exit_2() {
    let o = rubricate(&["rubrics", "show", "no-such-rubric"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("rubricate: error: "));
}

#[test]
fn check_accepts_every_bundled_rubric_file() {
    let files: Vec<String> = std::iter::once("policy-impact")
        .chain(FRAMEWORKS)
        .map(|id| format!("rubrics/{id}.toml"))
        .collect();
    let mut args = vec!["rubrics", "check"];
    args.extend(files.iter().map(String::as_str));
    let o = rubricate(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches(": ok (").count(), files.len());
}

/// Checks one broken fixture: exit 2, one error line located at
/// `file:line:column` (the offending key or value), with a message that names the problem.
fn check_fails(fixture: &str, at: &str, message: &str) {
    let path = format!("tests/fixtures/rubrics/{fixture}");
    let o = rubricate(&["rubrics", "check", &path]);
    assert_eq!(o.status.code(), Some(2), "{fixture}: {}", stdout(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let prefix = format!("rubricate: error: {path}:{at}: ");
    assert!(err.starts_with(&prefix), "expected {prefix:?}, got {err}");
    assert!(err.contains(message), "expected {message:?} in {err}");
}

#[test]
fn check_reports_an_unknown_field_at_its_line() {
    check_fails("unknown-field.toml", "15:1", "unknown field `wieght`");
}

#[test]
fn check_reports_a_duplicate_element_id_at_the_second_one() {
    check_fails("duplicate-id.toml", "21:6", "duplicate id `ownership`");
}

#[test]
fn check_reports_an_invalid_regex_at_the_pattern() {
    check_fails("bad-regex.toml", "12:10", "invalid regex");
}

#[test]
fn check_reports_overlapping_bands() {
    check_fails("band-overlap.toml", "29:7", "overlaps");
}

#[test]
fn check_reports_a_gap_between_bands() {
    check_fails("band-gap.toml", "29:7", "gap between 30 and 35");
}

#[test]
fn check_reports_a_band_no_score_can_reach() {
    check_fails("band-unreachable.toml", "29:7", "no answer can reach it");
}

#[test]
fn check_reports_a_band_requiring_an_unknown_element() {
    check_fails(
        "band-requires-unknown.toml",
        "29:13",
        "requires `metric`, which is no element of this rubric",
    );
}

#[test]
fn check_reports_an_unless_pairing_an_element_with_an_unknown_atom() {
    check_fails(
        "unless-unknown-atom.toml",
        "27:11",
        "anti_patterns[0].unless: unknown term set or pattern `no_such_atom`",
    );
}

#[test]
fn check_reports_a_technical_exception_naming_an_unknown_atom() {
    check_fails(
        "technical-except-unknown.toml",
        "47:11",
        "technical.except: unknown term set or pattern `no_such_atom`",
    );
}

#[test]
fn check_reports_a_link_carried_on_an_unknown_atom() {
    check_fails(
        "link-carry-unknown.toml",
        "34:71",
        "bonuses[0].when.carry: unknown term set or pattern `no_such_atom`",
    );
}

#[test]
fn check_reports_a_rule_naming_an_unknown_term_set() {
    check_fails(
        "unknown-term-set.toml",
        "18:33",
        "unknown term set or pattern `no_such_set`",
    );
}

#[test]
fn check_reports_a_none_list_naming_an_unknown_term_set() {
    check_fails(
        "unknown-none-set.toml",
        "18:50",
        "rules[0].none: unknown term set or pattern `no_such_none`",
    );
}

#[test]
fn check_goes_on_after_a_broken_file_and_still_exits_2() {
    let o = rubricate(&[
        "rubrics",
        "check",
        "tests/fixtures/rubrics/band-gap.toml",
        "tests/fixtures/rubrics/valid.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("valid.toml: ok ("));
}

#[test]
fn check_of_a_missing_file_is_exit_2() {
    let o = rubricate(&["rubrics", "check", "tests/fixtures/rubrics/absent.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("absent.toml:1:1: cannot read rubric"));
}

#[test]
fn test_passes_on_every_bundled_rubric_by_default() {
    let o = rubricate(&["rubrics", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

#[test]
fn test_exits_1_and_shows_the_evidence_of_a_failing_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rubrics/valid.toml"),
    )
    .expect("fixture");
    let path = dir.path().join("mislabelled.toml");
    std::fs::write(
        &path,
        format!(
            "{base}\n[[examples]]\nname = \"owner named\"\ntext = \"The policy lead is the owner of the threshold.\"\nrating = \"neutral\"\n"
        ),
    )
    .expect("write");
    let o = rubricate(&["rubrics", "test", path.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("FAIL  #1 owner named"), "{out}");
    assert!(
        out.contains("rating: expected neutral, graded policy-impact"),
        "{out}"
    );
    assert!(out.contains("\"owner of the threshold\""), "{out}");
}
