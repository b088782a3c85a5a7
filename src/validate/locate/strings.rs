//! Strings: the scanner's reader for `"…"`, with its escapes, UTF-8 and
//! control-character checks.

use super::scanner::{Scan, Scanner};

impl Scanner<'_> {
    /// A string; `self.i` is on its opening quote and ends after the closing
    /// one.
    pub(super) fn string(&mut self) -> Scan<String> {
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
}

#[cfg(test)]
mod tests {
    use crate::validate::locate::test_support::{fatal, pos};

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
    fn invalid_utf8_is_reported_at_the_byte() {
        let (at, rule, msg) = fatal(b"{\n  \"a\": \"caf\xE9 au lait\"\n}");
        assert_eq!((at, rule), (pos(2, 12), "utf8"));
        assert!(msg.contains("0xE9"), "{msg}");
        let (at, rule, _) = fatal(b"{\"a\": \xFF}");
        assert_eq!((at, rule), (pos(1, 7), "utf8"));
    }
}
