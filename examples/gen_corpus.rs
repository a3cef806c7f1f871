//! Writes a deterministic corpus of Markdown practice answers for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --answers 10000 --out corpus
//! ```
//!
//! Every answer is composed from sentence templates in three styles
//! (policy-impact, technical, neutral) with paragraphs, lists, tables, code
//! blocks, Unicode hyphens, dashes, smart quotes and numbers with units. The
//! same `--answers` and `--seed` always give the same bytes.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// splitmix64: tiny, fast and good enough to pick templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Clone, Copy)]
enum Style {
    Policy,
    Technical,
    Neutral,
}

const POLICY: &[&str] = &[
    "I would raise the {lever} threshold so that {fp} stays under {money} a week for the review team.",
    "The {owner} owns the threshold and signs off on any change, because every point of precision moves {count} items a day into the queue.",
    "Each wrongly removed video costs about {money} in appeal handling and a measurable drop in {outcome}, so I cap {fp} at {pct}.",
    "A missed political impersonation can cost far more than a week of reviews, which is why the {owner} keeps an error budget of {count} misses a month.",
    "Tiered confidence thresholds act automatically above {score} and send anything between {score} and {score} to human review, to keep the queue within capacity.",
    "The goal is {count} fewer user reports per day within {weeks} weeks, measured against the current baseline of {count}.",
    "We stage the rollout to {pct} of uploads first, which cuts exposure to synthetic media while the {owner} watches appeals per 10k removals.",
    "I would not block everything; a blanket rule removes satire and hurts {outcome} more than it protects anyone.",
    "False\u{2011}negative cost is estimated at {money} per viral miss, based on advertiser pauses we saw last quarter.",
    "The {owner} gets a veto if the review backlog exceeds {count} items for two days running.",
    "Provenance checks on uploads reduce daily impressions of unlabelled synthetic videos by {pct}, which protects {outcome}.",
    "Every trade\u{2011}off goes into an error\u{2011}cost matrix that the {owner} reviews every {weeks} weeks.",
    "\u{201C}Catch more fakes\u{201D} is not the target; the target is {fp} below {pct} while harm reports fall by {pct}.",
];

const TECHNICAL: &[&str] = &[
    "I fine\u{2011}tuned a multi\u{2011}modal {lever} on {count} labelled clips and reached {pct} accuracy on the holdout set.",
    "The pipeline runs on {count} GPUs and scores a video in {ms} ms at the 99th percentile.",
    "We switched the loss function to focal loss, which lifted F1 from 0.{digits} to 0.{digits}.",
    "My repository has the training code, the evaluation notebooks and a Dockerfile for the inference server.",
    "The {lever} uses frame embeddings, audio spectrograms and a transformer head with {count} parameters.",
    "We shipped the detector in {weeks} weeks, two sprints ahead of plan.",
    "Hash matching against the known\u{2011}fakes database adds {ms} ms per upload and catches re\u{2011}uploads exactly.",
    "Recall is the priority: the model should catch every deepfake, whatever it takes.",
    "Batch inference processes {count} videos per hour on one node with {gb} GB of memory.",
    "AUC went from 0.{digits} to 0.{digits} after we added {count} synthetic negatives.",
];

const NEUTRAL: &[&str] = &[
    "There are many factors to consider here, and it depends on the context.",
    "Deepfakes are a growing concern for every platform that hosts video.",
    "I think it is important to balance different stakeholder needs.",
    "It would be good to talk with the relevant teams before deciding.",
    "Generative AI has changed how quickly new content can be produced.",
    "The situation is complex and there is no single right answer.",
    "Users expect a safe experience, and the company wants to grow.",
    "We should keep learning and iterate as the landscape evolves.",
    "This is a question many companies are thinking about right now.",
    "In the end, good judgement matters more than any single tool.",
];

const LEVERS: &[&str] = &[
    "classifier",
    "confidence",
    "watermark detector",
    "hash-matching",
    "provenance",
    "rate-limit",
];
const OWNERS: &[&str] = &[
    "policy lead",
    "trust and safety director",
    "review operations manager",
    "integrity product manager",
    "escalations team",
];
const OUTCOMES: &[&str] = &[
    "creators\u{2019} trust",
    "brand safety",
    "user retention",
    "advertiser confidence",
    "the viewing experience",
];
const FP: &[&str] = &[
    "false-positive cost",
    "the false\u{2011}positive rate",
    "wrongful removals",
    "FP handling cost",
];
const HEADINGS: &[&str] = &[
    "My answer",
    "Approach",
    "Plan for the first 48 hours",
    "Trade\u{2011}offs",
    "Summary",
];
const QUESTIONS: &[&str] = &[
    "How would you moderate AI\u{2011}generated video on a large platform?",
    "A detector reports 97% accuracy. Would you ship it?",
    "Synthetic media uploads tripled overnight. What do you do in the next 48 hours?",
    "Who should own the threshold of a deepfake classifier?",
];

/// Fills `{slot}`s of a template.
fn fill(rng: &mut Rng, template: &str, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("templates close every slot");
        match &rest[open + 1..close] {
            "lever" => out.push_str(rng.pick(LEVERS)),
            "owner" => out.push_str(rng.pick(OWNERS)),
            "outcome" => out.push_str(rng.pick(OUTCOMES)),
            "fp" => out.push_str(rng.pick(FP)),
            "money" => {
                let unit = rng.pick(&["k", "", "k"]);
                let _ = write!(out, "${}{}", rng.range(2, 90), unit);
            }
            "pct" => {
                let space = rng.pick(&["", " ", "\u{00A0}"]);
                let _ = write!(out, "{}.{}{}%", rng.range(0, 12), rng.range(0, 9), space);
            }
            "count" => {
                let n = rng.range(2, 40_000);
                if n >= 1000 && rng.chance(50) {
                    let _ = write!(out, "{},{:03}", n / 1000, n % 1000);
                } else {
                    let _ = write!(out, "{n}");
                }
            }
            "score" => {
                let _ = write!(out, "0.{}", rng.range(50, 99));
            }
            "weeks" => {
                let _ = write!(out, "{}", rng.range(2, 12));
            }
            "ms" => {
                let _ = write!(out, "{}", rng.range(15, 900));
            }
            "gb" => {
                let _ = write!(out, "{}", rng.range(8, 256));
            }
            "digits" => {
                let _ = write!(out, "{}", rng.range(60, 98));
            }
            other => panic!("unknown slot {other}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

fn templates(style: Style) -> &'static [&'static str] {
    match style {
        Style::Policy => POLICY,
        Style::Technical => TECHNICAL,
        Style::Neutral => NEUTRAL,
    }
}

/// Mostly the answer's own style, sometimes a sentence of another.
fn sentence(rng: &mut Rng, style: Style, out: &mut String) {
    let style = if rng.chance(20) {
        [Style::Policy, Style::Technical, Style::Neutral][rng.range(0, 2) as usize]
    } else {
        style
    };
    let template = rng.pick(templates(style));
    fill(rng, template, out);
}

fn paragraph(rng: &mut Rng, style: Style, out: &mut String) {
    let n = rng.range(2, 5);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        sentence(rng, style, out);
    }
    out.push_str("\n\n");
}

fn list(rng: &mut Rng, style: Style, out: &mut String) {
    let ordered = rng.chance(40);
    for i in 0..rng.range(2, 5) {
        if ordered {
            let _ = write!(out, "{}. ", i + 1);
        } else {
            out.push_str("- ");
        }
        sentence(rng, style, out);
        out.push('\n');
    }
    out.push('\n');
}

fn table(rng: &mut Rng, out: &mut String) {
    out.push_str("| Error | Cost per item | Volume per day | Owner |\n|---|---|---|---|\n");
    for row in ["False positive", "False negative", "Appeal upheld"] {
        let _ = writeln!(
            out,
            "| {row} | ${}.{:02} | {} items | {} |",
            rng.range(0, 40),
            rng.range(0, 99),
            rng.range(50, 9000),
            rng.pick(OWNERS)
        );
    }
    out.push('\n');
}

fn code_block(rng: &mut Rng, out: &mut String) {
    let _ = write!(
        out,
        "```python\nthreshold = 0.{}\nif score >= threshold:\n    queue.send(video_id, tier=\"human\")\n```\n\n",
        rng.range(50, 99)
    );
}

fn answer(rng: &mut Rng) -> String {
    let style = [
        Style::Policy,
        Style::Policy,
        Style::Technical,
        Style::Neutral,
    ][rng.range(0, 3) as usize];
    let mut out = String::with_capacity(2048);
    if rng.chance(30) {
        let _ = write!(out, "> {}\n\n", rng.pick(QUESTIONS));
    }
    let blocks = rng.range(2, 7);
    for _ in 0..blocks {
        if rng.chance(15) {
            let _ = write!(out, "## {}\n\n", rng.pick(HEADINGS));
        }
        match rng.range(0, 9) {
            0..=4 => paragraph(rng, style, &mut out),
            5 | 6 => list(rng, style, &mut out),
            7 => table(rng, &mut out),
            8 => code_block(rng, &mut out),
            _ => {
                out.push_str("The short version \u{2013} ");
                sentence(rng, style, &mut out);
                out.push_str("\n\n");
            }
        }
    }
    out
}

struct Args {
    answers: usize,
    out: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut answers = 10_000;
    let mut out = None;
    let mut seed = 7;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--answers" => {
                answers = value()?
                    .parse()
                    .map_err(|_| "--answers takes a count".to_string())?
            }
            "--seed" => {
                seed = value()?
                    .parse()
                    .map_err(|_| "--seed takes a number".to_string())?
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            _ => {
                return Err(format!(
                    "unknown argument `{flag}` (use --answers N --out DIR [--seed S])"
                ))
            }
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Args { answers, out, seed })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("gen_corpus: error: {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let mut rng = Rng(args.seed);
    let mut bytes = 0usize;
    for i in 0..args.answers {
        let text = answer(&mut rng);
        bytes += text.len();
        let path = args.out.join(format!("answer-{i:05}.md"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen_corpus: error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    println!(
        "{} answers, {} bytes in {}",
        args.answers,
        bytes,
        args.out.display()
    );
    ExitCode::SUCCESS
}
