//! Resume and hand-edit protection for a records folder.
//!
//! For each record `<out>/<rel>.json` the converter keeps a sidecar
//! `<out>/_state/<rel>.json.sha256`: the SHA-256 of every version of that
//! record (and of its new conversion under `_new/`) that this converter
//! wrote, one per line, newest last. On a rerun:
//!
//! * no record → convert;
//! * the record's bytes hash to a value in the sidecar (we wrote it) →
//!   skipped when its `source.sha256` and `converter.version` match the
//!   input and this converter (unless `--force`), else reconverted in place;
//! * the record's hash is not in the sidecar (edited by hand, or of unknown
//!   origin) → never overwritten: skipped when up to date, otherwise the new
//!   conversion is written to `<out>/_new/<rel>.json`. A folder whose name
//!   starts with `_` at the top of the records folder is the converter's
//!   ([`crate::batch::discover`] gives an input folder named so one more
//!   `_`), so this can never be another input's record, as `<stem>.new.json`
//!   could (the record of `<stem>.new.pdf`).
//!
//! Every write, of a record or of its new conversion, `--force` or not, is
//! checked against the sidecar at the moment of writing: a file found
//! there that this converter did not write is never replaced (the input
//! then fails with an `io` failure naming it).
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

/// Folder of the new conversions of hand-edited records, under the output
/// folder.
pub const NEW_DIR: &str = "_new";

/// Largest record or sidecar read back from the folder, bytes.
const READ_LIMIT: u64 = 1 << 30;

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
        /// The existing record was edited by hand; `target` is its new
        /// conversion under `_new/`.
        protected: bool,
    },
}

/// Sidecar of the record at `rel`, relative to the output folder.
fn state_rel(rel: &Path) -> PathBuf {
    let mut name = rel.as_os_str().to_owned();
    name.push(".sha256");
    Path::new(STATE_DIR).join(name)
}

/// Sidecar path for the record at `rel` (relative to `out_dir`).
pub fn state_path(out_dir: &Path, rel: &Path) -> PathBuf {
    out_dir.join(state_rel(rel))
}

/// Where the new conversion of the hand-edited record at `rel` goes:
/// `<out>/_new/<rel>`.
pub fn new_path(out_dir: &Path, rel: &Path) -> PathBuf {
    out_dir.join(NEW_DIR).join(rel)
}

/// The hand-edited record that the new conversion `new` (from
/// [`new_path`] for `rel`) stands beside: `<out>/<rel>`.
pub fn edited_of_new(new: &Path, rel: &Path) -> PathBuf {
    let depth = rel.components().count();
    match new.ancestors().nth(depth).and_then(Path::parent) {
        Some(out) => out.join(rel),
        None => new.to_path_buf(),
    }
}

/// Hashes recorded in the sidecar (empty when there is none).
fn known(out_dir: &Path, rel: &Path) -> Result<Vec<String>, Error> {
    let text = output::read_inside(out_dir, &state_rel(rel), READ_LIMIT)?;
    Ok(text
        .map(|t| {
            String::from_utf8_lossy(&t)
                .lines()
                .map(str::trim)
                .filter(|l| l.len() == 64)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default())
}

/// `path` relative to `out_dir` (it is always under it here).
fn inside<'a>(out_dir: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(out_dir).unwrap_or(path)
}

/// Decide what to do with an input whose bytes hash to `source_sha256`.
/// A link or special file where the record should be is not read: it is
/// treated as no record, and the write replaces it. A folder on the way
/// that is a link is refused.
pub fn decide(
    out_dir: &Path,
    rel: &Path,
    source_sha256: &str,
    force: bool,
) -> Result<Decision, Error> {
    let target = out_dir.join(rel);
    let Some(existing) = output::read_inside(out_dir, rel, READ_LIMIT)? else {
        return Ok(Decision::Convert {
            target,
            protected: false,
        });
    };
    let ours = known(out_dir, rel)?.contains(&sha256_hex(&existing));
    let up_to_date = serde_json::from_slice::<serde_json::Value>(&existing)
        .map(|v| {
            v["source"]["sha256"].as_str() == Some(source_sha256)
                && v["converter"]["version"].as_str() == Some(env!("CARGO_PKG_VERSION"))
        })
        .unwrap_or(false);
    Ok(match (ours, up_to_date && !force) {
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
    })
}

/// Write a record (or its new conversion) for `rel` to `target`: check
/// that what is at `target` now is absent or was written by this converter
/// (a hand edit is never replaced, whatever was decided before), remember
/// the new hash in the sidecar, then write the record atomically.
pub fn write_record(out_dir: &Path, rel: &Path, target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target_rel = inside(out_dir, target);
    let mut hashes = known(out_dir, rel)?;
    if let Some(there) = output::read_inside(out_dir, target_rel, READ_LIMIT)?
        && !hashes.contains(&sha256_hex(&there))
    {
        return Err(Error::refused(
            target,
            "edited by hand (inspdf did not write it): left as it is, the new conversion not written",
        ));
    }
    let new = sha256_hex(bytes);
    hashes.retain(|h| *h != new);
    hashes.push(new);
    if hashes.len() > KEEP {
        hashes.drain(..hashes.len() - KEEP);
    }
    let mut text = hashes.join("\n");
    text.push('\n');
    output::write_inside(out_dir, &state_rel(rel), text.as_bytes())?;
    #[cfg(feature = "fault-injection")]
    super::fault::kill_point(super::fault::Boundary::AfterSidecar);
    output::write_inside(out_dir, target_rel, bytes).map(drop)
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
        let d = decide(out, rel, "abc", false).expect("decide");
        assert_eq!(
            d,
            Decision::Convert {
                target: out.join(rel),
                protected: false
            }
        );
        write_record(out, rel, &out.join(rel), &record("abc")).expect("write");
        assert!(matches!(
            decide(out, rel, "abc", false).expect("decide"),
            Decision::Skip { edited: false, .. }
        ));
        assert!(matches!(
            decide(out, rel, "abc", true).expect("decide"),
            Decision::Convert {
                protected: false,
                ..
            }
        ));
        assert!(matches!(
            decide(out, rel, "changed", false).expect("decide"),
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
            decide(out, rel, "abc", false).expect("decide"),
            Decision::Skip { edited: true, .. }
        ));
        assert_eq!(
            decide(out, rel, "abc", true).expect("decide"),
            Decision::Convert {
                target: out.join("_new/a.json"),
                protected: true
            }
        );
        // A record nobody recorded writing is protected too.
        std::fs::write(out.join("b.json"), record("x")).expect("write");
        assert!(matches!(
            decide(out, Path::new("b.json"), "y", false).expect("decide"),
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
            decide(out, rel, "def", false).expect("decide"),
            Decision::Skip { edited: false, .. }
        ));
    }

    #[test]
    fn edited_record_of_a_new_conversion() {
        let out = Path::new("/out/_new/x");
        let rel = Path::new("sub/_new/report.json");
        assert_eq!(
            new_path(out, rel),
            PathBuf::from("/out/_new/x/_new/sub/_new/report.json")
        );
        assert_eq!(
            edited_of_new(&new_path(out, rel), rel),
            PathBuf::from("/out/_new/x/sub/_new/report.json")
        );
    }

    #[test]
    fn a_hand_edited_new_conversion_is_never_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        let rel = Path::new("a.json");
        std::fs::write(out.join(rel), record("old")).expect("hand-made record");
        let Decision::Convert { target, protected } =
            decide(out, rel, "new", true).expect("decide")
        else {
            panic!("a changed source is converted");
        };
        assert!(protected);
        write_record(out, rel, &target, &record("new")).expect("first write");
        // Written by us: replaced by the next conversion.
        write_record(out, rel, &target, &record("newer")).expect("second write");
        std::fs::write(&target, b"{\"edited\": true}\n").expect("edit");
        let refused = write_record(out, rel, &target, &record("newest"));
        assert!(matches!(refused, Err(Error::Refused { .. })), "{refused:?}");
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"{\"edited\": true}\n"
        );
        assert_eq!(std::fs::read(out.join(rel)).expect("read"), record("old"));
    }
}
