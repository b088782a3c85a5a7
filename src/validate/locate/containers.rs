//! Objects and arrays: the scanner's readers for `{…}` and `[…]`, which
//! report trailing commas and duplicate keys and go on, and stop at the
//! first fatal defect.

use super::position::Position;
use super::scanner::{Scan, Scanner, Step};
use super::walk::find_key;
use serde_json::map::Entry;
use serde_json::{Map, Value};

impl Scanner<'_> {
    /// An object; `self.i` is on its `{` and ends after its `}`.
    pub(super) fn object(&mut self) -> Scan<Value> {
        let open = self.i;
        self.enter(open)?;
        self.i += 1;
        let mut map = Map::new();
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
            self.member(open, &mut map)?;
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
                    self.problems.push(self.problem(
                        c,
                        "trailing-comma",
                        "trailing comma before '}': remove it".into(),
                    ));
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
    /// duplicate key is reported and the last value kept.
    fn member(&mut self, open: usize, map: &mut Map<String, Value>) -> Scan<()> {
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
                let key = slot.key();
                let first = find_key(self.b, open, key)
                    .map(|o| format!(" (first at {})", Position::at(self.b, o)))
                    .unwrap_or_default();
                let message =
                    format!("duplicate key \"{key}\"{first}: the last one wins; remove one");
                self.problems
                    .push(self.problem(key_at, "duplicate-key", message));
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
                        self.problems.push(self.problem(
                            c,
                            "trailing-comma",
                            "trailing comma before ']': remove it".into(),
                        ));
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
