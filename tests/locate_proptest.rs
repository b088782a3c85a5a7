//! Properties of the JSON locator `inspdf validate` reports positions with
//! (`validate::locate`): on random JSON laid out with CRLF and LF line
//! ends, tabs and spaces, whose keys and strings carry emoji, en dashes,
//! accents and escapes, every pointer of the document is found, and the
//! `line:column` reported for it points, counted back independently
//! (lines split at LF, columns in Unicode scalar values), at exactly that
//! value in the text; a member's key likewise at its key. The one-walk
//! [`Index`] agrees with the pointer walk and with [`Position::at`].
//!
//! Fixed seed and a committed regressions file
//! (`proptest-regressions/locate_proptest.txt`), so a run is repeatable and
//! a failure once found is tried first ever after.

use inspdf::validate::locate::{Index, Position, locate, locate_key, parse};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
use serde_json::{Map, Value};

/// Text pieces for keys and strings: multi-byte characters of every UTF-8
/// length, characters JSON must escape, and the pointer escapes `~`, `/`.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("–"),
            Just("é"),
            Just("🚓"),
            Just("👮🏽‍♀️"),
            Just("’"),
            Just("\t"),
            Just("\r\n"),
            Just("\""),
            Just("\\"),
            Just("/"),
            Just("~"),
            Just("~1"),
            Just(" "),
            Just("a"),
            Just("Grade"),
            Just("0"),
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Floats that print and parse back exactly.
        (-100_000i32..100_000).prop_map(|n| Value::from(f64::from(n) / 8.0)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Writes `v` as JSON with the whitespace between tokens taken in turn
/// from `ws` (spaces, tabs, LF, CRLF, nothing).
struct Layout<'a> {
    ws: &'a [u8],
    at: usize,
    out: String,
}

impl Layout<'_> {
    fn gap(&mut self) {
        if self.ws.is_empty() {
            return;
        }
        let pick = self.ws[self.at % self.ws.len()];
        self.at += 1;
        self.out.push_str(match pick % 6 {
            0 => "",
            1 => " ",
            2 => "\t",
            3 => "\n  ",
            4 => "\r\n\t",
            _ => "\r\n",
        });
    }

    fn write(&mut self, v: &Value) {
        match v {
            Value::Array(a) => {
                self.out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.write(x);
                    self.gap();
                }
                self.out.push(']');
            }
            Value::Object(o) => {
                self.out.push('{');
                for (i, (k, x)) in o.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.out
                        .push_str(&serde_json::to_string(k).expect("a key serialises"));
                    self.gap();
                    self.out.push(':');
                    self.gap();
                    self.write(x);
                    self.gap();
                }
                self.out.push('}');
            }
            scalar => self
                .out
                .push_str(&serde_json::to_string(scalar).expect("a scalar serialises")),
        }
    }
}

/// A pointer, its parent pointer and key (for object members), and the
/// value it names.
type Named<'a> = (String, Option<(String, String)>, &'a Value);

/// Every pointer of `v` below `at`.
fn pointers<'a>(v: &'a Value, at: String, out: &mut Vec<Named<'a>>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push((p.clone(), None, x));
                pointers(x, p, out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push((p.clone(), Some((at.clone(), k.clone())), x));
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

/// The byte offset of `line:column` counted afresh: lines split at LF,
/// columns in Unicode scalar values (a CR is a character of its line).
fn offset_of(text: &str, pos: Position) -> usize {
    let mut start = 0;
    for _ in 1..pos.line {
        start += text[start..].find('\n').expect("the line exists") + 1;
    }
    let line = &text[start..];
    start
        + line
            .char_indices()
            .nth(pos.column - 1)
            .map_or(line.len(), |(i, _)| i)
}

/// The first JSON value of `text` from byte `at`.
fn value_at(text: &str, at: usize) -> Value {
    serde_json::Deserializer::from_str(&text[at..])
        .into_iter::<Value>()
        .next()
        .expect("a value starts here")
        .expect("and parses")
}

fn config() -> Config {
    Config {
        cases: 1000,
        rng_seed: RngSeed::Fixed(0x1a7e_c01d_2026),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/locate_proptest.txt"
        )))),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_pointer_is_located_at_exactly_its_value(
        doc in json(),
        ws in prop::collection::vec(any::<u8>(), 0..40),
        bom in any::<bool>(),
    ) {
        let mut layout = Layout { ws: &ws, at: 0, out: String::new() };
        layout.gap();
        layout.write(&doc);
        layout.gap();
        let body = layout.out;
        let text = if bom { format!("\u{FEFF}{body}") } else { body.clone() };
        let bytes = text.as_bytes();
        let bom_len = text.len() - body.len();

        // The scanner reads it back whole (a BOM is reported, nothing else).
        let parsed = parse(bytes);
        prop_assert_eq!(parsed.value.as_ref(), Some(&doc));
        prop_assert!(
            parsed.problems.iter().all(|p| p.rule == "bom") && parsed.problems.len() == usize::from(bom),
            "{:?}", parsed.problems
        );

        let index = Index::new(bytes);
        let mut all = vec![(String::new(), None, &doc)];
        pointers(&doc, String::new(), &mut all);
        for (pointer, member, want) in all {
            let at = locate(bytes, &pointer);
            prop_assert!(at.is_some(), "{pointer:?} not found in {text:?}");
            let at = at.unwrap_or_default();
            prop_assert_eq!(index.value(&pointer), Some(at), "{:?}", pointer);
            let pos = Position::at(bytes, at);
            prop_assert_eq!(index.position(bytes, at), pos, "{:?}", pointer);
            // line:column, counted back without the locator, is the value.
            let back = offset_of(&body, pos) + bom_len;
            prop_assert_eq!(back, at, "{:?} at {}", pointer, pos);
            prop_assert_eq!(&value_at(&text, back), want, "{:?} at {}", pointer, pos);
            if let Some((parent, key)) = member {
                let key_at = locate_key(bytes, &parent, &key);
                prop_assert!(key_at.is_some(), "key of {pointer:?}");
                let key_at = key_at.unwrap_or_default();
                prop_assert_eq!(index.key(&pointer), Some(key_at), "{:?}", pointer);
                let kpos = Position::at(bytes, key_at);
                let kback = offset_of(&body, kpos) + bom_len;
                prop_assert_eq!(kback, key_at, "key of {:?} at {}", pointer, kpos);
                prop_assert_eq!(value_at(&text, kback), Value::String(key), "key of {:?}", pointer);
            }
        }
    }
}
