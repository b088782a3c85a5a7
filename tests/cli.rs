//! The `inspdf` command end to end, on the bundled samples.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn inspdf() -> Command {
    Command::cargo_bin("inspdf").expect("binary built")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every heading in document order.
fn headings(v: &Value) -> Vec<String> {
    fn walk(secs: &Value, out: &mut Vec<String>) {
        for s in secs.as_array().into_iter().flatten() {
            out.push(s["heading"].as_str().unwrap_or_default().to_string());
            walk(&s["sections"], out);
        }
    }
    let mut out = Vec::new();
    walk(&v["sections"], &mut out);
    out
}

#[test]
fn converts_samples_with_their_content() {
    let out = tempfile::tempdir().expect("tempdir");
    inspdf()
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(samples())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "4 converted, 0 rejected, 0 failed",
        ));

    let rec = read_json(&out.path().join("001_a_a4_serif_justified_hyphenated.json"));
    assert_eq!(rec["report"]["force"], "Leicestershire Police");
    assert_eq!(rec["report"]["year"], "2016");
    let heads = headings(&rec);
    for h in ["Introduction", "Force in numbers", "Next steps"] {
        assert!(
            heads.iter().any(|x| x == h),
            "heading {h:?} missing from {heads:?}"
        );
    }
    // A table cell from the "Force in numbers" tables.
    let cells: Vec<&str> = rec["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| {
            t["header"].as_array().into_iter().flatten().chain(
                t["rows"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|r| r.as_array().into_iter().flatten()),
            )
        })
        .filter_map(Value::as_str)
        .collect();
    assert!(cells.contains(&"9.0%"), "cell 9.0% missing from {cells:?}");
    // A footnote, with its URL.
    let first = &rec["footnotes"][0];
    assert_eq!(first["number"], 1);
    assert!(
        first["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("It's a fair cop?")),
        "{first}"
    );
    assert!(
        first["urls"][0]
            .as_str()
            .is_some_and(|u| u.starts_with("http://whatworks.college.police.uk/"))
    );

    let rec = read_json(&out.path().join("003_a_a4_serif_justified_hyphenated.json"));
    assert_eq!(rec["report"]["year"], "2021/22");
    assert_eq!(rec["report"]["grade_scale"], "peel-2021");
    let grades: Vec<(&str, &str)> = rec["judgments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|j| {
            (
                j["area"].as_str().unwrap_or_default(),
                j["grade"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        grades
            .iter()
            .any(|(a, g)| a.eq_ignore_ascii_case("responding to the public") && *g == "adequate"),
        "{grades:?}"
    );

    // The Ofsted sample is tagged: its structure comes from the tag tree.
    let rec = read_json(&out.path().join("ofsted_barnet_2024.json"));
    assert_eq!(rec["source"]["tagged"], true);
    assert_eq!(rec["converter"]["structure"], "tags");
    assert_eq!(rec["report"]["inspected_body"], "Barnet");
    assert_eq!(rec["report"]["year"], "2024");
    assert_eq!(rec["report"]["grade_scale"], "ofsted");
    let heads = headings(&rec);
    assert!(
        heads.iter().any(|h| h == "What needs to improve?"),
        "{heads:?}"
    );
}

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("notes.pdf"),
        "this is a text file, not a PDF\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("empty.pdf"), b"").expect("write");
    std::fs::copy(
        samples().join("004_a_a4_serif_justified_hyphenated.pdf"),
        dir.path().join("good.pdf"),
    )
    .expect("copy");
    let out = dir.path().join("out");
    let assert = inspdf()
        .args(["convert", "--no-progress", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let line_for = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name))
            .map(str::to_string)
    };
    let notes = line_for("notes.pdf").expect("a line naming notes.pdf");
    assert!(
        notes.starts_with("FAIL") && notes.contains("not a PDF"),
        "{notes}"
    );
    let empty = line_for("empty.pdf").expect("a line naming empty.pdf");
    assert!(
        empty.starts_with("FAIL") && empty.contains("empty"),
        "{empty}"
    );
    assert!(
        stderr.contains("1 converted, 0 rejected, 2 failed"),
        "{stderr}"
    );
    assert!(out.join("good.json").is_file());
    assert!(!out.join("notes.json").exists() && !out.join("empty.json").exists());
}

#[test]
fn missing_input_is_a_usage_error() {
    inspdf()
        .args(["convert", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/folder"));
    inspdf().args(["frobnicate"]).assert().code(2);
}

#[test]
fn judgments_summary_csv_has_one_row_per_judgment() {
    let out = tempfile::tempdir().expect("tempdir");
    let csv = out.path().join("judgments.csv");
    inspdf()
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path().join("records"))
        .arg("--summary")
        .arg(&csv)
        .arg(samples())
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,force,year,area,grade,scale,page,judged_in")
    );
    let rows: Vec<&str> = lines.collect();
    // One row per judgment of the records, in input order, each with the
    // record's values (CSV-quoted where needed).
    fn cell(v: &Value) -> String {
        let s = match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }
    let mut want = Vec::new();
    for name in [
        "001_a_a4_serif_justified_hyphenated",
        "003_a_a4_serif_justified_hyphenated",
        "004_a_a4_serif_justified_hyphenated",
        "ofsted_barnet_2024",
    ] {
        let rec = read_json(&out.path().join(format!("records/{name}.json")));
        let report = &rec["report"];
        let body = if report["force"].is_string() {
            &report["force"]
        } else {
            &report["inspected_body"]
        };
        for j in rec["judgments"].as_array().expect("judgments") {
            want.push(
                [
                    &rec["source"]["file"],
                    body,
                    &report["year"],
                    &j["area"],
                    &j["grade"],
                    &j["scale"],
                    &j["page"],
                    &j["year"],
                ]
                .map(cell)
                .join(","),
            );
        }
    }
    assert_eq!(rows, want, "{text}");
    assert_eq!(rows.len(), 19, "{text}");
    assert!(
        rows.contains(&"003_a_a4_serif_justified_hyphenated.pdf,Leicestershire Police,2021/22,Responding to the public,adequate,peel-2021,3,"),
        "{text}"
    );
    assert!(rows.contains(
        &"ofsted_barnet_2024.pdf,Barnet,2024,The experiences and progress of children in care,outstanding,ofsted,1,"
    ));
    // A rerun skips every record as up to date; the summary still lists
    // them all.
    let again = out.path().join("again.csv");
    inspdf()
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path().join("records"))
        .arg("--summary")
        .arg(&again)
        .arg(samples())
        .assert()
        .success()
        .stderr(predicate::str::contains("skipped (already up to date)"));
    assert_eq!(std::fs::read_to_string(&again).expect("csv written"), text);
    // Without records on disk there is nothing to summarise.
    inspdf()
        .args(["convert", "--no-progress", "--jsonl", "-", "--summary"])
        .arg(out.path().join("never.csv"))
        .arg(samples())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--summary"));
}

/// Reference marks that name no footnote (camelot's labour table cites
/// notes 1–4, whose bodies the PDF does not have) used to make the record
/// fail the cross-field checks, so the whole report was rejected. Now each
/// such mark is dropped with an `unresolved_footnote_ref` warning on its
/// page: the record is written, and `validate` accepts it. (The rejection
/// gate itself is pinned by `tests/gates.rs`.)
#[test]
fn marks_naming_no_footnote_are_dropped_with_a_warning_and_the_record_written() {
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/robustness/camelot__labor.pdf");
    let out = tempfile::tempdir().expect("tempdir");
    let run = inspdf()
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(&input)
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("1 converted, 0 rejected, 0 failed"),
        "{stderr}"
    );
    let path = out.path().join("camelot__labor.json");
    let record = read_json(&path);
    let dropped: Vec<&str> = record["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == "unresolved_footnote_ref")
        .filter_map(|w| w["message"].as_str())
        .collect();
    assert!(dropped.len() >= 2, "{dropped:?}");
    assert!(
        dropped.iter().all(|m| m.contains("names no footnote")),
        "{dropped:?}"
    );
    assert_eq!(record["footnotes"].as_array().map(Vec::len), Some(0));
    inspdf().args(["validate"]).arg(&path).assert().code(0);
}

#[test]
fn a_listed_path_that_cannot_be_read_is_one_io_failure_and_blank_lines_are_skipped() {
    let good = samples().join("ofsted_barnet_2024.pdf");
    let list = format!("{}\n\n/no/such/gone.pdf\n\n", good.display());
    let run = inspdf()
        .args([
            "convert",
            "--no-progress",
            "--files-from",
            "-",
            "--jsonl",
            "-",
        ])
        .write_stdin(list)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["status"], "converted");
    assert_eq!(lines[1]["file"], "/no/such/gone.pdf");
    assert_eq!(lines[1]["status"], "failed");
    assert_eq!(lines[1]["class"], "io");
}

#[cfg(unix)]
#[test]
fn output_files_get_the_mode_the_umask_gives() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().expect("tempdir");
    let records = out.path().join("records");
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("inspdf"))
        .args(["convert", "--no-progress", "-o"])
        .arg(&records)
        .arg("--summary")
        .arg(out.path().join("judgments.csv"))
        .arg(samples().join("ofsted_barnet_2024.pdf"))
        .status()
        .expect("run inspdf");
    assert!(run.success());
    let mut files = vec![out.path().join("judgments.csv")];
    let mut dirs = vec![records];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let mode = std::fs::metadata(&f).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", f.display());
    }
}
