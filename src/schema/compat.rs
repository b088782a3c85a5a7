//! Breaking-change detection between two versions of the published schema,
//! so that a test can refuse a breaking change made without a major bump.
//!
//! A change is breaking when a record valid under the old schema may be
//! invalid under the new one. Detected, walking both schemas together from
//! the root (through `$ref`s, each pair of definitions once):
//!
//! - a property removed;
//! - a new required property;
//! - a type narrowed (a JSON type no longer allowed; `integer` counts as
//!   within `number`);
//! - an `enum` value removed, an `enum` or `const` added or changed;
//! - `minimum`/`minLength`/`minItems` raised, `maximum`/`maxLength`/
//!   `maxItems` lowered (or newly set), a `pattern` added or changed; an
//!   integer `format` of schemars' own (`uint32`) counts as the bounds of
//!   its type, so replacing it with them is no change;
//! - `additionalProperties: false` newly set;
//! - a `oneOf`/`anyOf` variant removed (variants are matched by their
//!   `type` tag, else by position);
//! - a new `allOf` constraint, except a new `if`/`then` pair (one is added
//!   per new grade scale, and applies only to values the old schema did not
//!   allow); a changed `then` is compared like any schema.
//!
//! The check is conservative rather than complete (it does not prove two
//! regular expressions equivalent, say): a false alarm costs a look, a
//! missed break costs consumers.

use serde_json::Value;
use std::collections::HashSet;

/// Every breaking change from `old` to `new`, as "path: what" lines; empty
/// when every record valid under `old` is valid under `new` as far as the
/// rules above can tell.
pub fn breaking_changes(old: &Value, new: &Value) -> Vec<String> {
    let mut cmp = Cmp {
        old_root: old,
        new_root: new,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    cmp.schema(old, new, "");
    cmp.out
}

struct Cmp<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    seen: HashSet<(String, String)>,
    out: Vec<String>,
}

/// Follow a local `$ref` ("#/$defs/Section").
fn resolve<'a>(root: &'a Value, node: &'a Value) -> (&'a Value, Option<&'a str>) {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with('#') => match root.pointer(&r[1..]) {
            Some(target) => (target, Some(r)),
            None => (node, Some(r)),
        },
        _ => (node, None),
    }
}

fn types(node: &Value) -> Option<Vec<&str>> {
    match node.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// The bound `key` of `node`: given, or implied by an integer `format`
/// of schemars' own (`uint32` is 0 to 4294967295), which releases before
/// 1.3.0 carried instead of bounds.
fn bound(node: &Value, key: &str) -> Option<f64> {
    if let Some(b) = node.get(key).and_then(Value::as_f64) {
        return Some(b);
    }
    let (lo, hi) = super::formats::range(node.get("format")?.as_str()?)?;
    match key {
        "minimum" => lo.as_f64(),
        "maximum" => hi.as_f64(),
        _ => None,
    }
}

fn tag(variant: &Value) -> Option<&Value> {
    variant.pointer("/properties/type/const")
}

impl Cmp<'_> {
    fn flag(&mut self, path: &str, what: String) {
        let at = if path.is_empty() { "/" } else { path };
        self.out.push(format!("{at}: {what}"));
    }

    fn schema(&mut self, old: &Value, new: &Value, path: &str) {
        let (o, oref) = resolve(self.old_root, old);
        let (n, nref) = resolve(self.new_root, new);
        if let (Some(a), Some(b)) = (oref, nref)
            && !self.seen.insert((a.to_string(), b.to_string()))
        {
            return;
        }
        self.types(o, n, path);
        self.values(o, n, path);
        self.bounds(o, n, path);
        self.objects(o, n, path);
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.schema(oi, ni, &format!("{path}/[]"));
        } else if o.get("items").is_none()
            && let Some(ni) = n.get("items")
        {
            self.schema(&Value::Bool(true), ni, &format!("{path}/[]"));
        }
        for key in ["oneOf", "anyOf"] {
            self.variants(o, n, key, path);
        }
        self.all_of(o, n, path);
    }

    fn types(&mut self, o: &Value, n: &Value, path: &str) {
        let Some(nt) = types(n) else {
            return;
        };
        match types(o) {
            None if o.get("$ref").is_none() && o.get("oneOf").is_none() => {
                self.flag(path, format!("type restricted to {}", nt.join(" or ")));
            }
            None => {}
            Some(ot) => {
                for t in ot {
                    let kept = nt.contains(&t) || (t == "integer" && nt.contains(&"number"));
                    if !kept {
                        self.flag(path, format!("type {t} no longer allowed"));
                    }
                }
            }
        }
    }

    fn values(&mut self, o: &Value, n: &Value, path: &str) {
        if let Some(ne) = n.get("enum").and_then(Value::as_array) {
            match o.get("enum").and_then(Value::as_array) {
                Some(oe) => {
                    for v in oe {
                        if !ne.contains(v) {
                            self.flag(path, format!("enum value {v} removed"));
                        }
                    }
                }
                None => self.flag(path, "now restricted to an enum".into()),
            }
        }
        if let Some(nc) = n.get("const")
            && o.get("const") != Some(nc)
        {
            self.flag(path, format!("now restricted to the constant {nc}"));
        }
        if let Some(np) = n.get("pattern")
            && o.get("pattern") != Some(np)
        {
            self.flag(path, format!("pattern {np} added or changed"));
        }
    }

    fn bounds(&mut self, o: &Value, n: &Value, path: &str) {
        for (key, lower) in [
            ("minimum", true),
            ("exclusiveMinimum", true),
            ("minLength", true),
            ("minItems", true),
            ("minProperties", true),
            ("maximum", false),
            ("exclusiveMaximum", false),
            ("maxLength", false),
            ("maxItems", false),
            ("maxProperties", false),
        ] {
            let Some(nb) = n.get(key).and_then(Value::as_f64) else {
                continue;
            };
            let narrowed = match bound(o, key) {
                None => true,
                Some(ob) => (lower && nb > ob) || (!lower && nb < ob),
            };
            if narrowed {
                self.flag(path, format!("{key} tightened to {nb}"));
            }
        }
    }

    fn objects(&mut self, o: &Value, n: &Value, path: &str) {
        let empty = serde_json::Map::new();
        let op = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (k, ov) in op {
            match np.get(k) {
                Some(nv) => self.schema(ov, nv, &format!("{path}/{k}")),
                None => self.flag(path, format!("property \"{k}\" removed")),
            }
        }
        let required = |s: &Value| -> Vec<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(String::from))
                .collect()
        };
        let or = required(o);
        for r in required(n) {
            if !or.contains(&r) {
                self.flag(path, format!("property \"{r}\" is newly required"));
            }
        }
        if n.get("additionalProperties") == Some(&Value::Bool(false))
            && o.get("additionalProperties") != Some(&Value::Bool(false))
        {
            self.flag(path, "additional properties no longer allowed".into());
        }
        if let (Some(oa), Some(na)) = (o.get("additionalProperties"), n.get("additionalProperties"))
            && oa.is_object()
            && na.is_object()
        {
            self.schema(oa, na, &format!("{path}/*"));
        }
    }

    fn variants(&mut self, o: &Value, n: &Value, key: &str, path: &str) {
        let (Some(ov), Some(nv)) = (
            o.get(key).and_then(Value::as_array),
            n.get(key).and_then(Value::as_array),
        ) else {
            return;
        };
        for (i, a) in ov.iter().enumerate() {
            let matched = match tag(a) {
                Some(t) => nv.iter().find(|b| tag(b) == Some(t)),
                None => nv.get(i),
            };
            let label = tag(a).map_or_else(|| i.to_string(), |t| format!("type={t}"));
            match matched {
                Some(b) => self.schema(a, b, &format!("{path}({label})")),
                None => self.flag(path, format!("{key} variant {label} removed")),
            }
        }
    }

    fn all_of(&mut self, o: &Value, n: &Value, path: &str) {
        let none = Vec::new();
        let oa = o.get("allOf").and_then(Value::as_array).unwrap_or(&none);
        let na = n.get("allOf").and_then(Value::as_array).unwrap_or(&none);
        for c in na {
            if oa.contains(c) {
                continue;
            }
            match c.get("if") {
                Some(cond) => {
                    if let Some(before) = oa.iter().find(|x| x.get("if") == Some(cond))
                        && let (Some(bt), Some(ct)) = (before.get("then"), c.get("then"))
                    {
                        self.schema(bt, ct, path);
                    }
                }
                None => self.flag(path, format!("new allOf constraint {c}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["a"],
            "properties": {
                "a": {"type": "string"},
                "b": {"type": ["integer", "null"], "minimum": 1},
                "kind": {"enum": ["x", "y"]},
                "items": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
            },
            "$defs": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
                    },
                    "oneOf": [
                        {"properties": {"type": {"const": "p"}}},
                        {"properties": {"type": {"const": "q"}}}
                    ]
                }
            }
        })
    }

    fn changes(edit: impl FnOnce(&mut Value)) -> Vec<String> {
        let mut new = base();
        edit(&mut new);
        breaking_changes(&base(), &new)
    }

    #[test]
    fn identical_and_widened_schemas_are_compatible() {
        assert!(changes(|_| {}).is_empty());
        assert!(
            changes(|s| {
                s["properties"]["c"] = json!({"type": "string"});
                s["properties"]["kind"]["enum"] = json!(["x", "y", "z"]);
                s["properties"]["b"]["minimum"] = json!(0);
                s["properties"]["a"]["type"] = json!(["string", "null"]);
                s["$defs"]["Node"]["properties"]["extra"] = json!({"type": "string"});
            })
            .is_empty()
        );
    }

    #[test]
    fn narrowing_is_breaking() {
        let found = changes(|s| {
            s["properties"].as_object_mut().expect("object").remove("a");
            s["required"] = json!(["a", "b"]);
            s["properties"]["b"]["type"] = json!("integer");
            s["properties"]["kind"]["enum"] = json!(["x"]);
            s["$defs"]["Node"]["properties"]["name"]["pattern"] = json!("^[a-z]+$");
            s["$defs"]["Node"]["oneOf"] = json!([{"properties": {"type": {"const": "p"}}}]);
        });
        assert_eq!(
            found,
            [
                "/: property \"a\" removed",
                "/b: type null no longer allowed",
                "/items/[]/name: pattern \"^[a-z]+$\" added or changed",
                "/items/[]: oneOf variant type=\"q\" removed",
                "/kind: enum value \"y\" removed",
                "/: property \"b\" is newly required",
            ]
        );
    }

    #[test]
    fn new_if_then_pairs_are_not_breaking_but_tighter_thens_are() {
        let with_rule = |grades: Value| {
            let mut s = base();
            s["allOf"] = json!([{"if": {"properties": {"kind": {"const": "x"}}},
                                  "then": {"properties": {"a": {"enum": grades}}}}]);
            s
        };
        assert!(breaking_changes(&base(), &with_rule(json!(["g"]))).is_empty());
        assert_eq!(
            breaking_changes(&with_rule(json!(["g", "h"])), &with_rule(json!(["g"]))),
            ["/a: enum value \"h\" removed"]
        );
        let mut strict = base();
        strict["allOf"] = json!([{"required": ["b"]}]);
        assert_eq!(breaking_changes(&base(), &strict).len(), 1);
    }

    /// Every frozen release, oldest first.
    const RELEASES: [(&str, &str); 9] = [
        (
            "1.0.0",
            include_str!("../../schemas/history/inspection-report-1.0.0.schema.json"),
        ),
        (
            "1.1.0",
            include_str!("../../schemas/history/inspection-report-1.1.0.schema.json"),
        ),
        (
            "1.1.1",
            include_str!("../../schemas/history/inspection-report-1.1.1.schema.json"),
        ),
        (
            "1.2.0",
            include_str!("../../schemas/history/inspection-report-1.2.0.schema.json"),
        ),
        (
            "1.3.0",
            include_str!("../../schemas/history/inspection-report-1.3.0.schema.json"),
        ),
        (
            "1.4.0",
            include_str!("../../schemas/history/inspection-report-1.4.0.schema.json"),
        ),
        (
            "1.5.0",
            include_str!("../../schemas/history/inspection-report-1.5.0.schema.json"),
        ),
        (
            "1.6.0",
            include_str!("../../schemas/history/inspection-report-1.6.0.schema.json"),
        ),
        (
            "1.7.0",
            include_str!("../../schemas/history/inspection-report-1.7.0.schema.json"),
        ),
    ];

    fn releases() -> Vec<(&'static str, Value)> {
        RELEASES
            .iter()
            .map(|(v, text)| (*v, serde_json::from_str(text).expect("frozen schema")))
            .collect()
    }

    #[test]
    fn each_release_keeps_the_records_of_the_one_before_and_the_code_the_last() {
        let all = releases();
        for pair in all.windows(2) {
            let ((a, old), (b, new)) = (&pair[0], &pair[1]);
            let found = breaking_changes(old, new);
            assert!(found.is_empty(), "{a} -> {b}: {found:?}");
        }
        let (last, frozen) = all.last().expect("a release");
        let found = breaking_changes(frozen, &crate::schema::generate());
        assert!(found.is_empty(), "{last} -> generated: {found:?}");
    }

    #[test]
    fn going_back_a_release_is_breaking() {
        // The releases really differ, and the check sees it: 1.1.0 and
        // 1.2.0 each added grades, fields or codes that the one before
        // would refuse (1.1.1 changed descriptions, 1.3.0 restated
        // constraints); 1.4.0 added `footnote_run`, 1.5.0 the boxes, 1.6.0
        // the tree's links and figures, 1.7.0 the table cells' boxes.
        let all = releases();
        for pair in all.windows(2) {
            let ((a, old), (b, new)) = (&pair[0], &pair[1]);
            if ["1.1.0", "1.2.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0"].contains(b) {
                assert!(!breaking_changes(new, old).is_empty(), "{b} -> {a}");
            }
        }
    }

    #[test]
    fn an_integer_format_stands_for_its_bounds() {
        let old = json!({"type": "integer", "format": "uint32", "minimum": 1});
        let same = json!({"type": "integer", "minimum": 1, "maximum": 4294967295u64});
        assert!(breaking_changes(&old, &same).is_empty());
        let tighter = json!({"type": "integer", "minimum": 1, "maximum": 65535});
        assert_eq!(
            breaking_changes(&old, &tighter),
            ["/: maximum tightened to 65535"]
        );
    }
}
