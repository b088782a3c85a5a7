//! Tree → stream: one walk of the tag tree.
//!
//! In: the [`TagTree`] the extraction stage read. Out: the tree's
//! [`Stream`] (events with the levels the roles give, tables, footnotes,
//! title, warnings; no contents entries or panels) and the pages whose text
//! the tree does not reach — or `None` when the tree reaches too little of
//! the document's text, or yields nothing.

use super::builder::Builder;
use crate::extract::TagTree;
use crate::parse::stream::Stream;
use crate::record::{Warning, WarningCode};

/// A page whose text the tree reaches less than this share of is read by
/// the layout path.
const PAGE_COVER: f64 = 0.5;
/// A tree that reaches less than this share of the document's text is not
/// used at all.
const DOC_COVER: f64 = 0.3;
/// Pages with fewer characters than this are not judged for coverage.
const PAGE_MIN_CHARS: usize = 40;

/// The result of reading a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// What the tree says, as a stream.
    pub stream: Stream,
    /// Pages with text that the tree does not reach.
    pub weak_pages: Vec<u32>,
}

/// Turn a tag tree into its stream. `None` when the tree is not usable (it
/// reaches too little of the text, or yields no blocks).
pub fn parse(tree: &TagTree) -> Option<Tagged> {
    let total: usize = tree.pages.iter().map(|p| p.chars).sum();
    let reached: usize = tree.pages.iter().map(|p| p.tagged).sum();
    if total == 0 || (reached as f64) < total as f64 * DOC_COVER {
        return None;
    }
    let mut b = Builder {
        body_size: super::title::body_size(&tree.roots),
        ..Builder::default()
    };
    for root in &tree.roots {
        b.block(root, 0);
    }
    b.flush_loose();
    if b.events.is_empty() {
        return None;
    }
    b.join_page_turns();
    let title_lines = b.take_title();
    let furniture = b.drop_furniture();
    let mut warnings = std::mem::take(&mut b.warnings);
    if tree.truncated {
        warnings.push(Warning {
            code: WarningCode::TagTruncated,
            message: "the structure tree is cyclic or too deep; its reading stopped early".into(),
            page: None,
        });
    }
    let weak_pages = tree
        .pages
        .iter()
        .filter(|p| p.chars >= PAGE_MIN_CHARS && (p.tagged as f64) < p.chars as f64 * PAGE_COVER)
        .map(|p| p.page)
        .collect();
    Some(Tagged {
        stream: Stream {
            title_lines,
            events: b.events,
            tables: b.tables,
            footnotes: b.footnotes,
            contents: Vec::new(),
            panels: Vec::new(),
            furniture,
            warnings,
            side_by_side: Vec::new(),
        },
        weak_pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tags::PageCover;
    use crate::extract::{TagKid, TagNode};
    use crate::parse::assemble::assemble;
    use crate::parse::tagged::fixtures::{big, cell, node, t, tp, tree};
    use crate::record::Block;

    #[test]
    fn headings_paragraphs_tables_and_notes() {
        let tr = tree(vec![
            node("P", vec![big("Inspection of Barnsley local authority")]),
            node("P", vec![t("Inspection dates: 1 to 5 May 2023")]),
            node(
                "Table",
                vec![
                    node(
                        "THead",
                        vec![node(
                            "TR",
                            vec![cell("TH", "Judgement "), cell("TH", "Grade ")],
                        )],
                    ),
                    node(
                        "TBody",
                        vec![node(
                            "TR",
                            vec![cell("TH", "Overall effectiveness"), cell("TD", "Good")],
                        )],
                    ),
                ],
            ),
            node(
                "H2",
                vec![
                    node("Span", vec![t("What needs to improve?")]),
                    node(
                        "Link",
                        vec![
                            node("Span", vec![t("1")]),
                            node(
                                "Note",
                                vec![node("P", vec![t("1 The areas are cross-referenced.")])],
                            ),
                        ],
                    ),
                ],
            ),
            node(
                "L",
                vec![node(
                    "LI",
                    vec![node(
                        "LBody",
                        vec![t("1. Personal advisers see young people2 early. ")],
                    )],
                )],
            ),
            node(
                "Note",
                vec![node("P", vec![t("2 Care experienced young people.")])],
            ),
            node("Sect", vec![node("H", vec![t("A bare heading")])]),
        ]);
        let got = parse(&tr).expect("usable");
        let p = assemble(got.stream);
        assert_eq!(
            p.title_lines,
            vec!["Inspection of Barnsley local authority"]
        );
        assert_eq!(p.tables.len(), 1);
        assert_eq!(p.tables[0].header, vec!["Judgement", "Grade"]);
        assert_eq!(
            p.tables[0].rows,
            vec![vec!["Overall effectiveness", "Good"]]
        );
        assert_eq!(p.sections[0].heading, "What needs to improve?");
        assert_eq!(p.sections[0].level, 2);
        assert_eq!(p.sections[0].footnote_refs, vec![1]);
        assert_eq!(p.footnotes.len(), 2);
        assert_eq!(p.footnotes[0].number, 1);
        assert_eq!(p.footnotes[0].text, "The areas are cross-referenced.");
        match &p.sections[0].blocks[0] {
            Block::List {
                items,
                ordered,
                footnote_refs,
                ..
            } => {
                assert!(*ordered);
                assert_eq!(items[0].text, "Personal advisers see young people early.");
                assert_eq!(items[0].footnote_refs, vec![2]);
                assert_eq!(footnote_refs, &vec![2]);
            }
            other => panic!("expected a list, got {other:?}"),
        }
        let bare = &p.sections[1];
        assert_eq!((bare.heading.as_str(), bare.level), ("A bare heading", 1));
    }

    #[test]
    fn chapter_notes_restart_and_the_cover_subtitle_joins_the_title() {
        let sub = TagKid::Text(crate::extract::TagText {
            text: "An inspection of a police force".into(),
            page: 1,
            size: 16.0,
            region: Default::default(),
        });
        let body = "A paragraph of body text that sets the body size here.";
        let tr = tree(vec![
            node("P", vec![big("PEEL: Police legitimacy")]),
            node("P", vec![sub]),
            node("H2", vec![tp("Chapter one", 2)]),
            node("P", vec![tp("The force is good.2 ", 2), tp(body, 2)]),
            node("Note", vec![node("P", vec![tp("1First note.", 2)])]),
            node("Note", vec![node("P", vec![tp("2Second note.", 2)])]),
            node("H2", vec![tp("Chapter two", 2)]),
            node("P", vec![tp("Judged good.1 ", 2), tp(body, 2)]),
            node("Note", vec![node("P", vec![tp("1Restarted note.", 2)])]),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        assert_eq!(
            p.title_lines,
            vec!["PEEL: Police legitimacy", "An inspection of a police force"]
        );
        assert!(p.preamble.is_empty(), "{:?}", p.preamble);
        let notes: Vec<(u32, u32, &str)> = p
            .footnotes
            .iter()
            .map(|f| (f.number, f.run, f.text.as_str()))
            .collect();
        assert_eq!(
            notes,
            vec![
                (1, 0, "First note."),
                (2, 0, "Second note."),
                (1, 1, "Restarted note.")
            ]
        );
        match &p.sections[1].blocks[0] {
            Block::Paragraph { footnote_refs, .. } => assert_eq!(footnote_refs, &vec![1]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn elements_take_the_boxes_of_their_marked_content() {
        use crate::parse::tagged::fixtures::placed;
        use crate::record::PageBox;
        let note = node("Note", vec![node("P", vec![placed("1 A note.", 1, [72.0, 760.0, 300.0, 770.0])])]);
        let tr = tree(vec![
            node("P", vec![big("Inspection of a test authority")]),
            node(
                "H2",
                vec![
                    placed("1. Summary", 1, [72.0, 100.0, 130.0, 114.0]),
                    node("Link", vec![placed("1", 1, [131.0, 100.0, 134.0, 106.0]), note]),
                ],
            ),
            // One element over a page turn.
            node(
                "P",
                vec![
                    placed("The force is good at", 1, [72.0, 700.0, 290.0, 712.0]),
                    placed("most things it does.", 2, [72.0, 80.0, 290.0, 92.0]),
                ],
            ),
            // Two elements that the page turn cut, joined.
            node("P", vec![placed("Children know what will help them in the", 2, [72.0, 700.0, 290.0, 712.0])]),
            node("P", vec![placed("future and say so.", 3, [72.0, 80.0, 200.0, 92.0])]),
        ]);
        let p = assemble(parse(&tr).expect("usable").stream);
        let s = &p.sections[0];
        // The heading's line, its mark with it, its note not.
        assert_eq!((s.bbox, s.boxes.len()), (Some([72.0, 100.0, 134.0, 114.0]), 0));
        assert_eq!(p.footnotes[0].bbox, Some([72.0, 760.0, 300.0, 770.0]));
        let boxes: Vec<Vec<PageBox>> = s
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { boxes, .. } => boxes.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        let part = |page, bbox| PageBox { page, bbox };
        assert_eq!(
            boxes,
            vec![
                vec![part(1, [72.0, 700.0, 290.0, 712.0]), part(2, [72.0, 80.0, 290.0, 92.0])],
                vec![part(2, [72.0, 700.0, 290.0, 712.0]), part(3, [72.0, 80.0, 200.0, 92.0])],
            ]
        );
    }

    #[test]
    fn thin_tree_is_not_used_and_weak_pages_are_named() {
        let mut tr = tree(vec![node("P", vec![t("Some text here")])]);
        tr.pages[0].tagged = 10;
        assert!(parse(&tr).is_none());
        let mut tr = tree(vec![node("P", vec![t("Some text here")])]);
        tr.pages.push(PageCover {
            page: 2,
            chars: 200,
            tagged: 0,
        });
        tr.pages[0].chars = 300;
        tr.pages[0].tagged = 300;
        assert_eq!(parse(&tr).expect("usable").weak_pages, vec![2]);
    }

    #[test]
    fn empty_and_hostile_trees_do_not_panic() {
        assert!(parse(&TagTree::default()).is_none());
        let mut deep = TagNode::new("P", vec![t("x")]);
        for _ in 0..500 {
            deep = TagNode::new("Div", vec![TagKid::Node(deep)]);
        }
        let tr = TagTree {
            roots: vec![deep],
            pages: vec![PageCover {
                page: 1,
                chars: 1,
                tagged: 1,
            }],
            ..TagTree::default()
        };
        let _ = parse(&tr);
    }
}
