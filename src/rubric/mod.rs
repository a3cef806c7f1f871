//! Rubrics: TOML as written ([`schema`]) compiled once into matchers ([`compile`]).
//!
//! The default rubric and the shared lexicon are embedded in the binary, so
//! grading works from any folder.

mod canonical;
pub mod compile;
pub mod facts;
pub mod lexicon;
pub mod pattern;
pub mod phrase_index;
pub mod schema;

use std::path::Path;
use std::sync::OnceLock;

pub use compile::{Rubric, RubricError};
pub use schema::{LexiconFile, Rating, RubricFile};

/// The rubric used when none is named.
pub const DEFAULT_RUBRIC: &str = "policy-impact";

/// The shared word lists, `rubrics/lexicon.toml`.
pub const LEXICON_TOML: &str = include_str!("../../rubrics/lexicon.toml");

/// [`LEXICON_TOML`] as JSON, written by the build script: what a run parses.
/// Keys are sorted and nothing is spaced, so it is also the lexicon's
/// canonical JSON, which the rubric digest covers (a test checks).
pub(crate) const LEXICON_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon.json"));

/// Rubrics bundled in the binary: id and TOML text, in display order.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "policy-impact",
        include_str!("../../rubrics/policy-impact.toml"),
    ),
    ("mlo-triad", include_str!("../../rubrics/mlo-triad.toml")),
    (
        "cost-of-error",
        include_str!("../../rubrics/cost-of-error.toml"),
    ),
    (
        "error-cost-matrix",
        include_str!("../../rubrics/error-cost-matrix.toml"),
    ),
    (
        "governance-lens",
        include_str!("../../rubrics/governance-lens.toml"),
    ),
    (
        "product-sense",
        include_str!("../../rubrics/product-sense.toml"),
    ),
];

/// The embedded shared lexicon, parsed once (from its JSON form: the build
/// script has already read the TOML).
pub fn lexicon() -> &'static LexiconFile {
    static LEXICON: OnceLock<LexiconFile> = OnceLock::new();
    LEXICON.get_or_init(parse_lexicon)
}

/// Parses the embedded lexicon from its JSON form, as [`lexicon`] does once.
pub fn parse_lexicon() -> LexiconFile {
    serde_json::from_str(LEXICON_JSON).expect("the embedded lexicon is valid (checked by tests)")
}

/// Compiles rubric text read from `file` with the embedded lexicon.
pub fn from_toml(file: &str, text: &str) -> Result<Rubric, RubricError> {
    compile::compile(file, text, lexicon())
}

/// Reads a rubric file's text, at most [`compile::MAX_RUBRIC_BYTES`] of it:
/// a larger file, or an endless one such as a device, fails without being
/// read whole.
pub fn read_file(path: &str) -> Result<String, RubricError> {
    let limit = compile::MAX_RUBRIC_BYTES as u64;
    crate::source::read_capped_text(Path::new(path), limit).map_err(|e| RubricError {
        file: path.to_string(),
        line: 1,
        column: 1,
        message: match e {
            crate::source::ReadError::TooLarge { .. } => {
                format!("rubric file is larger than {limit} bytes")
            }
            crate::source::ReadError::NotUtf8 { offset } => {
                format!("rubric is not valid UTF-8 (at byte {offset})")
            }
            crate::source::ReadError::Io(e) => {
                format!("cannot read rubric: {}", crate::source::describe_io(&e))
            }
        },
    })
}

/// Loads a bundled rubric by id, or a rubric file by path.
pub fn load(id_or_path: &str) -> Result<Rubric, RubricError> {
    if let Some((id, text)) = BUNDLED.iter().find(|(id, _)| *id == id_or_path) {
        return from_toml(&format!("embedded:{id}.toml"), text);
    }
    let path = Path::new(id_or_path);
    if path.exists() {
        return from_toml(id_or_path, &read_file(id_or_path)?);
    }
    let bundled: Vec<&str> = BUNDLED.iter().map(|(id, _)| *id).collect();
    Err(RubricError {
        file: id_or_path.to_string(),
        line: 1,
        column: 1,
        message: format!(
            "no bundled rubric with this id and no such file (bundled: {})",
            bundled.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_read_from_its_json_form_is_the_one_its_toml_says() {
        let from_toml: LexiconFile =
            compile::parse_toml("embedded:lexicon.toml", LEXICON_TOML).unwrap();
        let embedded = lexicon();
        assert!(embedded.terms.len() > 10 && embedded.patterns.len() > 10);
        assert!(!embedded.language.list("negation").is_empty());
        // Every field, every entry, in order: what the rubric digest reads.
        let canonical = canonical::to_vec(&from_toml).unwrap();
        assert_eq!(canonical::to_vec(embedded).unwrap(), canonical);
        // The JSON form is that canonical JSON itself, which the digest
        // takes as it is.
        assert_eq!(LEXICON_JSON.as_bytes(), canonical);
    }
}
