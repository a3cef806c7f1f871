//! The rubric digest in every report is over the rubric's canonical content:
//! how the TOML is written (key order, whitespace, comments, quoting, inline or
//! standard tables, the file name) does not change it; what it says does.

use rubricate::rubric::{self, BUNDLED};

fn digest(file: &str, text: &str) -> String {
    rubric::from_toml(file, text)
        .unwrap_or_else(|e| panic!("{e}"))
        .digest
}

fn bundled() -> &'static str {
    BUNDLED
        .iter()
        .find(|(id, _)| *id == rubric::DEFAULT_RUBRIC)
        .expect("the default rubric is bundled")
        .1
}

#[test]
fn digest_is_a_sha256_hex_string() {
    let d = digest("a.toml", bundled());
    assert_eq!(d.len(), 64);
    assert!(d.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn every_bundled_rubric_survives_a_rewrite_by_a_toml_serializer() {
    // Parsing into a table and writing it back sorts every table's keys,
    // drops comments and blank lines, and rewrites strings and inline tables.
    for (id, text) in BUNDLED {
        let table: toml::Table = toml::from_str(text).expect("bundled TOML parses");
        let rewritten = toml::to_string(&table).expect("a table serializes");
        assert_ne!(rewritten, *text, "the rewrite should differ in form");
        assert_eq!(
            digest("rewritten.toml", &rewritten),
            digest(&format!("embedded:{id}.toml"), text),
            "{id}"
        );
    }
}

#[test]
fn comments_blank_lines_and_indentation_do_not_change_the_digest() {
    let text = bundled();
    let noisy: String = text
        .lines()
        .map(|l| {
            if l.starts_with("[[") {
                format!("\n# a comment added above a table\n   {l}   ")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(digest("noisy.toml", &noisy), digest("plain.toml", text));
}

#[test]
fn key_order_inside_a_table_does_not_change_the_digest() {
    let text = bundled();
    // Move the element's weight line above its title line.
    let swapped = text.replacen(
        "id = \"metric\"\ntitle = \"Metric\"\nweight = 14.0\n",
        "weight = 14.0\nid = \"metric\"\ntitle = \"Metric\"\n",
        1,
    );
    assert_ne!(
        swapped, text,
        "the bundled metric element changed shape; update this test"
    );
    assert_eq!(digest("swapped.toml", &swapped), digest("plain.toml", text));
}

#[test]
fn the_file_name_does_not_change_the_digest() {
    assert_eq!(
        digest("one/place.toml", bundled()),
        digest("another.toml", bundled())
    );
}

#[test]
fn changing_a_weight_changes_the_digest() {
    let text = bundled();
    let heavier = text.replacen("weight = 14.0", "weight = 14.5", 1);
    assert_ne!(heavier, text);
    assert_ne!(digest("heavier.toml", &heavier), digest("plain.toml", text));
}

#[test]
fn changing_a_feedback_sentence_or_version_changes_the_digest() {
    let text = bundled();
    let version = text.replacen("version = \"", "version = \"9", 1);
    assert_ne!(digest("v.toml", &version), digest("plain.toml", text));
    let feedback = text.replacen("feedback = \"", "feedback = \"Please. ", 1);
    assert_ne!(digest("f.toml", &feedback), digest("plain.toml", text));
}

#[test]
fn the_digest_in_a_report_is_the_rubric_digest() {
    let rubric = rubric::load(rubric::DEFAULT_RUBRIC).unwrap();
    let report = rubricate::grade_text("a.md", "We raise the threshold.", &rubric);
    assert_eq!(report.rubric.digest, rubric.digest);
    assert_eq!(report.rubric.digest, digest("x.toml", bundled()));
}

#[test]
fn an_integer_weight_digests_like_the_same_float() {
    let text = bundled();
    let integer = text.replacen("weight = 14.0", "weight = 14", 1);
    assert_ne!(integer, text);
    assert_eq!(digest("int.toml", &integer), digest("plain.toml", text));
}
