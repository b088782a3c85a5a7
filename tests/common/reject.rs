//! A schema that rejects the records of chosen inputs, for tests that need
//! a rejected record in a batch. Real reports no longer fail the
//! cross-field checks (a mark naming no footnote is dropped with a
//! warning), so the batch is run with `INSPDF_TEST_SCHEMA` (feature
//! `fault-injection`) naming the published schema plus one rule: a record
//! whose `source.file` matches `pattern` is invalid.

use std::path::{Path, PathBuf};

/// Write that schema into `dir` and return its path.
pub fn schema_rejecting(pattern: &str, dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("schemas/inspection-report.schema.json"))
        .expect("published schema");
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    let rule = serde_json::json!({
        "not": {
            "required": ["source"],
            "properties": {"source": {
                "required": ["file"],
                "properties": {"file": {"pattern": pattern}}
            }}
        }
    });
    let all = schema
        .as_object_mut()
        .expect("schema object")
        .entry("allOf")
        .or_insert_with(|| serde_json::json!([]));
    all.as_array_mut().expect("allOf array").push(rule);
    let path = dir.join("rejects-some.schema.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&schema).expect("JSON")).expect("write");
    path
}
