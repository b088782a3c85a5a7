//! The published schema, generated from the record types.
//!
//! `inspdf schema` prints [`generate`]'s output; the checked-in
//! `schemas/inspection-report.schema.json` must equal it (a test fails with
//! the command to regenerate when it does not).

pub mod compat;
pub mod docs;

use crate::record::{Record, SCHEMA_ID, SCHEMA_VERSION};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// A small, real record used as the schema's example: the converter's
/// output for `samples/001_…pdf` (the 2016 Leicestershire PEEL legitimacy
/// report), trimmed to two sections, one table, two footnotes, two
/// judgments and one finding; it also supplies the examples of
/// `schemas/README.md`.
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
        grades_per_scale(map);
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

/// The grade scales as schema: `Grade-<scale>` definitions with each
/// scale's grades, the scale ids as enums on `judgments[].scale` and
/// `report.grade_scale`, and on `Judgment` one `if scale is X then grade is a
/// Grade-X` per scale, so a generic validator catches a grade from the wrong
/// scale. Everything comes from `src/inspectorates/inspectorates.json`: a new scale is
/// a data change (and a minor schema bump: it widens the enums).
fn grades_per_scale(map: &mut serde_json::Map<String, Value>) {
    let scales = crate::inspectorates::scales::all();
    let ids: Vec<&str> = scales.iter().map(|s| s.id.as_str()).collect();
    let Some(defs) = map.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    for scale in scales {
        defs.insert(
            format!("Grade-{}", scale.id),
            json!({
                "description": format!("A grade of the {} scale ({}), best first.", scale.id, scale.name),
                "type": "string",
                "enum": scale.grades,
            }),
        );
    }
    if let Some(judgment) = defs.get_mut("Judgment").and_then(Value::as_object_mut) {
        if let Some(scale) = judgment
            .get_mut("properties")
            .and_then(|p| p.get_mut("scale"))
            .and_then(Value::as_object_mut)
        {
            scale.insert("enum".into(), json!(ids));
        }
        let rules: Vec<Value> = scales
            .iter()
            .map(|s| {
                json!({
                    "if": {"properties": {"scale": {"const": s.id}}, "required": ["scale"]},
                    "then": {"properties": {"grade": {"$ref": format!("#/$defs/Grade-{}", s.id)}}},
                })
            })
            .collect();
        judgment.insert("allOf".into(), Value::Array(rules));
    }
    if let Some(field) = defs
        .get_mut("Report")
        .and_then(|r| r.pointer_mut("/properties/grade_scale"))
        .and_then(Value::as_object_mut)
    {
        let mut allowed: Vec<Value> = ids.iter().map(|id| json!(id)).collect();
        allowed.push(Value::Null);
        field.insert("enum".into(), Value::Array(allowed));
    }
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
