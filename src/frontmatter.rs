//! Front matter: the YAML block at the top of a note. It is never graded; it
//! may name the rubric that grades the note, and, in labelled samples, the
//! grade a careful human gave it.

use serde::Deserialize;

use crate::rubric::Rating;

/// The labels of a sample answer.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Expected {
    pub rating: Rating,
    #[serde(default)]
    pub elements: Vec<String>,
    #[serde(default)]
    pub anti_patterns: Vec<String>,
    /// Tags of hard cases.
    #[serde(default)]
    pub hard: Vec<String>,
    /// Elements the labeller could not decide: neither counted as found nor
    /// as missing for this answer.
    #[serde(default)]
    pub elements_unsure: Vec<String>,
    /// Anti-patterns the labeller could not decide, likewise left out.
    #[serde(default)]
    pub anti_patterns_unsure: Vec<String>,
}

/// The keys rubricate reads; other keys are the note's own business.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct FrontMatter {
    #[serde(default)]
    pub rubric: Option<String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub expected: Option<Expected>,
}

/// The raw front matter block at the start of `text`, without its fences.
pub fn block(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(&rest[..offset]);
        }
        offset += line.len();
    }
    None
}

/// Parses the front matter of `text`, if it has one.
pub fn parse(text: &str) -> Result<Option<FrontMatter>, String> {
    let Some(yaml) = block(text) else {
        return Ok(None);
    };
    if yaml.trim().is_empty() {
        return Ok(Some(FrontMatter::default()));
    }
    serde_norway::from_str(yaml)
        .map(Some)
        .map_err(|e| format!("front matter: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rubric_and_labels() {
        let text = "---\nrubric: error-cost-matrix\ntitle: mine\nexpected:\n  rating: neutral\n  elements: [lever]\n---\nBody.\n";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.rubric.as_deref(), Some("error-cost-matrix"));
        let e = fm.expected.unwrap();
        assert_eq!(e.rating, Rating::Neutral);
        assert_eq!(e.elements, vec!["lever"]);
    }

    #[test]
    fn no_front_matter_is_none() {
        assert_eq!(parse("Just an answer.\n---\n").unwrap(), None);
    }

    #[test]
    fn bad_yaml_is_an_error() {
        assert!(parse("---\nexpected: [unclosed\n---\n").is_err());
    }
}
