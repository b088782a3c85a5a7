//! `inspdf export`: records folders → SQLite and CSV tables. The bundled
//! samples and a few fixtures are converted once with the built binary
//! (one of them rejected, so `_rejected/` and `_state/` are real), then
//! exported; the database is queried with rusqlite and every count is held
//! to the same count taken independently from the JSON records.

#[path = "common/reject.rs"]
mod reject;

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The converted records folder, made once for every test.
struct Converted {
    _dir: tempfile::TempDir,
    records: PathBuf,
}

/// Inputs: the samples, two `report.pdf` in different folders, a SEND and
/// an ILACS fixture, and the fixture convert rejects.
fn converted() -> &'static Converted {
    static ONCE: OnceLock<Converted> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        let copy = |from: &str, to: &str| {
            let to = input.join(to);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(root().join(from), to).expect("copy fixture");
        };
        for s in [
            "001_a_a4_serif_justified_hyphenated.pdf",
            "003_a_a4_serif_justified_hyphenated.pdf",
            "004_a_a4_serif_justified_hyphenated.pdf",
            "ofsted_barnet_2024.pdf",
        ] {
            copy(&format!("samples/{s}"), &format!("samples/{s}"));
        }
        copy(
            "samples/001_a_a4_serif_justified_hyphenated.pdf",
            "leics/report.pdf",
        );
        copy("samples/ofsted_barnet_2024.pdf", "barnet/report.pdf");
        let real = "tests/fixtures/real/";
        copy(
            &format!(
                "{real}ofsted-send__80538_plymouth__area_send_full_inspection_-_22_august_2023.pdf"
            ),
            "fixtures/plymouth.pdf",
        );
        copy(
            &format!(
                "{real}ofsted-ilacs__80537_peterborough__children_s_services_inspection_-_30_january_2024.pdf"
            ),
            "fixtures/peterborough.pdf",
        );
        copy("tests/fixtures/robustness/camelot__labor.pdf", "camelot.pdf");
        let records = dir.path().join("records");
        let schema = reject::schema_rejecting("camelot", dir.path());
        let out = Command::cargo_bin("inspdf")
            .expect("binary")
            .env("INSPDF_TEST_SCHEMA", &schema)
            .args(["convert", "--no-progress", "-o"])
            .arg(&records)
            .arg(&input)
            .output()
            .expect("convert runs");
        assert_eq!(
            out.status.code(),
            Some(1),
            "one input is rejected: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            records.join("_rejected/camelot.json").is_file(),
            "the rejected record is under _rejected/"
        );
        assert!(records.join("_state").is_dir());
        Converted { _dir: dir, records }
    })
}

/// The record files convert wrote (keys relative to the folder), found
/// here without the exporter: every `*.json` outside `_rejected/`.
fn record_files(records: &Path) -> BTreeMap<String, Value> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Value>) {
        for entry in std::fs::read_dir(dir).expect("list") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            if rel.is_empty() && (name == "_rejected" || name == "_state") {
                continue;
            }
            let key = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().expect("type").is_dir() {
                walk(&entry.path(), &key, out);
            } else if name.ends_with(".json") {
                let text = std::fs::read_to_string(entry.path()).expect("read");
                out.insert(key, serde_json::from_str(&text).expect("json"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(records, "", &mut out);
    out
}

/// Elements of every array named `field`, anywhere in `v`.
fn count_field(v: &Value, field: &str) -> usize {
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| {
                let own = if k == field {
                    x.as_array().map_or(0, Vec::len)
                } else {
                    0
                };
                own + count_field(x, field)
            })
            .sum(),
        Value::Array(a) => a.iter().map(|x| count_field(x, field)).sum(),
        _ => 0,
    }
}

fn len(v: &Value, pointer: &str) -> usize {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

fn sections(list: &Value) -> usize {
    list.as_array()
        .map_or(0, |a| a.iter().map(|s| 1 + sections(&s["sections"])).sum())
}

fn blocks(list: &Value) -> usize {
    list.as_array().map_or(0, |a| {
        a.iter()
            .map(|s| s["blocks"].as_array().map_or(0, Vec::len) + blocks(&s["sections"]))
            .sum()
    })
}

/// Per table, the rows each record should give, counted from its JSON.
fn expected(record: &Value) -> BTreeMap<&'static str, usize> {
    let kinds = [
        "areas_for_improvement",
        "causes_of_concern",
        "recommendations",
        "innovative_practice",
    ];
    let findings: usize = kinds
        .iter()
        .map(|k| len(record, &format!("/findings/{k}")))
        .sum();
    let under_concerns: usize = record["findings"]["causes_of_concern"]
        .as_array()
        .map_or(0, |a| {
            a.iter()
                .map(|c| c["recommendations"].as_array().map_or(0, Vec::len))
                .sum()
        });
    let cells: usize = record["tables"].as_array().map_or(0, |ts| {
        ts.iter()
            .map(|t| {
                t["header"].as_array().map_or(0, Vec::len)
                    + t["rows"].as_array().map_or(0, |rows| {
                        rows.iter().map(|r| r.as_array().map_or(0, Vec::len)).sum()
                    })
            })
            .sum()
    });
    BTreeMap::from([
        ("records", 1),
        ("sections", sections(&record["sections"])),
        (
            "blocks",
            len(record, "/preamble") + len(record, "/back_matter") + blocks(&record["sections"]),
        ),
        ("judgments", len(record, "/judgments")),
        ("findings", findings),
        ("finding_recommendations", under_concerns),
        ("footnotes", len(record, "/footnotes")),
        ("footnote_refs", count_field(record, "footnote_refs")),
        ("report_tables", len(record, "/tables")),
        ("table_cells", cells),
        ("warnings", len(record, "/warnings")),
    ])
}

fn export(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::cargo_bin("inspdf")
        .expect("binary")
        .arg("export")
        .args(args)
        .output()
        .expect("export runs")
}

/// Export `records` to a new database and CSV folder in `dir`.
fn export_ok(records: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("reports.db");
    let csv = dir.join("csv");
    let out = export(&[
        records.as_os_str(),
        "--sqlite".as_ref(),
        db.as_os_str(),
        "--csv".as_ref(),
        csv.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (db, csv)
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names")
}

#[test]
fn every_table_has_the_rows_the_json_records_have_per_record() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (db, _) = export_ok(&c.records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    let files = record_files(&c.records);
    assert_eq!(files.len(), 8, "{:?}", files.keys());
    let names = tables(&conn);
    for name in &names {
        let mut got: BTreeMap<String, usize> = BTreeMap::new();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT record, COUNT(*) FROM \"{name}\" GROUP BY record"
            ))
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .expect("query");
        for row in rows {
            let (k, n) = row.expect("row");
            got.insert(k, usize::try_from(n).expect("count"));
        }
        let want: BTreeMap<String, usize> = files
            .iter()
            .map(|(k, v)| (k.clone(), expected(v)[name.as_str()]))
            .filter(|(_, n)| *n > 0)
            .collect();
        assert_eq!(got, want, "rows per record in {name}");
    }
    let want: Vec<&str> = expected(&Value::Null).keys().copied().collect();
    let mut have: Vec<&str> = names.iter().map(String::as_str).collect();
    have.sort_unstable();
    assert_eq!(have, want, "one table per entity");
    // The corpus has rows of every kind, so the comparison above is not
    // vacuous.
    for name in [
        "judgments",
        "findings",
        "footnotes",
        "footnote_refs",
        "report_tables",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .expect("count");
        assert!(n > 0, "no {name}");
    }
}

#[test]
fn judgments_join_records_by_key_and_two_report_json_stay_apart() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (db, _) = export_ok(&c.records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    let files = record_files(&c.records);
    let key = "samples/001_a_a4_serif_justified_hyphenated.json";
    let title = files[key]["report"]["title"].as_str().expect("title");
    let mut stmt = conn
        .prepare(
            "SELECT r.title, r.force, j.area, j.grade FROM judgments j \
             JOIN records r ON r.record = j.record WHERE j.record = ?1 ORDER BY j.ordinal",
        )
        .expect("prepare");
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let judgments = files[key]["judgments"].as_array().expect("judgments");
    assert_eq!(rows.len(), judgments.len());
    assert!(!rows.is_empty());
    for (row, j) in rows.iter().zip(judgments) {
        assert_eq!(row.0, title);
        assert_eq!(row.1, "Leicestershire Police");
        assert_eq!(row.2, j["area"].as_str().expect("area"));
        assert_eq!(row.3, j["grade"].as_str().expect("grade"));
    }
    let mut stmt = conn
        .prepare(
            "SELECT record, source_file, sha256, title FROM records \
             WHERE source_file = 'report.pdf' ORDER BY record",
        )
        .expect("prepare");
    let twins: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let keys: Vec<&str> = twins.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(keys, ["barnet/report.json", "leics/report.json"]);
    assert_ne!(twins[0].2, twins[1].2, "different PDFs");
    for t in &twins {
        assert_eq!(t.3, files[&t.0]["report"]["title"].as_str().expect("title"));
    }
    // Each twin's judgments are its own.
    let per: Vec<i64> = keys
        .iter()
        .map(|k| {
            conn.query_row(
                "SELECT COUNT(*) FROM judgments WHERE record = ?1",
                [k],
                |r| r.get(0),
            )
            .expect("count")
        })
        .collect();
    assert_eq!(
        per,
        keys.iter()
            .map(|k| files[*k]["judgments"].as_array().map_or(0, Vec::len) as i64)
            .collect::<Vec<_>>()
    );
}

#[test]
fn keys_are_foreign_keys_with_an_index_types_are_integer_text_or_null() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (db, _) = export_ok(&c.records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    for name in tables(&conn).iter().filter(|n| *n != "records") {
        let fk: String = conn
            .query_row(
                &format!(
                    "SELECT \"table\" || '.' || \"to\" FROM pragma_foreign_key_list('{name}')"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{name} has no foreign key: {e}"));
        assert_eq!(fk, "records.record", "{name}");
        let plan: String = conn
            .query_row(
                &format!("EXPLAIN QUERY PLAN SELECT * FROM \"{name}\" WHERE record = 'x'"),
                [],
                |r| r.get(3),
            )
            .expect("plan");
        assert!(plan.contains("INDEX"), "{name} looked up by record: {plan}");
    }
    let dangling: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk check");
    assert_eq!(dangling, 0);
    let kinds: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare("SELECT DISTINCT typeof(page), typeof(judged_in) FROM judgments ORDER BY 1, 2")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert!(kinds.iter().all(|(p, _)| p == "integer"), "{kinds:?}");
    assert!(
        kinds.iter().all(|(_, y)| y == "null" || y == "text"),
        "{kinds:?}"
    );
    // Ofsted names an inspected body, not a force: NULL, not ''.
    let force: Option<String> = conn
        .query_row(
            "SELECT force FROM records WHERE record = 'barnet/report.json'",
            [],
            |r| r.get(0),
        )
        .expect("barnet");
    assert_eq!(force, None);
}

#[test]
fn csv_files_have_the_database_columns_and_rows_and_are_byte_stable() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (db, csv) = export_ok(&c.records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    let names = tables(&conn);
    assert_eq!(
        std::fs::read_dir(&csv).expect("csv dir").count(),
        names.len()
    );
    for name in &names {
        let columns: Vec<String> = {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{name}') ORDER BY cid"
                ))
                .expect("prepare");
            stmt.query_map([], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("columns")
        };
        let mut reader = csv::Reader::from_path(csv.join(format!("{name}.csv"))).expect("csv");
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header, columns, "{name}.csv header");
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        let n: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(rows.len() as i64, n, "{name}.csv rows");
        // Same order as the database by key.
        let first_key: Option<String> = conn
            .query_row(
                &format!("SELECT record FROM \"{name}\" ORDER BY record LIMIT 1"),
                [],
                |r| r.get(0),
            )
            .ok();
        assert_eq!(rows.first().map(|r| r[0].to_string()), first_key, "{name}");
    }
    // A second export of the same records, from a copy of the folder
    // (other inode order and times), gives the same bytes.
    let copy = tmp.path().join("copy");
    copy_tree(&c.records, &copy);
    let again = tmp.path().join("again");
    std::fs::create_dir(&again).expect("mkdir");
    let (_, csv2) = export_ok(&copy, &again);
    for name in &names {
        let a = std::fs::read(csv.join(format!("{name}.csv"))).expect("read");
        let b = std::fs::read(csv2.join(format!("{name}.csv"))).expect("read");
        assert!(a == b, "{name}.csv differs between two exports");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("list")
        .map(|e| e.expect("entry"))
        .collect();
    // Reverse order, so a reader relying on directory order would differ.
    entries.sort_by_key(|e| std::cmp::Reverse(e.file_name()));
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

#[test]
fn state_rejected_and_new_conversions_are_not_read() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let records = tmp.path().join("records");
    copy_tree(&c.records, &records);
    // Records where convert keeps its own files: none may be read.
    let good = records.join("leics/report.json");
    std::fs::copy(&good, records.join("_state/leics.json")).expect("copy");
    std::fs::create_dir_all(records.join("_new/leics")).expect("mkdir");
    std::fs::copy(&good, records.join("_new/leics/report.json")).expect("copy");
    // A record that merely has ".new" in its name (input b.new.pdf) is one.
    std::fs::copy(&good, records.join("leics/other.new.json")).expect("copy");
    let (db, _) = export_ok(&records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    let mut stmt = conn
        .prepare("SELECT record FROM records ORDER BY record")
        .expect("prepare");
    let keys: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("keys");
    let mut want: Vec<String> = record_files(&c.records).into_keys().collect();
    want.push("leics/other.new.json".into());
    want.sort();
    assert_eq!(keys, want);
    assert!(keys.iter().all(|k| !k.starts_with('_')));
}

#[test]
fn a_corrupt_record_is_one_line_and_exit_1_while_the_rest_is_exported() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let records = tmp.path().join("records");
    copy_tree(&c.records, &records);
    std::fs::write(
        records.join("leics/broken.json"),
        b"{\"schema_version\": \"1.2.0\", ",
    )
    .expect("write");
    std::fs::write(records.join("package.json"), b"{\"name\": \"x\"}\n").expect("write");
    let db = tmp.path().join("reports.db");
    let out = export(&[records.as_os_str(), "--sqlite".as_ref(), db.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("broken.json"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("not JSON"), "{stderr}");
    assert!(
        stderr.contains("package.json: skipped, not a record"),
        "{stderr}"
    );
    let conn = Connection::open(&db).expect("open db");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n as usize, record_files(&c.records).len());
}

#[test]
fn a_target_that_is_not_a_regular_file_is_left_alone_exit_2() {
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir_target = tmp.path().join("reports.db");
    std::fs::create_dir(&dir_target).expect("mkdir");
    std::fs::write(dir_target.join("keep"), b"x").expect("write");
    let out = export(&[
        c.records.as_os_str(),
        "--sqlite".as_ref(),
        dir_target.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(dir_target.join("keep").is_file());
    // An existing regular file is replaced by a whole database, and no
    // temp file stays beside it.
    let file = tmp.path().join("old.db");
    std::fs::write(&file, b"not a database").expect("write");
    let out = export(&[c.records.as_os_str(), "--sqlite".as_ref(), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let conn = Connection::open(&file).expect("open");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .expect("a database");
    assert!(n > 0);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".inspdf-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // No output asked for: usage error.
    let out = export(&[c.records.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn each_footnote_reference_joins_exactly_one_footnote_by_run_and_number() {
    // leics/report.pdf restarts its numbering per chapter: six runs, so a
    // join on the number alone would match up to six notes.
    let c = converted();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (db, _) = export_ok(&c.records, tmp.path());
    let conn = Connection::open(&db).expect("open db");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let refs = count("SELECT COUNT(*) FROM footnote_refs WHERE record = 'leics/report.json'");
    assert!(refs >= 20, "the sample cites its notes: {refs}");
    assert_eq!(
        count("SELECT COUNT(*) FROM footnote_refs WHERE run IS NULL"),
        0,
        "records of schema 1.4 name every reference's run"
    );
    let runs =
        count("SELECT COUNT(DISTINCT run) FROM footnote_refs WHERE record = 'leics/report.json'");
    assert!(runs >= 5, "the references spread over the runs: {runs}");
    let per_ref = "SELECT COUNT(f.ordinal) AS n FROM footnote_refs r \
         LEFT JOIN footnotes f ON f.record = r.record AND f.run = r.run AND f.number = r.number \
         GROUP BY r.record, r.ordinal";
    assert_eq!(
        count(&format!("SELECT COUNT(*) FROM ({per_ref}) WHERE n <> 1")),
        0,
        "every reference joins one footnote"
    );
}
