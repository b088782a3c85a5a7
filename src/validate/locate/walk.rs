//! Locating pointers in scanned text: the offset of the value (or key) a
//! JSON pointer names. The text has been scanned already, so these walks
//! are lenient: they skip values by bracket counting and give up (None) on
//! anything unexpected rather than fail.

use super::position::BOM;
use super::scanner::decode_key;

pub(super) fn skip_ws(b: &[u8], mut i: usize) -> usize {
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
pub(super) fn skip_value(b: &[u8], i: usize) -> Option<usize> {
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
pub(super) fn members(b: &[u8], open: usize) -> Vec<(usize, usize, String)> {
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

pub(super) fn start(text: &[u8]) -> usize {
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
    use crate::validate::locate::Position;
    use crate::validate::locate::test_support::pos;

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
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"x\": 1}".as_bytes();
        assert_eq!(
            locate(text, "/x").map(|o| Position::at(text, o)),
            Some(pos(1, 17))
        );
    }
}
