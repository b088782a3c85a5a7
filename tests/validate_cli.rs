//! `inspdf validate` end to end on hand-edited fixtures
//! (`tests/fixtures/validate/`): exact `file:line:column`, pointer, rule and
//! message for every schema, cross-field and malformed-JSON case; the three
//! output formats; exit codes; folders, stdin and `--schema`.
//!
//! Each invalid fixture is `valid/minimal.json` with one kind of hand edit
//! (see `tests/fixtures/validate/README.md`).

use assert_cmd::Command;
use inspdf::record::SCHEMA_VERSION;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

/// `inspdf validate <args>` run in the fixtures folder, so file names in the
/// output are the relative names given.
fn validate(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("inspdf").expect("binary built");
    cmd.current_dir(fixtures()).arg("validate").args(args);
    cmd
}

/// Stdout of a run expected to end with `code`.
fn stdout_of(args: &[&str], code: i32) -> String {
    let out = validate(args).assert().code(code).get_output().clone();
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn valid_records_pass_silently_with_a_summary() {
    validate(&["valid"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "2 files checked: 2 valid, 0 invalid (0 errors), 0 unreadable in ",
        ));
}

#[test]
fn wrong_type_deep_inside_is_located_at_the_value() {
    assert_eq!(
        lines(&stdout_of(&["deep-type.json"], 1)),
        [
            r#"deep-type.json:40:72: error[type]: /sections/0/blocks/1/items/1/footnote_refs/0: "2" is not of type "integer""#
        ]
    );
}

#[test]
fn every_schema_error_of_a_file_is_reported() {
    assert_eq!(
        lines(&stdout_of(&["multiple-errors.json"], 1)),
        [
            r#"multiple-errors.json:1:1: error[required]: "warnings" is a required property"#,
            r#"multiple-errors.json:2:21: error[pattern]: /schema_version: "1.0" does not match "^\d+\.\d+\.\d+$""#,
            r#"multiple-errors.json:7:18: error[oneOf]: /converter/structure: "tagz" is not one of "tags", "layout""#,
            r#"multiple-errors.json:15:13: error[required]: /report: "title" is a required property"#,
            r#"multiple-errors.json:16:5: error[additionalProperties]: /report/titel: unknown property "titel" (not in the schema; a typo?)"#,
            r#"multiple-errors.json:26:16: error[maximum]: /sections/0/level: 7 is greater than the maximum of 6"#,
            r#"multiple-errors.json:55:25: error[type]: /tables/0/rows/0/1: 7.5 is not of type "string""#,
            r#"multiple-errors.json:79:3: error[additionalProperties]: /warning: unknown property "warning" (not in the schema; a typo?)"#,
        ]
    );
}

#[test]
fn grade_from_another_scale_fails_the_schema() {
    assert_eq!(
        lines(&stdout_of(&["wrong-grade.json"], 1)),
        [
            r#"wrong-grade.json:65:16: error[enum]: /judgments/0/grade: "adequate" is not one of "outstanding", "good", "requires improvement", "inadequate""#
        ]
    );
}

#[test]
fn cross_field_checks_are_located_like_schema_errors() {
    assert_eq!(
        lines(&stdout_of(&["cross-field.json"], 1)),
        [
            "cross-field.json:33:29: error[footnote-ref]: /sections/0/blocks/0/footnote_refs/0: footnote reference 3 points at no footnote (footnotes: 1)",
            "cross-field.json:40:72: error[footnote-ref]: /sections/0/blocks/1/items/1/footnote_refs/0: footnote reference 2 points at no footnote (footnotes: 1)",
            "cross-field.json:45:37: error[table-ref]: /sections/0/blocks/2/table: table 1 does not exist (the record has 1 table, numbered from 0)",
            r#"cross-field.json:60:17: error[footnote-duplicate]: /footnotes/1/number: footnote 1 appears twice in numbering run 0 (first at /footnotes/0); a restarted numbering needs a new "run""#,
            r#"cross-field.json:66:16: error[grade-scale]: /judgments/0/scale: judgment uses scale "peel-2021" but the report's grade_scale is "peel-2014" (a judgment carried over from an earlier inspection gives its "year")"#,
            "cross-field.json:67:15: error[page-range]: /judgments/0/page: page 30 is beyond the end of the source PDF (source.pages is 28)",
            "cross-field.json:73:95: error[page-range]: /findings/areas_for_improvement/0/pages/1: page 29 is beyond the end of the source PDF (source.pages is 28)",
        ]
    );
}

#[test]
fn unknown_and_newer_schema_versions_are_reported_clearly() {
    assert_eq!(
        lines(&stdout_of(&["unknown-version.json", "newer-minor.json"], 1)),
        [
            format!(
                "unknown-version.json:2:21: error[schema_version]: /schema_version: unknown schema_version 2.0.0: this inspdf knows {SCHEMA_VERSION} (a record names the schema it follows; see schemas/README.md for the versioning policy)"
            ),
            format!(
                "newer-minor.json:2:21: error[schema_version]: /schema_version: schema_version 1.99.0 is newer than the newest 1.x schema this inspdf knows ({SCHEMA_VERSION}): upgrade inspdf, or correct the version"
            ),
        ]
    );
}

#[test]
fn malformed_json_is_reported_with_its_position() {
    let cases: &[(&str, &[&str])] = &[
        (
            "bom.json",
            &[
                "malformed/bom.json:1:1: error[bom]: the file starts with a UTF-8 byte order mark (BOM); JSON text must not (RFC 8259 §8.1): save it as UTF-8 without BOM",
            ],
        ),
        (
            "duplicate-key.json",
            &[
                r#"malformed/duplicate-key.json:13:5: error[duplicate-key]: /source/pages: duplicate key "pages" (first at 12:5): the last one wins; remove one"#,
            ],
        ),
        (
            "empty.json",
            &["malformed/empty.json:1:1: error[syntax]: the file is empty: expected a JSON value"],
        ),
        (
            "invalid-utf8.json",
            &[
                "malformed/invalid-utf8.json:16:44: error[utf8]: /report/title: invalid UTF-8 byte 0x96 in a string (the file is not valid UTF-8)",
            ],
        ),
        (
            "missing-comma.json",
            &[
                "malformed/missing-comma.json:6:5: error[syntax]: /converter: expected ',' between object members (missing comma?)",
            ],
        ),
        (
            "trailing-comma.json",
            &[
                "malformed/trailing-comma.json:13:20: error[trailing-comma]: /source: trailing comma before '}': remove it",
                "malformed/trailing-comma.json:77:30: error[trailing-comma]: /findings: trailing comma before '}': remove it",
            ],
        ),
        (
            "truncated.json",
            &[
                "malformed/truncated.json:15:13: error[unclosed]: /report: this object is never closed: the file ends before its '}'",
            ],
        ),
        (
            "unclosed-string.json",
            &[
                r"malformed/unclosed-string.json:16:14: error[unclosed-string]: /report/title: this string is not closed before the end of the line (a line break inside a string must be written \n)",
            ],
        ),
    ];
    for (name, expected) in cases {
        let file = format!("malformed/{name}");
        assert_eq!(&lines(&stdout_of(&[&file], 1)), expected, "{name}");
    }
    // All of them at once, in one folder: one report each, sorted by name.
    let all = stdout_of(&["malformed"], 1);
    assert_eq!(
        all.lines().count(),
        cases.iter().map(|(_, e)| e.len()).sum::<usize>()
    );
}

#[test]
fn github_format_gives_workflow_annotations() {
    assert_eq!(
        lines(&stdout_of(
            &[
                "--format",
                "github",
                "deep-type.json",
                "malformed/trailing-comma.json"
            ],
            1
        )),
        [
            r#"::error file=deep-type.json,line=40,col=72,title=inspdf validate [type]::/sections/0/blocks/1/items/1/footnote_refs/0: "2" is not of type "integer""#,
            "::error file=malformed/trailing-comma.json,line=13,col=20,title=inspdf validate [trailing-comma]::/source: trailing comma before '}': remove it",
            "::error file=malformed/trailing-comma.json,line=77,col=30,title=inspdf validate [trailing-comma]::/findings: trailing comma before '}': remove it",
        ]
    );
}

#[test]
fn json_format_is_one_object_per_file() {
    let out = stdout_of(
        &["--format", "json", "valid/minimal.json", "deep-type.json"],
        1,
    );
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["file"], "valid/minimal.json");
    assert_eq!(objects[0]["valid"], true);
    assert_eq!(objects[0]["errors"], serde_json::json!([]));
    assert_eq!(objects[1]["valid"], false);
    assert_eq!(
        objects[1]["errors"][0],
        serde_json::json!({
            "line": 40, "column": 72,
            "pointer": "/sections/0/blocks/1/items/1/footnote_refs/0",
            "rule": "type",
            "message": "\"2\" is not of type \"integer\"",
            "value": "\"2\""
        })
    );
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read(fixtures().join("deep-type.json")).expect("fixture");
    validate(&["-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "<stdin>:40:72: error[type]: /sections/0/blocks/1/items/1/footnote_refs/0:",
        ));
    let ok = std::fs::read(fixtures().join("valid/minimal.json")).expect("fixture");
    validate(&["-"]).write_stdin(ok).assert().code(0).stdout("");
}

/// Every error of a `--format json` run expected to end with `code`, as
/// `file:line:column rule pointer` (message wording left out: it is
/// pinned by the human-format tests above).
fn located(args: &[&str], code: i32) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    stdout_of(&all, code)
        .lines()
        .flat_map(|l| {
            let v: Value = serde_json::from_str(l).expect("one JSON object per line");
            let file = v["file"].as_str().expect("file").to_string();
            v["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .map(|e| {
                    format!(
                        "{file}:{}:{} {} {}",
                        e["line"],
                        e["column"],
                        e["rule"].as_str().unwrap_or_default(),
                        e["pointer"].as_str().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn schema_override_replaces_the_built_in_schemas() {
    // The team schema requires report.theme and does not care about
    // schema_version (2.0.0 is not reported); the cross-field checks still
    // run, every one of them.
    assert_eq!(
        located(
            &[
                "--schema",
                "custom.schema.json",
                "unknown-version.json",
                "cross-field.json"
            ],
            1
        ),
        [
            "unknown-version.json:15:13 required /report",
            "cross-field.json:15:13 required /report",
            "cross-field.json:33:29 footnote-ref /sections/0/blocks/0/footnote_refs/0",
            "cross-field.json:40:72 footnote-ref /sections/0/blocks/1/items/1/footnote_refs/0",
            "cross-field.json:45:37 table-ref /sections/0/blocks/2/table",
            "cross-field.json:60:17 footnote-duplicate /footnotes/1/number",
            "cross-field.json:66:16 grade-scale /judgments/0/scale",
            "cross-field.json:67:15 page-range /judgments/0/page",
            "cross-field.json:73:95 page-range /findings/areas_for_improvement/0/pages/1",
        ]
    );
    assert!(
        stdout_of(
            &["--schema", "custom.schema.json", "unknown-version.json"],
            1
        )
        .contains(r#""theme" is a required property"#)
    );
}

/// Columns count characters (Unicode scalar values), not bytes, after an
/// en dash and emoji on the same line (one a five-scalar ZWJ sequence); a
/// CRLF file counts lines by its LF and columns without the CR; a one-line
/// record gives the column within that line. Expected positions were
/// counted independently (Python `str` indices).
#[test]
fn positions_after_multibyte_text_in_crlf_files_and_on_one_line() {
    assert_eq!(
        located(&["multibyte.json", "crlf.json", "one-line.json"], 1),
        [
            "multibyte.json:54:64 type /tables/0/header/3",
            "multibyte.json:60:89 type /footnotes/1/page",
            "crlf.json:26:16 maximum /sections/0/level",
            "crlf.json:65:16 enum /judgments/0/grade",
            "one-line.json:1:1428 enum /judgments/0/grade",
        ]
    );
    // The fixtures are what their names say.
    let crlf = std::fs::read(fixtures().join("crlf.json")).expect("fixture");
    assert_eq!(
        crlf.windows(2).filter(|w| w == b"\r\n").count(),
        crlf.iter().filter(|&&b| b == b'\n').count()
    );
    let one = std::fs::read_to_string(fixtures().join("one-line.json")).expect("fixture");
    assert_eq!(one.lines().count(), 1);
    assert!(one.contains('–'));
}

/// A record of every schema version ever released (frozen in
/// `schemas/history/`, records in `tests/fixtures/records-history/<version>/`)
/// is valid against its own frozen schema, and today's `validate` with its
/// built-in schemas still accepts it.
#[test]
fn records_of_every_released_schema_version_still_validate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let history = root.join("tests/fixtures/records-history");
    let mut versions: Vec<String> = std::fs::read_dir(root.join("schemas/history"))
        .expect("schemas/history")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| {
            n.strip_prefix("inspection-report-")
                .and_then(|n| n.strip_suffix(".schema.json"))
                .map(str::to_string)
        })
        .collect();
    versions.sort();
    assert!(versions.len() >= 4, "{versions:?}");
    assert!(
        versions.contains(&SCHEMA_VERSION.to_string()),
        "{versions:?}"
    );
    let mut total = 0;
    for version in &versions {
        let dir = history.join(version);
        let mut records = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = e.expect("entry").path();
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read"))
                .expect("a JSON record");
            assert_eq!(v["schema_version"], version.as_str(), "{}", path.display());
            records.push(path);
        }
        assert!(records.len() >= 2, "{version}: {records:?}");
        total += records.len();
        // Valid against the frozen schema of its own version.
        let frozen = root.join(format!(
            "schemas/history/inspection-report-{version}.schema.json"
        ));
        Command::cargo_bin("inspdf")
            .expect("binary")
            .arg("validate")
            .arg("--schema")
            .arg(&frozen)
            .arg(&dir)
            .assert()
            .code(0)
            .stdout("");
    }
    // And today's validate accepts every one.
    Command::cargo_bin("inspdf")
        .expect("binary")
        .arg("validate")
        .arg(&history)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "{total} files checked: {total} valid, 0 invalid"
        )));
}

#[test]
fn exit_code_2_for_usage_and_io_errors() {
    // A missing file: reported, the others still checked, exit 2.
    validate(&["valid/minimal.json", "no-such.json"])
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with("no-such.json: error[io]: "))
        .stderr(predicate::str::contains(
            "2 files checked: 1 valid, 0 invalid (0 errors), 1 unreadable",
        ));
    // No paths at all, an unknown format, stdin twice, an unreadable schema,
    // a folder without records.
    validate(&[]).assert().code(2);
    validate(&["--format", "xml", "valid"]).assert().code(2);
    validate(&["-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only once"));
    validate(&["--schema", "no-such.schema.json", "valid"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such.schema.json"));
    let empty = tempfile::tempdir().expect("tempdir");
    validate(&[empty.path().to_str().expect("utf-8 path")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no *.json files found"));
}

#[test]
fn a_converted_record_is_valid() {
    let out = tempfile::tempdir().expect("tempdir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(&samples)
        .assert()
        .success();
    Command::cargo_bin("inspdf")
        .expect("binary")
        .arg("validate")
        .arg(out.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("4 files checked: 4 valid"));
}
