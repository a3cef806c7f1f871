//! `rubricate::sign`: key files, canonical JSON and the signature, answer and
//! rubric checks.

use ed25519_dalek::SigningKey;
use rubricate::rubric;
use rubricate::sign::{self, canonical_json};
use serde_json::{json, Value};

fn key(byte: u8) -> SigningKey {
    SigningKey::from_bytes(&[byte; 32])
}

const ANSWER: &str =
    "We raise the confidence threshold so that false-positive cost stays under $4k a day.";

fn signed_report() -> Value {
    let rubric = rubric::load("policy-impact").unwrap();
    let report = rubricate::grade_text("answer.md", ANSWER, &rubric);
    sign::sign_report(&report, &key(7))
}

#[test]
fn canonical_json_sorts_keys_at_every_level_and_drops_whitespace() {
    let a: Value =
        serde_json::from_str(r#"{ "b": 1, "a": {"z": [1, {"y": 2, "x": 3}], "c": "é"} }"#).unwrap();
    assert_eq!(
        canonical_json(&a),
        r#"{"a":{"c":"é","z":[1,{"x":3,"y":2}]},"b":1}"#
    );
}

#[test]
fn canonical_json_ignores_the_top_level_signature_only() {
    let with = json!({"score": 1.5, "signature": {"value": "00"}, "inner": {"signature": 1}});
    let without = json!({"score": 1.5, "inner": {"signature": 1}});
    assert_eq!(canonical_json(&with), canonical_json(&without));
}

#[test]
fn a_signed_report_verifies_with_its_key() {
    let report = signed_report();
    assert_eq!(report["signature"]["algorithm"], "ed25519");
    assert_eq!(
        report["signature"]["public_key"],
        sign::public_key_hex(&key(7).verifying_key())
    );
    assert_eq!(report["signature"]["value"].as_str().unwrap().len(), 128);
    assert_eq!(
        sign::verify_signature(&report, &key(7).verifying_key()),
        Ok(())
    );
}

#[test]
fn the_signature_survives_a_round_trip_through_pretty_json_text() {
    let report = signed_report();
    let text = serde_json::to_string_pretty(&report).unwrap();
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        sign::verify_signature(&back, &key(7).verifying_key()),
        Ok(())
    );
}

#[test]
fn the_rendered_signed_document_verifies_report_by_report() {
    let rubric = rubric::load("policy-impact").unwrap();
    let reports = vec![
        rubricate::grade_text("a.md", ANSWER, &rubric),
        rubricate::grade_text(
            "b.md",
            "Our detector reaches 98% accuracy on the benchmark.",
            &rubric,
        ),
    ];
    let summary = rubricate::report::Summary::of(&reports, 0);
    let text = sign::render_json(&reports, &summary, &key(3));
    let values = sign::reports_in(&text).unwrap();
    assert_eq!(values.len(), 2);
    for v in &values {
        assert_eq!(sign::verify_signature(v, &key(3).verifying_key()), Ok(()));
    }
    // The report's own fields keep their order; the signature comes last.
    let first = text
        .find("\"schema_version\": 1,\n      \"source\"")
        .is_some();
    assert!(first, "{text}");
    let lines: String = reports
        .iter()
        .map(|r| sign::render_line(r, &key(3)))
        .collect();
    let values = sign::reports_in(&lines).unwrap();
    assert_eq!(values.len(), 2);
    assert!(values
        .iter()
        .all(|v| sign::verify_signature(v, &key(3).verifying_key()).is_ok()));
}

#[test]
fn a_hand_edited_score_fails_the_signature() {
    let mut report = signed_report();
    report["score"] = json!(report["score"].as_f64().unwrap() + 1.0);
    let err = sign::verify_signature(&report, &key(7).verifying_key()).unwrap_err();
    assert!(err.contains("does not match"), "{err}");
}

#[test]
fn an_edited_evidence_quote_or_rating_fails_the_signature() {
    let mut report = signed_report();
    report["rating"] = json!("neutral");
    assert!(sign::verify_signature(&report, &key(7).verifying_key()).is_err());
    let mut report = signed_report();
    report["elements"][0]["title"] = json!("Something else");
    assert!(sign::verify_signature(&report, &key(7).verifying_key()).is_err());
}

#[test]
fn another_key_is_named_as_the_reason() {
    let report = signed_report();
    let err = sign::verify_signature(&report, &key(8).verifying_key()).unwrap_err();
    assert!(err.contains("another key"), "{err}");
}

#[test]
fn a_swapped_public_key_with_the_old_signature_fails() {
    // Claiming the verifier's key does not help: the signature was made by key 7.
    let mut report = signed_report();
    report["signature"]["public_key"] = json!(sign::public_key_hex(&key(8).verifying_key()));
    let err = sign::verify_signature(&report, &key(8).verifying_key()).unwrap_err();
    assert!(err.contains("does not match"), "{err}");
}

#[test]
fn an_unsigned_report_is_reported_as_unsigned() {
    let mut report = signed_report();
    report.as_object_mut().unwrap().remove("signature");
    let err = sign::verify_signature(&report, &key(7).verifying_key()).unwrap_err();
    assert!(err.contains("not signed"), "{err}");
}

#[test]
fn answer_digest_matches_only_the_exact_bytes() {
    let report = signed_report();
    assert_eq!(sign::verify_answer(&report, ANSWER.as_bytes()), Ok(()));
    let err = sign::verify_answer(&report, format!("{ANSWER} ").as_bytes()).unwrap_err();
    assert!(err.contains("SHA-256"), "{err}");
}

#[test]
fn rubric_digest_matches_the_grading_rubric_and_not_a_changed_copy() {
    let report = signed_report();
    let same = rubric::load("policy-impact").unwrap();
    assert_eq!(sign::verify_rubric(&report, &same), Ok(()));
    let text = rubric::BUNDLED[0]
        .1
        .replacen("weight = 14.0", "weight = 15.0", 1);
    let changed = rubric::from_toml("changed.toml", &text).unwrap();
    let err = sign::verify_rubric(&report, &changed).unwrap_err();
    assert!(err.contains("digest"), "{err}");
}

#[test]
fn key_files_round_trip_and_are_not_interchangeable() {
    let k = key(9);
    let secret = sign::secret_key_text(&k);
    let public = sign::public_key_text(&k.verifying_key());
    assert!(secret.starts_with(sign::SECRET_HEADER));
    assert!(public.starts_with(sign::PUBLIC_HEADER));
    assert_eq!(
        sign::parse_secret_key(&secret).unwrap().to_bytes(),
        k.to_bytes()
    );
    assert_eq!(sign::parse_public_key(&public).unwrap(), k.verifying_key());
    assert!(sign::parse_public_key(&secret)
        .unwrap_err()
        .contains("not a public key file"));
    assert!(sign::parse_secret_key(&public)
        .unwrap_err()
        .contains("not a secret key file"));
    assert!(sign::parse_public_key("hello\n").is_err());
    let short = format!("{}\nabcd\n", sign::PUBLIC_HEADER);
    assert!(sign::parse_public_key(&short)
        .unwrap_err()
        .contains("2 bytes"));
    let not_hex = format!("{}\n{}\n", sign::PUBLIC_HEADER, "zz".repeat(32));
    assert!(sign::parse_public_key(&not_hex)
        .unwrap_err()
        .contains("not hex"));
}

#[test]
fn generated_keys_differ() {
    let a = sign::generate_key().unwrap();
    let b = sign::generate_key().unwrap();
    assert_ne!(a.to_bytes(), b.to_bytes());
}

#[test]
fn reports_in_reads_documents_single_reports_and_lines_and_rejects_others() {
    let one = signed_report();
    let doc = json!({"schema_version": 1, "reports": [one.clone(), one.clone()], "summary": {}});
    assert_eq!(sign::reports_in(&doc.to_string()).unwrap().len(), 2);
    assert_eq!(sign::reports_in(&one.to_string()).unwrap().len(), 1);
    let lines = format!("{}\n{}\n", one, one);
    assert_eq!(sign::reports_in(&lines).unwrap().len(), 2);
    assert!(sign::reports_in("not json").is_err());
    assert!(sign::reports_in(r#"{"hello": 1}"#).is_err());
    assert!(sign::reports_in(r#"{"reports": []}"#).is_err());
}

#[test]
fn reports_in_refuses_a_key_given_twice_at_any_depth_and_reads_others_unchanged() {
    let one = signed_report();
    let text = serde_json::to_string_pretty(&one).unwrap();
    // Read strictly, a report is the very value serde_json reads: it verifies.
    let read = sign::reports_in(&text).unwrap();
    assert_eq!(read, vec![one.clone()]);
    assert!(sign::verify_signature(&read[0], &key(7).verifying_key()).is_ok());
    let cases = [
        (
            r#"{"answer_sha256": "a", "rubric": {}, "score": 1, "score": 2}"#,
            "`score`",
        ),
        (
            r#"{"answer_sha256": "a", "rubric": {"id": "x", "id": "y"}}"#,
            "`id`",
        ),
        (
            r#"{"reports": [{"answer_sha256": "a", "rubric": {}, "elements": [{"found": true, "found": false}]}]}"#,
            "`found`",
        ),
    ];
    for (text, key) in cases {
        let err = sign::reports_in(text).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("duplicate key {key} at line 1 column")),
            "{err}"
        );
    }
    // Equal keys in different objects are fine.
    let two = r#"{"answer_sha256": "a", "rubric": {"answer_sha256": "b"}}"#;
    assert_eq!(sign::reports_in(two).unwrap().len(), 1);
}
