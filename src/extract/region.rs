//! Where marked text is printed: the boxes of a run of glyphs, one per
//! page and column.
//!
//! In: pieces of text as the engine placed them (left and right edge,
//! baseline, size; top-left origin). Out: a [`Region`] — boxes in the
//! record's convention (`[x0, top, x1, bottom]`, points from the page's
//! top-left corner), the glyphs of one line and of one column folded into
//! one box, a column break or page turn starting another. A tagged
//! element's region is the union of its marked content's regions
//! ([`Region::extend`]), and [`Region::split`] gives the record's `bbox`
//! and `boxes`.
//!
//! A line's box runs from [`ASCENT`] above its baseline to [`DESCENT`]
//! below it, in ems of its size: the same measure the place stage gives a
//! laid-out line, so both paths draw a line alike.

use crate::record::{BBox, PageBox};

/// Height above the baseline taken for a line, in ems.
pub const ASCENT: f32 = 0.8;
/// Depth below the baseline taken for a line, in ems.
pub const DESCENT: f32 = 0.25;

/// The boxes some text is printed in, in the order first met; not
/// rounded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Region {
    /// One box per page and column.
    pub parts: Vec<PageBox>,
}

/// The box of glyphs from `x0` to `x1` on the baseline `y` (top-left
/// origin) in type of `size`.
pub fn glyph_box(x0: f32, x1: f32, y: f32, size: f32) -> BBox {
    [
        x0.min(x1),
        y - ASCENT * size,
        x0.max(x1),
        y + DESCENT * size,
    ]
}

/// Do two boxes of one page belong to one part: they share a column
/// (overlap across), or they sit on the same lines (overlap down by half
/// the shorter's height)?
fn together(a: BBox, b: BBox) -> bool {
    let across = a[0] < b[2] && b[0] < a[2];
    let down = a[3].min(b[3]) - a[1].max(b[1]);
    let shorter = (a[3] - a[1]).min(b[3] - b[1]);
    across || (down > 0.0 && down >= 0.5 * shorter)
}

/// The smallest box holding both.
pub fn union(a: BBox, b: BBox) -> BBox {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

impl Region {
    /// Take in the box `bbox` on `page`: it grows the part it belongs
    /// with (and that part takes in any other it now reaches), or starts
    /// a part. A box with a coordinate that is not finite is left out.
    pub fn add(&mut self, page: u32, bbox: BBox) {
        if !bbox.iter().all(|v| v.is_finite()) {
            return;
        }
        let Some(at) = self
            .parts
            .iter()
            .position(|p| p.page == page && together(p.bbox, bbox))
        else {
            self.parts.push(PageBox { page, bbox });
            return;
        };
        self.parts[at].bbox = union(self.parts[at].bbox, bbox);
        // The grown part may now reach one met later.
        let mut i = at + 1;
        while i < self.parts.len() {
            let (grown, other) = (self.parts[at].bbox, &self.parts[i]);
            if other.page == page && together(grown, other.bbox) {
                self.parts[at].bbox = union(grown, other.bbox);
                self.parts.remove(i);
                i = at + 1;
            } else {
                i += 1;
            }
        }
    }

    /// Take in every part of `other`.
    pub fn extend(&mut self, other: &Region) {
        for p in &other.parts {
            self.add(p.page, p.bbox);
        }
    }

    /// The region of a record element's boxes, `page` being its page.
    pub fn of(bbox: Option<BBox>, boxes: &[PageBox], page: u32) -> Region {
        let mut out = Region::default();
        if boxes.is_empty() {
            if let Some(b) = bbox {
                out.add(page, b);
            }
        } else {
            for p in boxes {
                out.add(p.page, p.bbox);
            }
        }
        out
    }

    /// True when no text of it was placed.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The page of its first part.
    pub fn first_page(&self) -> Option<u32> {
        self.parts.first().map(|p| p.page)
    }

    /// The record's `bbox` and `boxes` of an element on `page`: the first
    /// part's box, rounded to a tenth of a point, and every part when
    /// there are several (or when the only one is on another page, so the
    /// page is never lost).
    pub fn split(&self, page: u32) -> (Option<BBox>, Vec<PageBox>) {
        let parts: Vec<PageBox> = self
            .parts
            .iter()
            .map(|p| PageBox {
                page: p.page,
                bbox: round(p.bbox),
            })
            .collect();
        let first = parts.first().map(|p| p.bbox);
        let several = parts.len() > 1 || parts.first().is_some_and(|p| p.page != page);
        (first, if several { parts } else { Vec::new() })
    }
}

/// To a tenth of a point, so records stay small and byte-stable.
pub fn round(r: BBox) -> BBox {
    r.map(|v| (v * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_of_a_line_and_the_lines_of_a_column_make_one_box() {
        let mut r = Region::default();
        // "1." and "Introduction" apart on one line.
        r.add(1, glyph_box(50.0, 60.0, 100.0, 10.0));
        r.add(1, glyph_box(90.0, 160.0, 100.0, 10.0));
        // The next line, below.
        r.add(1, glyph_box(50.0, 250.0, 112.0, 10.0));
        assert_eq!(r.parts.len(), 1);
        assert_eq!(r.split(1), (Some([50.0, 92.0, 250.0, 114.5]), vec![]));
    }

    #[test]
    fn a_column_break_and_a_page_turn_start_new_parts() {
        let mut r = Region::default();
        r.add(1, glyph_box(50.0, 290.0, 700.0, 10.0));
        r.add(1, glyph_box(50.0, 290.0, 712.0, 10.0));
        // The right column's head.
        r.add(1, glyph_box(310.0, 550.0, 80.0, 10.0));
        // The next page.
        r.add(2, glyph_box(50.0, 290.0, 80.0, 10.0));
        let pages: Vec<u32> = r.parts.iter().map(|p| p.page).collect();
        assert_eq!(pages, vec![1, 1, 2]);
        let (bbox, boxes) = r.split(1);
        assert_eq!(bbox, Some([50.0, 692.0, 290.0, 714.5]));
        assert_eq!(boxes.len(), 3);
    }

    #[test]
    fn a_lone_part_on_another_page_keeps_its_page_and_bad_boxes_are_dropped() {
        let mut r = Region::default();
        r.add(3, [f32::NAN, 0.0, 1.0, 1.0]);
        assert!(r.is_empty());
        r.add(3, glyph_box(50.0, 60.0, 100.0, 10.0));
        let (bbox, boxes) = r.split(2);
        assert_eq!(boxes, vec![PageBox { page: 3, bbox: bbox.unwrap_or_default() }]);
        assert_eq!(Region::of(bbox, &boxes, 2), r.clone().rounded());
        assert_eq!(Region::of(bbox, &[], 3).first_page(), Some(3));
    }

    impl Region {
        fn rounded(mut self) -> Region {
            for p in &mut self.parts {
                p.bbox = round(p.bbox);
            }
            self
        }
    }
}
