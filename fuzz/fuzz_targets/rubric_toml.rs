//! Rubric loading and compiling from arbitrary TOML: an error, never a panic,
//! and an error always carries a 1-based location.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match rubricate::rubric::from_toml("fuzz.toml", text) {
        Ok(rubric) => {
            // A rubric that compiles must grade without panicking.
            let report = rubricate::grade_text(
                "a.md",
                "We raise the threshold so that reviewers keep up.",
                &rubric,
            );
            assert!((-100.0..=100.0).contains(&report.score));
        }
        Err(e) => {
            // Errors are printed as one located line.
            assert!(e.line >= 1 && e.column >= 1);
            assert!(!e.to_string().contains('\n'), "multi-line error: {e}");
        }
    }
});
