//! The published schema: it is what the types generate, and every record
//! the converter writes validates against the file on disk (read here
//! independently of the code path that validated it before writing).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
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
