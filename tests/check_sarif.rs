//! The SARIF output is valid SARIF 2.1.0 (checked against the OASIS schema
//! shipped as tests/sarif-schema-2.1.0.json) and carries what GitHub code
//! scanning needs: rules, rule ids and line/column regions.

mod common;

use common::{check_fixture, stdout};

fn sarif() -> serde_json::Value {
    serde_json::from_str(&stdout(&check_fixture("sarif"))).expect("SARIF is JSON")
}

#[test]
fn sarif_output_validates_against_the_2_1_0_schema() {
    let schema_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let log = sarif();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn schema_check_rejects_a_broken_log() {
    let schema_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let mut log = sarif();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn every_result_names_a_rule_and_a_region() {
    let log = sarif();
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "metric",
        "lever",
        "outcome",
        "ownership",
        "cost_of_error",
        "blanket_block",
    ] {
        assert!(rules.contains(&id), "rule {id}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], id);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap());
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.contains('#') && !uri.starts_with('/'), "{uri}");
    }
}

#[test]
fn missing_element_of_a_section_sits_on_its_heading_line() {
    let log = sarif();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let heading_line = std::fs::read_to_string(common::fixture().join("round3/synthetic-surge.md"))
        .unwrap()
        .lines()
        .position(|l| l == "## What I would not do")
        .unwrap()
        + 1;
    let hit = results.iter().find(|r| {
        r["properties"]["answer"] == "round3/synthetic-surge.md#what-i-would-not-do"
            && r["message"]["text"].as_str().unwrap().contains("missing")
    });
    let hit = hit.expect("the weak section misses an element");
    assert_eq!(
        hit["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap() as usize,
        heading_line
    );
}
