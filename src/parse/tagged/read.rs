//! The tag path: a document with a tree → its stream.
//!
//! In: the [`Document`] with its tag tree. Out: a [`Read`] — the stream,
//! which path produced it and the layout time. The tree is read
//! ([`super::parse`]); the document is laid out once, page by page, and
//! that layout gives the boxed panels (a matter of drawn boxes, which the
//! tree does not say) and, restricted to the pages the tree does not reach,
//! the layout stream merged in by page ([`Stream::merge_pages`]). A tree
//! that reaches too little of the text gives way to the layout path for
//! the whole document. So does a tree that reaches the text but says little
//! of its structure ([`super::trust`]: no heading elements, or running text
//! in page-layout tables). Either way a warning says so.

use super::tree::parse;
use super::trust::judge;
use crate::extract::Document;
use crate::layout;
use crate::parse::from_layout;
use crate::parse::stream::Stream;
use crate::record::{StructureSource, Warning, WarningCode};
use std::time::Instant;

/// What the tag path read of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The document's stream.
    pub stream: Stream,
    /// The tree, or the layout when the tree was not usable.
    pub source: StructureSource,
    /// Seconds spent laying out lines.
    pub layout_seconds: f64,
    /// The document laid out (every page), for placing the record's
    /// elements on their pages.
    pub layout: layout::Layout,
}

/// Read `doc`'s structure from its tag tree when it has a usable one,
/// falling back to the layout path for what the tree misses.
pub fn read(doc: &Document) -> Read {
    let Some(tree) = &doc.tags else {
        return layout_path(doc, None);
    };
    if let Some(weakness) = judge(tree) {
        let mut read = layout_path(
            doc,
            Some(Warning {
                code: WarningCode::WeakTags,
                message: weakness.message(),
                page: None,
            }),
        );
        // What the tree says well is kept: its data tables (its layout
        // tables were read as body text).
        if let Some(tagged) = parse(tree) {
            read.stream.take_tables(tagged.stream.tables);
        }
        return read;
    }
    let Some(mut tagged) = parse(tree) else {
        return layout_path(
            doc,
            Some(Warning {
                code: WarningCode::TagFallback,
                message: "the structure tree reaches too little of the text; read from layout"
                    .into(),
                page: None,
            }),
        );
    };
    let started = Instant::now();
    let pages = layout::pages(doc);
    let weak = &tagged.weak_pages;
    let weak_layout = (!weak.is_empty()).then(|| layout::finish(layout::only(&pages, weak)));
    let laid = layout::finish_document(pages, doc);
    let layout_seconds = started.elapsed().as_secs_f64();
    if laid.lines().any(|l| l.panel) {
        tagged.stream.panels = from_layout::panels_of(&laid);
    }
    keep_furniture(&mut tagged.stream, &laid);
    if let Some(weak_layout) = weak_layout {
        for &page in &tagged.weak_pages {
            tagged.stream.warnings.push(Warning::on_page(WarningCode::TagFallback,
                page,
                "the structure tree does not reach this page's text; read from layout",
            ));
        }
        tagged.stream.merge_pages(from_layout::parse(&weak_layout));
    }
    Read {
        stream: tagged.stream,
        source: StructureSource::Tags,
        layout_seconds,
        layout: laid,
    }
}

/// The page furniture of the text layer (what the layout took out of the
/// margins) joins what the tree tagged as body but was furniture, once
/// each, in page order; pages mostly of furniture get their warning.
fn keep_furniture(stream: &mut Stream, laid: &layout::Layout) {
    let tagged = std::mem::take(&mut stream.furniture);
    let mut all = laid.furniture.clone();
    for f in tagged {
        if !all.contains(&f) {
            all.push(f);
        }
    }
    all.sort_by_key(|f| f.page);
    stream.furniture = all;
    stream
        .warnings
        .extend(from_layout::furniture_warnings(laid));
}

/// The whole document read by the layout path, `warning` added: for an
/// untagged document, `--no-tags`, or a tree that is not usable.
pub fn layout_path(doc: &Document, warning: Option<Warning>) -> Read {
    let started = Instant::now();
    let laid = layout::lay_out(doc);
    let layout_seconds = started.elapsed().as_secs_f64();
    let mut stream = from_layout::parse(&laid);
    stream.warnings.extend(warning);
    Read {
        stream,
        source: StructureSource::Layout,
        layout_seconds,
        layout: laid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tags::PageCover;
    use crate::parse::assemble::assemble;
    use crate::parse::tagged::fixtures::{big, node, page_with, t, tree};

    #[test]
    fn untagged_page_is_read_from_layout_and_spliced_in() {
        let body = "This sentence is long enough to count as a page of running text.";
        let mut tree = tree(vec![
            node("H1", vec![big("Tagged heading")]),
            node("P", vec![t(body)]),
        ]);
        tree.pages = vec![
            PageCover {
                page: 1,
                chars: 80,
                tagged: 80,
            },
            PageCover {
                page: 2,
                chars: 60,
                tagged: 0,
            },
        ];
        let doc = Document {
            pages: vec![
                page_with(1, &["Tagged heading", body]),
                page_with(2, &["Only the layout path sees this untagged page text."]),
            ],
            tagged: true,
            tags: Some(tree),
            ..Document::default()
        };
        let got = read(&doc);
        assert_eq!(got.source, StructureSource::Tags);
        let parsed = assemble(got.stream);
        assert!(
            parsed
                .warnings
                .iter()
                .any(|w| w.code == WarningCode::TagFallback && w.page == Some(2))
        );
        let all = format!("{:?}", parsed.sections);
        assert!(all.contains("untagged page text"), "{all}");
        assert_eq!(parsed.sections[0].heading, "Tagged heading");
    }

    #[test]
    fn tree_reaching_little_text_falls_back_to_layout() {
        let mut tree = tree(vec![node("P", vec![t("x")])]);
        tree.pages[0].tagged = 1;
        let doc = Document {
            pages: vec![page_with(
                1,
                &["Some text only the layout path reads here."],
            )],
            tagged: true,
            tags: Some(tree),
            ..Document::default()
        };
        let got = read(&doc);
        assert_eq!(got.source, StructureSource::Layout);
        assert!(got.stream.warnings.iter().any(|w| w.code == WarningCode::TagFallback));
    }
}
