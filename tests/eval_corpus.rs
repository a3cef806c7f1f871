//! `rubricate eval` on a JSON Lines corpus: the same figures as on the same
//! answers written as Markdown files with front matter, unsure labels left out
//! of the element and anti-pattern figures, a bad row reported with its line
//! number while the others are graded, and `--subset` keeping one split.
//!
//! The answers are written for this test.

mod common;

use std::path::Path;

use common::{code, run_in, stderr, stdout};
use serde_json::{json, Value};

/// One labelled answer: id, split, text, rating, elements, anti-patterns,
/// unsure elements, unsure anti-patterns.
struct Row {
    id: &'static str,
    split: Option<&'static str>,
    text: &'static str,
    rating: &'static str,
    elements: &'static [&'static str],
    antipatterns: &'static [&'static str],
    elements_unsure: &'static [&'static str],
    antipatterns_unsure: &'static [&'static str],
}

const ROWS: [Row; 8] = [
    Row {
        id: "threshold",
        split: Some("tune"),
        text: "I would raise the removal threshold of the deepfake classifier so that \
               wrongful takedowns of satire stay under 50 a week, because each wrongful \
               takedown costs about $40 in appeal review. The trust and safety lead owns \
               the weekly threshold review, and success means creator appeals fall by \
               20 % within a quarter.",
        rating: "policy-impact",
        elements: &["metric", "lever", "outcome", "ownership", "cost_of_error"],
        antipatterns: &[],
        elements_unsure: &[],
        antipatterns_unsure: &[],
    },
    Row {
        id: "latency",
        split: Some("tune"),
        text: "We retrained the face-swap detector on two million new frames and moved \
               inference to GPUs, which cut latency from 300 ms to 90 ms.",
        rating: "technical-only",
        elements: &[],
        antipatterns: &[],
        // The engine reads "moved inference" as a lever; the labeller could not decide.
        elements_unsure: &["lever"],
        antipatterns_unsure: &[],
    },
    Row {
        id: "vague",
        split: Some("hold"),
        text: "Deepfake moderation is hard because the fakes keep getting better, and \
               the team should keep a close eye on the problem.",
        rating: "neutral",
        elements: &[],
        antipatterns: &[],
        elements_unsure: &[],
        antipatterns_unsure: &[],
    },
    Row {
        id: "block-all",
        split: Some("hold"),
        text: "We should just block all AI-generated video on the platform until the \
               detector is better.",
        rating: "technical-only",
        elements: &[],
        antipatterns: &[],
        elements_unsure: &[],
        antipatterns_unsure: &["blanket_block"],
    },
    Row {
        id: "labels",
        split: None,
        text: "Labelling synthetic political ads instead of removing them keeps the \
               false-positive rate for genuine campaign videos below 0.5 %, and the \
               elections policy manager decides when a label becomes a removal, since a \
               wrongful removal during an election costs us far more trust than a late \
               label.",
        rating: "policy-impact",
        elements: &["metric", "lever", "ownership", "cost_of_error"],
        antipatterns: &[],
        elements_unsure: &["outcome"],
        antipatterns_unsure: &[],
    },
    Row {
        id: "morning-queue",
        split: Some("tune"),
        text: "Our review team looks at voice-clone reports from users each morning and \
               answers the most urgent ones first.",
        rating: "neutral",
        elements: &[],
        antipatterns: &[],
        elements_unsure: &[],
        antipatterns_unsure: &[],
    },
    Row {
        id: "list",
        split: Some("tune"),
        text: "Plan for cloned-voice scam calls:\n\n\
               - Lever: hold payouts for 24 hours when a \"family emergency\" call matches \
               a known voice clone.\n\
               - Metric: share of held payouts that were genuine, kept under 2 %.\n\
               - Owner: the fraud operations manager, who can lift the hold.\n",
        rating: "policy-impact",
        elements: &["metric", "lever", "ownership"],
        antipatterns: &[],
        elements_unsure: &["cost_of_error"],
        antipatterns_unsure: &[],
    },
    Row {
        id: "accuracy",
        split: Some("hold"),
        text: "Our new deepfake detector reaches 98 % accuracy on the public benchmark, \
               the best result of any model we tried.",
        rating: "technical-only",
        elements: &[],
        antipatterns: &["unanchored_accuracy"],
        elements_unsure: &["metric"],
        antipatterns_unsure: &[],
    },
];

fn corpus_line(row: &Row, with_unsure: bool) -> String {
    let mut v = json!({
        "id": row.id,
        "text": row.text,
        "rating": row.rating,
        "elements": row.elements,
        "antipatterns": row.antipatterns,
        "license": "CC0-1.0",
    });
    if with_unsure {
        v["elements_unsure"] = json!(row.elements_unsure);
        v["antipatterns_unsure"] = json!(row.antipatterns_unsure);
    }
    if let Some(split) = row.split {
        v["split"] = json!(split);
    }
    v.to_string()
}

fn write_corpus(path: &Path, with_unsure: bool) {
    let lines: Vec<String> = ROWS.iter().map(|r| corpus_line(r, with_unsure)).collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("corpus written");
}

/// The same answers as Markdown files with their labels in front matter.
fn write_markdown(dir: &Path) {
    std::fs::create_dir_all(dir).expect("folder made");
    let list = |ids: &[&str]| format!("[{}]", ids.join(", "));
    for row in &ROWS {
        let text = format!(
            "---\nexpected:\n  rating: {}\n  elements: {}\n  anti_patterns: {}\n  \
             elements_unsure: {}\n  anti_patterns_unsure: {}\n---\n{}\n",
            row.rating,
            list(row.elements),
            list(row.antipatterns),
            list(row.elements_unsure),
            list(row.antipatterns_unsure),
            row.text
        );
        std::fs::write(dir.join(format!("{}.md", row.id)), text).expect("answer written");
    }
}

fn eval_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["eval", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("eval prints JSON")
}

/// Replaces each disagreement's source by the answer id it names, so that
/// `corpus.jsonl#latency` and `md/latency.md` compare equal, and sorts them by
/// it (a corpus is read in row order, a folder in file-name order).
fn by_id(mut ev: Value) -> Value {
    let disagreements = ev["disagreements"].as_array_mut().expect("a list");
    for d in disagreements.iter_mut() {
        let source = d["source"].as_str().expect("a source").to_string();
        let id = match source.split_once('#') {
            Some((_, id)) => id.to_string(),
            None => Path::new(&source)
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a file name")
                .to_string(),
        };
        d["source"] = json!(id);
    }
    disagreements.sort_by(|a, b| a["source"].as_str().cmp(&b["source"].as_str()));
    ev
}

#[test]
fn corpus_gives_the_figures_of_the_same_answers_in_front_matter() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_corpus(&tmp.path().join("corpus.jsonl"), true);
    write_markdown(&tmp.path().join("md"));
    let corpus = eval_json(tmp.path(), &["corpus.jsonl"]);
    let markdown = eval_json(tmp.path(), &["md"]);
    assert_eq!(corpus["answers"], json!(ROWS.len()));
    assert!(
        corpus["disagreements"][0]["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("corpus.jsonl#")),
        "{corpus:#}"
    );
    assert_eq!(by_id(corpus.clone()), by_id(markdown));

    let labelled = ROWS.iter().filter(|r| r.rating == "policy-impact").count();
    assert_eq!(corpus["policy_impact_found"]["labelled"], json!(labelled));
    let found = corpus["confusion"][2][2].as_u64().expect("a count");
    assert_eq!(corpus["policy_impact_found"]["found"], json!(found));
    let text = stdout(&run_in(tmp.path(), &["eval", "corpus.jsonl"]));
    let share = found as f64 / labelled as f64;
    assert!(
        text.contains(&format!(
            "policy-impact found: {found} of {labelled} ({share:.2})"
        )),
        "{text}"
    );
}

#[test]
fn unsure_ids_are_left_out_of_element_and_anti_pattern_figures() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_corpus(&tmp.path().join("sure.jsonl"), false);
    write_corpus(&tmp.path().join("unsure.jsonl"), true);
    let sure = eval_json(tmp.path(), &["sure.jsonl"]);
    let unsure = eval_json(tmp.path(), &["unsure.jsonl"]);
    let count =
        |ev: &Value, table: &str, id: &str, field: &str| ev[table][id][field].as_u64().unwrap_or(0);
    // "latency": the engine finds a lever the labeller marked unsure; without
    // the mark it is a false positive.
    assert!(count(&sure, "elements", "lever", "false_positives") >= 1);
    assert_eq!(
        count(&unsure, "elements", "lever", "false_positives"),
        count(&sure, "elements", "lever", "false_positives") - 1
    );
    // "block-all": a blanket block the labeller was unsure of is no false positive,
    // and no other answer has one, so the anti-pattern has no row at all.
    assert_eq!(
        count(&sure, "anti_patterns", "blanket_block", "false_positives"),
        1
    );
    assert_eq!(unsure["anti_patterns"].get("blanket_block"), None);
    // The ratings are untouched.
    assert_eq!(sure["confusion"], unsure["confusion"]);
    let diffs = |ev: &Value, id: &str| -> Vec<Value> {
        ev["disagreements"]
            .as_array()
            .expect("a list")
            .iter()
            .filter(|d| d["source"].as_str().is_some_and(|s| s.ends_with(id)))
            .flat_map(|d| {
                let mut v = d["elements"].as_array().cloned().unwrap_or_default();
                v.extend(d["anti_patterns"].as_array().cloned().unwrap_or_default());
                v
            })
            .collect()
    };
    assert!(diffs(&sure, "#latency").contains(&json!("+lever")));
    assert!(!diffs(&unsure, "#latency").contains(&json!("+lever")));
    assert!(diffs(&sure, "#block-all").contains(&json!("+blanket_block")));
    assert!(!diffs(&unsure, "#block-all").contains(&json!("+blanket_block")));
}

#[test]
fn a_bad_row_is_one_error_line_and_the_other_rows_are_graded() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut lines: Vec<String> = ROWS.iter().map(|r| corpus_line(r, true)).collect();
    lines.insert(2, r#"{"id":"no-text","rating":"neutral"}"#.to_string());
    lines.insert(
        4,
        r#"{"id":"bad-rating","text":"Label it.","rating":"great"}"#.to_string(),
    );
    lines.insert(6, "{\"id\": \"cut\", \"text\": \"We".to_string());
    std::fs::write(tmp.path().join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = run_in(tmp.path(), &["eval", "corpus.jsonl"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    let err_lines: Vec<&str> = err.lines().collect();
    assert_eq!(err_lines.len(), 3, "{err}");
    assert_eq!(
        err_lines[0],
        "rubricate: error: corpus.jsonl:3: missing `text`"
    );
    assert!(
        err_lines[1]
            .starts_with("rubricate: error: corpus.jsonl:5: `rating`: unknown rating `great`"),
        "{err}"
    );
    assert!(
        err_lines[2].starts_with("rubricate: error: corpus.jsonl:7: invalid JSON: "),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with(&format!("{} labelled answers\n", ROWS.len())),
        "{}",
        stdout(&out)
    );
}

#[test]
fn subset_keeps_the_rows_of_one_split() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_corpus(&tmp.path().join("corpus.jsonl"), true);
    write_markdown(&tmp.path().join("md"));
    let tune: Vec<&str> = ROWS
        .iter()
        .filter(|r| r.split == Some("tune"))
        .map(|r| r.id)
        .collect();
    // Markdown answers have no split, so they are left out too.
    let ev = eval_json(tmp.path(), &["corpus.jsonl", "md", "--subset", "tune"]);
    assert_eq!(ev["answers"], json!(tune.len()));
    for d in ev["disagreements"].as_array().expect("a list") {
        let source = d["source"].as_str().expect("a source");
        let id = source.strip_prefix("corpus.jsonl#").expect("a corpus row");
        assert!(tune.contains(&id), "{source} is not in the tune split");
    }
    let none = eval_json(tmp.path(), &["corpus.jsonl", "--subset", "missing"]);
    assert_eq!(none["answers"], json!(0));
    // Without --subset every row counts, with a split or without one.
    let all = eval_json(tmp.path(), &["corpus.jsonl"]);
    assert_eq!(all["answers"], json!(ROWS.len()));
}
