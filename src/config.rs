//! Project configuration, `rubricate.toml`: which notes `rubricate check`
//! grades, with which rubric and threshold.
//!
//! The file is read strictly (an unknown key is an error naming file, line
//! and column), then compiled once: globs into matchers, rubrics loaded and
//! validated. Globs and rubric paths are relative to the folder holding the
//! config file; that folder is the project root, and notes are named by their
//! path relative to it, with `/` separators.

use crate::source::{describe_io, read_capped_text};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::rubric::{self, Rating, Rubric};
use crate::source::LineIndex;
use crate::split::Split;

/// The name looked for when walking up from the working directory.
pub const CONFIG_FILE: &str = "rubricate.toml";

/// The largest config file read, in bytes (1 MiB: a config names globs and
/// rubrics, never content).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// File endings of notes (other files matched by a glob are left alone).
pub const NOTE_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// A configuration error, located in the config file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    check: Vec<Spanned<CheckTable>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckTable {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rubric: Option<Spanned<String>>,
    #[serde(default)]
    min_rating: Option<Spanned<String>>,
    #[serde(default)]
    min_score: Option<Spanned<f64>>,
    #[serde(default)]
    split: Option<Spanned<String>>,
}

/// One `[[check]]` table, compiled.
#[derive(Clone, Debug)]
pub struct Check {
    /// The globs as written, for messages.
    pub globs: Vec<String>,
    pub paths: GlobSet,
    pub exclude: GlobSet,
    /// The rubric as written in the config (an id or a path).
    pub rubric_name: String,
    pub rubric: Arc<Rubric>,
    pub min_rating: Option<Rating>,
    pub min_score: Option<f64>,
    pub split: Split,
}

/// A loaded `rubricate.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// The config file.
    pub path: PathBuf,
    /// The folder holding it: globs, rubric paths and note names are relative to it.
    pub root: PathBuf,
    pub checks: Vec<Check>,
}

/// A note picked for grading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// Path relative to the project root, with `/` separators.
    pub name: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Index of the first `[[check]]` table that matched it.
    pub check: usize,
}

/// A path that could not be listed or lies outside the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectError {
    pub path: String,
    pub message: String,
}

/// Finds `rubricate.toml` in `start` or the nearest folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// Loads a rubric named in a config or a front matter: a bundled id, or a
/// path relative to `root`.
pub fn load_rubric(name: &str, root: &Path) -> Result<Rubric, String> {
    if rubric::BUNDLED.iter().any(|(id, _)| *id == name) {
        return rubric::load(name).map_err(|e| e.to_string());
    }
    let path = root.join(name);
    if path.is_file() {
        return rubric::load(&path.to_string_lossy()).map_err(|e| e.to_string());
    }
    let bundled: Vec<&str> = rubric::BUNDLED.iter().map(|(id, _)| *id).collect();
    Err(format!(
        "unknown rubric `{name}`: not a bundled rubric ({}) and no such file",
        bundled.join(", ")
    ))
}

struct Ctx<'a> {
    file: String,
    text: &'a str,
    lines: LineIndex,
}

impl Ctx<'_> {
    fn at(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        let offset = offset.min(self.text.len());
        let (line, column) = self.lines.line_col(self.text, offset);
        ConfigError {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    fn globs(&self, field: &str, globs: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
        let mut set = GlobSetBuilder::new();
        for g in globs {
            let glob = GlobBuilder::new(g.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    self.at(
                        g.span().start,
                        format!("{field}: bad glob `{}`: {}", g.get_ref(), e.kind()),
                    )
                })?;
            set.add(glob);
        }
        set.build().map_err(|e| {
            self.at(
                globs.first().map_or(0, |g| g.span().start),
                format!("{field}: {e}"),
            )
        })
    }
}

impl Config {
    /// Reads and compiles a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = read_capped_text(path, MAX_CONFIG_BYTES).map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read config: {e}"),
        })?;
        let root = path.parent().unwrap_or(Path::new("."));
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        Config::parse(path, &text, root)
    }

    /// Compiles config `text` read from `path`; `root` is the project root.
    pub fn parse(path: &Path, text: &str, root: &Path) -> Result<Config, ConfigError> {
        let ctx = Ctx {
            file: path.display().to_string(),
            text,
            lines: LineIndex::new(text),
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().replace('\n', " ");
            ctx.at(e.span().map_or(0, |s| s.start), message)
        })?;
        if file.check.is_empty() {
            return Err(ctx.at(
                0,
                "no [[check]] table: name the notes to check with `paths = [...]`",
            ));
        }
        let mut loaded: Vec<(String, Arc<Rubric>)> = Vec::new();
        let mut checks = Vec::with_capacity(file.check.len());
        for table in &file.check {
            let start = table.span().start;
            let t = table.get_ref();
            if t.paths.is_empty() {
                return Err(ctx.at(start, "check.paths: give at least one glob"));
            }
            let paths = ctx.globs("check.paths", &t.paths)?;
            let exclude = ctx.globs("check.exclude", &t.exclude)?;
            let (rubric_name, rubric_at) = match &t.rubric {
                Some(r) => (r.get_ref().clone(), r.span().start),
                None => (rubric::DEFAULT_RUBRIC.to_string(), start),
            };
            let rubric = match loaded.iter().find(|(n, _)| *n == rubric_name) {
                Some((_, r)) => Arc::clone(r),
                None => {
                    let r = Arc::new(
                        load_rubric(&rubric_name, root)
                            .map_err(|m| ctx.at(rubric_at, format!("check.rubric: {m}")))?,
                    );
                    loaded.push((rubric_name.clone(), Arc::clone(&r)));
                    r
                }
            };
            let min_rating = match &t.min_rating {
                Some(r) => Some(
                    r.get_ref()
                        .parse::<Rating>()
                        .map_err(|m| ctx.at(r.span().start, format!("check.min-rating: {m}")))?,
                ),
                None => None,
            };
            let min_score = match &t.min_score {
                Some(s) if !(-100.0..=100.0).contains(s.get_ref()) => {
                    return Err(ctx.at(s.span().start, "check.min-score: must lie in -100..100"));
                }
                Some(s) => Some(*s.get_ref()),
                None => None,
            };
            let split = match &t.split {
                Some(s) => s
                    .get_ref()
                    .parse::<Split>()
                    .map_err(|m| ctx.at(s.span().start, format!("check.split: {m}")))?,
                None => Split::None,
            };
            checks.push(Check {
                globs: t.paths.iter().map(|g| g.get_ref().clone()).collect(),
                paths,
                exclude,
                rubric_name,
                rubric,
                min_rating,
                min_score,
                split,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            checks,
        })
    }

    /// The first check table that takes the note `name` (relative to the root).
    pub fn check_for(&self, name: &str) -> Option<usize> {
        if !is_note(name) {
            return None;
        }
        self.checks
            .iter()
            .position(|c| c.paths.is_match(name) && !c.exclude.is_match(name))
    }

    /// The notes to grade, sorted by name: every note under the root that a
    /// check table matches, or, when `paths` is not empty, the notes among
    /// those files and folders. Folders are walked with `.gitignore` rules
    /// applied; a file named directly is taken even if ignored.
    ///
    /// Symbolic links met while walking are left alone unless `follow` is
    /// set, and even then a link is followed only when it resolves inside the
    /// project root: a link never takes `check` out of the project. A link
    /// named directly is taken when its target lies in the project.
    pub fn select(&self, paths: &[PathBuf], follow: bool) -> (Vec<Selected>, Vec<SelectError>) {
        let mut errors = Vec::new();
        let root = match self.root.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                errors.push(SelectError {
                    path: self.root.display().to_string(),
                    message: e.to_string(),
                });
                return (Vec::new(), errors);
            }
        };
        let mut files: Vec<PathBuf> = Vec::new();
        let starts: Vec<PathBuf> = if paths.is_empty() {
            vec![root.clone()]
        } else {
            paths.to_vec()
        };
        for start in &starts {
            let abs = match start.canonicalize() {
                Ok(p) => p,
                Err(e) => {
                    errors.push(SelectError {
                        path: start.display().to_string(),
                        message: describe_io(&e),
                    });
                    continue;
                }
            };
            let inside = abs.starts_with(&root) || (abs.is_dir() && root.starts_with(&abs));
            if !inside {
                errors.push(SelectError {
                    path: start.display().to_string(),
                    message: format!("outside the project folder of {}", self.path.display()),
                });
            } else if abs.is_dir() {
                // a folder above the project root is checked as the whole project
                let from = if root.starts_with(&abs) { &root } else { &abs };
                walk(from, start, &root, follow, &mut files, &mut errors);
            } else {
                files.push(abs);
            }
        }
        let mut selected = Vec::new();
        for abs in files {
            // every path is under the root: walks start there and do not leave it
            let Ok(rel) = abs.strip_prefix(&root) else {
                continue;
            };
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if let Some(check) = self.check_for(&name) {
                selected.push(Selected {
                    path: self.root.join(rel),
                    name,
                    check,
                });
            }
        }
        selected.sort_by(|a, b| a.name.cmp(&b.name));
        selected.dedup_by(|a, b| a.name == b.name);
        (selected, errors)
    }
}

/// Collects the files under `dir` (inside `root`). With `follow`, a symbolic
/// link is entered only when what it points to resolves inside `root` (a
/// dangling link is reported by the walker).
fn walk(
    dir: &Path,
    given: &Path,
    root: &Path,
    follow: bool,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<SelectError>,
) {
    let root = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(follow)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            !(follow && e.path_is_symlink())
                || e.path()
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&root))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => errors.push(SelectError {
                path: given.display().to_string(),
                message: e.to_string().replace('\n', " "),
            }),
        }
    }
}

fn is_note(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOTE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("rubricate.toml"), text, Path::new("."))
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err =
            parse("[[check]]\npaths = [\"a/*.md\"]\nrubrik = \"policy-impact\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("rubrik"), "{err}");
        assert!(err.to_string().starts_with("rubricate.toml:3:1: "), "{err}");
    }

    #[test]
    fn bad_glob_points_at_the_glob() {
        let err = parse("[[check]]\npaths = [\"ok/*.md\", \"bad/[.md\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 21));
        assert!(err.message.contains("bad glob `bad/[.md`"), "{err}");
    }

    #[test]
    fn unknown_rubric_id_is_a_config_error() {
        let err =
            parse("[[check]]\npaths = [\"*.md\"]\nrubric = \"no-such-rubric\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("unknown rubric `no-such-rubric`"),
            "{err}"
        );
    }

    #[test]
    fn first_matching_table_wins_and_exclude_applies() {
        let c = parse(
            "[[check]]\npaths = [\"notes/a/**/*.md\"]\nexclude = [\"notes/a/drafts/**\"]\nmin-rating = \"policy-impact\"\n\n[[check]]\npaths = [\"notes/**/*.md\"]\nmin-score = 5\nsplit = \"h2\"\n",
        )
        .unwrap();
        assert_eq!(c.check_for("notes/a/x/one.md"), Some(0));
        assert_eq!(c.check_for("notes/a/drafts/two.md"), Some(1));
        assert_eq!(c.check_for("notes/b/three.md"), Some(1));
        assert_eq!(c.check_for("notes/b/picture.png"), None);
        assert_eq!(c.check_for("elsewhere/four.md"), None);
        assert_eq!(c.checks[0].min_rating, Some(Rating::PolicyImpact));
        assert_eq!(c.checks[1].min_score, Some(5.0));
        assert_eq!(c.checks[1].split, Split::H2);
    }

    #[test]
    fn star_does_not_cross_folders() {
        let c = parse("[[check]]\npaths = [\"notes/*.md\"]\n").unwrap();
        assert_eq!(c.check_for("notes/top.md"), Some(0));
        assert_eq!(c.check_for("notes/deep/inner.md"), None);
    }

    #[test]
    fn bad_rating_and_split_are_located() {
        let err = parse("[[check]]\npaths = [\"*.md\"]\nmin-rating = \"great\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 14));
        let err = parse("[[check]]\npaths = [\"*.md\"]\nsplit = \"h3\"\n").unwrap_err();
        assert!(err.message.contains("unknown split `h3`"), "{err}");
    }
}
