//! Text cut at a page turn, joined again.
//!
//! In: the walk's events with their [`Shape`]s, and a list's items with
//! their pages. Out: the same, with each paragraph or list item that a
//! producer tagged as two elements at a page turn (Word writes one element
//! per page: "…what will be helpful to them in the" | "future. Children…",
//! often as a new `L` whose first item is the continuation) made one
//! again, starting on the first piece's page.
//!
//! The evidence is the layout path's: the first piece ends without closing
//! punctuation, the second is on the next page, opens without a bullet or
//! number and starts lower-case (mid-sentence), and nothing but page
//! furniture lies between them. A heading, a table or a new numbered or
//! bulleted item after the turn keeps the two apart.

use super::builder::{Builder, Item, Shape};
use crate::extract::region::Region;
use crate::parse::event::Event;
use crate::parse::text::collapse;
use crate::record::{Block, ListItem};
use std::collections::HashMap;

/// `next` (on the page after `prev` ends) carries on `prev`'s sentence.
fn continues(prev: &str, next: &str, next_labelled: bool) -> bool {
    let closed = crate::parse::text::closes(prev);
    let mid_sentence = next.trim_start().chars().next().is_some_and(char::is_lowercase);
    !next_labelled && !closed && mid_sentence && !prev.trim().is_empty()
}

/// The two pieces as one text: a word broken at a hyphen stays joined
/// ("up-" + "to-date"), anything else takes a space.
fn glue(prev: &str, next: &str) -> String {
    let p = prev.trim_end();
    if p.ends_with('-') && !p.ends_with(" -") {
        collapse(&format!("{p}{}", next.trim_start()))
    } else {
        collapse(&format!("{p} {next}"))
    }
}

/// Join the items of one list where an item runs over a page turn into
/// the next.
pub(super) fn join_items(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if let Some(prev) = out.last_mut()
            && item.first_page == prev.last_page + 1
            && continues(&prev.item.text, &item.item.text, item.labelled)
        {
            prev.item.text = glue(&prev.item.text, &item.item.text);
            prev.item.footnote_refs.extend(item.item.footnote_refs);
            prev.last_page = item.last_page;
            prev.region.extend(&item.region);
            let at = prev.item.page.unwrap_or(prev.first_page);
            (prev.item.bbox, prev.item.boxes) = prev.region.split(at);
            continue;
        }
        out.push(item);
    }
    out
}

/// The text a block opens with, and whether it opens with a label.
fn opening(e: &Event, shape: Option<Shape>) -> Option<(&str, bool)> {
    let labelled = shape.is_some_and(|s| s.labelled);
    match e {
        Event::Block(Block::Paragraph { text, .. }) => Some((text, labelled)),
        Event::Block(Block::List { items, .. }) => items.first().map(|i| (i.text.as_str(), labelled)),
        _ => None,
    }
}

/// The text a block ends with.
fn ending(e: &Event) -> Option<&str> {
    match e {
        Event::Block(Block::Paragraph { text, .. }) => Some(text),
        Event::Block(Block::List { items, .. }) => items.last().map(|i| i.text.as_str()),
        _ => None,
    }
}

/// Where block `e` is printed, as far as its boxes say.
fn block_region(e: &Event) -> Region {
    match e {
        Event::Block(
            Block::Paragraph {
                bbox, boxes, page, ..
            }
            | Block::List {
                bbox, boxes, page, ..
            },
        ) => Region::of(*bbox, boxes, *page),
        _ => Region::default(),
    }
}

/// Where list item `i` (of a list on `page`) is printed.
fn item_region(i: &ListItem, page: u32) -> Region {
    Region::of(i.bbox, &i.boxes, i.page.unwrap_or(page))
}

/// Block `e` now also printed in `more`.
fn grow_block(e: &mut Event, more: &Region) {
    let mut region = block_region(e);
    region.extend(more);
    if let Event::Block(
        Block::Paragraph {
            bbox, boxes, page, ..
        }
        | Block::List {
            bbox, boxes, page, ..
        },
    ) = e
    {
        (*bbox, *boxes) = region.split(*page);
    }
}

/// Append `text` (with its notes, printed in `more`) to the end of block
/// `e`.
fn append(e: &mut Event, text: &str, refs: Vec<u32>, more: &Region) {
    match e {
        Event::Block(Block::Paragraph {
            text: t,
            footnote_refs,
            ..
        }) => {
            *t = glue(t, text);
            footnote_refs.extend(refs);
        }
        Event::Block(Block::List {
            items,
            footnote_refs,
            page,
            ..
        }) => {
            if let Some(last) = items.last_mut() {
                last.text = glue(&last.text, text);
                last.footnote_refs.extend(refs.iter().copied());
                let mut region = item_region(last, *page);
                region.extend(more);
                let at = last.page.unwrap_or(*page);
                (last.bbox, last.boxes) = region.split(at);
            }
            footnote_refs.extend(refs);
        }
        _ => {}
    }
    grow_block(e, more);
}

/// Every page a block is printed on.
fn pages_of(e: &Event) -> Vec<u32> {
    match e {
        Event::Block(Block::Paragraph { page, pages, .. } | Block::List { page, pages, .. }) => {
            if pages.is_empty() {
                vec![*page]
            } else {
                pages.clone()
            }
        }
        _ => Vec::new(),
    }
}

/// `prev` now also runs over `more`: its `pages` list them all (none when
/// it is still one page).
fn add_pages(prev: &mut Event, more: &[u32]) {
    let mut all = pages_of(prev);
    all.extend_from_slice(more);
    all.sort_unstable();
    all.dedup();
    if let Event::Block(Block::Paragraph { pages, .. } | Block::List { pages, .. }) = prev {
        *pages = if all.len() > 1 { all } else { Vec::new() };
    }
}

/// Join `next` into `prev`. Returns what is left of `next` (the rest of a
/// list whose first item was taken), if anything.
fn join(prev: &mut Event, next: Event) -> Option<Event> {
    let more = pages_of(&next);
    add_pages(prev, &more);
    match next {
        Event::Block(Block::Paragraph {
            text,
            footnote_refs,
            bbox,
            boxes,
            page,
            ..
        }) => {
            append(prev, &text, footnote_refs, &Region::of(bbox, &boxes, page));
            None
        }
        Event::Block(Block::List { footnote_run: _,
            ordered,
            mut items,
            page,
            pages,
            footnote_refs: _, ..
        }) => {
            if items.is_empty() {
                return None;
            }
            let first: ListItem = items.remove(0);
            let first_refs = first.footnote_refs.clone();
            append(prev, &first.text, first_refs.clone(), &item_region(&first, page));
            let mut rest = Region::default();
            for i in &items {
                rest.extend(&item_region(i, page));
            }
            let rest_refs: Vec<u32> = items
                .iter()
                .flat_map(|i| i.footnote_refs.iter().copied())
                .collect();
            if let Event::Block(Block::List {
                ordered: o,
                items: mine,
                footnote_refs: refs,
                ..
            }) = prev
            {
                // The same list goes on over the page.
                *o |= ordered;
                mine.extend(items);
                refs.extend(rest_refs);
                grow_block(prev, &rest);
                return None;
            }
            let (bbox, boxes) = rest.split(page);
            (!items.is_empty()).then_some(Event::Block(Block::List {
                footnote_run: 0,
                ordered,
                items,
                page,
                pages,
                footnote_refs: rest_refs,
                bbox,
                boxes,
            }))
        }
        other => Some(other),
    }
}

/// A bulleted list that ends a page and one that opens the next page
/// with a new item, nothing but furniture between, are one list tagged as
/// two (Word writes an `L` per page): `next`'s items join `prev`. Returns
/// `next` when they are not two such lists. Numbered lists stay apart (a
/// new list may restart its numbers at the top of a page).
fn continue_list(prev: &mut Event, next: Event) -> Option<Event> {
    if !matches!(prev, Event::Block(Block::List { ordered: false, .. })) {
        return Some(next);
    }
    let more = pages_of(&next);
    let region = block_region(&next);
    let (items, page, next_refs) = match next {
        Event::Block(Block::List {
            ordered: false,
            items,
            page,
            footnote_refs,
            ..
        }) => (items, page, footnote_refs),
        other => return Some(other),
    };
    if let Event::Block(Block::List {
        items: mine,
        footnote_refs: refs,
        ..
    }) = prev
    {
        mine.extend(items.into_iter().map(|mut i| {
            i.page = i.page.or(Some(page));
            i
        }));
        refs.extend(next_refs);
    }
    add_pages(prev, &more);
    grow_block(prev, &region);
    None
}

impl Builder {
    /// Join paragraphs and list items cut in two at a page turn. Runs
    /// before the title is taken; the title candidates follow their events.
    pub(super) fn join_page_turns(&mut self) {
        let repeats = repeated_short_paragraphs(&self.events);
        let events = std::mem::take(&mut self.events);
        let mut shapes = std::mem::take(&mut self.shapes);
        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut out_shapes: Vec<Option<Shape>> = Vec::with_capacity(events.len());
        let mut remap: Vec<Option<usize>> = Vec::with_capacity(events.len());
        // The last block that is not furniture, in `out`.
        let mut anchor: Option<usize> = None;
        for (old, e) in events.into_iter().enumerate() {
            let shape = shapes.remove(&old);
            if is_furniture_like(&e, &repeats) {
                remap.push(Some(out.len()));
                out.push(e);
                out_shapes.push(shape);
                continue;
            }
            let after_turn = anchor.is_some_and(|a| {
                e.page() == out_shapes[a].map_or(out[a].page(), |s| s.last_page) + 1
            });
            let joins = after_turn
                && anchor.is_some_and(|a| match (ending(&out[a]), opening(&e, shape)) {
                    (Some(prev), Some((next, labelled))) => continues(prev, next, labelled),
                    _ => false,
                });
            let e = match anchor {
                Some(a) if after_turn && !joins => match continue_list(&mut out[a], e) {
                    None => {
                        if let (Some(s), Some(new)) = (out_shapes[a].as_mut(), shape) {
                            s.last_page = new.last_page;
                        }
                        remap.push(None);
                        continue;
                    }
                    Some(e) => e,
                },
                _ => e,
            };
            let e = match anchor {
                Some(a) if joins => {
                    if let (Some(s), Some(new)) = (out_shapes[a].as_mut(), shape) {
                        s.last_page = new.last_page;
                    }
                    match join(&mut out[a], e) {
                        None => {
                            remap.push(None);
                            continue;
                        }
                        Some(rest) => rest,
                    }
                }
                _ => e,
            };
            remap.push(Some(out.len()));
            anchor = Some(out.len());
            out.push(e);
            out_shapes.push(shape);
        }
        self.events = out;
        self.cover = std::mem::take(&mut self.cover)
            .into_iter()
            .filter_map(|mut c| {
                c.event = remap.get(c.event).copied().flatten()?;
                Some(c)
            })
            .collect();
    }
}

/// Texts of short paragraphs, with how many pages each is on.
fn repeated_short_paragraphs(events: &[Event]) -> HashMap<String, Vec<u32>> {
    let mut pages: HashMap<String, Vec<u32>> = HashMap::new();
    for e in events {
        if let Event::Block(Block::Paragraph { text, page, .. }) = e
            && text.chars().count() <= 80
        {
            let seen = pages.entry(text.clone()).or_default();
            if !seen.contains(page) {
                seen.push(*page);
            }
        }
    }
    pages
}

/// A paragraph that may be page furniture tagged as content (a bare page
/// number, or a short text repeated on three pages or more): it does not
/// keep apart the two pieces of a text cut at the page turn it sits at.
fn is_furniture_like(e: &Event, repeats: &HashMap<String, Vec<u32>>) -> bool {
    let Event::Block(Block::Paragraph { text, .. }) = e else {
        return false;
    };
    let bare_number = text
        .split_whitespace()
        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || matches!(w, "Page" | "of"));
    bare_number || repeats.get(text).is_some_and(|p| p.len() >= 3)
}

#[cfg(test)]
mod tests {
    use crate::parse::assemble::assemble;
    use crate::parse::tagged::fixtures::{big, node, tp, tree};
    use crate::parse::tagged::tree::parse;
    use crate::record::Block;

    fn item(label: &str, body: &str, page: u32) -> crate::extract::TagKid {
        let mut kids = Vec::new();
        if !label.is_empty() {
            kids.push(node("Lbl", vec![tp(label, page)]));
        }
        kids.push(node("LBody", vec![tp(body, page)]));
        node("LI", kids)
    }

    fn texts(b: &Block) -> Vec<String> {
        match b {
            Block::List { items, .. } => items.iter().map(|i| i.text.clone()).collect(),
            Block::Paragraph { text, .. } => vec![text.clone()],
            Block::Table { .. } => vec![],
        }
    }

    #[test]
    fn a_numbered_paragraph_over_a_page_turn_is_one_item() {
        let tr = tree(vec![
            node("H2", vec![tp("Help and protection", 1)]),
            node(
                "L",
                vec![
                    item("5.", "Referrals are dealt with promptly.", 1),
                    item("6.", "Assessments consider what will be helpful to them in the", 1),
                ],
            ),
            node(
                "L",
                vec![
                    item("", "future. Children identified for follow-up are seen.", 2),
                    item("7.", "strategy meetings are held when needed", 2),
                    item("8.", "Joint investigations are timely.", 2),
                ],
            ),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        let blocks = &p.sections[0].blocks;
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let got = texts(&blocks[0]);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(
            got[1],
            "Assessments consider what will be helpful to them in the future. Children identified for follow-up are seen."
        );
        // A new numbered item after an unclosed one stays apart.
        assert_eq!(got[2], "strategy meetings are held when needed");
        assert!(matches!(&blocks[0], Block::List { ordered: true, page: 1, .. }));
        // The list now runs over both pages, and says so.
        assert!(
            matches!(&blocks[0], Block::List { pages, .. } if pages == &[1, 2]),
            "{blocks:?}"
        );
    }

    #[test]
    fn a_bulleted_list_tagged_as_one_l_per_page_is_one_list() {
        // Word's `L` per page: the last item before the turn does not close
        // ("…and foster carers"), the next page opens a new bulleted item.
        let tr = tree(vec![
            node("H2", vec![tp("What needs to improve", 1)]),
            node(
                "L",
                vec![
                    item("\u{2022}", "the recognition of risk", 1),
                    item("\u{2022}", "placement stability for parents and foster carers", 1),
                ],
            ),
            node(
                "L",
                vec![
                    item("\u{2022}", "the availability of local placements", 2),
                    item("\u{2022}", "life-story work for all children in care", 2),
                ],
            ),
            node("H2", vec![tp("Next section", 2)]),
            node("L", vec![item("1.", "numbered", 2)]),
            node("L", vec![item("1.", "restarted on the next page", 3)]),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        let blocks = &p.sections[0].blocks;
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(texts(&blocks[0]).len(), 4);
        assert!(
            matches!(&blocks[0], Block::List { pages, items, .. }
                if pages == &[1, 2] && items[2].page == Some(2)),
            "{blocks:?}"
        );
        // Numbered lists on consecutive pages stay two lists.
        assert_eq!(p.sections[1].blocks.len(), 2, "{:?}", p.sections[1].blocks);
    }

    #[test]
    fn paragraphs_join_only_across_the_turn_and_mid_sentence() {
        let tr = tree(vec![
            node("H1", vec![big("Inspection of a local authority")]),
            node("H2", vec![tp("Leaders", 1)]),
            node("P", vec![tp("Immunisations are up-", 1)]),
            node("P", vec![tp("to-date and health needs are met", 2)]),
            node("P", vec![tp("and this text is on the same page", 2)]),
            node("P", vec![tp("The text ends without a stop", 2)]),
            node("H2", vec![tp("Next heading", 3)]),
            node("P", vec![tp("continues under a heading.", 3)]),
            node("P", vec![tp("A closed sentence.", 3)]),
            node("P", vec![tp("lower-case after a stop on the next page.", 4)]),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        let first: Vec<String> = p.sections[0].sections[0].blocks.iter().flat_map(texts).collect();
        assert_eq!(
            first,
            vec![
                "Immunisations are up-to-date and health needs are met",
                "and this text is on the same page",
                "The text ends without a stop",
            ]
        );
        assert_eq!(p.sections[0].sections[1].blocks.len(), 3);
    }

    #[test]
    fn words_tagged_as_a_label_stay_in_the_item() {
        let tr = tree(vec![
            node("H2", vec![tp("Care leavers", 1)]),
            node("L", vec![item("1.", "Leaving care coaches use", 1)]),
            node(
                "L",
                vec![item("social media ", "so that young people know about events.", 2)],
            ),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        let got: Vec<String> = p.sections[0].blocks.iter().flat_map(texts).collect();
        assert_eq!(
            got,
            vec!["Leaving care coaches use social media so that young people know about events."]
        );
    }
}
