//! The JSON Lines stream (`convert --jsonl FILE|-`): one line per input, in
//! input order, whatever order the inputs finish in: `{"file", "status",
//! "sha256", (failure fields | errors), "record"}`.

use super::Sink;
use crate::batch::outcome::{Finished, Outcome};
use crate::error::{Error, Failure};
use crate::record::Record;
use crate::validate::Diagnostic;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// The head of a JSON Lines entry: what happened to the file. The record
/// itself, when there is one, follows as `"record"`.
#[derive(Serialize)]
struct LineHead<'a> {
    file: &'a Path,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(flatten)]
    failure: Option<&'a Failure>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [Diagnostic],
}

/// One JSON Lines entry, on one line, without its newline.
pub fn entry(item: &Finished) -> Vec<u8> {
    let o = &item.outcome;
    let (status, failure, errors): (_, _, &[Diagnostic]) = match o {
        Outcome::Converted { .. } => ("converted", None, &[]),
        Outcome::Skipped { .. } => ("skipped", None, &[]),
        Outcome::Rejected { errors, .. } => ("rejected", None, errors),
        Outcome::Failed { failure, .. } => ("failed", Some(failure), &[]),
    };
    let head = LineHead {
        file: o.file(),
        status,
        sha256: item.sha256.as_deref(),
        failure,
        errors,
    };
    let record = match o {
        Outcome::Converted { .. } | Outcome::Rejected { .. } => item
            .record
            .as_ref()
            .and_then(|r| serde_json::to_vec(r).ok()),
        Outcome::Skipped { record, .. } => compact_record_file(record),
        Outcome::Failed { .. } => None,
    };
    let mut line = serde_json::to_vec(&head).unwrap_or_else(|_| b"{}".to_vec());
    if let Some(record) = record
        && line.last() == Some(&b'}')
    {
        line.pop();
        line.extend_from_slice(b",\"record\":");
        line.extend_from_slice(&record);
        line.push(b'}');
    }
    line
}

/// An existing record file as compact JSON in the record's own field order
/// (or as it parses, when it no longer fits the record type).
fn compact_record_file(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    match serde_json::from_slice::<Record>(&bytes) {
        Ok(r) => serde_json::to_vec(&r).ok(),
        Err(_) => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| serde_json::to_vec(&v).ok()),
    }
}

/// The JSON Lines sink.
pub struct JsonLines {
    lines: OrderedLines,
}

impl JsonLines {
    /// Lines go to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Self {
            lines: OrderedLines::new(out),
        }
    }

    /// Lines go to standard output.
    pub fn stdout() -> Self {
        Self::new(Box::new(std::io::BufWriter::new(std::io::stdout())))
    }

    /// Lines go to the file at `path` (its folder created when missing).
    pub fn create(path: &Path) -> Result<Self, Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        Ok(Self::new(Box::new(std::io::BufWriter::new(f))))
    }
}

impl Sink for JsonLines {
    fn put(&self, item: &Finished) -> Result<(), Error> {
        self.lines.put(item.index, entry(item));
        Ok(())
    }

    fn finish(&self) -> Result<Option<String>, Error> {
        self.lines
            .finish()
            .map_err(|e| Error::io("JSON Lines output", e))?;
        Ok(None)
    }
}

/// A JSON Lines stream fed from parallel workers that comes out in input
/// order: line `i` is written as soon as lines `0..i` have been; later
/// lines wait in memory until then.
pub struct OrderedLines {
    inner: Mutex<Pending>,
}

struct Pending {
    next: usize,
    waiting: BTreeMap<usize, Vec<u8>>,
    out: Box<dyn Write + Send>,
    error: Option<std::io::Error>,
}

impl OrderedLines {
    /// Lines go to `out`, in index order.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Self {
            inner: Mutex::new(Pending {
                next: 0,
                waiting: BTreeMap::new(),
                out,
                error: None,
            }),
        }
    }

    /// Hand in line `index` (without its newline). Each index once.
    pub fn put(&self, index: usize, line: Vec<u8>) {
        let Ok(mut p) = self.inner.lock() else {
            return;
        };
        p.waiting.insert(index, line);
        loop {
            let next = p.next;
            let Some(line) = p.waiting.remove(&next) else {
                break;
            };
            p.next += 1;
            if p.error.is_none() {
                let res = p.out.write_all(&line).and_then(|()| p.out.write_all(b"\n"));
                if let Err(e) = res {
                    p.error = Some(e);
                }
            }
        }
    }

    /// Flush; the first write error, if any.
    pub fn finish(&self) -> std::io::Result<()> {
        let Ok(mut p) = self.inner.lock() else {
            return Err(std::io::Error::other("JSON Lines writer poisoned"));
        };
        if let Some(e) = p.error.take() {
            return Err(e);
        }
        p.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn ordered_lines_come_out_in_index_order() {
        let buf = Shared::default();
        let lines = OrderedLines::new(Box::new(buf.clone()));
        lines.put(2, b"c".to_vec());
        lines.put(0, b"a".to_vec());
        assert_eq!(&*buf.0.lock().expect("lock"), b"a\n");
        lines.put(1, b"b".to_vec());
        lines.finish().expect("finish");
        assert_eq!(&*buf.0.lock().expect("lock"), b"a\nb\nc\n");
    }
}
