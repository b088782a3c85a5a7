//! The published schema, generated from the record types.
//!
//! `inspdf schema` prints [`generate`]'s output; the checked-in
//! `schemas/inspection-report.schema.json` must equal it (a test fails with
//! the command to regenerate when it does not).

use crate::record::{Record, SCHEMA_ID, SCHEMA_VERSION};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// A small, real record used as the schema's example (the 2016 press
/// release from `samples/`, trimmed).
const EXAMPLE: &str = include_str!("../schemas/example.json");

/// Generate the schema (draft 2020-12) from the record types.
pub fn generate() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Record>();
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.insert("$id".into(), json!(SCHEMA_ID));
        map.insert("title".into(), json!("Inspection report record"));
        map.insert(
            "description".into(),
            json!(format!(
                "One published inspection report (e.g. a police PEEL report) as structured data: \
                 metadata, the section tree, tables, footnotes with their references, graded \
                 judgments and findings. Written by inspdf, schema version {SCHEMA_VERSION}."
            )),
        );
        map.insert("x-schema-version".into(), json!(SCHEMA_VERSION));
        describe_tags(&mut value_defs(map));
        if let Ok(example) = serde_json::from_str::<Value>(EXAMPLE) {
            map.insert("examples".into(), json!([example]));
        }
    }
    value
}

/// The schema as the bytes written to `schemas/inspection-report.schema.json`.
pub fn generate_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&generate()).unwrap_or_default();
    s.push('\n');
    s
}

fn value_defs(map: &mut serde_json::Map<String, Value>) -> Vec<&mut Value> {
    map.get_mut("$defs")
        .and_then(Value::as_object_mut)
        .map(|d| d.values_mut().collect())
        .unwrap_or_default()
}

/// serde's internal tags (`"type": "paragraph"`) come out of schemars with a
/// `const` and no description; give them one so every field is documented.
fn describe_tags(defs: &mut [&mut Value]) {
    for def in defs.iter_mut() {
        let variants = def.get_mut("oneOf").and_then(Value::as_array_mut);
        for v in variants.into_iter().flatten() {
            if let Some(tag) = v.pointer_mut("/properties/type")
                && let Some(obj) = tag.as_object_mut()
                && !obj.contains_key("description")
            {
                let kind = obj
                    .get("const")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                obj.insert(
                    "description".into(),
                    json!(format!("Block kind: always \"{kind}\" for this variant.")),
                );
            }
        }
    }
}
