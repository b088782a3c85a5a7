//! Boxes turned into the frame a page is displayed in.
//!
//! The layout and the tag tree measure a page in its unrotated frame (the
//! one its content stream draws in). A page with `/Rotate` 90, 180 or 270
//! is displayed turned clockwise, and a reader of the record — the review
//! page, pdfplumber, `pdftotext -bbox-layout` — measures it as displayed.
//! So, once every element is placed, each box on a rotated page is turned
//! into that frame: `[x0, top, x1, bottom]` from the displayed page's
//! top-left corner.
//!
//! pdf_oxide gives a page turned a quarter (90 or 270) in its unrotated
//! frame, and those are turned here. A page turned 180 it gives already
//! turned, its text upside down, so its boxes are left as they are (its
//! reading order is then reversed: a known limit).

use crate::extract::Document;
use crate::record::{BBox, Block, PageBox, Record, Section};
use std::collections::HashMap;

/// A rotated page: its turn and its unrotated width and height.
#[derive(Debug, Clone, Copy)]
struct Turn {
    degrees: u16,
    width: f32,
    height: f32,
}

/// Turn every box of `record` on a page of `doc` turned a quarter into
/// the displayed frame.
pub fn to_displayed(record: &mut Record, doc: &Document) {
    let turns: HashMap<u32, Turn> = doc
        .pages
        .iter()
        .filter(|p| matches!(p.rotation, 90 | 270))
        .map(|p| {
            let turn = Turn {
                degrees: p.rotation,
                width: p.width,
                height: p.height,
            };
            (p.number, turn)
        })
        .collect();
    if turns.is_empty() {
        return;
    }
    let fix = |page: u32, b: &mut Option<BBox>| {
        if let (Some(t), Some(bbox)) = (turns.get(&page), b.as_mut()) {
            *bbox = turn(*bbox, *t);
        }
    };
    let fix_all = |boxes: &mut [PageBox]| {
        for pb in boxes {
            if let Some(t) = turns.get(&pb.page) {
                pb.bbox = turn(pb.bbox, *t);
            }
        }
    };
    let mut blocks: Vec<&mut Block> = record.preamble.iter_mut().collect();
    blocks.extend(record.back_matter.iter_mut());
    let mut sections: Vec<&mut Section> = record.sections.iter_mut().collect();
    while let Some(s) = sections.pop() {
        fix(s.page, &mut s.bbox);
        fix_all(&mut s.boxes);
        blocks.extend(s.blocks.iter_mut());
        sections.extend(s.sections.iter_mut());
    }
    for b in blocks {
        match b {
            Block::Paragraph {
                page, bbox, boxes, ..
            } => {
                fix(*page, bbox);
                fix_all(boxes);
            }
            Block::List {
                page,
                bbox,
                boxes,
                items,
                ..
            } => {
                fix(*page, bbox);
                fix_all(boxes);
                for item in items {
                    fix(item.page.unwrap_or(*page), &mut item.bbox);
                    fix_all(&mut item.boxes);
                }
            }
            Block::Table { .. } => {}
        }
    }
    for t in &mut record.tables {
        fix(t.page, &mut t.bbox);
        fix_all(&mut t.boxes);
        for cell in t.header_boxes.iter_mut().chain(t.cell_boxes.iter_mut().flatten()) {
            fix_all(cell.as_mut_slice());
        }
    }
    for n in &mut record.footnotes {
        fix(n.page, &mut n.bbox);
        fix_all(&mut n.boxes);
        fix_all(&mut n.marks);
    }
    for j in &mut record.judgments {
        fix(j.page, &mut j.bbox);
    }
    for finding in record.findings.iter_mut() {
        fix(finding.page, &mut finding.bbox);
        fix_all(&mut finding.boxes);
    }
}

/// One box turned: a point `(x, y)` of the unrotated page (width `w`,
/// height `h`, top-left origin) is displayed at `(h - y, x)` turned 90°
/// clockwise, `(w - x, h - y)` at 180° and `(y, w - x)` at 270°.
fn turn(b: BBox, t: Turn) -> BBox {
    let [x0, top, x1, bottom] = b;
    let (w, h) = (t.width, t.height);
    let out = match t.degrees {
        90 => [h - bottom, x0, h - top, x1],
        180 => [w - x1, h - bottom, w - x0, h - top],
        270 => [top, w - x1, bottom, w - x0],
        _ => b,
    };
    out.map(|v| (v * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_turns_with_its_page() {
        let b = [100.0, 50.0, 200.0, 60.0];
        let t = |degrees| Turn {
            degrees,
            width: 600.0,
            height: 800.0,
        };
        assert_eq!(turn(b, t(90)), [740.0, 100.0, 750.0, 200.0]);
        assert_eq!(turn(b, t(180)), [400.0, 740.0, 500.0, 750.0]);
        assert_eq!(turn(b, t(270)), [50.0, 400.0, 60.0, 500.0]);
        // Four quarter turns, each on the page the last one displayed, are
        // none.
        let (mut r, mut w, mut h) = (b, 600.0, 800.0);
        for _ in 0..4 {
            r = turn(
                r,
                Turn {
                    degrees: 90,
                    width: w,
                    height: h,
                },
            );
            (w, h) = (h, w);
        }
        assert_eq!(r, b);
        assert_eq!(turn(b, t(0)), b);
    }
}
