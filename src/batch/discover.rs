//! Inputs → jobs: the command line's files and folders (and `--files-from`
//! lists) become one [`Job`] per distinct PDF, each with a record path of
//! its own under the output folder.
//!
//! Names at the top of the output folder that start with one `_` are the
//! converter's (`_state/`, `_new/`, `_rejected/`, `_failed.jsonl`,
//! `_lock`): an input folder whose name starts with `_` gets one more `_`
//! in the output folder (`in/_drafts/a.pdf` → `__drafts/a.json`), so no
//! record can land in them. The mapping is one to one (a name that starts
//! with `_` always gains one), and a record file itself always ends in
//! `.json`.

use crate::error::Error;
use crate::files;
use std::path::PathBuf;

/// One unit of work: an input PDF and where its record goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Input PDF.
    pub input: PathBuf,
    /// Record path relative to the output folder ("sub/name.json").
    pub output: PathBuf,
}

/// Read a list of paths, one per line (as `--files-from` does); blank lines
/// are skipped, a trailing `\r` is dropped, bytes are kept as they are
/// (non-UTF-8 names work).
pub fn read_path_list(mut input: impl std::io::BufRead) -> std::io::Result<Vec<PathBuf>> {
    use std::os::unix::ffi::OsStrExt;
    let mut paths = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let mut l = line.as_slice();
        while let [rest @ .., b'\n' | b'\r'] = l {
            l = rest;
        }
        if !l.is_empty() {
            paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(l)));
        }
    }
    Ok(paths)
}

/// Expand files and folders into jobs: folders are searched recursively for
/// `*.pdf` (any case), sorted, and keep their sub-folder layout under the
/// output folder; files given directly go to `<stem>.json`. A file met
/// twice is converted once; two inputs that would write the same record
/// (`a/report.pdf` and `b/report.pdf` given as files) get `report.json` and
/// `report-2.json`, in input order, so no record overwrites another.
/// A path given that does not exist is an error: the command line is
/// wrong.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Job>, Error> {
    discover_listed(paths, &[])
}

/// [`discover`] over the paths `given` on the command line, then those
/// `listed` in a `--files-from` list. A listed path that cannot be read is
/// not an error of the batch: it becomes a job like any other, whose
/// conversion fails with an `io` failure naming it, while the rest are
/// converted.
pub fn discover_listed(given: &[PathBuf], listed: &[PathBuf]) -> Result<Vec<Job>, Error> {
    let mut jobs = expand(given)?;
    for p in listed {
        match expand(std::slice::from_ref(p)) {
            Ok(found) => jobs.extend(found),
            Err(_) => jobs.push(file_job(p)),
        }
    }
    Ok(settle_names(jobs))
}

/// One job per distinct input, each with a record path of its own.
fn settle_names(jobs: Vec<Job>) -> Vec<Job> {
    let mut inputs = std::collections::HashSet::new();
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        let key = std::fs::canonicalize(&job.input).unwrap_or_else(|_| job.input.clone());
        if !inputs.insert(key) {
            continue;
        }
        let stem = job
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut output = job.output.clone();
        let mut n = 2;
        while taken.contains(&output) {
            output = job.output.with_file_name(format!("{stem}-{n}.json"));
            n += 1;
        }
        taken.insert(output.clone());
        out.push(Job {
            input: job.input,
            output,
        });
    }
    out
}

fn expand(paths: &[PathBuf]) -> Result<Vec<Job>, Error> {
    let mut jobs = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let found = files::find(p, "pdf", files::Hidden::Enter).map_err(|e| Error::io(p, e))?;
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).with_extension("json");
                jobs.push(Job {
                    output: clear_of_reserved(&rel),
                    input: f,
                });
            }
        } else {
            jobs.push(file_job(p));
        }
    }
    Ok(jobs)
}

/// `rel` with its top folder given one more `_` when its name starts
/// with `_` (see the module).
fn clear_of_reserved(rel: &std::path::Path) -> PathBuf {
    let mut parts = rel.components();
    match (parts.next(), parts.as_path()) {
        (Some(std::path::Component::Normal(top)), rest)
            if !rest.as_os_str().is_empty() && top.as_encoded_bytes().first() == Some(&b'_') =>
        {
            let mut name = std::ffi::OsString::from("_");
            name.push(top);
            PathBuf::from(name).join(rest)
        }
        _ => rel.to_path_buf(),
    }
}

/// The job of one file given by name: its record is `<stem>.json`.
fn file_job(p: &std::path::Path) -> Job {
    let stem = p
        .file_stem()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("record"));
    Job {
        input: p.to_path_buf(),
        output: stem.with_extension("json"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_sharing_a_name_get_records_of_their_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        for d in [&a, &b] {
            std::fs::create_dir_all(d).expect("mkdir");
            std::fs::write(d.join("report.pdf"), b"%PDF-1.4").expect("write");
        }
        std::fs::write(a.join("report-2.pdf"), b"%PDF-1.4").expect("write");
        let jobs = discover(&[
            a.join("report.pdf"),
            b.join("report.pdf"),
            a.join("report-2.pdf"),
            // The same file again, by another spelling: converted once.
            a.join("../a/report.pdf"),
        ])
        .expect("discover");
        let outputs: Vec<&str> = jobs
            .iter()
            .map(|j| j.output.to_str().unwrap_or_default())
            .collect();
        assert_eq!(outputs, ["report.json", "report-2.json", "report-2-2.json"]);
        assert_eq!(jobs[1].input, b.join("report.pdf"));
    }

    #[test]
    fn input_folders_cannot_reach_the_converters_own_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        for f in [
            "_new/a.pdf",
            "_state/b.pdf",
            "__x/c.pdf",
            "d/_new/e.pdf",
            "_f.pdf",
        ] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, b"%PDF-1.4").expect("write");
        }
        let jobs = discover(&[dir.path().to_path_buf()]).expect("discover");
        let outputs: Vec<&str> = jobs
            .iter()
            .map(|j| j.output.to_str().unwrap_or_default())
            .collect();
        assert_eq!(
            outputs,
            [
                "___x/c.json",
                "_f.json",
                "__new/a.json",
                "__state/b.json",
                "d/_new/e.json"
            ]
        );
    }

    #[test]
    fn folders_keep_their_layout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("2016");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join("x.PDF"), b"%PDF-1.4").expect("write");
        std::fs::write(dir.path().join("notes.txt"), b"no").expect("write");
        let jobs = discover(&[dir.path().to_path_buf()]).expect("discover");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].output, PathBuf::from("2016/x.json"));
    }
}
