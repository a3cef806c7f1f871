//! The views of `grade` for people: the terminal report (`text`), and the
//! HTML and Markdown documents, which collect every report first so that
//! several answers make one document with a summary first.

use clap::ValueEnum;

use rubricate::report::{html, markdown, terminal, Report, Summary};
use rubricate::Rubric;

/// When to colour the terminal report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When stdout is a terminal and NO_COLOR is not set
    #[default]
    Auto,
    /// Always (overrides NO_COLOR)
    Always,
    /// Never
    Never,
}

impl ColorWhen {
    /// Resolves the choice for stdout: `auto` honours NO_COLOR, CLICOLOR,
    /// CLICOLOR_FORCE and whether stdout is a terminal.
    pub fn for_stdout(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => !matches!(
                anstream::AutoStream::choice(&std::io::stdout()),
                anstream::ColorChoice::Never
            ),
        }
    }
}

/// Width of the terminal excerpts: `COLUMNS` when set, else 140 on a
/// terminal; when piped, lines are never cut, so that columns stay exact.
fn width() -> usize {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 40);
    match columns {
        Some(w) => w,
        None if std::io::stdout().is_terminal() => 140,
        None => UNCUT,
    }
}

/// A width no answer line reaches.
const UNCUT: usize = 1 << 20;

/// Options of the terminal report for this run.
pub fn terminal_options(color: ColorWhen) -> terminal::TerminalOptions {
    terminal::TerminalOptions {
        color: color.for_stdout(),
        width: width(),
    }
}

/// Reports with the answers they graded, kept for one closing document.
#[derive(Default)]
pub struct Collected {
    answers: Vec<(Report, String)>,
}

impl Collected {
    pub fn keep(&mut self, report: &Report, text: &str) {
        self.answers.push((report.clone(), text.to_string()));
    }

    fn pairs(&self) -> Vec<(&Report, &str)> {
        self.answers.iter().map(|(r, t)| (r, t.as_str())).collect()
    }

    pub fn html(&self, summary: &Summary, rubric: &Rubric) -> String {
        html::render(&self.pairs(), summary, &rubric.bands)
    }

    pub fn markdown(&self, summary: &Summary, rubric: &Rubric) -> String {
        markdown::render(&self.pairs(), summary, &rubric.bands)
    }
}
