//! The batch's write gates, end to end, with the test-only hooks of the
//! `fault-injection` feature:
//!
//! * the rejection gate: a record that fails validation never reaches the
//!   records folder; it goes to `_rejected/` with its errors, gets no
//!   sidecar, and the batch exits 1 (`INSPDF_TEST_SCHEMA` swaps in a
//!   schema that rejects everything);
//! * a batch killed at each write boundary — after a temp file is written,
//!   after its rename, after a record's sidecar is written
//!   (`INSPDF_TEST_KILL_AT`) — leaves whole files only, and its rerun
//!   gives the very tree a clean run gives: the same records byte for
//!   byte, sidecars that know them, no temp file, nothing taken for a hand
//!   edit, every input converted or skipped.

#![cfg(feature = "fault-injection")]

#[path = "common/files.rs"]
mod files;
use files::tree;

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The samples every test here converts (small rendered reports).
const SAMPLES: &[&str] = &[
    "001_a_a4_serif_justified_hyphenated.pdf",
    "003_a_a4_serif_justified_hyphenated.pdf",
    "004_a_a4_serif_justified_hyphenated.pdf",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder holding the first `n` samples, renamed `a.pdf`, `b.pdf`, …
fn inputs(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, name) in SAMPLES.iter().take(n).enumerate() {
        let to = dir
            .path()
            .join(format!("{}.pdf", char::from(b'a' + i as u8)));
        std::fs::copy(root().join("samples").join(name), to).expect("copy sample");
    }
    dir
}

/// `inspdf convert --no-progress -o out inputs`, with `extra` flags and
/// `env` set: (exit code, or None when killed by a signal; stderr).
fn convert(
    inputs: &Path,
    out: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String) {
    let mut cmd = Command::cargo_bin("inspdf").expect("binary built");
    cmd.env_remove("INSPDF_TEST_SCHEMA")
        .env_remove("INSPDF_TEST_KILL_AT")
        .env_remove("INSPDF_TEST_WORKER_FAULT");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run = cmd
        .args(["convert", "--no-progress"])
        .args(extra)
        .arg("-o")
        .arg(out)
        .arg(inputs)
        .output()
        .expect("inspdf runs");
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// The temp files an atomic write leaves when killed before its rename.
fn temps(tree: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<&PathBuf> {
    tree.keys()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".inspdf-") && n.ends_with(".tmp"))
        })
        .collect()
}

/// The records of a tree: the `.json` files outside the converter's own
/// `_` folders.
fn records(tree: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<&PathBuf, &Vec<u8>> {
    tree.iter()
        .filter(|(p, _)| {
            p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().starts_with('_')
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The counts of the closing line `N converted, N rejected, N failed[, N
/// skipped …]`.
fn counts(stderr: &str) -> BTreeMap<String, usize> {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.contains(" converted, "))
        .unwrap_or_else(|| panic!("no summary line in: {stderr}"));
    let mut out = BTreeMap::new();
    for part in line.split(';').next().unwrap_or_default().split(", ") {
        let mut words = part.split_whitespace();
        if let (Some(n), Some(what)) = (words.next(), words.next()) {
            out.insert(what.to_string(), n.parse().expect("count"));
        }
    }
    out
}

#[test]
fn a_record_that_fails_validation_is_rejected_not_written() {
    let inputs = inputs(2);
    // The records a clean run writes: the rejected ones must be these.
    let clean = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = convert(inputs.path(), clean.path(), &[], &[]);
    assert_eq!(code, Some(0), "{stderr}");

    let schema_dir = tempfile::tempdir().expect("tempdir");
    let schema = schema_dir.path().join("rejects-everything.schema.json");
    std::fs::write(&schema, br#"{"not": {}}"#).expect("write schema");
    let out = tempfile::tempdir().expect("tempdir");
    let env = [("INSPDF_TEST_SCHEMA", schema.to_str().expect("utf-8 path"))];
    let (code, stderr) = convert(inputs.path(), out.path(), &[], &env);
    assert_eq!(code, Some(1), "a rejection exits 1: {stderr}");
    assert!(
        stderr.contains("0 converted, 2 rejected, 0 failed"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("REJECT  ").count(), 2, "{stderr}");

    let written = tree(out.path());
    for name in ["a", "b"] {
        assert!(
            !written.contains_key(Path::new(&format!("{name}.json"))),
            "{name}.json is in the records folder: {:?}",
            written.keys()
        );
        let record = &written[Path::new(&format!("_rejected/{name}.json"))];
        assert_eq!(
            record,
            &std::fs::read(clean.path().join(format!("{name}.json"))).expect("clean record"),
            "_rejected/{name}.json is the record as it would have been written"
        );
        let errors: Value =
            serde_json::from_slice(&written[Path::new(&format!("_rejected/{name}.errors.json"))])
                .expect("errors parse");
        let errors = errors.as_array().expect("a list of errors");
        assert!(!errors.is_empty(), "{name}: no error given");
        assert!(
            errors.iter().all(|e| e.is_object()),
            "{name}: each error is an object: {errors:?}"
        );
    }
    assert!(
        !written.keys().any(|p| p.starts_with("_state")),
        "a rejected record gets no sidecar: {:?}",
        written.keys()
    );
    assert!(records(&written).is_empty(), "{:?}", written.keys());
}

/// Kill a batch at the `n`th `boundary`, then rerun it and hold the rerun
/// to the clean run's tree. False when the batch has fewer than `n` such
/// boundaries (it then ran to the end, and is checked to have succeeded).
fn killed_then_rerun(
    inputs: &Path,
    clean: &BTreeMap<PathBuf, Vec<u8>>,
    boundary: &str,
    n: usize,
) -> bool {
    let at = format!("{boundary}:{n}");
    let out = tempfile::tempdir().expect("tempdir");
    let flags = ["--in-process", "--jobs", "1"];
    let (code, stderr) = convert(inputs, out.path(), &flags, &[("INSPDF_TEST_KILL_AT", &at)]);
    if code == Some(0) && !stderr.contains("aborting at") {
        return false;
    }
    assert_eq!(code, None, "{at}: the batch is killed: {stderr}");
    assert!(
        stderr.contains(&format!("aborting at {at}")),
        "{at}: {stderr}"
    );

    // What the kill left: a temp file only when killed before a rename,
    // and every record there whole (the clean run's bytes).
    let left = tree(out.path());
    let leftover = temps(&left);
    if boundary == "after-temp" {
        assert_eq!(
            leftover.len(),
            1,
            "{at}: the temp file is left: {leftover:?}"
        );
    } else {
        assert!(leftover.is_empty(), "{at}: {leftover:?}");
    }
    let finished = records(&left);
    for (path, bytes) in &finished {
        assert_eq!(
            Some(*bytes),
            clean.get(*path),
            "{at}: {} is whole and is the clean run's",
            path.display()
        );
    }

    let (code, stderr) = convert(inputs, out.path(), &flags, &[]);
    assert_eq!(code, Some(0), "{at}: the rerun succeeds: {stderr}");
    for word in ["edited by hand", "KEPT", "hand-edited"] {
        assert!(
            !stderr.contains(word),
            "{at}: {word:?} in the rerun: {stderr}"
        );
    }
    let counts = counts(&stderr);
    let count = |what: &str| counts.get(what).copied().unwrap_or(0);
    assert_eq!(
        count("converted") + count("skipped"),
        SAMPLES.len(),
        "{at}: every input converted or skipped: {stderr}"
    );
    assert_eq!(
        count("skipped"),
        finished.len(),
        "{at}: the records finished before the kill are skipped, not redone: {stderr}"
    );

    // The rerun's tree: no temp file (the rerun removed the kill's), each
    // sidecar names its record last, and all of it is the clean run's.
    let after = tree(out.path());
    assert!(
        temps(&after).is_empty(),
        "{at}: the rerun removes the temp files"
    );
    for (path, bytes) in records(&after) {
        let sidecar = Path::new("_state").join(format!("{}.sha256", path.display()));
        let hashes = String::from_utf8_lossy(after.get(&sidecar).map_or(&[][..], |s| s));
        assert_eq!(
            hashes.lines().last(),
            Some(sha256_hex(bytes).as_str()),
            "{at}: the sidecar of {} names it last",
            path.display()
        );
    }
    let differ: Vec<&PathBuf> = clean
        .keys()
        .chain(after.keys())
        .filter(|p| clean.get(*p) != after.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "{at}: the rerun's tree differs from a clean run's at {differ:?}"
    );
    true
}

/// A clean `--in-process` run of the samples: its tree.
fn clean_run(inputs: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = convert(inputs, out.path(), &["--in-process", "--jobs", "1"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let clean = tree(out.path());
    assert_eq!(records(&clean).len(), SAMPLES.len(), "{:?}", clean.keys());
    clean
}

/// Kill a batch at each `boundary` in turn (the 1st, the 2nd, … until the
/// batch has no more), each time checking the rerun: how many there were.
fn kill_at_each(boundary: &str) -> usize {
    let inputs = inputs(SAMPLES.len());
    let clean = clean_run(inputs.path());
    let mut kills = 0;
    while kills < 100 && killed_then_rerun(inputs.path(), &clean, boundary, kills + 1) {
        kills += 1;
    }
    kills
}

// With one thread the atomic writes come in a fixed order: the fresh
// `_failed.jsonl`, then for each input its sidecar and its record, then
// `_failed.jsonl` again, in input order. Every one is a kill point, and the
// count shows none was missed.

#[test]
fn killed_after_a_temp_write_the_rerun_equals_a_clean_run() {
    assert_eq!(kill_at_each("after-temp"), 2 * SAMPLES.len() + 2);
}

#[test]
fn killed_after_a_rename_the_rerun_equals_a_clean_run() {
    assert_eq!(kill_at_each("after-rename"), 2 * SAMPLES.len() + 2);
}

#[test]
fn killed_after_a_sidecar_write_the_rerun_equals_a_clean_run() {
    assert_eq!(kill_at_each("after-sidecar"), SAMPLES.len());
}
