//! Text for a person's terminal: file names, reasons, JSON keys and bytes
//! out of PDFs are untrusted, and a control character among them (ESC
//! starting a terminal command, CR overwriting a line, a newline splitting
//! a "one-line" message, a C1 control, a bidirectional override reordering
//! what is shown) must not reach the terminal as it is. [`escape`] spells
//! each one out, as ripgrep and `ls` do: `\n`, `\r`, `\t`, `\x1b`,
//! `\u{9b}`, `\u{202e}`. Every line meant for a person goes through it:
//! status lines, the progress bar, error messages, `validate`'s text and
//! annotation reports. Machine outputs (records, JSON Lines, `--format
//! json`) keep JSON's own escaping instead.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether `c` is shown spelled out: C0 controls, DEL, C1 controls, and
/// the bidirectional embedding, override and isolate controls.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// `s` with every control character spelled out (see the module). A
/// backslash is kept as it is: the text is for reading, not for parsing
/// back.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path for a message: lossy UTF-8, then [`escape`]d.
pub fn path(p: &Path) -> String {
    escape(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_spelled_out_and_the_rest_kept() {
        assert!(matches!(
            escape("plain é ✓ a\\b"),
            Cow::Borrowed("plain é ✓ a\\b")
        ));
        assert_eq!(escape("a\x1bc\rb\nc\td\x7f"), "a\\x1bc\\rb\\nc\\td\\x7f");
        assert_eq!(escape("\u{9b}2J \u{85}"), "\\u{9b}2J \\u{85}");
        assert_eq!(escape("abc\u{202e}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert_eq!(escape("\0"), "\\x00");
    }

    #[test]
    fn paths_are_escaped_and_non_utf8_is_shown_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"in/\x1b]0;x\x07\xff.pdf"));
        assert_eq!(path(p), "in/\\x1b]0;x\\x07\u{fffd}.pdf");
    }
}
