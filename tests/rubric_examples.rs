//! Every bundled rubric grades its own embedded examples as they say, and
//! every framework rubric keeps the shared contract: the five element ids, the
//! six anti-pattern ids, three ratings and at least six examples.

use rubricate::examples;
use rubricate::rubric::{self, Rating};

const CORE_ELEMENTS: [&str; 5] = ["metric", "lever", "outcome", "ownership", "cost_of_error"];
const ANTI_PATTERNS: [&str; 6] = [
    "blanket_block",
    "maximize_recall",
    "unanchored_accuracy",
    "repo_listing",
    "speed_over_governance",
    "wrong_formula",
];

#[test]
fn every_bundled_rubric_passes_its_embedded_examples() {
    let mut failures = Vec::new();
    for (id, _) in rubric::BUNDLED {
        let r = rubric::load(id).unwrap_or_else(|e| panic!("{e}"));
        for res in examples::run(&r) {
            if !res.passed() {
                let why: Vec<String> = res.mismatches.iter().map(ToString::to_string).collect();
                failures.push(format!(
                    "{id} #{} {}: {}",
                    res.index + 1,
                    res.example.name,
                    why.join("; ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failing examples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_bundled_rubric_keeps_the_core_ids_and_enough_examples() {
    for (id, _) in rubric::BUNDLED {
        let r = rubric::load(id).unwrap_or_else(|e| panic!("{e}"));
        for core in CORE_ELEMENTS {
            assert!(r.element_index(core).is_some(), "{id} lacks element {core}");
        }
        let anti: Vec<&str> = r.anti_patterns.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(anti, ANTI_PATTERNS, "{id}: anti-pattern ids");
        let ratings: Vec<Rating> = r.bands.iter().map(|b| b.rating).collect();
        assert_eq!(ratings, Rating::ALL, "{id}: one band per rating, in order");
        assert!(r.examples.len() >= 6, "{id}: {} examples", r.examples.len());
        let rated: Vec<Rating> = r.examples.iter().map(|e| e.rating).collect();
        for rating in Rating::ALL {
            if *id != rubric::DEFAULT_RUBRIC {
                assert!(rated.contains(&rating), "{id}: no example rated {rating}");
            }
        }
    }
}

#[test]
fn framework_band_labels_are_the_frameworks_own_words() {
    let label = |id: &str, rating: Rating| {
        let r = rubric::load(id).unwrap_or_else(|e| panic!("{e}"));
        let band = r.bands.iter().find(|b| b.rating == rating).expect("band");
        band.label.clone()
    };
    assert_eq!(
        label("cost-of-error", Rating::TechnicalOnly),
        "policy-fit failure"
    );
    assert_eq!(
        label("error-cost-matrix", Rating::PolicyImpact),
        "trade-off mastery"
    );
    assert_eq!(
        label("error-cost-matrix", Rating::TechnicalOnly),
        "risk-blind"
    );
    assert_eq!(
        label("governance-lens", Rating::TechnicalOnly),
        "governance instincts missing"
    );
}

#[test]
fn false_positive_cost_carries_forty_percent_of_the_matrix_positive_points() {
    let r = rubric::load("error-cost-matrix").expect("bundled");
    let positive: f64 = r.elements.iter().map(|e| e.weight).sum::<f64>()
        + r.bonuses.iter().map(|b| b.points).sum::<f64>();
    let fp = r.elements[r.element_index("fp_cost").expect("fp_cost element")].weight;
    assert!(
        (fp / positive - 0.4).abs() < 1e-9,
        "fp_cost {fp} of {positive}"
    );
}
