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
//!
//! Inside the records folder nothing is written or read through a link or
//! a special file someone planted there ([`write_inside`], [`read_inside`]):
//! every folder on the way from the records folder to the file must be a
//! real folder (a symbolic link to one is refused with an error naming
//! it), and the file itself is replaced by the rename (a link or a FIFO in
//! its place is replaced, never written through, its target untouched).
//! The records folder itself, named on the command line, may be a link.

pub mod failed;
pub mod folder;
pub mod jsonl;
pub mod judgments;

use crate::batch::outcome::Finished;
use crate::error::Error;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    persist_in(dir, path, bytes).map(drop)
}

/// Write `bytes` to a temp file in `dir` and rename it to `path`; the
/// open file is handed back.
fn persist_in(dir: &Path, path: &Path, bytes: &[u8]) -> Result<std::fs::File, Error> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(new_file_permissions());
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    #[cfg(feature = "fault-injection")]
    crate::batch::fault::kill_point(crate::batch::fault::Boundary::AfterTemp);
    let file = tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    #[cfg(feature = "fault-injection")]
    crate::batch::fault::kill_point(crate::batch::fault::Boundary::AfterRename);
    Ok(file)
}

/// The folder `root/rel` made safe to write in: each folder from `root`
/// down is a real folder (created when missing), never a symbolic link or
/// another kind of file, which is refused.
pub fn safe_dir(root: &Path, rel: &Path) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let mut dir = root.to_path_buf();
    for part in rel.components() {
        let std::path::Component::Normal(name) = part else {
            return Err(Error::refused(&dir.join(part), "not a plain name under the records folder"));
        };
        dir.push(name);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                let kind = crate::files::kind_name(m.file_type());
                return Err(Error::refused(&dir, &format!("a {kind}, not a folder")));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&dir) {
                    Ok(()) => {}
                    // Made meanwhile by another thread: check it again.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        let m = std::fs::symlink_metadata(&dir).map_err(|e| Error::io(&dir, e))?;
                        if !m.is_dir() {
                            return Err(Error::refused(&dir, "not a folder"));
                        }
                    }
                    Err(e) => return Err(Error::io(&dir, e)),
                }
            }
            Err(e) => return Err(Error::io(&dir, e)),
        }
    }
    Ok(dir)
}

/// Write `bytes` atomically to `root/rel`, inside the records folder
/// `root`: no folder on the way may be a link ([`safe_dir`]); whatever is
/// at `rel` (a link, a FIFO) is replaced by the rename, never written
/// through. Returns the written file, open.
pub fn write_inside(root: &Path, rel: &Path, bytes: &[u8]) -> Result<std::fs::File, Error> {
    let dir = safe_dir(root, rel.parent().unwrap_or(Path::new("")))?;
    let Some(name) = rel.file_name() else {
        return Err(Error::refused(&root.join(rel), "not a file name"));
    };
    persist_in(&dir, &dir.join(name), bytes)
}

/// What is at `root/rel`, inside the records folder: the bytes of a
/// regular file (at most `limit`), or None when there is nothing there or
/// something that is not a regular file reached through real folders (a
/// link, a FIFO: never read through; a write replaces it). A folder on the
/// way that is a link is refused, as for writes.
pub fn read_inside(root: &Path, rel: &Path, limit: u64) -> Result<Option<Vec<u8>>, Error> {
    let mut dir = root.to_path_buf();
    if let Some(parent) = rel.parent() {
        for part in parent.components() {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(m) => {
                    let kind = crate::files::kind_name(m.file_type());
                    return Err(Error::refused(&dir, &format!("a {kind}, not a folder")));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(Error::io(&dir, e)),
            }
        }
    }
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    }
    match crate::files::read_regular_nofollow(&path, limit) {
        Ok(b) => Ok(Some(b)),
        Err(crate::files::ReadError::NotRegular(_)) => Ok(None),
        Err(e) => Err(Error::io(&path, std::io::Error::other(e.to_string()))),
    }
}

/// What a file created with `open(2)` and the umask gets: read and write
/// for all, less what the umask takes (the kernel applies it at creation).
#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666)
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
