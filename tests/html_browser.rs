//! End to end: the HTML report opened in headless Chromium. Checks, from the
//! DOM after load, that every evidence span of the JSON report is highlighted
//! by marks carrying its id and byte offsets, that markup injected in an
//! answer stays text and never runs, and that the page logs nothing to the
//! console. A screenshot is kept under the target directory for review.
//!
//! Skipped, with a notice, only when no Chromium binary is installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FIXTURES: &str = "tests/fixtures/views";
const ANSWERS: [&str; 3] = ["strong.md", "injection.md", "risky.txt"];

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn rubricate(format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args([
            "grade",
            "--format",
            format,
            "--rubric",
            &format!("{FIXTURES}/rubric.toml"),
        ])
        .args(ANSWERS.iter().map(|a| Path::new(FIXTURES).join(a)))
        .output()
        .expect("rubricate runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs Chromium headless with a fresh profile; returns (stdout, stderr).
fn run_chromium(bin: &Path, extra: &[String], page: &Path) -> (String, String) {
    let profile = tempfile::tempdir().expect("temp profile");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_reader =
        std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err_reader =
        std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait on chromium") {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (out_reader.join().unwrap(), err_reader.join().unwrap())
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(unescape(&tag[at..end]))
}

/// A span as marked in the DOM: its fragments' text joined, and how many
/// elements carry it.
#[derive(Default, Debug)]
struct Marked {
    text: String,
    elements: usize,
}

/// Walks the highlighted answer text (`<pre class="text">...</pre>`) and
/// collects, per (id, start, end), the text of every mark carrying it.
/// Fails on any tag other than `mark` inside the answer text.
fn marks_in(pre: &str) -> (BTreeMap<(String, usize, usize), Marked>, String) {
    let mut found: BTreeMap<(String, usize, usize), Marked> = BTreeMap::new();
    let mut stack: Vec<(String, usize, usize)> = Vec::new();
    let mut plain = String::new();
    let mut rest = pre;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').expect("closed tag");
                let tag = &rest[..=end];
                if tag.starts_with("<mark") {
                    let key = (
                        attr(tag, "data-element").expect("data-element"),
                        attr(tag, "data-start")
                            .expect("data-start")
                            .parse()
                            .unwrap(),
                        attr(tag, "data-end").expect("data-end").parse().unwrap(),
                    );
                    found.entry(key.clone()).or_default().elements += 1;
                    stack.push(key);
                } else if tag == "</mark>" {
                    stack.pop().expect("balanced marks");
                } else {
                    panic!("unexpected element inside the answer text: {tag}");
                }
                rest = &rest[end + 1..];
            }
            other => {
                let cut = other.unwrap_or(rest.len());
                let text = unescape(&rest[..cut]);
                for key in &stack {
                    found.get_mut(key).unwrap().text.push_str(&text);
                }
                plain.push_str(&text);
                rest = &rest[cut..];
            }
        }
    }
    (found, plain)
}

/// True when `a` and `b` cross (overlap without one holding the other).
fn crosses(a: (usize, usize), b: (usize, usize)) -> bool {
    (a.0 < b.0 && b.0 < a.1 && a.1 < b.1) || (b.0 < a.0 && a.0 < b.1 && b.1 < a.1)
}

#[test]
fn html_report_in_chromium_marks_evidence_and_runs_no_injected_markup() {
    let Some(bin) = chromium() else {
        eprintln!("notice: skipping the headless browser test: no chromium binary on PATH (install it with `apt-get install -y chromium`)");
        return;
    };
    let page_html = rubricate("html");
    let json: serde_json::Value = serde_json::from_str(&rubricate("json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &page_html).unwrap();

    let (dom, log) = run_chromium(&bin, &["--dump-dom".to_string()], &page);
    let shot_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let shot = shot_dir.join("rubricate-html-report.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &bin,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000".to_string(),
        ],
        &page,
    );
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 0)
            .unwrap_or(false),
        "screenshot written to {}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());

    // Injected markup stayed text.
    assert!(
        dom.contains("<title>rubricate report</title>"),
        "the title was not rewritten"
    );
    assert!(!dom.contains("pwned\""), "no data-pwned attribute was set");
    assert!(!dom.contains("data-pwned"));
    assert!(
        !dom.to_ascii_lowercase().contains("<script"),
        "no script element in the DOM"
    );
    assert!(
        !dom.to_ascii_lowercase().contains("<img"),
        "no img element in the DOM"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "the script is shown as text"
    );
    assert!(
        dom.contains("onerror=\"document.body.dataset.pwned=1\"&gt;"),
        "the img is shown as text"
    );

    // No console output at all: the page carries no script.
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("Uncaught") || l.contains(":CONSOLE"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:#?}");

    // Every evidence span of every report is marked with its id and offsets.
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), ANSWERS.len());
    for (i, report) in reports.iter().enumerate() {
        let open = format!("<section class=\"answer\" id=\"answer-{}\">", i + 1);
        let from = dom.find(&open).unwrap_or_else(|| panic!("section {open}"));
        let section = &dom[from..];
        let pre_at = section.find("<pre class=\"text\">").unwrap() + "<pre class=\"text\">".len();
        let pre_end = section[pre_at..].find("</pre>").unwrap() + pre_at;
        let (marked, plain) = marks_in(&section[pre_at..pre_end]);
        let source = std::fs::read_to_string(report["source"].as_str().unwrap()).unwrap();
        assert_eq!(plain, source, "the answer is shown whole and unchanged");

        let mut spans: Vec<(String, usize, usize, String)> = Vec::new();
        for e in report["elements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["found"] == true)
        {
            for ev in e["evidence"].as_array().unwrap() {
                spans.push((
                    e["id"].as_str().unwrap().into(),
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                    ev["text"].as_str().unwrap().into(),
                ));
            }
        }
        for p in report["penalties"].as_array().unwrap() {
            for ev in p["evidence"].as_array().unwrap() {
                spans.push((
                    p["id"].as_str().unwrap().into(),
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                    ev["text"].as_str().unwrap().into(),
                ));
            }
        }
        assert!(!spans.is_empty());
        for (id, start, end, text) in &spans {
            let m = marked
                .get(&(id.clone(), *start, *end))
                .unwrap_or_else(|| panic!("{}: no mark for {id} {start}..{end}", report["source"]));
            assert_eq!(&m.text, text, "{id} {start}..{end}: marked text");
            let crossed = spans
                .iter()
                .any(|(_, s, e, _)| crosses((*start, *end), (*s, *e)));
            if !crossed {
                assert_eq!(m.elements, 1, "{id} {start}..{end} is one element");
            }
        }
        let distinct: std::collections::BTreeSet<_> = spans
            .iter()
            .map(|(id, s, e, _)| (id.clone(), *s, *e))
            .collect();
        assert_eq!(
            marked.len(),
            distinct.len(),
            "no mark without a JSON evidence span"
        );
    }
}
