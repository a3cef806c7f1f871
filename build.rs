//! Two things the binary embeds, worked out from the shared lexicon,
//! `rubrics/lexicon.toml`, once per build rather than once per run:
//!
//! - the lexicon as JSON, which parses in about a third of the time of the
//!   TOML (the TOML stays the one source; a test checks both read alike);
//! - the facts of each of its named patterns (case folding, word boundary,
//!   prefix literals), so that a run parses a pattern only when an answer
//!   calls for it. They are read by `src/rubric/facts.rs`, the same code a
//!   run uses for any other pattern; a test checks the table against it.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/rubric/facts.rs"]
mod facts;

fn main() {
    let source = "rubrics/lexicon.toml";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=src/rubric/facts.rs");
    let text =
        std::fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let value: serde_json::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
    let json = serde_json::to_string(&value).expect("a TOML value writes as JSON");
    write_out("lexicon.json", &json);

    // A pattern that does not parse is left out: the run parses it when a
    // rubric loads and reports the error, as for any other pattern.
    let mut table = String::from("&[\n");
    let patterns = value.get("patterns").and_then(|p| p.as_object());
    for pattern in patterns.into_iter().flat_map(|p| p.values()) {
        let Some(pattern) = pattern.as_str() else {
            continue;
        };
        let Ok((facts, _)) = facts::Facts::read(pattern) else {
            continue;
        };
        let literals = match &facts.literals {
            None => "None".to_string(),
            Some(literals) => {
                let mut list = String::from("Some(&[");
                for literal in literals {
                    list.push_str("b\"");
                    for b in literal {
                        write!(list, "\\x{b:02x}").expect("a string takes any text");
                    }
                    list.push_str("\", ");
                }
                list.push_str("])");
                list
            }
        };
        writeln!(
            table,
            "    ({pattern:?}, {}, {}, {literals}),",
            facts.fold, facts.at_boundary
        )
        .expect("a string takes any text");
    }
    table.push(']');
    write_out("pattern_facts.rs", &table);
}

fn write_out(name: &str, text: &str) {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let target = Path::new(&out).join(name);
    std::fs::write(&target, text)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}
