//! An index of a whole document, pointer → offsets, built in one walk so
//! that locating many errors in one file costs one pass.

use super::position::{Position, Positions};
use super::scanner::MAX_DEPTH;
use super::walk::{members, skip_value, skip_ws, start};

/// Where every value of a document is: pointer → (offset of its key, for
/// object members; offset of the value). Built in one walk, for a file with
/// errors, so that locating many errors costs one pass, not one per error.
/// Of duplicate keys the last is kept, as the scanner keeps the last.
#[derive(Debug, Default)]
pub struct Index {
    spans: std::collections::HashMap<String, (Option<usize>, usize)>,
    /// Line and column checkpoints.
    positions: Positions,
}

impl Index {
    /// Index `text` (which should have scanned without a fatal problem; a
    /// broken part is simply left out).
    pub fn new(text: &[u8]) -> Self {
        let mut idx = Self {
            spans: std::collections::HashMap::new(),
            positions: Positions::new(text),
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

    /// Line and column of `offset` (columns in characters, a leading BOM
    /// not counted), in time bounded whatever the line's length.
    pub fn position(&self, text: &[u8], offset: usize) -> Position {
        self.positions.at(text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::locate::locate;
    use crate::validate::locate::test_support::pos;

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
}
