//! JSON and JSON Lines renderers.

use serde::Serialize;

use super::{Report, Summary, SCHEMA_VERSION};

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    reports: &'a [Report],
    summary: &'a Summary,
}

/// `{"schema_version": 1, "reports": [...], "summary": {...}}`, pretty-printed.
pub fn render(reports: &[Report], summary: &Summary) -> String {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        reports,
        summary,
    };
    let mut out = serde_json::to_string_pretty(&envelope).expect("reports serialize");
    out.push('\n');
    out
}

/// One report per line.
pub fn render_line(report: &Report) -> String {
    let mut out = serde_json::to_string(report).expect("reports serialize");
    out.push('\n');
    out
}
