//! The speed limit of term detection: one bare Aho-Corasick pass over every
//! answer file, with an automaton of the default rubric's phrases (a
//! contiguous NFA finding overlapping matches, as the engine used before it
//! indexed phrases by their first word).
//!
//! ```text
//! cargo run --release --example ac_baseline -- corpus
//! ```
//!
//! Files are read into memory first; only the scan is timed. The pass reports
//! overlapping matches, as the engine does, and prints MB/s (10^6 bytes).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("ac_baseline: error: usage: ac_baseline DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut paths = Vec::new();
    if let Err(e) = collect(Path::new(&dir), &mut paths) {
        eprintln!("ac_baseline: error: {dir}: {e}");
        return ExitCode::from(2);
    }
    paths.sort();
    let mut texts = Vec::with_capacity(paths.len());
    for p in &paths {
        match std::fs::read(p) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("ac_baseline: error: {}: {e}", p.display());
                return ExitCode::from(2);
            }
        }
    }
    let rubric = match rubricate::rubric::load("policy-impact") {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ac_baseline: error: {e}");
            return ExitCode::from(2);
        }
    };
    let phrases: Vec<&[u8]> = rubric.matcher.index.phrases().collect();
    let automaton = match AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&phrases)
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ac_baseline: error: cannot build the automaton: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes: usize = texts.iter().map(Vec::len).sum();
    let mut best = f64::INFINITY;
    let mut matches = 0usize;
    // The best of a few rounds: the scan is short and the machine is shared.
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        matches = 0;
        for text in &texts {
            matches += automaton.find_overlapping_iter(text.as_slice()).count();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "ac_baseline: {} files, {} bytes, {} patterns, {} matches, {:.3} s, {:.1} MB/s",
        texts.len(),
        bytes,
        automaton.patterns_len(),
        matches,
        best,
        bytes as f64 / best / 1e6
    );
    ExitCode::SUCCESS
}
