//! The shared lexicon (`rubrics/lexicon.toml`) is the only source of the words
//! the grader judges text with: the engine's Rust names word classes, it does
//! not list words.
//!
//! The scan reads every `src/**/*.rs` file up to its first `#[cfg(test)]`
//! (tests may spell out the words they try) and fails on a `const` or
//! `static` array, a `matches!` or a `match` holding five or more lower-case
//! word literals. Lists that judge no text are allowed, by file.

use std::path::{Path, PathBuf};

use regex::Regex;
use rubricate::rubric::compile::{compile, parse_toml};
use rubricate::rubric::{LexiconFile, BUNDLED, DEFAULT_RUBRIC, LEXICON_TOML};
use rubricate::text::{Document, Format};

/// Files whose word lists judge no answer text, and what the lists are.
const ALLOWED: [(&str, &str); 6] = [
    (
        "src/cli/inputs.rs",
        "file extensions and names of files left ungraded",
    ),
    ("src/config.rs", "file extensions of notes"),
    ("src/eval.rs", "the element ids the evaluation reports"),
    ("src/report/html.rs", "the HTML palette"),
    (
        "src/rubric/compile.rs",
        "the unit names of a rubric's quantity atoms (`q:percent`)",
    ),
    (
        "src/report/explain.rs",
        "those unit names as an explanation shows them",
    ),
];

/// The most word literals one list may hold before it is a word list.
const MOST: usize = 4;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file of the engine, by its path from the crate root, with
/// its code up to its tests and without its line comments.
fn engine_sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let code: Vec<&str> = text
                .lines()
                .take_while(|line| !line.contains("#[cfg(test)]"))
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect();
            let name = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, code.join("\n"))
        })
        .collect()
}

/// The lower-case word literals of `code`: "in", "isn't", "e.g", "push back"
/// (not identifiers such as "count_tp" or ids such as "policy-impact").
fn word_literals(code: &str) -> Vec<String> {
    let literal = Regex::new(r#""([a-z][a-z'.]*(?: [a-z][a-z'.]*)*)""#).unwrap();
    literal
        .captures_iter(code)
        .map(|c| c[1].to_string())
        .collect()
}

/// The text from `open` (an opening bracket at that byte) to its closing one.
fn bracketed(code: &str, open: usize) -> &str {
    let bytes = code.as_bytes();
    let (left, right) = match bytes[open] {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        _ => (b'{', b'}'),
    };
    let mut depth = 0;
    let mut in_string = false;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == left {
            depth += 1;
        } else if b == right {
            depth -= 1;
            if depth == 0 {
                return &code[open..=i];
            }
        }
        i += 1;
    }
    &code[open..]
}

/// The word lists of `code`, each with what holds it and its words.
fn word_lists(code: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let array = Regex::new(r"\b(const|static)\s+[A-Z][A-Z0-9_]*\s*:[^=]*=\s*&?\s*\[").unwrap();
    for m in array.find_iter(code) {
        let words = word_literals(bracketed(code, m.end() - 1));
        found.push((m.as_str().to_string(), words));
    }
    let macro_call = Regex::new(r"\bmatches!\s*\(").unwrap();
    for m in macro_call.find_iter(code) {
        let words = word_literals(bracketed(code, m.end() - 1));
        found.push(("matches!".to_string(), words));
    }
    // A `match` whose arms test words: literals before `|` or `=>`.
    let arm = Regex::new(r#""([a-z][a-z'.]*(?: [a-z][a-z'.]*)*)"\s*(?:\||=>|if\b)"#).unwrap();
    let keyword = Regex::new(r"\bmatch\b[^{;]*\{").unwrap();
    for m in keyword.find_iter(code) {
        let block = bracketed(code, m.end() - 1);
        let words = arm.captures_iter(block).map(|c| c[1].to_string()).collect();
        found.push(("match".to_string(), words));
    }
    found.retain(|(_, words)| words.len() > MOST);
    found
}

#[test]
fn no_word_list_lives_in_the_engine() {
    let mut lists = Vec::new();
    for (file, code) in engine_sources() {
        if ALLOWED.iter().any(|(allowed, _)| *allowed == file) {
            continue;
        }
        for (holder, words) in word_lists(&code) {
            lists.push(format!("{file}: {holder} {words:?}"));
        }
    }
    assert!(
        lists.is_empty(),
        "word lists in Rust; move them into `[language]` of rubrics/lexicon.toml \
         and read them by name:\n{}",
        lists.join("\n")
    );
}

#[test]
fn the_scan_finds_each_shape_of_word_list() {
    let arrays = "const WORDS: [&str; 5] = [\"is\", \"are\", \"was\", \"were\", \"isn't\"];\n\
                  static MORE: &[&str] = &[\"in\", \"on\", \"at\", \"of\", \"to\"];";
    assert_eq!(word_lists(arrays).len(), 2);
    let call = "if matches!(w, \"e.g\" | \"i.e\" | \"etc\" | \"vs\" | \"cf\") {}";
    assert_eq!(word_lists(call).len(), 1);
    let arms =
        "match w { \"one\" => 1, \"two\" => 2, \"three\" => 3, \"four\" | \"five\" => 4, _ => 0 }";
    assert_eq!(word_lists(arms).len(), 1);
    // Four words, identifiers and punctuation are no word list.
    let short = "matches!(w, \"a\" | \"an\" | \"the\" | \"this\")";
    let names = "const N: [&str; 5] = [\"metric_f1\", \"count_tp\", \"a-b\", \"a_b\", \"c-d\"];";
    let marks = "matches!(t, \",\" | \";\" | \":\" | \".\" | \"!\" | \"?\")";
    for code in [short, names, marks] {
        assert!(word_lists(code).is_empty(), "{code}");
    }
}

/// The names the engine reads lists by: `class("...")`, `list("...")` and
/// the like (`shared_list("...")`).
fn names_read(code: &str) -> Vec<String> {
    let call = Regex::new(r#"(?:\b|_)(?:class|list)\(\s*"([a-z][a-z0-9_]*)"\s*\)"#).unwrap();
    call.captures_iter(code).map(|c| c[1].to_string()).collect()
}

#[test]
fn every_language_list_is_read_and_every_list_read_is_in_the_lexicon() {
    let lexicon: LexiconFile = parse_toml("lexicon.toml", LEXICON_TOML).unwrap();
    let lists: Vec<&str> = lexicon.language.lists().map(|(name, _)| name).collect();
    let mut read = Vec::new();
    for (file, code) in engine_sources() {
        read.extend(
            names_read(&code)
                .into_iter()
                .map(|name| (name, file.clone())),
        );
    }
    let unknown: Vec<String> = read
        .iter()
        .filter(|(name, _)| !lists.contains(&name.as_str()))
        .map(|(name, file)| format!("{file}: {name}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "lists read but not in the lexicon: {unknown:?}"
    );
    let unread: Vec<&str> = lists
        .iter()
        .copied()
        .filter(|list| !read.iter().any(|(name, _)| name == list))
        .collect();
    assert!(
        unread.is_empty(),
        "lists in the lexicon no code reads: {unread:?}"
    );
}

#[test]
fn a_new_word_class_is_a_change_of_data_only() {
    // A list added to `[language]`, and nothing else: the lexicon parses, the
    // rubric compiles with it, and every token of the class carries it.
    let text = LEXICON_TOML.replacen(
        "[language]\n",
        "[language]\nmarsupials = [\"wombat\", \"quokka\", \"sugar glider\"]\n",
        1,
    );
    assert_ne!(text, LEXICON_TOML);
    let lexicon: LexiconFile = parse_toml("lexicon.toml", &text).unwrap();
    let (_, rubric_text) = BUNDLED
        .iter()
        .find(|(id, _)| *id == DEFAULT_RUBRIC)
        .unwrap();
    let rubric = compile("policy-impact.toml", rubric_text, &lexicon).unwrap();
    let marsupial = rubric.lexicon.class("marsupials");
    let answer = "A wombat, a quokka and a sugar glider meet a koala.";
    let doc = Document::new(answer, Format::Plain);
    let detection = rubricate::detect::detect(&doc, &rubric);
    let lower = answer.to_ascii_lowercase();
    let mut classed = Vec::new();
    for (t, token) in doc.tokens.iter().enumerate() {
        if detection.info.classes[t].has(marsupial) {
            classed.push(token.norm.slice(&lower));
        }
        for cue in detection.info.cues_starting_at(t) {
            if cue.class.has(marsupial) {
                classed.push("(cue)");
            }
        }
    }
    assert_eq!(classed, ["wombat", "quokka", "(cue)"]);
    // The shared lexicon has no such class: its words carry nothing.
    let shared = rubricate::rubric::load(DEFAULT_RUBRIC).unwrap();
    assert_eq!(
        shared.lexicon.class("marsupials"),
        rubricate::rubric::lexicon::Class::NONE
    );
}
