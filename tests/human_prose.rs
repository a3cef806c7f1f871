//! Ordinary documentation is prose, not shuffled words: the shapes that
//! broke grammar rules in places (text in capitals, Title Case, paths in
//! code, option tables) must not make a whole document read as word salad,
//! while a shuffled answer still does. Every text here was written for this
//! test.

use rubricate::rubric;

const SALAD_NOTE: &str = "shuffled words";

fn reads_as_salad(text: &str) -> bool {
    let rubric = rubric::load("policy-impact").expect("the default rubric loads");
    let report = rubricate::grade_text("doc.md", text, &rubric);
    report.notes.iter().any(|n| n.contains(SALAD_NOTE))
}

const CAPITALS: &str = "# Terms\n\n\
THIS TOOL IS OFFERED AS IT IS, WITH NO PROMISE OF ANY KIND THAT IT WILL WORK FOR \
YOUR PURPOSE. IN NO CASE WILL THE PEOPLE WHO WROTE IT BE HELD TO ACCOUNT FOR A LOSS \
THAT COMES FROM ITS USE, OR FROM THE USE OF ANY COPY OF IT.\n\n\
You may share it with anyone, as long as this notice goes with it.\n";

const CODE_PATHS: &str = "# Subcommands\n\n\
We call [`Parser::parse_args`][crate::Parser::parse_args] before anything else, so the \
help text appears when the [`Command::run`][crate::Command::run] step has no input:\n\n\
Usage: tool [OPTIONS] <FILE>\n\n\
Options:\n  -q, --quiet     Print less\n  -V, --version   Print the version\n\n\
Since we set [`Config::strict`][crate::Config::strict], an unknown key is an error at \
12:30 as at any other time.\n";

const TITLE_CASE: &str = "# A Guide To The Review Queue\n\n\
Read The Queue Before The Shift\n\
Every morning the lead reviewer looks at what came in overnight and sorts it by risk.\n\n\
What To Do With An Appeal\n\
An appeal goes to a second reviewer, who did not make the first call.\n";

#[test]
fn documentation_shapes_do_not_read_as_shuffled_words() {
    for (name, text) in [
        ("capitals", CAPITALS),
        ("code paths", CODE_PATHS),
        ("title case", TITLE_CASE),
    ] {
        assert!(!reads_as_salad(text), "{name} read as shuffled words");
    }
}

#[test]
fn a_shuffled_answer_still_reads_as_shuffled_words() {
    let shuffled = "threshold the of would lead and policy the owns to in appeals fewer we \
the cost a would of keep under day false the positive $4k at review so";
    assert!(reads_as_salad(shuffled));
}
