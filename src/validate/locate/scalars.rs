//! Numbers and the literals `true`, `false`, `null`: the scanner's readers
//! for them, strict to RFC 8259 (no leading zeros, no bare '.').

use super::scanner::{Scan, Scanner};
use serde_json::{Number, Value};

impl Scanner<'_> {
    pub(super) fn number(&mut self) -> Scan<Value> {
        let start = self.i;
        let b = self.b;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_at = i;
        let n = digits(&mut i);
        let bad = |s: &Self, at: usize, why: &str| Err(s.problem(at, "number", why.to_string()));
        if n == 0 {
            return bad(
                self,
                start,
                "invalid number: '-' must be followed by a digit",
            );
        }
        if n > 1 && b[int_at] == b'0' {
            return bad(self, start, "invalid number: leading zeros are not allowed");
        }
        let mut integer = true;
        if b.get(i) == Some(&b'.') {
            i += 1;
            integer = false;
            if digits(&mut i) == 0 {
                return bad(self, start, "invalid number: a digit must follow the '.'");
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            integer = false;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return bad(self, start, "invalid number: the exponent has no digits");
            }
        }
        self.i = i;
        // ASCII digits only, so this cannot fail; map defensively anyway.
        let text = std::str::from_utf8(&b[start..i]).unwrap_or("0");
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
            if let Ok(s) = text.parse::<i64>() {
                return Ok(Value::Number(s.into()));
            }
        }
        match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Ok(Value::Number(n)),
            None => bad(self, start, "number out of range"),
        }
    }

    pub(super) fn literal(&mut self, word: &str, v: Value) -> Scan<Value> {
        let at = self.i;
        if self.b[at..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            let end = self.b[at..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map_or(self.b.len(), |n| at + n);
            let got = String::from_utf8_lossy(&self.b[at..end.min(at + 20)]).into_owned();
            Err(self.problem(
                at,
                "syntax",
                format!("unexpected '{got}': expected a value (did you mean {word}?)"),
            ))
        }
    }
}
