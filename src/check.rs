//! `check`: grade the notes a [`Config`] selects, each with the rubric and
//! threshold of its `[[check]]` table, in parallel, in a stable order.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::config::{self, Config, Selected};
use crate::frontmatter;
use crate::report::Report;
use crate::rubric::Rubric;
use crate::source::{Source, SourceError};
use crate::split::{self, Split};

/// What one note gave: the rubric that graded it, its reports and its text
/// (the terminal, HTML and Markdown views quote it, and must not read the
/// file a second time), or one error line.
pub type Outcome = Result<(Arc<Rubric>, Vec<Report>, String), String>;

/// Where items are graded: on the calling thread, or on a pool of helpers.
pub enum Workers {
    /// One thread: the caller's own, with no pool started.
    Inline,
    Pool(rayon::ThreadPool),
}

/// Grades items on `workers`, handing results to `sink` in input order, a
/// chunk at a time. The output does not depend on the number of threads.
pub fn for_each_ordered<T, R, F, S>(workers: &Workers, items: &[T], work: F, mut sink: S)
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
    S: FnMut(R),
{
    let pool = match workers {
        Workers::Pool(pool) if pool.current_num_threads() > 1 => pool,
        // One thread: no hand-offs at all.
        _ => {
            for item in items {
                sink(work(item));
            }
            return;
        }
    };
    // A chunk of answers at a time, large enough that threads seldom wait for
    // the slowest answer of a chunk, small enough to hold: memory stays flat
    // in the number of answers.
    let chunk = pool.current_num_threads() * 64;
    for batch in items.chunks(chunk) {
        let results: Vec<R> = pool.install(|| batch.par_iter().map(&work).collect());
        results.into_iter().for_each(&mut sink);
    }
}

/// The workers for `items` items: `jobs` threads, where `None` takes rayon's
/// default (`RAYON_NUM_THREADS`, else one per core). A single item, or one
/// job, runs on the calling thread: no helper is started to wait for (a
/// thread and its allocator arena are a tenth of a one-answer run).
pub fn pool(jobs: Option<usize>, items: usize) -> Result<Workers, String> {
    if items <= 1 || jobs == Some(1) {
        return Ok(Workers::Inline);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map(Workers::Pool)
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// Grades the notes of a project.
pub struct Checker<'c> {
    pub config: &'c Config,
    /// `Some(split)` overrides the tables' `split`.
    pub split: Option<Split>,
    pub baseline: Option<&'c Baseline>,
    pub max_size: u64,
    /// Rubrics named in front matter, loaded once each.
    cache: Mutex<BTreeMap<String, Result<Arc<Rubric>, String>>>,
}

impl<'c> Checker<'c> {
    pub fn new(
        config: &'c Config,
        split: Option<Split>,
        baseline: Option<&'c Baseline>,
        max_size: u64,
    ) -> Self {
        Checker {
            config,
            split,
            baseline,
            max_size,
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    fn front_matter_rubric(&self, name: &str) -> Result<Arc<Rubric>, String> {
        if let Some(c) = self.config.checks.iter().find(|c| c.rubric_name == name) {
            return Ok(Arc::clone(&c.rubric));
        }
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(name.to_string())
            .or_insert_with(|| config::load_rubric(name, &self.config.root).map(Arc::new))
            .clone()
    }

    /// The rubric that grades a note: its front matter's `rubric`, else its table's.
    pub fn rubric_for(&self, note: &Selected, text: &str) -> Result<Arc<Rubric>, String> {
        match frontmatter::parse(text)? {
            Some(frontmatter::FrontMatter {
                rubric: Some(name), ..
            }) => self
                .front_matter_rubric(&name)
                .map_err(|e| format!("front matter: {e}")),
            _ => Ok(Arc::clone(&self.config.checks[note.check].rubric)),
        }
    }

    /// Reads and grades one note; the error is one line, without the file name.
    pub fn grade(&self, note: &Selected) -> Outcome {
        let source = match Source::read_path(&note.path, self.max_size) {
            Ok(s) => s,
            Err(SourceError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err("no such file or directory".to_string())
            }
            Err(e) => return Err(e.to_string()),
        };
        if source.text.trim().is_empty() {
            return Err("no text to grade (the note is empty)".to_string());
        }
        let rubric = self.rubric_for(note, &source.text)?;
        let check = &self.config.checks[note.check];
        let split = self.split.unwrap_or(check.split);
        let mut reports = split::grade_note(&note.name, &source.text, &rubric, split);
        for r in &mut reports {
            r.apply_threshold(check.min_score, check.min_rating);
            if let Some(b) = self.baseline {
                b.judge(r);
            }
        }
        Ok((rubric, reports, source.text))
    }
}

#[cfg(test)]
mod tests {
    use super::{for_each_ordered, pool, Workers};

    #[test]
    fn one_item_or_one_job_runs_on_the_calling_thread() {
        assert!(matches!(pool(None, 1), Ok(Workers::Inline)));
        assert!(matches!(pool(Some(4), 0), Ok(Workers::Inline)));
        assert!(matches!(pool(Some(1), 50), Ok(Workers::Inline)));
        assert!(matches!(pool(Some(2), 50), Ok(Workers::Pool(_))));
        let caller = std::thread::current().id();
        let mut seen = Vec::new();
        for_each_ordered(
            &pool(Some(1), 3).unwrap(),
            &[1, 2, 3],
            |&i| (i, std::thread::current().id()),
            |r| seen.push(r),
        );
        assert_eq!(seen, vec![(1, caller), (2, caller), (3, caller)]);
    }

    #[test]
    fn results_come_in_input_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..200).collect();
        let pool = pool(Some(3), items.len()).unwrap();
        let mut seen = Vec::new();
        for_each_ordered(
            &pool,
            &items,
            |&i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| seen.push(r),
        );
        let expected: Vec<u64> = items.iter().map(|i| i * 2).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_panicking_item_reaches_the_caller_instead_of_hanging() {
        let items: Vec<u32> = (0..50).collect();
        let pool = pool(Some(2), items.len()).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for_each_ordered(
                &pool,
                &items,
                |&i| {
                    assert!(i != 17, "item 17 fails");
                    i
                },
                |_| {},
            )
        }));
        assert!(outcome.is_err());
    }
}
