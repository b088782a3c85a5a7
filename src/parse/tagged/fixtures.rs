//! Trees and pages for the tag path's tests.

use crate::extract::tags::PageCover;
use crate::extract::region::Region;
use crate::extract::{TagKid, TagNode, TagText, TagTree};

pub(super) fn t(s: &str) -> TagKid {
    TagKid::Text(TagText {
        text: s.into(),
        page: 1,
        size: 11.0,
        region: Default::default(),
    })
}

pub(super) fn big(s: &str) -> TagKid {
    TagKid::Text(TagText {
        text: s.into(),
        page: 1,
        size: 20.0,
        region: Default::default(),
    })
}

pub(super) fn node(role: &str, kids: Vec<TagKid>) -> TagKid {
    TagKid::Node(TagNode::new(role, kids))
}

pub(super) fn tree(kids: Vec<TagKid>) -> TagTree {
    TagTree {
        roots: vec![TagNode::new("Document", kids)],
        pages: vec![PageCover {
            page: 1,
            chars: 100,
            tagged: 100,
        }],
        ..TagTree::default()
    }
}

pub(super) fn cell(role: &str, s: &str) -> TagKid {
    node(role, vec![node("P", vec![t(s)])])
}

pub(super) fn page_with(number: u32, lines: &[&str]) -> crate::extract::Page {
    crate::extract::Page {
        number,
        width: 595.0,
        height: 842.0,
        spans: lines
            .iter()
            .enumerate()
            .map(|(i, text)| crate::extract::Span {
                text: (*text).to_string(),
                x: 72.0,
                y: 100.0 + i as f32 * 14.0,
                width: text.len() as f32 * 5.0,
                size: 11.0,
                font: Some("Arial".into()),
                bold: false,
                italic: false,
            })
            .collect(),
        rules: vec![],
        rotation: 0,
        cropped: vec![],
    }
}

/// Body text on `page`.
pub(super) fn tp(s: &str, page: u32) -> TagKid {
    TagKid::Text(TagText {
        text: s.into(),
        page,
        size: 11.0,
        region: Default::default(),
    })
}

/// Body text on `page`, printed in `bbox`.
pub(super) fn placed(s: &str, page: u32, bbox: [f32; 4]) -> TagKid {
    let mut region = Region::default();
    region.add(page, bbox);
    TagKid::Text(TagText {
        text: s.into(),
        page,
        size: 11.0,
        region,
    })
}
