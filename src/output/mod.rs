//! Stage 5 — the outputs of a batch, each behind one trait, [`Sink`]: the
//! records folder ([`folder`]), a JSON Lines stream ([`jsonl`]), the
//! failure log `_failed.jsonl` ([`failed`]) and the judgments CSV
//! ([`judgments`]). The batch hands every finished input to each sink in
//! turn, from its worker threads; a sink puts its output in input order
//! when the batch [finishes](Sink::finish) (or as it goes, for streams).
//! A new output format is one new file implementing [`Sink`].
//!
//! Every file is written atomically (a temp file in the same folder,
//! synced, then renamed), pretty-printed and deterministic.

pub mod failed;
pub mod folder;
pub mod jsonl;
pub mod judgments;

use crate::batch::outcome::Finished;
use crate::error::Error;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// One output of a batch.
pub trait Sink: Send + Sync {
    /// Take one finished input (called once per input, from any worker
    /// thread, in any order). An error means this input's output could not
    /// be made: the batch counts the input as failed with that error and
    /// hands the failure, not the record, to the sinks after this one.
    fn put(&self, item: &Finished) -> Result<(), Error>;

    /// After the last input: put everything in input order and flush.
    /// Returns a line for the user, if the output has one to say ("19
    /// judgments written to …"). An error ends the batch (exit 2).
    fn finish(&self) -> Result<Option<String>, Error>;
}

/// Prefix of the temp files [`write_atomic`] leaves behind when killed.
pub const TEMP_PREFIX: &str = ".inspdf-";
/// Suffix of those temp files.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Serialise a value as pretty JSON with a final newline.
pub fn to_pretty_json<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Write `bytes` to `path` atomically: a reader sees the old file or the new
/// one, never a part. The temp file lives beside the target so the rename
/// stays on one file system. The file gets the mode a new file gets from
/// the umask (0644 under 022), as `cp` gives, not the temp file's 0600.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(new_file_permissions());
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// What a file created with `open(2)` and the umask gets: read and write
/// for all, less what the umask takes (the kernel applies it at creation).
#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666)
}

/// Append one line to a JSON Lines file.
pub fn append_jsonl<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let mut line = serde_json::to_vec(value)?;
    line.push(b'\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(&line).map_err(|e| Error::io(path, e))
}

/// Remove temp files left in `dir` (recursively) by a writer that was
/// killed before its rename. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            removed += remove_stale_temps(&path);
        } else if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
            && std::fs::remove_file(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        write_atomic(&path, b"{\"a\":1}\n").expect("first write");
        write_atomic(&path, b"{}\n").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"{}\n");
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temp file left behind");
    }

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/.inspdf-x.tmp"), b"{").expect("write");
        std::fs::write(dir.path().join("a.json"), b"{}").expect("write");
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(dir.path().join("a.json").exists());
    }
}
