//! Integer ranges in standard keywords. schemars marks each Rust integer
//! type with a `format` of its own (`uint32`, `uint8`, `uint`, `int64`…)
//! that no JSON Schema vocabulary defines: strict validators (ajv) refuse
//! the schema, and the others ignore the format, so a `source.pages` of
//! 123456789012345678901 passed. [`IntegerBounds`], a schemars transform,
//! replaces each such format with the `minimum`/`maximum` of its type
//! (keeping a tighter bound the field declares); [`range`] is the table it
//! reads, which the compatibility check also uses to see that a format of
//! an older schema already implied the bounds that replace it.

use schemars::Schema;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Number, Value};

/// The range of the Rust integer type schemars names by `format`, as
/// (minimum, maximum); `None` for any other format (`date-time`, `uri`…,
/// which are standard and left alone). `uint`/`int` (`usize`/`isize`) are
/// taken at 64 bits, the width of every target the program is built for.
pub fn range(format: &str) -> Option<(Number, Number)> {
    let signed = |lo: i64, hi: i64| Some((Number::from(lo), Number::from(hi)));
    let unsigned = |hi: u64| Some((Number::from(0u8), Number::from(hi)));
    match format {
        "uint8" => unsigned(u8::MAX.into()),
        "uint16" => unsigned(u16::MAX.into()),
        "uint32" => unsigned(u32::MAX.into()),
        "uint64" | "uint" => unsigned(u64::MAX),
        "int8" => signed(i8::MIN.into(), i8::MAX.into()),
        "int16" => signed(i16::MIN.into(), i16::MAX.into()),
        "int32" => signed(i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => signed(i64::MIN, i64::MAX),
        _ => None,
    }
}

/// The schemars transform: on every (sub)schema whose `format` is one of
/// [`range`]'s, drop the format and set `minimum` and `maximum` to the
/// type's bounds, unless the schema already has a tighter one; a `float`
/// or `double` format is dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntegerBounds;

impl Transform for IntegerBounds {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(map) = schema.as_object_mut()
            && let Some((lo, hi)) = map.get("format").and_then(Value::as_str).and_then(range)
        {
            map.remove("format");
            tighten(map, "minimum", lo, |new, old| new > old);
            tighten(map, "maximum", hi, |new, old| new < old);
        }
        // `float`/`double` (an `f32`/`f64`) are not standard formats
        // either, and `number` already says all they would.
        if let Some(map) = schema.as_object_mut()
            && map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f == "float" || f == "double")
        {
            map.remove("format");
        }
        transform_subschemas(self, schema);
    }
}

/// Set `key` to `bound` unless the value there is already tighter
/// (`tighter(bound, existing)` false).
fn tighten(
    map: &mut serde_json::Map<String, Value>,
    key: &str,
    bound: Number,
    tighter: fn(f64, f64) -> bool,
) {
    let keep = map
        .get(key)
        .and_then(Value::as_f64)
        .zip(bound.as_f64())
        .is_some_and(|(old, new)| !tighter(new, old));
    if !keep {
        map.insert(key.into(), Value::Number(bound));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bounded(schema: Value) -> Value {
        let mut s = Schema::try_from(schema).expect("object schema");
        IntegerBounds.transform(&mut s);
        s.to_value()
    }

    #[test]
    fn formats_become_the_type_s_bounds_keeping_tighter_ones() {
        assert_eq!(
            bounded(json!({"type": "integer", "format": "uint32", "minimum": 1})),
            json!({"type": "integer", "minimum": 1, "maximum": 4294967295u64})
        );
        assert_eq!(
            bounded(json!({"type": "integer", "format": "uint8", "minimum": 1, "maximum": 6})),
            json!({"type": "integer", "minimum": 1, "maximum": 6})
        );
        assert_eq!(
            bounded(json!({"type": "integer", "format": "int16"})),
            json!({"type": "integer", "minimum": -32768, "maximum": 32767})
        );
        assert_eq!(
            bounded(json!({"type": "number", "format": "float"})),
            json!({"type": "number"})
        );
    }

    #[test]
    fn nested_schemas_are_reached_and_other_formats_kept() {
        let out = bounded(json!({
            "type": "object",
            "properties": {
                "refs": {"type": "array", "items": {"type": "integer", "format": "uint"}},
                "when": {"type": "string", "format": "date-time"}
            },
            "oneOf": [{"properties": {"n": {"type": ["integer", "null"], "format": "int64"}}}]
        }));
        assert_eq!(
            out["properties"]["refs"]["items"],
            json!({"type": "integer", "minimum": 0, "maximum": u64::MAX})
        );
        assert_eq!(out["properties"]["when"]["format"], "date-time");
        assert_eq!(out["oneOf"][0]["properties"]["n"]["minimum"], i64::MIN);
        assert!(!out.to_string().contains("int64"));
    }
}
