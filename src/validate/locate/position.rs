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
