//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run; its rules are the elements and anti-patterns of the rubrics that
//! graded the answers (`ruleId` is the element or anti-pattern id, the first
//! rubric's wording wins when two rubrics share an id). Each missing element
//! and each anti-pattern of an answer is one result. A missing element has no
//! span, so its region is the first line of the answer (line 1 of the file,
//! or the section heading's line with `--split h2`).

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use super::findings::{self, Finding, Level};
use super::Report;
use crate::rubric::Rubric;

/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Percent-encodes a relative path into a URI reference (`/` kept).
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn bag(pairs: serde_json::Value) -> PropertyBag {
    let mut map: std::collections::BTreeMap<String, serde_json::Value> = match pairs {
        serde_json::Value::Object(m) => m.into_iter().collect(),
        _ => Default::default(),
    };
    let tags: Option<Vec<String>> = map
        .remove("tags")
        .and_then(|t| serde_json::from_value(t).ok());
    let mut bag = PropertyBag::builder().additional_properties(map).build();
    bag.tags = tags;
    bag
}

fn rules(rubrics: &[&Rubric]) -> Vec<ReportingDescriptor> {
    let mut out: Vec<ReportingDescriptor> = Vec::new();
    for rubric in rubrics {
        for e in &rubric.elements {
            if out.iter().any(|r| r.id == e.id) {
                continue;
            }
            out.push(
                ReportingDescriptor::builder()
                    .id(e.id.clone())
                    .short_description(text(&format!("{} missing", e.title)))
                    .full_description(text(&e.summary))
                    .help(text(&format!("{} {}", e.feedback, e.hint)))
                    .default_configuration(ReportingConfiguration::builder().level(json!("warning")).build())
                    .properties(bag(json!({"kind": "element", "rubric": rubric.id, "tags": ["rubricate", "element"]})))
                    .build(),
            );
        }
        for a in &rubric.anti_patterns {
            if out.iter().any(|r| r.id == a.id) {
                continue;
            }
            out.push(
                ReportingDescriptor::builder()
                    .id(a.id.clone())
                    .short_description(text(&a.title))
                    .full_description(text(&a.summary))
                    .help(text(&a.feedback))
                    .default_configuration(ReportingConfiguration::builder().level(json!("warning")).build())
                    .properties(bag(
                        json!({"kind": "anti-pattern", "rubric": rubric.id, "tags": ["rubricate", "anti-pattern"]}),
                    ))
                    .build(),
            );
        }
    }
    out
}

fn region(r: &findings::Region) -> Region {
    Region::builder()
        .start_line(r.start_line as i64)
        .start_column(r.start_column as i64)
        .end_line(r.end_line as i64)
        .end_column(r.end_column as i64)
        .build()
}

fn location(uri: &str, r: &findings::Region) -> Location {
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri).build())
                .region(region(r))
                .build(),
        )
        .build()
}

fn result(report: &Report, f: &Finding, rules: &[ReportingDescriptor]) -> SarifResult {
    let uri = path_uri(report.file());
    let level = match f.level {
        Level::Error => ResultLevel::Error,
        Level::Warning => ResultLevel::Warning,
    };
    let mut res = SarifResult::builder()
        .rule_id(f.id.clone())
        .level(level)
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location(&uri, &f.region)])
        .properties(bag(json!({
            "answer": report.source,
            "rubric": report.rubric.id,
            "score": report.score,
            "rating": report.rating,
            "passed": report.passed,
        })))
        .build();
    res.rule_index = rules.iter().position(|r| r.id == f.id).map(|i| i as i64);
    if !f.related.is_empty() {
        res.related_locations = Some(f.related.iter().map(|r| location(&uri, r)).collect());
    }
    res
}

/// Renders the findings of `reports` as one SARIF log; `rubrics` supply the rules.
pub fn render(reports: &[Report], rubrics: &[&Rubric]) -> String {
    let rules = rules(rubrics);
    let results: Vec<SarifResult> = reports
        .iter()
        .flat_map(|r| findings::findings(r).into_iter().map(move |f| (r, f)))
        .map(|(r, f)| result(r, &f, &rules))
        .collect();
    let mut driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME"))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let info = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")];
    driver.information_uri = info.iter().find(|u| !u.is_empty()).map(|u| u.to_string());
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_spaces_and_keeps_slashes() {
        assert_eq!(path_uri("notes/round 3/a#b.md"), "notes/round%203/a%23b.md");
    }
}
