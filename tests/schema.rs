//! The published schema: it is what the types generate, and every record
//! the converter writes validates against the file on disk (read here
//! independently of the code path that validated it before writing).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The jsonschema crate at its strictest: formats checked, and a format it
/// does not know is an error when the schema is compiled (not ignored).
fn strict_crate_validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(schema)
        .expect("schema compiles with formats checked and unknown formats refused")
}

fn published() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/inspection-report.schema.json"))
            .expect("read"),
    )
    .expect("json")
}

/// The schema's example record, edited by `edit`.
fn example_with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(inspdf::schema::example::FILE)).expect("example"),
    )
    .expect("json");
    edit(&mut v);
    v
}

fn write_json(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).expect("json")).expect("write");
    path
}

/// `inspdf validate FILE`: (exit code, the error lines of stdout).
fn validate(file: &Path) -> (Option<i32>, Vec<String>) {
    let out = Command::cargo_bin("inspdf")
        .expect("binary")
        .arg("validate")
        .arg(file)
        .output()
        .expect("run");
    let errors = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(": error["))
        .map(String::from)
        .collect();
    (out.status.code(), errors)
}

#[test]
fn a_misspelt_grade_is_one_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let misspelt = write_json(
        dir.path(),
        "misspelt.json",
        &example_with(|v| v["judgments"][1]["grade"] = "godo".into()),
    );
    let (code, errors) = validate(&misspelt);
    assert_eq!(code, Some(1));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("/judgments/1/grade")
            && errors[0].contains("\"godo\" is not one of \"outstanding\", \"good\", \"requires improvement\", \"inadequate\""),
        "{errors:?}"
    );
    // A real grade of another scale is one error too, naming the scale's grades.
    let other = write_json(
        dir.path(),
        "other.json",
        &example_with(|v| v["judgments"][0]["grade"] = "adequate".into()),
    );
    let (code, errors) = validate(&other);
    assert_eq!((code, errors.len()), (Some(1), 1), "{errors:#?}");
    assert!(errors[0].contains("/judgments/0/grade"), "{errors:?}");
}

#[test]
fn integers_beyond_their_type_are_refused() {
    // The schema used to say `format: uint32`, which validators ignore.
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = write_json(
        dir.path(),
        "huge.json",
        &example_with(|v| v["source"]["pages"] = serde_json::json!(123456789012345678901.0)),
    );
    let (code, errors) = validate(&huge);
    assert_eq!(code, Some(1));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("/source/pages") && errors[0].contains("maximum"),
        "{errors:?}"
    );
    let edge = write_json(
        dir.path(),
        "edge.json",
        &example_with(|v| {
            v["source"]["pages"] = u32::MAX.into();
            v["sections"][0]["footnote_refs"] = serde_json::json!([4294967296u64]);
        }),
    );
    let (_, errors) = validate(&edge);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/sections/0/footnote_refs/0") && e.contains("maximum")),
        "{errors:#?}"
    );
    assert!(
        !errors.iter().any(|e| e.contains("/source/pages")),
        "{errors:#?}"
    );
}

#[test]
fn the_schema_names_its_version_in_standard_keywords_only() {
    let schema = published();
    assert_eq!(
        inspdf::schema::version_of(&schema),
        Some(inspdf::record::SCHEMA_VERSION)
    );
    let mut unknown = Vec::new();
    let mut formats = Vec::new();
    fn walk(node: &Value, at: &str, unknown: &mut Vec<String>, formats: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for (k, v) in map {
                    if k.starts_with("x-") {
                        unknown.push(format!("{at}/{k}"));
                    }
                    if k == "format" {
                        formats.push(format!("{at}: {v}"));
                    }
                    if k != "examples" {
                        walk(v, &format!("{at}/{k}"), unknown, formats);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), unknown, formats);
                }
            }
            _ => {}
        }
    }
    walk(&schema, "", &mut unknown, &mut formats);
    assert!(unknown.is_empty(), "non-standard keywords: {unknown:?}");
    assert!(formats.is_empty(), "formats left: {formats:?}");
}

/// `INSPDF_BLESS=1`: rewrite what a drift test compares instead of failing.
fn bless() -> bool {
    std::env::var_os("INSPDF_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn the_example_is_a_fresh_conversion_of_the_sample() {
    use inspdf::schema::example;
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(root().join(example::SAMPLE))
        .assert()
        .success();
    let stem = Path::new(example::SAMPLE)
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("stem");
    let record: inspdf::record::Record = serde_json::from_str(
        &std::fs::read_to_string(out.path().join(format!("{stem}.json"))).expect("record"),
    )
    .expect("a record");
    let fresh = example::to_pretty(&example::trim(&record));
    let fresh_value: Value = serde_json::from_str(&fresh).expect("json");
    let schema = inspdf::schema::generate_with_example(Some(&fresh_value));
    let mut schema_text = serde_json::to_string_pretty(&schema).expect("json");
    schema_text.push('\n');
    let readme = inspdf::schema::docs::markdown(&schema);
    let files = [
        (example::FILE, fresh),
        ("schemas/inspection-report.schema.json", schema_text),
        ("schemas/README.md", readme),
    ];
    let mut stale = Vec::new();
    for (file, text) in &files {
        let path = root().join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless() {
                std::fs::write(&path, text).expect("write");
                eprintln!("rewrote {file}; rebuild before the other schema tests");
            } else {
                stale.push(*file);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from a fresh conversion of {}; regenerate with\n  \
         INSPDF_BLESS=1 cargo test --release --all-features --test schema the_example_is_a_fresh_conversion",
        example::SAMPLE
    );
    // The example is valid and shows what a reader looks for.
    assert_eq!(
        fresh_value["source"]["file"],
        "001_a_a4_serif_justified_hyphenated.pdf"
    );
    let v = inspdf::validate::Validator::published().expect("schema");
    assert_eq!(v.check_record(&fresh_value), []);
    for key in ["sections", "tables", "footnotes", "judgments"] {
        assert!(
            fresh_value[key].as_array().is_some_and(|a| !a.is_empty()),
            "the example has no {key}"
        );
    }
}

// ---- Third-party consumers: ajv 8 (strict, with ajv-formats) and
// python-jsonschema, installed by .ci/run under tests/consumers/.

/// The consumers must be there (CI sets `INSPDF_CONSUMERS=1`); elsewhere a
/// missing one is skipped with a note.
fn consumers_required() -> bool {
    std::env::var_os("INSPDF_CONSUMERS").is_some_and(|v| v == "1")
}

/// A consumer's command line (program and leading arguments), or why it
/// is not available.
fn consumer(name: &str) -> Result<Vec<std::ffi::OsString>, String> {
    let dir = root().join("tests/consumers");
    let runs = |program: &std::ffi::OsStr, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    match name {
        "ajv" => {
            if !dir.join("node_modules/ajv/package.json").exists()
                || !dir.join("node_modules/ajv-formats/package.json").exists()
            {
                return Err("tests/consumers/node_modules lacks ajv or ajv-formats \
                            (npm ci --prefix tests/consumers)"
                    .into());
            }
            if !runs("node".as_ref(), &["--version"]) {
                return Err("node is not installed".into());
            }
            Ok(vec!["node".into(), dir.join("ajv-check.mjs").into()])
        }
        _ => {
            let venv = dir.join(".venv/bin/python");
            let python: std::ffi::OsString = match std::env::var_os("INSPDF_PYTHON") {
                Some(p) => p,
                None if venv.exists() => venv.into(),
                None => "python3".into(),
            };
            if !runs(&python, &["-c", "import jsonschema"]) {
                return Err(format!(
                    "{} cannot import jsonschema (see tests/consumers/requirements.txt)",
                    python.to_string_lossy()
                ));
            }
            Ok(vec![python, dir.join("jsonschema-check.py").into()])
        }
    }
}

/// What a consumer script printed for each record: path → error count
/// (0 for valid).
fn run_consumer(
    cmd: &[std::ffi::OsString],
    schema: &Path,
    records: &[std::path::PathBuf],
) -> (Option<i32>, String, Vec<(String, usize)>) {
    let out = std::process::Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg(schema)
        .args(records)
        .output()
        .expect("run consumer");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let verdicts = stdout
        .lines()
        .filter_map(|l| {
            if let Some(p) = l.strip_prefix("valid ") {
                return Some((p.to_string(), 0));
            }
            let rest = l.strip_prefix("invalid ")?;
            let (p, n) = rest.rsplit_once(' ')?;
            Some((p.to_string(), n.parse().ok()?))
        })
        .collect();
    (out.status.code(), stdout, verdicts)
}

#[test]
fn ajv_python_jsonschema_and_the_crate_take_the_schema_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "-o"])
        .arg(dir.path().join("records"))
        .arg(root().join("samples"))
        .assert()
        .success();
    // (record, errors python-jsonschema and the crate report; ajv, in its
    // default mode, stops at the first).
    let mut cases: Vec<(std::path::PathBuf, usize)> = Vec::new();
    for entry in std::fs::read_dir(dir.path().join("records")).expect("records") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            cases.push((path, 0));
        }
    }
    assert_eq!(cases.len(), 4, "one record per sample");
    cases.push((root().join(inspdf::schema::example::FILE), 0));
    cases.push((root().join("tests/fixtures/validate/valid/minimal.json"), 0));
    let bad = [
        (
            "misspelt-grade.json",
            example_with(|v| v["judgments"][0]["grade"] = "godo".into()),
        ),
        (
            "huge-pages.json",
            example_with(|v| v["source"]["pages"] = serde_json::json!(123456789012345678901.0)),
        ),
        (
            "page-zero.json",
            example_with(|v| v["sections"][0]["page"] = 0.into()),
        ),
        (
            "unknown-field.json",
            example_with(|v| v["report"]["titel"] = "x".into()),
        ),
        (
            "grade-of-another-scale.json",
            example_with(|v| v["judgments"][0]["grade"] = "adequate".into()),
        ),
    ];
    for (name, v) in &bad {
        cases.push((write_json(dir.path(), name, v), 1));
    }
    let schema = root().join("schemas/inspection-report.schema.json");
    let records: Vec<std::path::PathBuf> = cases.iter().map(|(p, _)| p.clone()).collect();

    // The jsonschema crate, strict about formats.
    let validator = strict_crate_validator(&published());
    for (path, errors) in &cases {
        let record: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let found: Vec<String> = validator
            .iter_errors(&record)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert_eq!(
            found.len(),
            *errors,
            "crate, {}: {found:#?}",
            path.display()
        );
    }

    for name in ["ajv", "python-jsonschema"] {
        let cmd = match consumer(name) {
            Ok(cmd) => cmd,
            Err(why) if !consumers_required() => {
                eprintln!("skipped {name}: {why} (INSPDF_CONSUMERS=1 makes this a failure)");
                continue;
            }
            Err(why) => panic!("{name}: {why}, and INSPDF_CONSUMERS=1 says it must be there"),
        };
        let (code, stdout, verdicts) = run_consumer(&cmd, &schema, &records);
        assert_eq!(code, Some(1), "{name}: some records are invalid\n{stdout}");
        assert!(
            !stdout.contains("warning") && !stdout.contains("schema error"),
            "{name}:\n{stdout}"
        );
        let expected: Vec<(String, usize)> = cases
            .iter()
            .map(|(p, n)| {
                let n = if name == "ajv" { (*n).min(1) } else { *n };
                (p.to_string_lossy().into_owned(), n)
            })
            .collect();
        assert_eq!(verdicts, expected, "{name}:\n{stdout}");
    }
}

#[test]
fn checked_in_schema_matches_the_types() {
    let on_disk = std::fs::read_to_string(root().join("schemas/inspection-report.schema.json"))
        .expect("schema file");
    let generated = inspdf::schema::generate_pretty();
    assert!(
        on_disk == generated,
        "schemas/inspection-report.schema.json is stale; regenerate it with\n  \
         cargo run --release -- schema > schemas/inspection-report.schema.json"
    );
}

#[test]
fn schema_is_documented_draft_2020_12() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/inspection-report.schema.json"))
            .expect("read"),
    )
    .expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(
        schema["$id"]
            .as_str()
            .is_some_and(|s| s.starts_with("https://"))
    );
    assert!(
        schema["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    // Every property of every definition carries a description.
    let mut missing = Vec::new();
    let mut check = |owner: &str, props: &Value| {
        for (name, p) in props.as_object().into_iter().flatten() {
            if p.get("description").is_none() {
                missing.push(format!("{owner}.{name}"));
            }
        }
    };
    check("Record", &schema["properties"]);
    for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
        check(name, &def["properties"]);
        for (k, variant) in def["oneOf"].as_array().into_iter().flatten().enumerate() {
            check(&format!("{name}[{k}]"), &variant["properties"]);
        }
    }
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:?}"
    );
}

#[test]
fn every_converted_record_validates_against_the_schema_file() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/inspection-report.schema.json"))
            .expect("read"),
    )
    .expect("json");
    let validator = strict_crate_validator(&schema);
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(root().join("tests/fixtures/rendered"))
        .assert()
        .success();
    let mut n = 0;
    for entry in std::fs::read_dir(out.path()).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let record: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
            let errors: Vec<String> = validator
                .iter_errors(&record)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            n += 1;
        }
    }
    assert_eq!(n, 9);
}

#[test]
fn the_schema_example_is_a_valid_record() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/inspection-report.schema.json"))
            .expect("read"),
    )
    .expect("json");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let examples = schema["examples"].as_array().expect("examples");
    assert!(!examples.is_empty());
    for e in examples {
        assert!(
            validator.is_valid(e),
            "{:?}",
            validator
                .iter_errors(e)
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
        );
    }
}

/// `schemas/history/inspection-report-X.Y.Z.schema.json`: the schema as
/// released at each version, frozen.
fn released() -> Vec<(inspdf::validate::registry::Version, Value)> {
    let dir = root().join("schemas/history");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("schemas/history") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(version) = name
            .strip_prefix("inspection-report-")
            .and_then(|n| n.strip_suffix(".schema.json"))
        else {
            continue;
        };
        let version = inspdf::validate::registry::Version::parse(version)
            .unwrap_or_else(|| panic!("{name}: not a semver file name"));
        let schema =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        out.push((version, schema));
    }
    out.sort_by_key(|(v, _)| *v);
    out
}

#[test]
fn no_breaking_change_without_a_major_bump() {
    let current = inspdf::validate::registry::Version::parse(inspdf::record::SCHEMA_VERSION)
        .expect("SCHEMA_VERSION is semver");
    let generated = inspdf::schema::generate();
    let history = released();
    assert!(
        history.iter().any(|(v, _)| v.major == current.major),
        "no released schema of major {} in schemas/history: freeze it with\n  \
         cp schemas/inspection-report.schema.json schemas/history/inspection-report-{}.schema.json",
        current.major,
        inspdf::record::SCHEMA_VERSION
    );
    for (version, old) in &history {
        assert!(
            *version <= current,
            "schemas/history has {version}, newer than SCHEMA_VERSION {current}"
        );
        if version.major != current.major {
            continue;
        }
        let breaks = inspdf::schema::compat::breaking_changes(old, &generated);
        assert!(
            breaks.is_empty(),
            "the schema generated from src/record.rs breaks records valid under the released \
             {version}:\n  {}\nEither undo the change, or bump the major of SCHEMA_VERSION in \
             src/record.rs, keep the old schema as schemas/inspection-report.v{}.schema.json and \
             add it to validate::registry::KNOWN (see schemas/README.md).",
            breaks.join("\n  "),
            version.major
        );
    }
}

#[test]
fn every_released_major_can_still_be_validated() {
    // Old records keep validating: the newest schema of each released major
    // is built in.
    let known: Vec<_> = inspdf::validate::registry::KNOWN
        .iter()
        .filter_map(|k| inspdf::validate::registry::Version::parse(k.version))
        .collect();
    for (version, _) in released() {
        assert!(
            known
                .iter()
                .any(|k| k.major == version.major && k.minor >= version.minor),
            "released schema {version} has no built-in schema of its major in validate::registry::KNOWN"
        );
    }
    for k in inspdf::validate::registry::KNOWN {
        assert!(
            root().join(k.file).exists(),
            "{} listed in KNOWN is not checked in",
            k.file
        );
    }
}

#[test]
fn schema_readme_is_generated_from_the_schema() {
    let on_disk =
        std::fs::read_to_string(root().join("schemas/README.md")).expect("schemas/README.md");
    assert!(
        on_disk == inspdf::schema::docs::markdown(&inspdf::schema::generate()),
        "schemas/README.md is stale; regenerate it with\n  \
         cargo run --release -- schema --markdown > schemas/README.md"
    );
}

#[test]
fn every_object_refuses_unknown_fields() {
    // deny_unknown_fields on every record type becomes
    // additionalProperties: false, so a misspelt field in a hand edit is an
    // error, not silently ignored.
    let schema = inspdf::schema::generate();
    let mut open = Vec::new();
    let mut check = |name: String, node: &Value| {
        if node.get("properties").is_some() && node["additionalProperties"] != Value::Bool(false) {
            open.push(name);
        }
    };
    check("Record".into(), &schema);
    for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
        check(name.clone(), def);
        for (k, variant) in def["oneOf"].as_array().into_iter().flatten().enumerate() {
            check(format!("{name}[{k}]"), variant);
        }
    }
    assert!(
        open.is_empty(),
        "objects that accept unknown fields: {open:?}"
    );
}
