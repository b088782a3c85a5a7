//! Headings, paragraphs and lists from the tree.
//!
//! In: an `H1`–`H6`/`H` node with its level, a paragraph-like node, or an
//! `L` node. Out: the [`Event`] pushed on the [`Builder`] (headings and
//! paragraphs also as title candidates). A list item is its `Lbl` and
//! `LBody`; a nested list closes the item and its items follow; a bullet or
//! item number at the start of the text is taken off.

use super::builder::{Builder, Cover, Inline, Item, Shape, opens_with_label};
use super::roles::{is_note, is_skipped};
use crate::extract::region::Region;
use crate::extract::{TagKid, TagNode};
use crate::parse::event::{Event, Heading, Style};
use crate::parse::text::{self, collapse};
use crate::record::{Block, ListItem};

impl Builder {
    /// A heading of `level`.
    pub(super) fn heading(&mut self, n: &TagNode, level: u8) {
        let page = self.page_of(n);
        let size = n.max_size();
        let acc = self.gather_all(n);
        if acc.text.is_empty() {
            return;
        }
        let (bbox, boxes) = acc.region.split(page);
        self.cover.push(Cover {
            event: self.events.len(),
            size,
            page,
            text: acc.text.clone(),
            heading: Some(level),
            declared: false,
        });
        self.events.push(Event::Heading(Heading {
            text: acc.text,
            page,
            style: Style {
                half_points: (size * 2.0).round() as i32,
                bold: false,
                italic: false,
            },
            level,
            refs: acc.refs,
            from_contents: None,
            numbered: None,
            caption: false,
            bbox,
            boxes,
        }));
    }

    /// A paragraph (or a `Title`, which may be taken as the title).
    pub(super) fn paragraph(&mut self, n: &TagNode) {
        let declared = n.role == "Title";
        let page = self.page_of(n);
        let size = n.max_size();
        let acc = self.gather_all(n);
        if acc.text.is_empty() {
            return;
        }
        self.cover.push(Cover {
            event: self.events.len(),
            size,
            page,
            text: acc.text.clone(),
            heading: None,
            declared,
        });
        let shape = Shape {
            last_page: n.pages().last().copied().unwrap_or(page),
            labelled: opens_with_label(&acc.text),
        };
        self.shapes.insert(self.events.len(), shape);
        let (bbox, boxes) = acc.region.split(page);
        self.events.push(Event::Block(Block::Paragraph {
            footnote_run: 0,
            text: acc.text,
            page,
            pages: Vec::new(),
            footnote_refs: acc.refs,
            bbox,
            boxes,
        }));
    }

    /// A list, ordered when its numbering or most of its labels say so.
    pub(super) fn list(&mut self, n: &TagNode) {
        let page = self.page_of(n);
        let mut items: Vec<Item> = Vec::new();
        let mut numbered = 0usize;
        self.list_items(n, &mut items, &mut numbered, 0);
        let items = super::turns::join_items(items);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let shape = Shape {
            last_page: last.last_page,
            labelled: first.labelled,
        };
        let mut region = Region::default();
        for i in &items {
            region.extend(&i.region);
        }
        let (bbox, boxes) = region.split(page);
        let items: Vec<ListItem> = items.into_iter().map(|i| i.item).collect();
        let ordered = match n.list_numbering.as_deref() {
            Some("Decimal" | "UpperRoman" | "LowerRoman" | "UpperAlpha" | "LowerAlpha") => true,
            Some(_) => numbered * 2 > items.len(),
            None => numbered * 2 > items.len(),
        };
        let footnote_refs = items
            .iter()
            .flat_map(|i| i.footnote_refs.iter().copied())
            .collect();
        self.shapes.insert(self.events.len(), shape);
        self.events.push(Event::Block(Block::List {
            footnote_run: 0,
            ordered,
            items,
            page,
            pages: Vec::new(),
            footnote_refs,
            bbox,
            boxes,
        }));
    }

    /// The items of list `n` and of the lists nested in it, in order;
    /// `numbered` counts the items with a number or letter label.
    fn list_items(
        &mut self,
        n: &TagNode,
        items: &mut Vec<Item>,
        numbered: &mut usize,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        for kid in &n.children {
            let TagKid::Node(c) = kid else { continue };
            match c.role.as_str() {
                "L" => self.list_items(c, items, numbered, depth + 1),
                r if is_skipped(r) => {}
                r if is_note(r) => self.block_note(c),
                _ => {
                    // An LI (or a stray LBody/P): label, then body; a
                    // nested list closes the item and its items follow.
                    let mut acc = Inline::default();
                    let mut label = String::new();
                    let parts: Vec<&TagNode> = if c.role == "LI" {
                        c.nodes().collect()
                    } else {
                        vec![c]
                    };
                    for part in parts {
                        // A label holding words (Word tags the first words
                        // of an item continued from the page before as
                        // its label) is text.
                        if part.role == "Lbl" && is_label(&part.text()) {
                            label.push_str(&part.text());
                            continue;
                        }
                        if part.role == "L" {
                            self.push_item(&mut acc, &label, items, numbered);
                            label.clear();
                            self.list_items(part, items, numbered, depth + 1);
                            continue;
                        }
                        let mut nested = Vec::new();
                        self.gather(part, &mut acc, &|x| x.role == "L", &mut nested);
                        if nested.is_empty() {
                            self.item_pages.extend(part.pages());
                        } else {
                            self.item_pages.extend(part.first_page());
                        }
                        for l in nested {
                            self.push_item(&mut acc, &label, items, numbered);
                            label.clear();
                            self.list_items(l, items, numbered, depth + 1);
                        }
                    }
                    self.push_item(&mut acc, &label, items, numbered);
                }
            }
        }
    }

    /// Close the item gathered in `acc` (if it has text).
    fn push_item(
        &mut self,
        acc: &mut Inline,
        label: &str,
        items: &mut Vec<Item>,
        numbered: &mut usize,
    ) {
        let taken = std::mem::take(acc);
        let pages = std::mem::take(&mut self.item_pages);
        let text = collapse(&taken.text);
        let (stripped, is_numbered) = strip_label(&text);
        let label = collapse(label);
        if is_numbered || label.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            *numbered += 1;
        }
        if stripped.is_empty() {
            return;
        }
        let page = pages.iter().copied().min().unwrap_or(self.last_page);
        // An item's page is where its box starts (the place stage finds
        // it for an item without one).
        let at = taken.region.first_page();
        let (bbox, boxes) = taken.region.split(at.unwrap_or(page));
        items.push(Item {
            labelled: !label.is_empty() || stripped.len() != text.len(),
            first_page: page,
            last_page: pages.iter().copied().max().unwrap_or(page),
            item: ListItem {
                footnote_run: 0,
                text: stripped,
                footnote_refs: taken.refs,
                bbox,
                boxes,
                page: at,
            },
            region: taken.region,
        });
    }
}

/// A `Lbl`'s text is a label: empty, a bullet or an item number.
fn is_label(text: &str) -> bool {
    let t = collapse(text);
    t.is_empty() || text::list_label(&t).is_ok() || t.chars().count() <= 2
}

/// Take a bullet or an item number off the start of a list item. Returns
/// the text and whether it was numbered.
fn strip_label(text: &str) -> (String, bool) {
    let rest = text.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !c.is_whitespace() && !"(\"'‘“£$€[".contains(c)
    });
    let rest = rest.trim_start();
    if let Ok((after, _)) = text::item_number(rest) {
        return (after.trim().to_string(), true);
    }
    (rest.to_string(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            strip_label("◼ The engagement"),
            ("The engagement".into(), false)
        );
        assert_eq!(
            strip_label("12. Most children"),
            ("Most children".into(), true)
        );
    }
}
