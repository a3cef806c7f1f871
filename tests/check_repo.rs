//! A throwaway git repository of about fifty prep notes in mixed folders,
//! with a config, front matter and .gitignore rules: `check` grades exactly
//! the notes the config names, each with the right rubric, and exits 1
//! exactly when a note falls below its threshold.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{code, run_in, stderr, stdout};

const TEAM_RUBRIC_ID: &str = "team-lens";

const BODIES: [&str; 5] = [
    "I would send uploads scoring between 0.6 and 0.9 to the human review tier so that the queue stays under 1.5k items/day; the integrity lead owns that band.",
    "My detector reaches 97% recall. I would ship it this sprint.",
    "Moderation is hard and there are many trade-offs to weigh.",
    "Each wrongly removed creator video costs about $2 in appeal handling, so the policy team caps false positives at 0.4 % of removals a week.",
    "Label synthetic clips with provenance checks, which cuts viewer reports of deceptive videos while keeping appeals flat.",
];

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds the repository; returns, for every note written, the rubric id
/// expected to grade it (`None`: not graded).
fn build(root: &Path, config: &str) -> BTreeMap<String, Option<&'static str>> {
    let mut expected = BTreeMap::new();
    let team = rubricate::rubric::BUNDLED[0].1.replacen(
        "id = \"policy-impact\"",
        &format!("id = \"{TEAM_RUBRIC_ID}\""),
        1,
    );
    assert!(team.contains(TEAM_RUBRIC_ID));
    write(root, "rubrics/team.toml", &team);
    write(root, "rubricate.toml", config);
    write(root, ".gitignore", "scratch/\n*.bak.md\n");
    write(root, "interviews/round1/.gitignore", "private-*.md\n");
    let mut n = 0;
    let mut body = || {
        n += 1;
        format!("{}\n", BODIES[n % BODIES.len()])
    };
    for i in 0..14 {
        let name = format!("interviews/round1/note-{i:02}.md");
        write(root, &name, &body());
        expected.insert(name, Some("policy-impact"));
    }
    for i in 0..4 {
        // front matter naming the team rubric by path wins over the table's rubric
        let name = format!("interviews/round1/fm-team-{i}.md");
        write(
            root,
            &name,
            &format!("---\nrubric: rubrics/team.toml\n---\n{}", body()),
        );
        expected.insert(name, Some(TEAM_RUBRIC_ID));
    }
    for i in 0..3 {
        let name = format!("interviews/round1/private-{i}.md");
        write(root, &name, &body());
        expected.insert(name, None);
    }
    for i in 0..10 {
        let name = format!("interviews/round3/deep/q{i}.md");
        write(root, &name, &body());
        expected.insert(name, Some(TEAM_RUBRIC_ID));
    }
    for i in 0..3 {
        let name = format!("interviews/round3/fm-default-{i}.md");
        write(
            root,
            &name,
            &format!(
                "---\nrubric: policy-impact\nquestion: surge\n---\n{}",
                body()
            ),
        );
        expected.insert(name, Some("policy-impact"));
    }
    for i in 0..3 {
        let name = format!("interviews/round3/plain-{i}.txt");
        write(root, &name, &body());
        expected.insert(name, Some("policy-impact"));
    }
    for i in 0..4 {
        let name = format!("interviews/drafts/d{i}.md");
        write(root, &name, &body());
        expected.insert(name, None);
    }
    for i in 0..5 {
        let name = format!("journal/day-{i}.md");
        write(root, &name, &body());
        expected.insert(name, None);
    }
    for i in 0..2 {
        let name = format!("scratch/s{i}.md");
        write(root, &name, &body());
        expected.insert(name, None);
    }
    let name = "interviews/round1/old.bak.md".to_string();
    write(root, &name, &body());
    expected.insert(name, None);
    write(root, "interviews/round1/diagram.png", "not a note");
    if Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(root)
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(root.join(".git").is_dir());
    }
    expected
}

const CONFIG: &str = r#"# round 3 notes use the team's own rubric
[[check]]
paths = ["interviews/round3/**/*.md"]
rubric = "rubrics/team.toml"
min-score = -100

[[check]]
paths = ["interviews/**/*.md", "interviews/**/*.txt"]
exclude = ["interviews/drafts/**"]
rubric = "policy-impact"
min-rating = "technical-only"
"#;

fn graded(root: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(root, &all);
    assert_eq!(stderr(&out), "");
    (code(&out), serde_json::from_str(&stdout(&out)).unwrap())
}

#[test]
fn check_grades_exactly_the_configured_notes_with_their_rubrics() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = build(tmp.path(), CONFIG);
    assert!(expected.len() >= 45, "about fifty notes");
    let (exit, json) = graded(tmp.path(), &[]);
    let got: BTreeMap<String, String> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap().to_string(),
                r["rubric"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeMap<String, String> = expected
        .iter()
        .filter_map(|(k, v)| v.map(|id| (k.clone(), id.to_string())))
        .collect();
    assert_eq!(got, want);
    let sources: Vec<&String> = got.keys().collect();
    let order: Vec<&str> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        sources.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "sorted by path"
    );
    assert_eq!(exit, 0, "every threshold is met by any grade");
}

#[test]
fn exit_code_is_one_exactly_when_a_note_is_below_its_threshold() {
    let tmp = tempfile::tempdir().unwrap();
    build(
        tmp.path(),
        &CONFIG.replace(
            "min-rating = \"technical-only\"",
            "min-rating = \"policy-impact\"",
        ),
    );
    let (exit, json) = graded(tmp.path(), &[]);
    let rank = |r: &str| {
        ["technical-only", "neutral", "policy-impact"]
            .iter()
            .position(|x| *x == r)
            .unwrap()
    };
    let mut any_below = false;
    for r in json["reports"].as_array().unwrap() {
        let source = r["source"].as_str().unwrap();
        let lenient = source.starts_with("interviews/round3/") && source.ends_with(".md");
        let below = !lenient && rank(r["rating"].as_str().unwrap()) < 2;
        assert_eq!(r["passed"] == false, below, "{source}");
        any_below |= below;
    }
    assert!(any_below, "some notes are weak");
    assert_eq!(exit, 1);

    // min-score = 100 cannot be met by these short notes: the round-3 table fails
    build(
        tmp.path(),
        &CONFIG.replace("min-score = -100", "min-score = 100"),
    );
    let (exit, json) = graded(tmp.path(), &[]);
    assert_eq!(exit, 1);
    for r in json["reports"].as_array().unwrap() {
        let source = r["source"].as_str().unwrap();
        let strict = source.starts_with("interviews/round3/") && source.ends_with(".md");
        assert_eq!(r["passed"] == false, strict, "{source}");
    }
}

#[test]
fn named_paths_are_checked_with_the_config_rules() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), CONFIG);
    let (exit, json) = graded(
        tmp.path(),
        &[
            "interviews/round3/deep",
            "journal/day-1.md",
            "interviews/round1/note-03.md",
            "interviews/round1/private-0.md",
        ],
    );
    assert_eq!(exit, 0);
    let got: Vec<(&str, &str)> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap(),
                r["rubric"]["id"].as_str().unwrap(),
            )
        })
        .collect();
    let mut want: Vec<(String, &str)> = (0..10)
        .map(|i| (format!("interviews/round3/deep/q{i}.md"), TEAM_RUBRIC_ID))
        .collect();
    want.push(("interviews/round1/note-03.md".to_string(), "policy-impact"));
    want.push((
        "interviews/round1/private-0.md".to_string(),
        "policy-impact",
    ));
    want.sort();
    let want: Vec<(&str, &str)> = want.iter().map(|(s, r)| (s.as_str(), *r)).collect();
    assert_eq!(got, want);
}

#[test]
fn output_is_byte_identical_with_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), CONFIG);
    for format in ["text", "jsonl", "sarif", "github"] {
        let one = run_in(tmp.path(), &["check", "--jobs", "1", "--format", format]);
        let two = run_in(tmp.path(), &["check", "--jobs", "2", "--format", format]);
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, two.stdout, "{format}");
    }
    let graded_one = run_in(
        tmp.path(),
        &["grade", "--jobs", "1", "--format", "jsonl", "interviews"],
    );
    let mut two = Command::new(env!("CARGO_BIN_EXE_rubricate"));
    let graded_two = two
        .current_dir(tmp.path())
        .args(["grade", "--format", "jsonl", "interviews"])
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    assert_eq!(graded_one.stdout, graded_two.stdout);
}
