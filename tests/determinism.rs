//! Determinism stress: one mixed batch (samples, hostile fixtures, a
//! sub-folder, a record the validator rejects, two inputs named alike, a
//! file that is not a PDF) converted with `--jobs` 1, 3 and 8, each with
//! worker processes and `--in-process`. Every run must give the same output
//! tree byte for byte (records, `_state/`, `_failed.jsonl`, `_rejected/`),
//! the same `--jsonl` stream and the same `--summary` CSV, and the tree
//! must hold exactly the files expected: none missing, none extra.

#[path = "common/files.rs"]
mod files;
#[path = "common/reject.rs"]
mod reject;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` as relative path (with `/`) → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files::tree(dir)
        .into_iter()
        .map(|(rel, bytes)| (rel.to_string_lossy().replace('\\', "/"), bytes))
        .collect()
}

/// Lay out the inputs under `base`: `in/` (the folder converted) and
/// `collide/a/report.pdf`, `collide/b/report.pdf` (given as files, so both
/// would be `report.json`).
fn inputs(base: &Path) {
    let samples = root().join("samples");
    let hostile = root().join("tests/fixtures/robustness");
    let input = base.join("in");
    std::fs::create_dir_all(input.join("sub/deeper")).expect("mkdir");
    for e in std::fs::read_dir(&samples).expect("samples") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "pdf") {
            std::fs::copy(&p, input.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    for name in [
        "pypdf__crazyones.pdf",
        "qpdf__issue-119.pdf",
        "pdfminer__aes-256-m.pdf",
        "pdfjs__bug1538111.pdf",
        "qpdf__bad5.pdf",
    ] {
        std::fs::copy(hostile.join(name), input.join("sub").join(name)).expect("copy");
    }
    std::fs::copy(
        samples.join("004_a_a4_serif_justified_hyphenated.pdf"),
        input.join("sub/deeper/copy.pdf"),
    )
    .expect("copy");
    std::fs::copy(
        root().join("tests/fixtures/robustness/camelot__labor.pdf"),
        input.join("sub/camelot__labor.pdf"),
    )
    .expect("copy");
    std::fs::write(input.join("notes.pdf"), "a text file, not a PDF\n").expect("write");
    std::fs::write(input.join("sub/empty.pdf"), b"").expect("write");
    for (dir, src) in [
        ("a", "001_a_a4_serif_justified_hyphenated.pdf"),
        ("b", "003_a_a4_serif_justified_hyphenated.pdf"),
    ] {
        let d = base.join("collide").join(dir);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::copy(samples.join(src), d.join("report.pdf")).expect("copy");
    }
}

/// The files a run must leave in its output folder, and nothing else.
fn expected_tree() -> Vec<String> {
    let records = [
        "001_a_a4_serif_justified_hyphenated.json",
        "003_a_a4_serif_justified_hyphenated.json",
        "004_a_a4_serif_justified_hyphenated.json",
        "ofsted_barnet_2024.json",
        "sub/pypdf__crazyones.json",
        "sub/qpdf__bad5.json",
        "sub/deeper/copy.json",
        "report.json",
        "report-2.json",
    ];
    let mut out: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    out.extend(records.iter().map(|r| format!("_state/{r}.sha256")));
    out.push("_failed.jsonl".into());
    // The run's lock on the folder: an empty file, the same in every run.
    out.push("_lock".into());
    out.push("_rejected/sub/camelot__labor.json".into());
    out.push("_rejected/sub/camelot__labor.errors.json".into());
    out.sort();
    out
}

struct Run {
    label: String,
    code: Option<i32>,
    tree: BTreeMap<String, Vec<u8>>,
    jsonl: Vec<u8>,
    csv: Vec<u8>,
}

fn convert(base: &Path, jobs: &str, in_process: bool) -> Run {
    let label = format!("-j{jobs}{}", if in_process { " --in-process" } else { "" });
    let tag = format!("j{jobs}{}", if in_process { "p" } else { "w" });
    let out = format!("out-{tag}");
    // camelot__labor's record is rejected (the batch holds a rejection).
    let schema = reject::schema_rejecting("camelot__labor", base);
    let mut cmd = Command::cargo_bin("inspdf").expect("binary built");
    cmd.current_dir(base)
        .env("INSPDF_TEST_SCHEMA", &schema)
        .args(["convert", "--no-progress", "--jobs", jobs, "-o", &out])
        .args(["--jsonl", &format!("{tag}.jsonl")])
        .args(["--summary", &format!("{tag}.csv")]);
    if in_process {
        cmd.arg("--in-process");
    }
    // A file given twice is converted once.
    cmd.args([
        "in",
        "collide/a/report.pdf",
        "collide/b/report.pdf",
        "in/ofsted_barnet_2024.pdf",
    ]);
    let run = cmd.output().expect("inspdf runs");
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        stderr.contains("9 converted, 1 rejected, 5 failed"),
        "{label}: {stderr}"
    );
    Run {
        label,
        code: run.status.code(),
        tree: tree(&base.join(&out)),
        jsonl: std::fs::read(base.join(format!("{tag}.jsonl"))).expect("jsonl written"),
        csv: std::fs::read(base.join(format!("{tag}.csv"))).expect("csv written"),
    }
}

#[test]
fn a_mixed_batch_is_byte_identical_for_every_job_count_and_mode() {
    let base = tempfile::tempdir().expect("tempdir");
    inputs(base.path());
    let runs: Vec<Run> = [
        ("1", false),
        ("3", false),
        ("8", false),
        ("1", true),
        ("3", true),
        ("8", true),
    ]
    .into_iter()
    .map(|(jobs, in_process)| convert(base.path(), jobs, in_process))
    .collect();

    let first = &runs[0];
    assert_eq!(first.code, Some(1), "failures and a rejection: exit 1");
    let names: Vec<String> = first.tree.keys().cloned().collect();
    assert_eq!(names, expected_tree(), "files of {}", first.label);

    // `_failed.jsonl`: one line per failure, in input order, each its class.
    let failed = String::from_utf8_lossy(&first.tree["_failed.jsonl"]).into_owned();
    let classes: Vec<(String, String)> = failed
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            (
                v["file"].as_str().expect("file").to_string(),
                v["class"].as_str().expect("class").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("in/notes.pdf", "not_pdf"),
        ("in/sub/empty.pdf", "empty"),
        ("in/sub/pdfjs__bug1538111.pdf", "no_text"),
        ("in/sub/pdfminer__aes-256-m.pdf", "encrypted"),
        ("in/sub/qpdf__issue-119.pdf", "damaged"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(classes, want);

    // The stream: one line per distinct input, in input order.
    let jsonl = String::from_utf8_lossy(&first.jsonl).into_owned();
    let statuses: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            format!(
                "{} {}",
                v["file"].as_str().unwrap_or_default(),
                v["status"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(statuses.len(), 15, "{jsonl}");
    assert_eq!(statuses[13], "collide/a/report.pdf converted");
    assert_eq!(statuses[14], "collide/b/report.pdf converted");
    // The CSV: a header, then one row per judgment of the records, in
    // input order.
    let csv = String::from_utf8_lossy(&first.csv).into_owned();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("file,force,year,area,grade,scale,page,judged_in")
    );
    let mut want_rows = Vec::new();
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        for j in v["record"]["judgments"].as_array().into_iter().flatten() {
            want_rows.push(format!(
                "{},{}",
                v["record"]["source"]["file"].as_str().unwrap_or_default(),
                j["area"].as_str().unwrap_or_default()
            ));
        }
    }
    let got_rows: Vec<String> = rows
        .map(|r| {
            let cells: Vec<&str> = r.split(',').collect();
            format!("{},{}", cells[0], cells[3])
        })
        .collect();
    assert!(want_rows.len() >= 10, "{csv}");
    assert_eq!(got_rows, want_rows);

    for run in &runs[1..] {
        assert_eq!(run.code, first.code, "{}: exit code", run.label);
        let names: Vec<&String> = run.tree.keys().collect();
        assert_eq!(
            names,
            first.tree.keys().collect::<Vec<_>>(),
            "{}: not the files of {}",
            run.label,
            first.label
        );
        for (name, bytes) in &run.tree {
            assert!(
                *bytes == first.tree[name],
                "{name} differs between {} and {}",
                first.label,
                run.label
            );
        }
        assert!(
            run.jsonl == first.jsonl,
            "--jsonl differs between {} and {}",
            first.label,
            run.label
        );
        assert!(
            run.csv == first.csv,
            "--summary differs between {} and {}",
            first.label,
            run.label
        );
    }
}
