//! The terminal, HTML and Markdown views, on fixture answers graded with a
//! frozen fixture rubric (tests/fixtures/views/rubric.toml), so that the
//! snapshots do not move when the default rubric is tuned.

use std::path::{Path, PathBuf};
use std::process::Command;

use rubricate::report::terminal::{self, TerminalOptions};
use rubricate::report::{html, markdown, Report, Summary};
use rubricate::Rubric;

const FIXTURES: &str = "tests/fixtures/views";

fn fixture_rubric() -> Rubric {
    rubricate::rubric::load(&format!("{FIXTURES}/rubric.toml")).expect("fixture rubric loads")
}

fn fixture(name: &str) -> (String, String) {
    let path = format!("{FIXTURES}/{name}");
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    (path, text)
}

fn graded(name: &str, rubric: &Rubric) -> (Report, String) {
    let (path, text) = fixture(name);
    (rubricate::grade_text(&path, &text, rubric), text)
}

const ANSWERS: [&str; 3] = ["strong.md", "risky.txt", "injection.md"];

fn plain() -> TerminalOptions {
    TerminalOptions {
        color: false,
        width: 1 << 20,
    }
}

#[test]
fn terminal_report_snapshots() {
    let rubric = fixture_rubric();
    for name in ANSWERS {
        let (report, text) = graded(name, &rubric);
        let out = terminal::render(&report, &text, &rubric.bands, &plain());
        insta::assert_snapshot!(format!("terminal__{name}"), out);
    }
}

#[test]
fn html_report_snapshot_of_several_answers() {
    let rubric = fixture_rubric();
    let graded: Vec<(Report, String)> = ANSWERS.iter().map(|n| graded(n, &rubric)).collect();
    let pairs: Vec<(&Report, &str)> = graded.iter().map(|(r, t)| (r, t.as_str())).collect();
    let reports: Vec<Report> = graded.iter().map(|(r, _)| r.clone()).collect();
    let out = html::render(&pairs, &Summary::of(&reports, 0), &rubric.bands);
    insta::assert_snapshot!("html__several", out);
}

#[test]
fn markdown_report_snapshot_of_several_answers() {
    let rubric = fixture_rubric();
    let graded: Vec<(Report, String)> = ANSWERS.iter().map(|n| graded(n, &rubric)).collect();
    let pairs: Vec<(&Report, &str)> = graded.iter().map(|(r, t)| (r, t.as_str())).collect();
    let reports: Vec<Report> = graded.iter().map(|(r, _)| r.clone()).collect();
    let out = markdown::render(&pairs, &Summary::of(&reports, 0), &rubric.bands);
    assert!(
        !out.contains("<script"),
        "answer HTML must be escaped in Markdown"
    );
    insta::assert_snapshot!("markdown__several", out);
}

#[test]
fn terminal_report_starts_with_the_grade_line() {
    let rubric = fixture_rubric();
    for name in ANSWERS {
        let (report, text) = graded(name, &rubric);
        let out = terminal::render(&report, &text, &rubric.bands, &plain());
        let first = out.lines().next().unwrap();
        let expected = format!(
            "{}: {} ({}), score {}",
            report.source,
            report.rating,
            report.label,
            rubricate::report::view::signed(report.score)
        );
        assert_eq!(first, expected);
    }
}

/// Splits the terminal output into `(line number, source line, underline rows)`
/// for every excerpt line drawn by the diagnostic renderer (`NN | text`
/// followed by `   | ^^^ label` rows).
fn excerpt_lines(out: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut found: Vec<(usize, String, Vec<String>)> = Vec::new();
    for line in out.lines() {
        let Some((gutter, rest)) = line.split_once(" |") else {
            continue;
        };
        let gutter = gutter.trim();
        let body = rest.strip_prefix(' ').unwrap_or(rest).to_string();
        if let Ok(n) = gutter.parse::<usize>() {
            found.push((n, body, Vec::new()));
        } else if gutter.is_empty() {
            if let Some(last) = found.last_mut() {
                last.2.push(body);
            }
        } else {
            // The header of another excerpt (` --> path`) ends the rows.
        }
    }
    found
}

#[test]
fn terminal_underlines_sit_under_every_evidence_span() {
    let rubric = fixture_rubric();
    for name in ANSWERS {
        let (report, text) = graded(name, &rubric);
        let out = terminal::render(&report, &text, &rubric.bands, &plain());
        let lines = excerpt_lines(&out);
        let spans: Vec<(&str, &rubricate::report::Evidence)> = report
            .elements
            .iter()
            .filter(|e| e.found)
            .flat_map(|e| e.evidence.iter().map(move |v| (e.id.as_str(), v)))
            .chain(
                report
                    .penalties
                    .iter()
                    .flat_map(|p| p.evidence.iter().map(move |v| (p.id.as_str(), v))),
            )
            .collect();
        assert!(
            !spans.is_empty(),
            "{name}: the fixture should produce evidence"
        );
        for (id, ev) in spans {
            assert!(
                !ev.text.contains('\n'),
                "{name}: fixture spans stay on one line"
            );
            let width = ev.text.chars().count();
            let from = ev.column - 1;
            let hit = lines
                .iter()
                .filter(|(n, _, _)| *n == ev.line)
                .any(|(_, src, rows)| {
                    let src_chars: Vec<char> = src.chars().collect();
                    let under_text: String = src_chars.iter().skip(from).take(width).collect();
                    under_text == ev.text
                        && rows.iter().any(|row| {
                            let row: Vec<char> = row.chars().collect();
                            (from..from + width)
                                .all(|c| matches!(row.get(c), Some('^') | Some('-')))
                                && row.get(from + width).is_none_or(|c| *c == ' ')
                        })
                        && rows.iter().any(|row| row.contains(id))
                });
            assert!(
                hit,
                "{name}: no underline for {id} at {}:{} ({:?}) in\n{out}",
                ev.line, ev.column, ev.text
            );
        }
    }
}

#[test]
fn html_marks_every_evidence_span_with_its_id_and_offsets() {
    let rubric = fixture_rubric();
    let (report, text) = graded("strong.md", &rubric);
    let out = html::render(
        &[(&report, &text)],
        &Summary::of(std::slice::from_ref(&report), 0),
        &rubric.bands,
    );
    for e in report.elements.iter().filter(|e| e.found) {
        for ev in &e.evidence {
            let attrs = format!(
                "data-element=\"{}\" data-kind=\"element\" data-start=\"{}\" data-end=\"{}\"",
                e.id, ev.start, ev.end
            );
            assert!(out.contains(&attrs), "missing mark {attrs}");
        }
    }
    // price (false positive costs) and effect (costs creators) cross: one is split.
    assert!(
        out.contains("data-part=\"2\""),
        "crossing spans are split into fragments"
    );
}

#[test]
fn html_escapes_markup_in_the_answer() {
    let rubric = fixture_rubric();
    let (report, text) = graded("injection.md", &rubric);
    let out = html::render(
        &[(&report, &text)],
        &Summary::of(std::slice::from_ref(&report), 0),
        &rubric.bands,
    );
    assert!(!out.contains("<script>document"));
    assert!(!out.contains("<img src=x"));
    assert!(out.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(
        !out.contains("<script"),
        "the page carries no script at all"
    );
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rubricate"));
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("COLUMNS");
    c
}

fn fixture_paths(names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| Path::new(FIXTURES).join(n)).collect()
}

#[test]
fn grade_html_with_several_answers_prints_one_document() {
    let out = bin()
        .args([
            "grade",
            "--format",
            "html",
            "--rubric",
            &format!("{FIXTURES}/rubric.toml"),
        ])
        .args(fixture_paths(&ANSWERS))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(page.matches("</html>").count(), 1);
    assert!(page.contains("<table class=\"summary\">"));
    assert!(
        !page.contains("http://")
            || page.matches("http://").count()
                == page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "no external reference besides the SVG namespace"
    );
}

#[test]
fn grade_markdown_prints_one_document_with_a_summary_table() {
    let out = bin()
        .args([
            "grade",
            "--format",
            "markdown",
            "--rubric",
            &format!("{FIXTURES}/rubric.toml"),
        ])
        .args(fixture_paths(&ANSWERS))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(md.matches("# rubricate report").count(), 1);
    assert!(md.contains("| Answer | Rating |"));
}

#[test]
fn color_flag_always_colours_and_never_and_no_color_do_not() {
    let run = |args: &[&str], no_color: bool| {
        let mut c = bin();
        c.args(["grade", "--rubric", &format!("{FIXTURES}/rubric.toml")])
            .args(args)
            .arg(format!("{FIXTURES}/risky.txt"));
        if no_color {
            c.env("NO_COLOR", "1");
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(run(&["--color", "always"], false).contains("\u{1b}["));
    assert!(
        run(&["--color", "always"], true).contains("\u{1b}["),
        "an explicit flag wins over NO_COLOR"
    );
    assert!(!run(&["--color", "never"], false).contains('\u{1b}'));
    assert!(!run(&[], false).contains('\u{1b}'), "plain when piped");
    assert!(!run(&["--color", "auto"], true).contains('\u{1b}'));
}

#[test]
fn explain_unknown_id_is_one_error_line_with_exit_2() {
    let out = bin().args(["explain", "nonexistent_id"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("rubricate: error: unknown id `nonexistent_id`"));
    assert!(err.contains("cost_of_error") && err.contains("blanket_block"));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_reads_a_rubric_file() {
    let out = bin()
        .args([
            "explain",
            "price",
            "--rubric",
            &format!("{FIXTURES}/rubric.toml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Price of error (element `price`"));
    assert!(text.contains("\"false positive...\""), "{text}");
    assert!(text.contains("Each false positive costs an appeal."));
}

#[test]
fn explain_missing_rubric_is_an_error_with_exit_2() {
    let out = bin()
        .args(["explain", "price", "--rubric", "no/such/rubric.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
}

#[test]
fn views_quote_evidence_instead_of_excerpts_when_given_other_text() {
    let rubric = fixture_rubric();
    let (report, _) = graded("risky.txt", &rubric);
    let other = "A different text, shorter than the graded one.";
    let term = terminal::render(&report, other, &rubric.bands, &plain());
    assert!(term.contains("\"block everything\""), "{term}");
    assert!(!term.contains(" --> "), "no excerpt of the wrong text");
    let page = html::render(
        &[(&report, other)],
        &Summary::of(std::slice::from_ref(&report), 0),
        &rubric.bands,
    );
    assert!(!page.contains("<mark"));
    assert!(page.contains("The answer text is not available"));
}
