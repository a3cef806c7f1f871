//! `rubricate explain`: what a rubric element, anti-pattern or bonus means and
//! how it is scored.

use clap::Args;

use rubricate::report::explain;
use rubricate::rubric::{self, RubricFile};

use super::output::print;
use super::{error_line, load_rubric, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// An element, anti-pattern or bonus id (for example cost_of_error)
    #[arg(value_name = "ID")]
    pub id: String,
    /// A bundled rubric id or a rubric file (default: policy-impact)
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Option<String>,
}

/// The rubric's TOML as written, for the phrases of its term sets.
fn rubric_text(name: &str) -> Result<String, String> {
    if let Some((_, text)) = rubric::BUNDLED.iter().find(|(id, _)| *id == name) {
        return Ok(text.to_string());
    }
    rubric::read_file(name).map_err(|e| e.to_string())
}

pub fn run(args: ExplainArgs) -> u8 {
    let name = args.rubric.as_deref().unwrap_or(rubric::DEFAULT_RUBRIC);
    let compiled = match load_rubric(Some(name)) {
        Ok(r) => r,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    let spec: RubricFile = match rubric_text(name)
        .and_then(|text| rubric::compile::parse_toml(name, &text).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => {
            error_line(e);
            return EXIT_ERROR;
        }
    };
    match explain::explain(&compiled, &spec, rubric::lexicon(), &args.id) {
        Ok(text) => {
            print(&text);
            EXIT_OK
        }
        Err(e) => {
            error_line(e);
            EXIT_ERROR
        }
    }
}
