//! Objects and arrays: the scanner's readers for `{…}` and `[…]`, which
//! report trailing commas and duplicate keys and go on, and stop at the
//! first fatal defect.

use super::scanner::{Scan, Scanner, Step};
use super::walk::members;
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The offset of the first occurrence of each key of the object at `open`.
fn first_offsets(b: &[u8], open: usize) -> HashMap<String, usize> {
    let mut firsts = HashMap::new();
    for (at, _, key) in members(b, open) {
        firsts.entry(key).or_insert(at);
    }
    firsts
}

impl Scanner<'_> {
    /// An object; `self.i` is on its `{` and ends after its `}`.
    pub(super) fn object(&mut self) -> Scan<Value> {
        let open = self.i;
        self.enter(open)?;
        self.i += 1;
        let mut map = Map::new();
        let mut firsts = None;
        let mut comma: Option<usize> = None;
        loop {
            self.ws();
            if self.object_closes(open, comma, map.is_empty())? {
                break;
            }
            if comma.is_none() && !map.is_empty() {
                return Err(self.problem(
                    self.i,
                    "syntax",
                    "expected ',' between object members (missing comma?)".into(),
                ));
            }
            self.member(open, &mut map, &mut firsts)?;
            self.ws();
            comma = self.after_member(open)?;
        }
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    /// At the start of a member or the end of the object at `open`: true
    /// (and past the `}`) at its end, false on a key's opening quote, the
    /// fatal problem otherwise. `comma` is the comma before, if any.
    fn object_closes(&mut self, open: usize, comma: Option<usize>, empty: bool) -> Scan<bool> {
        match self.b.get(self.i) {
            Some(b'}') => {
                if let Some(c) = comma {
                    self.recoverable(c, "trailing-comma", || {
                        "trailing comma before '}': remove it".into()
                    });
                }
                self.i += 1;
                Ok(true)
            }
            Some(b'"') => Ok(false),
            None => Err(self.unclosed_object(open)),
            Some(_) => {
                let found = self.describe(self.i);
                let what = if comma.is_some() || empty {
                    "a key in double quotes"
                } else {
                    "',' or '}'"
                };
                Err(self.problem(
                    self.i,
                    "syntax",
                    format!("unexpected {found}: expected {what}"),
                ))
            }
        }
    }

    /// One `"key": value` member of the object at `open`, into `map`; a
    /// duplicate key is reported and the last value kept. `firsts` (the
    /// offset of each key's first occurrence in the object) is made at the
    /// object's first duplicate, in one walk, so that many duplicates cost
    /// one walk of the object, not one each.
    fn member(
        &mut self,
        open: usize,
        map: &mut Map<String, Value>,
        firsts: &mut Option<HashMap<String, usize>>,
    ) -> Scan<()> {
        let key_at = self.i;
        let key = self.string()?;
        self.path.push(Step::Key(key_at + 1, self.i - 1));
        self.ws();
        if self.b.get(self.i) != Some(&b':') {
            let found = self.describe(self.i);
            return Err(self.problem(
                self.i,
                "syntax",
                format!("unexpected {found}: expected ':' after the key"),
            ));
        }
        self.i += 1;
        let value = self.value()?;
        match map.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(value);
            }
            Entry::Occupied(mut slot) => {
                if self.room() {
                    let key = slot.key();
                    let b = self.b;
                    let first = firsts
                        .get_or_insert_with(|| first_offsets(b, open))
                        .get(key.as_str())
                        .copied();
                    let first = first
                        .map(|o| format!(" (first at {})", self.position(o)))
                        .unwrap_or_default();
                    let message =
                        format!("duplicate key \"{key}\"{first}: the last one wins; remove one");
                    self.recoverable(key_at, "duplicate-key", || message);
                } else {
                    self.more += 1;
                }
                slot.insert(value);
            }
        }
        self.path.pop();
        Ok(())
    }

    /// After a member of the object at `open`: the offset of the comma that
    /// follows (and past it), None before the `}`, the fatal problem
    /// otherwise.
    fn after_member(&mut self, open: usize) -> Scan<Option<usize>> {
        match self.b.get(self.i) {
            Some(b',') => {
                self.i += 1;
                Ok(Some(self.i - 1))
            }
            Some(b'}') => Ok(None),
            None => Err(self.unclosed_object(open)),
            Some(b'"') => Err(self.problem(
                self.i,
                "syntax",
                "expected ',' between object members (missing comma?)".into(),
            )),
            Some(_) => {
                let found = self.describe(self.i);
                Err(self.problem(
                    self.i,
                    "syntax",
                    format!("unexpected {found}: expected ',' or '}}'"),
                ))
            }
        }
    }

    fn unclosed_object(&self, open: usize) -> super::scanner::Problem {
        self.problem(
            open,
            "unclosed",
            "this object is never closed: the file ends before its '}'".into(),
        )
    }

    /// An array; `self.i` is on its `[` and ends after its `]`.
    pub(super) fn array(&mut self) -> Scan<Value> {
        let open = self.i;
        self.enter(open)?;
        self.i += 1;
        let mut items = Vec::new();
        let mut comma: Option<usize> = None;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') => {
                    if let Some(c) = comma {
                        self.recoverable(c, "trailing-comma", || {
                            "trailing comma before ']': remove it".into()
                        });
                    }
                    self.i += 1;
                    break;
                }
                None => {
                    return Err(self.problem(
                        open,
                        "unclosed",
                        "this array is never closed: the file ends before its ']'".into(),
                    ));
                }
                Some(_) => {}
            }
            if comma.is_none() && !items.is_empty() {
                let found = self.describe(self.i);
                return Err(self.problem(
                    self.i,
                    "syntax",
                    format!("unexpected {found}: expected ',' or ']' (missing comma?)"),
                ));
            }
            self.path.push(Step::Index(items.len()));
            let v = self.value()?;
            self.path.pop();
            items.push(v);
            self.ws();
            if self.b.get(self.i) == Some(&b',') {
                comma = Some(self.i);
                self.i += 1;
            } else {
                comma = None;
            }
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::locate::test_support::pos;
    use crate::validate::locate::{Position, locate, parse};
    use serde_json::json;

    #[test]
    fn trailing_comma_is_reported_and_parsing_goes_on() {
        let text = b"{\n  \"a\": [1, 2,],\n  \"b\": 1,\n}";
        let parsed = parse(text);
        assert_eq!(parsed.value, Some(json!({"a": [1, 2], "b": 1})));
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|p| (Position::at(text, p.offset), p.rule, p.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (pos(2, 13), "trailing-comma", "/a"),
                (pos(3, 9), "trailing-comma", "")
            ]
        );
    }

    #[test]
    fn problems_over_the_cap_are_counted_not_kept() {
        use crate::validate::locate::MAX_PROBLEMS;
        // Distinct keys, then each again in reverse: every first occurrence
        // is far from its duplicate.
        let n = MAX_PROBLEMS + 200;
        let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
        let again: Vec<String> = keys.iter().rev().cloned().collect();
        let text = format!("{{{},\n{},\n}}", keys.join(","), again.join(","));
        let parsed = parse(text.as_bytes());
        assert_eq!(parsed.problems.len(), MAX_PROBLEMS);
        // The 200 duplicates left and the trailing comma are counted.
        assert_eq!(parsed.more, 201);
        let last = format!("k{}", n - 1);
        assert!(
            parsed.problems[0]
                .message
                .contains(&format!("\"{last}\" (first at 1:")),
            "{}",
            parsed.problems[0].message
        );
        assert_eq!(
            parsed.value.map(|v| v.as_object().map(|o| o.len())),
            Some(Some(n))
        );
    }

    #[test]
    fn duplicate_key_names_both_places() {
        let text = b"{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2},\n  \"a\": 3\n}";
        let parsed = parse(text);
        assert_eq!(parsed.value, Some(json!({"a": 3, "b": {"x": 2}})));
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|p| {
                (
                    Position::at(text, p.offset),
                    p.rule,
                    p.pointer.clone(),
                    p.message.clone(),
                )
            })
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, pos(3, 17));
        assert_eq!(found[0].2, "/b/x");
        assert!(
            found[0].3.contains("\"x\" (first at 3:9)"),
            "{}",
            found[0].3
        );
        assert_eq!((found[1].0, found[1].1), (pos(4, 3), "duplicate-key"));
        assert!(found[1].3.contains("first at 2:3"), "{}", found[1].3);
        // The locator agrees with the scanner: the last one wins.
        assert_eq!(
            locate(text, "/a").map(|o| Position::at(text, o)),
            Some(pos(4, 8))
        );
    }
}
