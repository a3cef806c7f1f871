//! The record of every grade: each sample answer under each bundled rubric,
//! as the JSON report and the text report users see. A rubric or engine change
//! that moves any grade shows up as a snapshot change to review
//! (`cargo insta review`); on CI (`CI=true`) an unreviewed change fails.

use std::path::Path;

use rubricate::report;
use rubricate::rubric::{self, BUNDLED};

/// The sample's path below `samples/`, with `/` separators: `train/x.md`.
fn sample_name(path: &Path) -> String {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let samples = samples.canonicalize().unwrap_or(samples);
    let relative = path.strip_prefix(&samples).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_sample_under_every_bundled_rubric_matches_its_snapshot() {
    let rubrics: Vec<_> = BUNDLED
        .iter()
        .map(|(id, _)| rubric::load(id).unwrap_or_else(|e| panic!("bundled rubric {id}: {e}")))
        .collect();
    insta::glob!("../samples", "**/*.md", |path| {
        let name = sample_name(path);
        if name.eq_ignore_ascii_case("readme.md") {
            return; // describes the samples; not an answer
        }
        let text = std::fs::read_to_string(path).expect("samples are UTF-8 text");
        let source = format!("samples/{name}");
        for rubric in &rubrics {
            let report = rubricate::grade_text(&source, &text, rubric);
            let mut json = serde_json::to_value(&report).expect("reports serialize");
            // The crate version changes on every release; grades do not.
            json["tool"]["version"] = serde_json::json!("[version]");
            let mut settings = insta::Settings::clone_current();
            // Stable names whatever else is in samples/: rubric id + sample path.
            settings.set_snapshot_suffix(name.replace('/', "__"));
            settings.set_prepend_module_to_snapshot(false);
            settings.set_omit_expression(true);
            settings.bind(|| {
                insta::assert_json_snapshot!(format!("{}.json", rubric.id), json);
                insta::assert_snapshot!(
                    format!("{}.text", rubric.id),
                    report::text::render(&report)
                );
            });
        }
    });
}
