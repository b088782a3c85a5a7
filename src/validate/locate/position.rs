//! Byte offsets into record text → 1-based lines and columns.
//!
//! In: the text and a byte offset. Out: a [`Position`], the column counted
//! in characters (Unicode scalar values) as editors do, a leading byte order
//! mark not counted.

/// A UTF-8 byte order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A 1-based line and column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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

/// Bytes between two checkpoints of a [`Positions`] table.
const STRIDE: usize = 1024;

/// Positions of many offsets of one text, each found in bounded time: the
/// line and column at every [`STRIDE`]th byte, taken in one pass, so a
/// position costs at most one stride of counting from the checkpoint
/// before it, however long the line (a minified record is one line).
/// [`Position::at`] counts from the start of the text, which is quadratic
/// over many diagnostics.
#[derive(Debug, Default)]
pub struct Positions {
    marks: Vec<Position>,
    bom: bool,
}

impl Positions {
    /// The checkpoints of `text`: one pass.
    pub fn new(text: &[u8]) -> Self {
        let bom = text.starts_with(BOM);
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut at = Position { line: 1, column: 1 };
        for (i, &b) in text.iter().enumerate() {
            if i % STRIDE == 0 {
                marks.push(at);
            }
            at = step(at, b, i, bom);
        }
        if marks.is_empty() {
            marks.push(at);
        }
        Self { marks, bom }
    }

    /// The position of byte `offset` of `text` (the text the table was made
    /// of), as [`Position::at`] gives it.
    pub fn at(&self, text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let k = (offset / STRIDE).min(self.marks.len().saturating_sub(1));
        let mut at = self
            .marks
            .get(k)
            .copied()
            .unwrap_or(Position { line: 1, column: 1 });
        for (i, &b) in text.iter().enumerate().take(offset).skip(k * STRIDE) {
            at = step(at, b, i, self.bom);
        }
        at
    }
}

/// The position after byte `b` at offset `i`, from `at`, its position.
fn step(mut at: Position, b: u8, i: usize, bom: bool) -> Position {
    if b == b'\n' {
        at.line += 1;
        at.column = 1;
    } else if (b & 0xC0) != 0x80 {
        at.column += 1;
    }
    if bom && i + 1 == BOM.len() {
        at.column = 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_counting_from_the_start() {
        let mut text = "\u{FEFF}{\"é\": [1,\n 2]}\n".repeat(300).into_bytes();
        text.extend_from_slice("x".repeat(3000).as_bytes());
        let table = Positions::new(&text);
        for o in 0..=text.len() + 2 {
            assert_eq!(table.at(&text, o), Position::at(&text, o), "offset {o}");
        }
        let plain = b"ab\ncd";
        let table = Positions::new(plain);
        for o in 0..=plain.len() {
            assert_eq!(table.at(plain, o), Position::at(plain, o), "offset {o}");
        }
        assert_eq!(
            Positions::new(b"").at(b"", 0),
            Position { line: 1, column: 1 }
        );
    }
}
