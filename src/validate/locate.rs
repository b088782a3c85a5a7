//! A position-tracking JSON scanner: parses record text into a
//! [`serde_json::Value`] while reporting every defect with its byte offset,
//! and maps a JSON pointer back to the offset of the value (or key) it names.
//!
//! Why our own scanner and not a crate: `serde_json` reports the first syntax
//! error with its line and column but silently keeps the last of duplicate
//! keys and has no spans for values; span-giving crates either build their
//! own value type (we need a `serde_json::Value` for `jsonschema`), or accept
//! JSON5/JSONC extensions (trailing commas, comments) we must reject. The
//! grammar is small (RFC 8259), so one pass here gives: the value, the
//! recoverable defects (BOM, trailing comma, duplicate key — reported, and
//! parsing goes on so schema errors are found too), and an exact position for
//! the first fatal one. Locating pointers is done lazily, by a second walk
//! over the text, only for files that have errors — the fast path for valid
//! files stores no positions at all.
//!
//! Offsets are byte offsets; [`Position::at`] turns one into a 1-based line
//! and column, the column counted in characters (Unicode scalar values) as
//! editors do.

use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted (records nest about 10 deep); deeper input is
/// reported, not recursed into, so hostile input cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// A defect found while scanning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the defect in the input.
    pub offset: usize,
    /// JSON pointer of the value being read when the defect was found
    /// (empty at the top level).
    pub pointer: String,
    /// Stable rule name ("syntax", "trailing-comma", "duplicate-key", …).
    pub rule: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

/// The result of scanning one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value, unless a fatal defect stopped the scan.
    pub value: Option<Value>,
    /// Every defect, in input order; a fatal one, if any, is last.
    pub problems: Vec<Problem>,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`. A leading byte order mark
    /// does not count as a column (editors do not show it).
    pub fn at(text: &[u8], offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let mut from = line_start;
        if line_start == 0 && text.starts_with(BOM) && offset >= BOM.len() {
            from = BOM.len();
        }
        // Count characters: every byte that is not a UTF-8 continuation byte.
        let column = 1 + text[from..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        Self { line, column }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Scan `text` as one JSON value. Never panics; every defect is a
/// [`Problem`].
pub fn parse(text: &[u8]) -> Parsed {
    let mut p = Scanner {
        b: text,
        i: 0,
        depth: 0,
        path: Vec::new(),
        problems: Vec::new(),
    };
    let value = p.document();
    let mut problems = p.problems;
    let value = match value {
        Ok(v) => Some(v),
        Err(fatal) => {
            problems.push(fatal);
            None
        }
    };
    Parsed { value, problems }
}

/// One step of the path from the root to the value being scanned.
enum Step {
    /// Raw bytes of an object key, between its quotes (escapes undecoded).
    Key(usize, usize),
    /// Array index.
    Index(usize),
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    depth: usize,
    path: Vec<Step>,
    problems: Vec<Problem>,
}

type Scan<T> = Result<T, Problem>;

impl Scanner<'_> {
    fn document(&mut self) -> Scan<Value> {
        if self.b.starts_with(BOM) {
            self.problems.push(self.problem(
                0,
                "bom",
                "the file starts with a UTF-8 byte order mark (BOM); JSON text must not (RFC 8259 §8.1): save it as UTF-8 without BOM".into(),
            ));
            self.i = BOM.len();
        } else if self.b.starts_with(b"\xFF\xFE") || self.b.starts_with(b"\xFE\xFF") {
            return Err(self.problem(
                0,
                "encoding",
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); records must be UTF-8".into(),
            ));
        }
        self.ws();
        if self.i >= self.b.len() {
            return Err(self.problem(
                self.i,
                "syntax",
                "the file is empty: expected a JSON value".into(),
            ));
        }
        let v = self.value()?;
        self.ws();
        if self.i < self.b.len() {
            let found = self.describe(self.i);
            return Err(self.problem(
                self.i,
                "syntax",
                format!("unexpected {found} after the end of the JSON value"),
            ));
        }
        Ok(v)
    }

    fn problem(&self, offset: usize, rule: &'static str, message: String) -> Problem {
        Problem {
            offset,
            pointer: self.pointer(),
            rule,
            message,
        }
    }

    fn pointer(&self) -> String {
        let mut s = String::new();
        for step in &self.path {
            s.push('/');
            match step {
                Step::Key(a, z) => {
                    let raw = &self.b[*a..*z];
                    let key = decode_key(raw);
                    s.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Step::Index(n) => s.push_str(&n.to_string()),
            }
        }
        s
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// A human description of what is at `at`: a quoted character or
    /// "the end of the file".
    fn describe(&self, at: usize) -> String {
        match self.b.get(at) {
            None => "end of file".into(),
            Some(&c) if c < 0x80 => {
                if c.is_ascii_graphic() {
                    format!("'{}'", c as char)
                } else {
                    format!("character U+{c:04X}")
                }
            }
            Some(_) => {
                let end = (at + 4).min(self.b.len());
                match std::str::from_utf8(&self.b[at..end])
                    .or_else(|e| std::str::from_utf8(&self.b[at..at + e.valid_up_to()]))
                {
                    Ok(s) if !s.is_empty() => {
                        let c = s.chars().next().unwrap_or('\u{FFFD}');
                        format!("'{c}' (U+{:04X})", c as u32)
                    }
                    _ => format!("invalid UTF-8 byte 0x{:02X}", self.b[at]),
                }
            }
        }
    }

    fn value(&mut self) -> Scan<Value> {
        self.ws();
        let at = self.i;
        match self.b.get(at) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(&c) if c >= 0x80 && self.describe(at).starts_with("invalid UTF-8") => Err(self
                .problem(
                    at,
                    "utf8",
                    format!("{} (the file is not valid UTF-8)", self.describe(at)),
                )),
            Some(b'\'') => Err(self.problem(
                at,
                "syntax",
                "single quotes are not JSON: strings use double quotes".into(),
            )),
            None => Err(self.problem(
                at,
                "syntax",
                "unexpected end of file: expected a value".into(),
            )),
            Some(_) => {
                let found = self.describe(at);
                Err(self.problem(
                    at,
                    "syntax",
                    format!("unexpected {found}: expected a value (object, array, string, number, true, false or null)"),
                ))
            }
        }
    }

    fn enter(&mut self, at: usize) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.problem(
                at,
                "depth",
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn object(&mut self) -> Scan<Value> {
        let open = self.i;
        self.enter(open)?;
        self.i += 1;
        let mut map = Map::new();
        let mut comma: Option<usize> = None;
        loop {
            self.ws();
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
                    break;
                }
                Some(b'"') => {}
                None => {
                    return Err(self.problem(
                        open,
                        "unclosed",
                        "this object is never closed: the file ends before its '}'".into(),
                    ));
                }
                Some(_) => {
                    let found = self.describe(self.i);
                    let what = if comma.is_some() || map.is_empty() {
                        "a key in double quotes"
                    } else {
                        "',' or '}'"
                    };
                    return Err(self.problem(
                        self.i,
                        "syntax",
                        format!("unexpected {found}: expected {what}"),
                    ));
                }
            }
            if comma.is_none() && !map.is_empty() {
                return Err(self.problem(
                    self.i,
                    "syntax",
                    "expected ',' between object members (missing comma?)".into(),
                ));
            }
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
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    comma = Some(self.i);
                    self.i += 1;
                }
                Some(b'}') => comma = None,
                None => {
                    return Err(self.problem(
                        open,
                        "unclosed",
                        "this object is never closed: the file ends before its '}'".into(),
                    ));
                }
                Some(b'"') => {
                    return Err(self.problem(
                        self.i,
                        "syntax",
                        "expected ',' between object members (missing comma?)".into(),
                    ));
                }
                Some(_) => {
                    let found = self.describe(self.i);
                    return Err(self.problem(
                        self.i,
                        "syntax",
                        format!("unexpected {found}: expected ',' or '}}'"),
                    ));
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    fn array(&mut self) -> Scan<Value> {
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

    /// A string; `self.i` is on its opening quote and ends after the closing
    /// one.
    fn string(&mut self) -> Scan<String> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        let mut seg = self.i;
        loop {
            match self.b.get(self.i) {
                None => {
                    return Err(self.problem(
                        open,
                        "unclosed-string",
                        "this string is never closed: the file ends before its closing '\"'".into(),
                    ));
                }
                Some(b'"') => {
                    self.push_utf8(&mut out, seg)?;
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.push_utf8(&mut out, seg)?;
                    self.escape(&mut out)?;
                    seg = self.i;
                }
                Some(b'\n' | b'\r') => {
                    return Err(self.problem(
                        open,
                        "unclosed-string",
                        "this string is not closed before the end of the line (a line break inside a string must be written \\n)".into(),
                    ));
                }
                Some(&c) if c < 0x20 => {
                    return Err(self.problem(
                        self.i,
                        "control-character",
                        format!("control character U+{c:04X} inside a string must be escaped"),
                    ));
                }
                Some(_) => {
                    // Fast path: jump to the next quote or backslash, then
                    // make sure no control character was jumped over.
                    let rest = &self.b[self.i..];
                    let n = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
                    match rest[..n].iter().position(|&c| c < 0x20) {
                        Some(k) => self.i += k,
                        None => self.i += n,
                    }
                }
            }
        }
    }

    fn push_utf8(&self, out: &mut String, from: usize) -> Scan<()> {
        match std::str::from_utf8(&self.b[from..self.i]) {
            Ok(s) => {
                out.push_str(s);
                Ok(())
            }
            Err(e) => {
                let at = from + e.valid_up_to();
                Err(self.problem(
                    at,
                    "utf8",
                    format!(
                        "invalid UTF-8 byte 0x{:02X} in a string (the file is not valid UTF-8)",
                        self.b[at]
                    ),
                ))
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Scan<()> {
        let at = self.i;
        let c = match self.b.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self.hex4(at)?;
                self.i = at + 6;
                let c = if (0xD800..0xDC00).contains(&hi) {
                    if self.b.get(self.i) == Some(&b'\\') && self.b.get(self.i + 1) == Some(&b'u') {
                        let lo = self.hex4(self.i)?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(self.problem(
                                at,
                                "escape",
                                format!("\\u{hi:04X} is a high surrogate not followed by a low surrogate"),
                            ));
                        }
                        self.i += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    } else {
                        None
                    }
                } else {
                    char::from_u32(hi)
                };
                return match c {
                    Some(c) => {
                        out.push(c);
                        Ok(())
                    }
                    None => Err(self.problem(
                        at,
                        "escape",
                        format!("\\u{hi:04X} is a lone surrogate, not a character"),
                    )),
                };
            }
            _ => {
                let found = self.describe(at + 1);
                return Err(self.problem(
                    at,
                    "escape",
                    format!("invalid escape: '\\' followed by {found} (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                ));
            }
        };
        out.push(c);
        self.i = at + 2;
        Ok(())
    }

    /// The four hex digits after `\u` at `at`.
    fn hex4(&self, at: usize) -> Scan<u32> {
        let digits = self.b.get(at + 2..at + 6);
        digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| {
                self.problem(
                    at,
                    "escape",
                    "invalid escape: \\u must be followed by four hex digits".into(),
                )
            })
    }

    fn number(&mut self) -> Scan<Value> {
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

    fn literal(&mut self, word: &str, v: Value) -> Scan<Value> {
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

/// Decode a raw key (the bytes between the quotes) for display; escapes are
/// decoded through the scanner, invalid bytes replaced.
fn decode_key(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    match parse(&quoted).value {
        Some(Value::String(s)) => s,
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Locating pointers. The text has been scanned already, so these walks are
// lenient: they skip values by bracket counting and give up (None) on
// anything unexpected rather than fail.

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// End of the string whose opening quote is at `i` (after its closing quote).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// End of the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// Offsets of each member of the object at `open`: (key offset, value
/// offset, decoded key).
fn members(b: &[u8], open: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = open + 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return out;
        }
        let key_at = i;
        let Some(end) = skip_string(b, i) else {
            return out;
        };
        let key = decode_key(&b[key_at + 1..end - 1]);
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return out;
        }
        let value_at = skip_ws(b, i + 1);
        out.push((key_at, value_at, key));
        let Some(after) = skip_value(b, value_at) else {
            return out;
        };
        i = skip_ws(b, after);
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            return out;
        }
    }
}

/// Offset of the first occurrence of `key` in the object at `open`.
pub fn find_key(text: &[u8], open: usize, key: &str) -> Option<usize> {
    members(text, open)
        .into_iter()
        .find(|(_, _, k)| k == key)
        .map(|(at, _, _)| at)
}

fn start(text: &[u8]) -> usize {
    let i = if text.starts_with(BOM) { BOM.len() } else { 0 };
    skip_ws(text, i)
}

/// The tokens of a JSON pointer ("/a/0/b~1c" → ["a", "0", "b/c"]).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Offset of the value `pointer` names, or None when it names nothing (or
/// the text is not well-formed there). Of duplicate keys the last is taken,
/// as the scanner keeps the last.
pub fn locate(text: &[u8], pointer: &str) -> Option<usize> {
    let mut at = start(text);
    for token in tokens(pointer) {
        at = child(text, at, &token)?.1;
    }
    Some(at)
}

/// Offset of the key `key` of the object `pointer` names (last occurrence).
pub fn locate_key(text: &[u8], pointer: &str, key: &str) -> Option<usize> {
    let at = locate(text, pointer)?;
    child(text, at, key).map(|(k, _)| k)
}

/// Where every value of a document is: pointer → (offset of its key, for
/// object members; offset of the value). Built in one walk, for a file with
/// errors, so that locating many errors costs one pass, not one per error.
/// Of duplicate keys the last is kept, as the scanner keeps the last.
#[derive(Debug, Default)]
pub struct Index {
    spans: std::collections::HashMap<String, (Option<usize>, usize)>,
    /// Byte offset of the start of each line.
    lines: Vec<usize>,
    bom: bool,
}

impl Index {
    /// Index `text` (which should have scanned without a fatal problem; a
    /// broken part is simply left out).
    pub fn new(text: &[u8]) -> Self {
        let mut idx = Self {
            spans: std::collections::HashMap::new(),
            lines: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
                .collect(),
            bom: text.starts_with(BOM),
        };
        let at = start(text);
        idx.spans.insert(String::new(), (None, at));
        let mut pointer = String::new();
        idx.walk(text, at, &mut pointer, 0);
        idx
    }

    fn walk(&mut self, b: &[u8], at: usize, pointer: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match b.get(at) {
            Some(b'{') => {
                for (key_at, value_at, key) in members(b, at) {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    self.spans.insert(pointer.clone(), (Some(key_at), value_at));
                    self.walk(b, value_at, pointer, depth + 1);
                    pointer.truncate(len);
                }
            }
            Some(b'[') => {
                let mut i = skip_ws(b, at + 1);
                let mut n = 0usize;
                while matches!(b.get(i), Some(c) if *c != b']') {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&n.to_string());
                    self.spans.insert(pointer.clone(), (None, i));
                    self.walk(b, i, pointer, depth + 1);
                    pointer.truncate(len);
                    let Some(end) = skip_value(b, i) else {
                        return;
                    };
                    i = skip_ws(b, end);
                    if b.get(i) != Some(&b',') {
                        return;
                    }
                    i = skip_ws(b, i + 1);
                    n += 1;
                }
            }
            _ => {}
        }
    }

    /// Offset of the value `pointer` names.
    pub fn value(&self, pointer: &str) -> Option<usize> {
        self.spans.get(pointer).map(|(_, v)| *v)
    }

    /// Offset of the key of the member `pointer` names (None for array
    /// elements and the root).
    pub fn key(&self, pointer: &str) -> Option<usize> {
        self.spans.get(pointer).and_then(|(k, _)| *k)
    }

    /// Offset of `pointer`, or of its nearest ancestor that exists.
    pub fn nearest(&self, pointer: &str) -> usize {
        let mut p = pointer;
        loop {
            if let Some(at) = self.value(p) {
                return at;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0,
            }
        }
    }

    /// Line and column of `offset` (binary search over line starts; columns
    /// in characters, a leading BOM not counted).
    pub fn position(&self, text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.lines.partition_point(|&s| s <= offset).max(1);
        let mut from = self.lines[line - 1];
        if line == 1 && self.bom && offset >= BOM.len() {
            from = BOM.len();
        }
        let column = 1 + text[from..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        Position { line, column }
    }
}

/// (key or element offset, value offset) of `token` under the value at `at`.
fn child(b: &[u8], at: usize, token: &str) -> Option<(usize, usize)> {
    match b.get(at)? {
        b'{' => members(b, at)
            .into_iter()
            .rev()
            .find(|(_, _, k)| k == token)
            .map(|(k, v, _)| (k, v)),
        b'[' => {
            let n: usize = token.parse().ok()?;
            let mut i = skip_ws(b, at + 1);
            for _ in 0..n {
                i = skip_ws(b, skip_value(b, i)?);
                if b.get(i) != Some(&b',') {
                    return None;
                }
                i = skip_ws(b, i + 1);
            }
            matches!(b.get(i), Some(c) if *c != b']').then_some((i, i))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fatal(text: &[u8]) -> (Position, &'static str, String) {
        let parsed = parse(text);
        assert!(parsed.value.is_none(), "expected a fatal problem");
        let p = parsed.problems.last().expect("a problem").clone();
        (Position::at(text, p.offset), p.rule, p.message)
    }

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn parses_like_serde_json() {
        let text = br#"{"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "x\ny\u00e9\ud83d\ude00"}, "big": 18446744073709551615}"#;
        let parsed = parse(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let expected: Value = serde_json::from_slice(text).expect("valid");
        assert_eq!(parsed.value, Some(expected));
    }

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
    fn unclosed_string_is_reported_at_its_opening_quote() {
        let (at, rule, msg) = fatal(b"{\n  \"title\": \"Leicester,\n  \"year\": \"2016\"\n}");
        assert_eq!((at, rule), (pos(2, 12), "unclosed-string"));
        assert!(
            msg.contains("not closed before the end of the line"),
            "{msg}"
        );
        let (at, rule, _) = fatal(b"{\"a\": \"abc");
        assert_eq!((at, rule), (pos(1, 7), "unclosed-string"));
    }

    #[test]
    fn bom_is_reported_at_1_1_and_the_rest_still_parses() {
        let text = b"\xEF\xBB\xBF{\"a\": 1}";
        let parsed = parse(text);
        assert_eq!(parsed.value, Some(json!({"a": 1})));
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].rule, "bom");
        assert_eq!(Position::at(text, parsed.problems[0].offset), pos(1, 1));
        // Columns after the BOM do not count it.
        assert_eq!(Position::at(text, 4), pos(1, 2));
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_byte() {
        let (at, rule, msg) = fatal(b"{\n  \"a\": \"caf\xE9 au lait\"\n}");
        assert_eq!((at, rule), (pos(2, 12), "utf8"));
        assert!(msg.contains("0xE9"), "{msg}");
        let (at, rule, _) = fatal(b"{\"a\": \xFF}");
        assert_eq!((at, rule), (pos(1, 7), "utf8"));
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

    #[test]
    fn other_syntax_errors_have_exact_positions() {
        let cases: &[(&[u8], Position, &str)] = &[
            (b"", pos(1, 1), "syntax"),
            (b"{\"a\": 1 \"b\": 2}", pos(1, 9), "syntax"),
            (b"{\"a\": 1}\n{}", pos(2, 1), "syntax"),
            (b"{\"a\": [1, 2}", pos(1, 12), "syntax"),
            (b"{\n  \"a\": [1, 2\n", pos(2, 8), "unclosed"),
            (b"{\"a\": tru}", pos(1, 7), "syntax"),
            (b"{\"a\": 01}", pos(1, 7), "number"),
            (b"{\"a\": \"\\x\"}", pos(1, 8), "escape"),
            (b"{\"a\": \"\\ud800\"}", pos(1, 8), "escape"),
            (b"{'a': 1}", pos(1, 2), "syntax"),
            (b"{\"a\": \"x\ty\"}", pos(1, 9), "control-character"),
            (b"\xFF\xFE{}", pos(1, 1), "encoding"),
            (b"{\"\xC3\xA9\": \xC3\xA9}", pos(1, 7), "syntax"),
        ];
        for (text, at, rule) in cases {
            let (got, got_rule, msg) = fatal(text);
            assert_eq!(
                (got, got_rule),
                (*at, *rule),
                "{:?}: {msg}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(100_000);
        let (at, rule, _) = fatal(text.as_bytes());
        assert_eq!(rule, "depth");
        assert_eq!(at, pos(1, MAX_DEPTH + 1));
    }

    #[test]
    fn locates_values_and_keys() {
        let text = br#"{
  "a": {"b~c/d": [10, {"e": "x"}]},
  "f": [ ]
}"#;
        let at = |p: &str| locate(text, p).map(|o| Position::at(text, o));
        assert_eq!(at(""), Some(pos(1, 1)));
        assert_eq!(at("/a"), Some(pos(2, 8)));
        assert_eq!(at("/a/b~0c~1d"), Some(pos(2, 18)));
        assert_eq!(at("/a/b~0c~1d/1"), Some(pos(2, 23)));
        assert_eq!(at("/a/b~0c~1d/1/e"), Some(pos(2, 29)));
        assert_eq!(at("/a/b~0c~1d/2"), None);
        assert_eq!(at("/f/0"), None);
        assert_eq!(at("/nope"), None);
        assert_eq!(
            locate_key(text, "/a/b~0c~1d/1", "e").map(|o| Position::at(text, o)),
            Some(pos(2, 24))
        );
    }

    #[test]
    fn the_index_agrees_with_the_walk() {
        let text = "\u{FEFF}{\n  \"a\": {\"b~c/d\": [10, {\"e\": \"é\"}], \"a\": 1},\n  \"f\": [ ],\n  \"a\": [true, null]\n}".as_bytes();
        let idx = Index::new(text);
        for p in ["", "/a", "/a/0", "/a/1", "/f", "/nope", "/a/2"] {
            assert_eq!(idx.value(p), locate(text, p), "{p}");
        }
        assert_eq!(
            idx.position(text, idx.value("/a/1").expect("found")),
            pos(4, 15)
        );
        assert_eq!(idx.position(text, 3), pos(1, 1));
        assert_eq!(
            idx.key("/f").map(|o| idx.position(text, o)),
            Some(pos(3, 3))
        );
        assert_eq!(idx.nearest("/f/3/x"), idx.value("/f").expect("found"));
        for o in 0..text.len() {
            assert_eq!(idx.position(text, o), Position::at(text, o), "offset {o}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"x\": 1}".as_bytes();
        assert_eq!(
            locate(text, "/x").map(|o| Position::at(text, o)),
            Some(pos(1, 17))
        );
    }

    #[test]
    fn never_panics_on_arbitrary_prefixes() {
        let text = br#"{"a": [1, {"b": "c\u00e9\n"}, 2.5e-3], "d": null}"#;
        for n in 0..text.len() {
            let _ = parse(&text[..n]);
            let _ = locate(&text[..n], "/a/1/b");
        }
    }
}
