//! Turns the shared lexicon, `rubrics/lexicon.toml`, into JSON for the binary
//! to embed beside the TOML: every run reads the lexicon, and JSON parses in
//! about a third of the time (no TOML event list, no string escapes to decode
//! twice). The TOML stays the one source; a test checks that both read the same.

use std::path::Path;

fn main() {
    let source = "rubrics/lexicon.toml";
    println!("cargo::rerun-if-changed={source}");
    let text =
        std::fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let value: serde_json::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
    let json = serde_json::to_string(&value).expect("a TOML value writes as JSON");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let target = Path::new(&out).join("lexicon.json");
    std::fs::write(&target, json)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}
