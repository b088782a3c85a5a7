//! The blocks of a section as the findings reader sees them: paragraphs,
//! bullets and grids, whichever way the parse stage set them.
//!
//! In: a section's [`Block`]s and the record's tables. Out: [`Unit`]s. A
//! list item is a bullet; so is a paragraph that opens with a bullet glyph
//! (the layout path sets some lists that way), split where more glyphs open
//! further items; a label run into the text before such glyphs ("…
//! Enfield. What needs to improve ◼ …") stands on its own. A table of one
//! column is running text (a layout table in
//! a weak tag tree): each row a paragraph or bullets. Any other table is a
//! grid.

use super::labels::trailing_label;
use crate::inspectorates::Vocabulary;
use crate::record::{Block, Table};

/// One unit of a section's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit<'a> {
    /// A paragraph.
    Para {
        /// Its text.
        text: String,
        /// Its page.
        page: u32,
    },
    /// A list item or bulleted paragraph, glyph taken off.
    Bullet {
        /// Its text.
        text: String,
        /// Its page.
        page: u32,
        /// Numbered.
        ordered: bool,
    },
    /// A table of more than one column.
    Grid {
        /// The table.
        table: &'a Table,
    },
}

impl Unit<'_> {
    /// The unit's text (empty for a grid).
    pub fn text(&self) -> &str {
        match self {
            Unit::Para { text, .. } | Unit::Bullet { text, .. } => text,
            Unit::Grid { .. } => "",
        }
    }
}

/// The units of `blocks`, in order.
pub fn units<'a>(blocks: &[Block], tables: &'a [Table], vocab: &Vocabulary) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { text, page, .. } => push_text(text, *page, vocab, &mut out),
            Block::List {
                items,
                page,
                ordered,
                ..
            } => out.extend(items.iter().map(|i| Unit::Bullet {
                text: i.text.clone(),
                page: *page,
                ordered: *ordered,
            })),
            Block::Table { table, page } => {
                let Some(t) = tables.get(*table) else { continue };
                if one_column(t) {
                    for row in std::iter::once(&t.header).chain(&t.rows) {
                        if let Some(cell) = row.iter().find(|c| !c.trim().is_empty()) {
                            push_text(cell, *page, vocab, &mut out);
                        }
                    }
                } else {
                    out.push(Unit::Grid { table: t });
                }
            }
        }
    }
    out
}

/// No row of the table has more than one cell with text.
fn one_column(t: &Table) -> bool {
    std::iter::once(&t.header)
        .chain(&t.rows)
        .all(|r| r.iter().filter(|c| !c.trim().is_empty()).count() <= 1)
}

/// A paragraph's text as units: bullets where lone glyphs open items, the
/// text before the first glyph a paragraph (and a label at its end another).
fn push_text(text: &str, page: u32, vocab: &Vocabulary, out: &mut Vec<Unit<'_>>) {
    let t = text.trim();
    let (before, bullets) = match bulleted(t) {
        Some(_) => ("", t),
        None => match first_lone_glyph(t) {
            Some(i) => (t[..i].trim_end(), &t[i..]),
            None => (t, ""),
        },
    };
    let mut para = |text: &str| {
        if !text.is_empty() {
            out.push(Unit::Para {
                text: text.to_string(),
                page,
            });
        }
    };
    match trailing_label(before, vocab) {
        Some((at, _)) if !bullets.is_empty() => {
            para(before[..at].trim_end());
            para(&before[at..]);
        }
        _ => para(before),
    }
    out.extend(split_bullets(bullets).into_iter().map(|text| Unit::Bullet {
        text,
        page,
        ordered: false,
    }));
}

/// Where the first glyph standing alone between spaces is.
fn first_lone_glyph(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| {
        let lone = is_bullet_glyph(c)
            && text[..i].ends_with(char::is_whitespace)
            && text[i + c.len_utf8()..].starts_with(char::is_whitespace);
        lone.then_some(i)
    })
}

/// The text after a leading bullet glyph and its space, if it has one.
pub fn bulleted(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let glyph = chars.next()?;
    let after = chars.as_str();
    let is_glyph = is_bullet_glyph(glyph)
        || crate::parse::text::bullet(text).is_ok_and(|(_, g)| g == glyph);
    (is_glyph && after.starts_with(char::is_whitespace)).then(|| after.trim_start())
}

/// Glyphs that open list items besides those the parse stage knows:
/// the black and white medium squares Word sets as bullets.
fn is_bullet_glyph(c: char) -> bool {
    matches!(c, '◼' | '◻' | '▪' | '•' | '●' | '■') || ('\u{f020}'..='\u{f0ff}').contains(&c)
}

/// A bulleted text's items: split where a glyph stands alone between
/// spaces ("◼ One. ◼ Two." → "One.", "Two.").
fn split_bullets(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let mut chars = word.chars();
        let lone_glyph = chars.next().is_some_and(is_bullet_glyph) && chars.next().is_none();
        if lone_glyph {
            if !current.is_empty() {
                items.push(current.join(" "));
            }
            current.clear();
        } else {
            current.push(word);
        }
    }
    if !current.is_empty() {
        items.push(current.join(" "));
    }
    items
}

/// `text` with glyphs that open inner items taken out ("by ensuring: ◼ all
/// children" → "by ensuring: all children").
pub fn without_glyphs(text: &str) -> String {
    split_bullets(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::ListItem;

    fn para(text: &str) -> Block {
        Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page: 2,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table { footnote_run: 0,
            caption: None,
            page: 3,
            pages: vec![],
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
        }
    }

    #[test]
    fn bullet_glyphs() {
        assert_eq!(bulleted("◼ The quality"), Some("The quality"));
        assert_eq!(bulleted("\u{f06e} managers’ oversight"), Some("managers’ oversight"));
        assert_eq!(bulleted("• item"), Some("item"));
        assert_eq!(bulleted("◼The quality"), None);
        assert_eq!(bulleted("The quality"), None);
        assert_eq!(bulleted(""), None);
    }

    #[test]
    fn paragraphs_lists_and_tables_become_units() {
        let tables = vec![
            table(&[], &[&["Context. What needs to improve ◼ One. ◼ Two."]]),
            table(&["Responsible body", "Areas for priority action"], &[&["A", "B"]]),
        ];
        let blocks = vec![
            para("What needs to improve?"),
            para("◼ The quality of plans."),
            Block::List { footnote_run: 0,
                ordered: true,
                items: vec![ListItem { footnote_run: 0,
                    text: "Numbered.".into(),
                    footnote_refs: vec![], bbox: None, boxes: Vec::new(), page: None,
                }],
                page: 2,
                pages: Vec::new(),
                footnote_refs: vec![], bbox: None, boxes: Vec::new(),
            },
            Block::Table { table: 0, page: 3 },
            Block::Table { table: 1, page: 3 },
            Block::Table { table: 9, page: 3 },
        ];
        let got = units(&blocks, &tables, crate::inspectorates::embedded());
        let texts: Vec<&str> = got.iter().map(Unit::text).collect();
        assert_eq!(
            texts,
            [
                "What needs to improve?",
                "The quality of plans.",
                "Numbered.",
                "Context.",
                "What needs to improve",
                "One.",
                "Two.",
                ""
            ]
        );
        assert!(matches!(got[0], Unit::Para { .. }));
        assert!(matches!(got[1], Unit::Bullet { ordered: false, .. }));
        assert!(matches!(got[2], Unit::Bullet { ordered: true, .. }));
        assert!(matches!(got[4], Unit::Para { .. }));
        assert!(matches!(got[7], Unit::Grid { table } if table.rows.len() == 1));
    }

    #[test]
    fn inner_glyphs_come_out() {
        assert_eq!(
            without_glyphs("by ensuring: ◼ all children; and ◼ all young people."),
            "by ensuring: all children; and all young people."
        );
    }
}
