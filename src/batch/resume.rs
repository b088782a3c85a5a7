//! Resume and hand-edit protection for a records folder.
//!
//! For each record `<out>/<rel>.json` the converter keeps a sidecar
//! `<out>/_state/<rel>.json.sha256`: the SHA-256 of every version of that
//! record (and of its `.new.json`) that this converter wrote, one per line,
//! newest last. On a rerun:
//!
//! * no record → convert;
//! * the record's bytes hash to a value in the sidecar (we wrote it) →
//!   skipped when its `source.sha256` and `converter.version` match the
//!   input and this converter (unless `--force`), else reconverted in place;
//! * the record's hash is not in the sidecar (edited by hand, or of unknown
//!   origin) → never overwritten: skipped when up to date, otherwise the new
//!   conversion is written beside it as `<stem>.new.json`.
//!
//! The sidecar is written (atomically) *before* the record it describes, so
//! a batch killed between the two writes leaves a sidecar that still knows
//! the old record and already knows the new one: neither is mistaken for a
//! hand edit.

use crate::convert::sha256_hex;
use crate::error::Error;
use crate::output;
use std::path::{Path, PathBuf};

/// Folder of sidecars, under the output folder.
pub const STATE_DIR: &str = "_state";

/// Hashes kept per record (older ones are forgotten).
const KEEP: usize = 8;

/// What to do with one input, given what is already in the output folder.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Up to date: leave the record as it is.
    Skip {
        /// The existing record.
        record: PathBuf,
        /// It was edited by hand.
        edited: bool,
    },
    /// Convert and write to `target`.
    Convert {
        /// Where the record goes.
        target: PathBuf,
        /// The existing record was edited by hand; `target` is the
        /// `.new.json` beside it.
        protected: bool,
    },
}

/// Sidecar path for the record at `rel` (relative to `out_dir`).
pub fn state_path(out_dir: &Path, rel: &Path) -> PathBuf {
    let mut name = rel.as_os_str().to_owned();
    name.push(".sha256");
    out_dir.join(STATE_DIR).join(name)
}

/// `<stem>.new.json` beside the record at `rel`.
pub fn new_path(out_dir: &Path, rel: &Path) -> PathBuf {
    out_dir.join(rel.with_extension("new.json"))
}

/// The hand-edited record a `<stem>.new.json` (from [`new_path`]) was
/// written beside: `<stem>.json`. Other paths are returned as they are.
pub fn edited_of_new(new: &Path) -> PathBuf {
    let name = new.file_name().map(|n| n.to_string_lossy().into_owned());
    match name.as_deref().and_then(|n| n.strip_suffix(".new.json")) {
        Some(stem) => new.with_file_name(format!("{stem}.json")),
        None => new.to_path_buf(),
    }
}

/// Hashes recorded in the sidecar (empty when there is none).
fn known(out_dir: &Path, rel: &Path) -> Vec<String> {
    std::fs::read_to_string(state_path(out_dir, rel))
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| l.len() == 64)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Decide what to do with an input whose bytes hash to `source_sha256`.
pub fn decide(out_dir: &Path, rel: &Path, source_sha256: &str, force: bool) -> Decision {
    let target = out_dir.join(rel);
    let Ok(existing) = std::fs::read(&target) else {
        return Decision::Convert {
            target,
            protected: false,
        };
    };
    let ours = known(out_dir, rel).contains(&sha256_hex(&existing));
    let up_to_date = serde_json::from_slice::<serde_json::Value>(&existing)
        .map(|v| {
            v["source"]["sha256"].as_str() == Some(source_sha256)
                && v["converter"]["version"].as_str() == Some(env!("CARGO_PKG_VERSION"))
        })
        .unwrap_or(false);
    match (ours, up_to_date && !force) {
        (_, true) => Decision::Skip {
            record: target,
            edited: !ours,
        },
        (true, false) => Decision::Convert {
            target,
            protected: false,
        },
        (false, false) => Decision::Convert {
            target: new_path(out_dir, rel),
            protected: true,
        },
    }
}

/// Write a record (or its `.new.json`) for `rel`: first remember its hash in
/// the sidecar, then write it atomically.
pub fn write_record(out_dir: &Path, rel: &Path, target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut hashes = known(out_dir, rel);
    let new = sha256_hex(bytes);
    hashes.retain(|h| *h != new);
    hashes.push(new);
    if hashes.len() > KEEP {
        hashes.drain(..hashes.len() - KEEP);
    }
    let mut text = hashes.join("\n");
    text.push('\n');
    output::write_atomic(&state_path(out_dir, rel), text.as_bytes())?;
    output::write_atomic(target, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(sha: &str) -> Vec<u8> {
        format!(
            "{{\"source\":{{\"sha256\":\"{sha}\"}},\"converter\":{{\"version\":\"{}\"}}}}\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes()
    }

    #[test]
    fn fresh_then_skip_then_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        let rel = Path::new("sub/a.json");
        let d = decide(out, rel, "abc", false);
        assert_eq!(
            d,
            Decision::Convert {
                target: out.join(rel),
                protected: false
            }
        );
        write_record(out, rel, &out.join(rel), &record("abc")).expect("write");
        assert!(matches!(
            decide(out, rel, "abc", false),
            Decision::Skip { edited: false, .. }
        ));
        assert!(matches!(
            decide(out, rel, "abc", true),
            Decision::Convert {
                protected: false,
                ..
            }
        ));
        assert!(matches!(
            decide(out, rel, "changed", false),
            Decision::Convert {
                protected: false,
                ..
            }
        ));
    }

    #[test]
    fn hand_edits_are_protected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        let rel = Path::new("a.json");
        write_record(out, rel, &out.join(rel), &record("abc")).expect("write");
        let mut edited = record("abc");
        edited.insert(1, b' ');
        std::fs::write(out.join(rel), &edited).expect("edit");
        assert!(matches!(
            decide(out, rel, "abc", false),
            Decision::Skip { edited: true, .. }
        ));
        assert_eq!(
            decide(out, rel, "abc", true),
            Decision::Convert {
                target: out.join("a.new.json"),
                protected: true
            }
        );
        // A record nobody recorded writing is protected too.
        std::fs::write(out.join("b.json"), record("x")).expect("write");
        assert!(matches!(
            decide(out, Path::new("b.json"), "y", false),
            Decision::Convert {
                protected: true,
                ..
            }
        ));
    }

    #[test]
    fn accepted_new_json_counts_as_ours() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        let rel = Path::new("a.json");
        let newer = record("def");
        write_record(out, rel, &new_path(out, rel), &newer).expect("write");
        std::fs::rename(new_path(out, rel), out.join(rel)).expect("accept");
        assert!(matches!(
            decide(out, rel, "def", false),
            Decision::Skip { edited: false, .. }
        ));
    }

    #[test]
    fn edited_record_of_a_new_json() {
        let out = Path::new("/out");
        let rel = Path::new("sub/report.json");
        assert_eq!(
            edited_of_new(&new_path(out, rel)),
            PathBuf::from("/out/sub/report.json")
        );
        assert_eq!(
            edited_of_new(Path::new("/out/a.json")),
            PathBuf::from("/out/a.json")
        );
    }
}
