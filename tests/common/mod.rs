//! Shared by the corpus tests: convert a fixture folder, score it with
//! `tests/tools/score.py` (a copy of the shared scorer) and hold each
//! figure to its floor.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// Convert `tests/fixtures/<fixtures>` with `extra` flags, score the
/// records against the truth files beside the PDFs, and fail unless
/// exactly `files` truth files were scored (a lost or added fixture shows)
/// and every metric is at or above its floor.
pub fn score(fixtures: &str, extra: &[&str], files: usize, floors: &[(&str, f64)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let truth = root.join("tests/fixtures").join(fixtures);
    let out = tempfile::tempdir().expect("tempdir");
    let convert = Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .args(extra)
        .arg(&truth)
        .output()
        .expect("inspdf runs");
    assert_eq!(
        convert.status.code(),
        Some(0),
        "convert failed on {fixtures}: {}",
        String::from_utf8_lossy(&convert.stderr)
    );
    let truths = std::fs::read_dir(&truth)
        .expect("fixtures")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".truth.json"))
        })
        .count();
    assert_eq!(truths, files, "truth files in {}", truth.display());
    let run = std::process::Command::new("python3")
        .arg(root.join("tests/tools/score.py"))
        .arg(out.path())
        .arg(&truth)
        .arg("--json")
        .output()
        .expect("python3 runs (CI installs it)");
    assert!(
        run.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_slice(&run.stdout).expect("score.py --json output");
    let scored = report["files"].as_object().expect("files scored");
    assert_eq!(scored.len(), files, "every truth file is scored");
    let unread: Vec<&String> = scored
        .iter()
        .filter(|(_, row)| row.get("error").is_some())
        .map(|(name, _)| name)
        .collect();
    assert!(unread.is_empty(), "no record for {unread:?}");
    let mut low = Vec::new();
    for (metric, floor) in floors {
        let got = report["totals"][metric].as_f64().unwrap_or(0.0);
        eprintln!("{fixtures} {extra:?} {metric}: {got:.3} (floor {floor})");
        if got + 1e-9 < *floor {
            low.push(format!("{metric} {got:.3} < {floor}"));
        }
    }
    assert!(
        low.is_empty(),
        "{fixtures} {extra:?}: below floor: {low:?}\n{}",
        serde_json::to_string_pretty(&report["files"]).unwrap_or_default()
    );
}
