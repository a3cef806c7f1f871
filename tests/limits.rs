//! Pathological Markdown: deep nesting must neither overflow the stack nor
//! take quadratic time.

use std::time::{Duration, Instant};

fn grade_quickly(name: &str, text: &str) {
    let rubric = rubricate::rubric::load("policy-impact").unwrap();
    let started = Instant::now();
    let report = rubricate::grade_text(name, text, &rubric);
    let took = started.elapsed();
    assert!((-100.0..=100.0).contains(&report.score));
    // Generous for unoptimized test builds on a shared machine; quadratic
    // behaviour on these inputs takes minutes.
    assert!(
        took < Duration::from_secs(20),
        "{name}: {} bytes took {took:?}",
        text.len()
    );
}

#[test]
fn hundred_thousand_quote_markers_do_not_overflow_the_stack() {
    grade_quickly(
        "quotes.md",
        &format!(
            "{} the policy lead owns the threshold\n",
            ">".repeat(100_000)
        ),
    );
}

#[test]
fn hundred_thousand_nested_list_markers_do_not_overflow_the_stack() {
    grade_quickly(
        "lists.md",
        &format!("{}classifier threshold\n", "- ".repeat(100_000)),
    );
}

#[test]
fn deeply_indented_nested_list_is_graded() {
    let text: String = (0..2_000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    grade_quickly("indented.md", &text);
}

#[test]
fn staircase_of_quotes_is_graded() {
    let text: String = (1..2_000)
        .map(|i| format!("{} step {i}\n", ">".repeat(i)))
        .collect();
    grade_quickly("stairs.md", &text);
}

#[test]
fn unclosed_brackets_and_emphasis_are_graded() {
    grade_quickly("brackets.md", &format!("{}x", "[".repeat(100_000)));
    grade_quickly(
        "stars.md",
        &format!("{}x{}", "*".repeat(100_000), "*".repeat(100_000)),
    );
}

#[test]
fn very_wide_table_is_graded() {
    let row = |cell: &str| format!("{}|\n", format!("|{cell}").repeat(20_000));
    grade_quickly(
        "wide.md",
        &format!("{}{}{}", row("cost"), row("-"), row("$4k")),
    );
}

#[test]
fn one_long_line_in_plain_text_is_graded() {
    grade_quickly("line.txt", &"false-positive ".repeat(20_000));
}
