//! Finding the records to check and checking them in parallel.
//!
//! In: the command line's paths (files, folders, `-`) and options. Out: one
//! [`FileReport`] per record, in input order, and the [`Summary`]. The
//! threads are [`crate::parallel::in_order`]'s, as for `inspdf convert`.

use super::checker::Checker;
use super::error::ValidateError;
use super::registry::Registry;
use super::report::{FileReport, Summary};
use crate::{files, parallel};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One record to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line), read once.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name used in reports.
    pub fn label(&self) -> String {
        match self {
            Self::Stdin => "<stdin>".into(),
            Self::File(p) => p.display().to_string(),
        }
    }
}

/// Expand the command line's paths: `-` is standard input (at most once),
/// a folder is searched recursively for `*.json` (any case; sorted; hidden
/// sub-folders such as `.git` skipped; symbolic links not followed), any
/// other path is a file to check whatever its name (a missing one is
/// reported as unreadable when checked, with the others still checked).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, ValidateError> {
    let mut out = Vec::new();
    let mut stdin = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if stdin {
                return Err(ValidateError::Usage(
                    "'-' (standard input) can be given only once".into(),
                ));
            }
            stdin = true;
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let found = files::find(p, "json", files::Hidden::Skip).map_err(|source| {
                ValidateError::Io {
                    path: p.clone(),
                    source,
                }
            })?;
            out.extend(
                found
                    .into_iter()
                    .filter(|f| !in_converters_own(p, f))
                    .map(Input::File),
            );
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    if out.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ValidateError::NoInputs(names.join(", ")));
    }
    Ok(out)
}

/// Whether `file`, found below the folder `root`, sits in a folder that
/// `inspdf convert` writes for itself: `_rejected/` (records that failed
/// validation, beside their errors) or `_state/` (sidecars). Those are not
/// records, so a records folder validates green after a run that rejected
/// one. No records folder of the converter's can have these names: an input
/// folder starting with `_` gets one more `_`. New conversions beside hand
/// edits (`_new/`) are records and are checked.
fn in_converters_own(root: &Path, file: &Path) -> bool {
    let Ok(rel) = file.strip_prefix(root) else {
        return false;
    };
    let parent = rel.parent().unwrap_or(Path::new(""));
    parent.components().any(|c| {
        let name = c.as_os_str();
        name == crate::output::folder::REJECTED_DIR || name == crate::batch::resume::STATE_DIR
    })
}

thread_local! {
    /// Each worker reads its files into one reused buffer.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Largest record file read, bytes: records are a few hundred KiB, the
/// converter writes none over 64 MiB by default; past this a file is
/// unreadable, not read without end.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Read a whole regular file into the start of `buf` and return its
/// length, at most [`MAX_FILE_BYTES`]: a FIFO or a device is refused,
/// not waited on or read without end, and the read itself stops at the
/// limit. No allocation per file: records are small and many. `buf` only
/// grows, except after a file over 64 MiB.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<usize, files::ReadError> {
    const SHRINK_ABOVE: usize = 64 << 20;
    if buf.capacity() > SHRINK_ABOVE {
        *buf = Vec::new();
    }
    buf.clear();
    files::read_regular_into(path, MAX_FILE_BYTES, buf)
}

/// Stack of each checking thread: the scanner and the walks stop at
/// [`super::locate::MAX_DEPTH`] levels, which this holds many times over.
const STACK: usize = 8 << 20;

/// Check every input, in parallel on `jobs` threads (0: one per core; never
/// more than the inputs). Reports come back in input order. Standard input
/// is read first, on the calling thread.
pub fn run(inputs: &[Input], checker: &Checker, jobs: usize) -> Vec<FileReport> {
    let stdin = if inputs.contains(&Input::Stdin) {
        let mut buf = Vec::new();
        Some(
            std::io::stdin()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| e.to_string())
                .and_then(|n| match n as u64 > MAX_FILE_BYTES {
                    true => Err(format!("more than {MAX_FILE_BYTES} bytes")),
                    false => Ok(buf),
                }),
        )
    } else {
        None
    };
    let one = |input: &Input| -> FileReport {
        let label = input.label();
        match input {
            Input::Stdin => match &stdin {
                Some(Ok(b)) => checker.check(label, b),
                Some(Err(why)) => FileReport::unreadable(label, why.clone()),
                None => FileReport::unreadable(label, "standard input not read".into()),
            },
            Input::File(p) => BUFFER.with(|buf| {
                let mut buf = buf.borrow_mut();
                match read_into(p, &mut buf) {
                    Ok(len) => checker.check(label, &buf[..len]),
                    Err(e) => FileReport::unreadable(label, e.to_string()),
                }
            }),
        }
    };
    let threads = parallel::threads_for(jobs, inputs.len());
    parallel::in_order(threads, STACK, inputs.len(), |i| one(&inputs[i]))
}

/// What `inspdf validate` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files, folders and `-`.
    pub paths: Vec<PathBuf>,
    /// A schema file to use instead of the built-in schemas.
    pub schema: Option<PathBuf>,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
}

/// The whole command: compile the schemas once, find the inputs, check
/// them in parallel. `Err` is a usage or I/O problem that stops the run
/// (exit code 2); problems with single files are in their reports.
pub fn validate_paths(opts: &Options) -> Result<(Vec<FileReport>, Summary), ValidateError> {
    let started = std::time::Instant::now();
    let registry = match &opts.schema {
        Some(path) => Registry::from_file(path)?,
        None => Registry::known()?,
    };
    let checker = Checker::new(registry);
    let inputs = discover(&opts.paths)?;
    let reports = run(&inputs, &checker, opts.jobs);
    let summary = Summary::of(&reports, started.elapsed().as_secs_f64());
    Ok((reports, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_into_reads_whole_files_of_any_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut buf = Vec::new();
        for size in [0usize, 1, 16 << 10, (16 << 10) + 1, 100_000] {
            let path = dir.path().join(format!("{size}.json"));
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &data).expect("write");
            let len = read_into(&path, &mut buf).expect("read");
            assert_eq!(&buf[..len], &data[..], "size {size}");
        }
        assert!(read_into(&dir.path().join("missing.json"), &mut buf).is_err());
    }

    #[test]
    fn folders_recurse_for_json_skipping_hidden_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for f in ["b.json", "a.JSON", "notes.txt", "sub/c.json", ".git/d.json"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "{}").expect("write");
        }
        let found = discover(&[root.to_path_buf(), PathBuf::from("-")]).expect("discover");
        let names: Vec<String> = found
            .iter()
            .map(|i| match i {
                Input::File(p) => p
                    .strip_prefix(root)
                    .expect("under root")
                    .display()
                    .to_string(),
                Input::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.JSON", "b.json", "sub/c.json", "-"]);
        assert!(matches!(
            discover(&[PathBuf::from("-"), PathBuf::from("-")]),
            Err(ValidateError::Usage(_))
        ));
    }
}
