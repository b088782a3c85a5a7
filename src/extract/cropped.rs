//! Text the page's crop box hides.
//!
//! A reader shows a page only inside its CropBox (ISO 32000-1, Table 30:
//! the contents "shall be clipped" to it). A book made from a print master
//! keeps the compositor's slug line ("…qxd 2/10/04 3:46 PM Page i") and the
//! proof's marginal line numbers in the content stream and crops them off.
//! pdf_oxide drops spans wholly outside the visible box, which keeps them
//! out of the body where they belong; but they are in the text layer (a
//! plain-text extractor such as pdftotext prints them), so the record keeps
//! them as page furniture instead of losing them. Only a page whose crop
//! box is smaller than its media box is read again, glyph by glyph; text
//! off the medium altogether (a form reused across pages that relies on a
//! clip) is not text of this page and stays out.

/// Slack, in points, around the boxes, as pdf_oxide allows its own filter.
const EDGE: f32 = 2.0;

/// A box as `(left, bottom, right, top)` in PDF user space.
pub type Bounds = (f32, f32, f32, f32);

/// One glyph: its character, its horizontal extent, its baseline (PDF user
/// space, `y` up) and its type size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character.
    pub c: char,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline height.
    pub y: f32,
    /// Type size in points.
    pub size: f32,
}

/// `(llx, lly, urx, ury)` with the corners put in order.
pub fn normalised((a, b, c, d): Bounds) -> Bounds {
    (a.min(c), b.min(d), a.max(c), b.max(d))
}

/// Whether `visible` leaves part of `media` out (by more than the slack).
pub fn hides(media: Bounds, visible: Bounds) -> bool {
    let (m, v) = (normalised(media), normalised(visible));
    v.0 - m.0 > EDGE || v.1 - m.1 > EDGE || m.2 - v.2 > EDGE || m.3 - v.3 > EDGE
}

/// Whether a glyph box `(x, y, width, height)` lies wholly outside
/// `visible` but on the medium: text the crop box hides.
pub fn hidden(glyph: Bounds, media: Bounds, visible: Bounds) -> bool {
    let (x, y, w, h) = glyph;
    let overlaps = |(l, b, r, t): Bounds| {
        x + w > l - EDGE && x < r + EDGE && y + h > b - EDGE && y < t + EDGE
    };
    overlaps(normalised(media)) && !overlaps(normalised(visible))
}

/// The glyphs as lines of text, top line first, each read left to right;
/// a gap wider than a fifth of the type size is a space.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<String> {
    glyphs.retain(|g| g.x0.is_finite() && g.x1.is_finite() && g.y.is_finite());
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        let same = |row: &Vec<Glyph>| {
            row.first()
                .is_some_and(|f| (f.y - g.y).abs() <= (f.size.max(g.size) * 0.3).max(1.0))
        };
        match rows.last_mut() {
            Some(row) if same(row) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut end: Option<f32> = None;
            for g in row {
                let gap = end.is_some_and(|e| g.x0 - e > g.size.max(1.0) * 0.2);
                if (gap || g.c.is_whitespace()) && !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                if !g.c.is_whitespace() && !g.c.is_control() {
                    text.push(g.c);
                }
                end = Some(end.map_or(g.x1, |e| e.max(g.x1)));
            }
            text.trim_end().to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                c,
                x0: x + i as f32 * 5.0,
                x1: x + i as f32 * 5.0 + 5.0,
                y,
                size: 10.0,
            })
            .collect()
    }

    #[test]
    fn glyphs_become_lines_top_first_with_spaces_at_gaps() {
        let mut g = word("Page", 100.0, 10.0);
        g.extend(word("i", 130.0, 10.0));
        g.extend(word("slug.qxd", 20.0, 780.0));
        g.extend(word("1", 5.0, 700.2));
        g.reverse();
        assert_eq!(lines(g), ["slug.qxd", "1", "Page i"]);
    }

    #[test]
    fn a_space_glyph_is_one_space() {
        let mut g = word("a b", 0.0, 10.0);
        g.extend(word(" ", 16.0, 10.0));
        assert_eq!(lines(g), ["a b"]);
    }

    #[test]
    fn only_a_smaller_crop_box_hides_anything() {
        let media = (0.0, 0.0, 612.0, 792.0);
        assert!(!hides(media, media));
        assert!(!hides(media, (1.0, 0.0, 612.0, 791.0)));
        assert!(hides(media, (61.2, 28.8, 550.8, 763.2)));
        assert!(hides((612.0, 792.0, 0.0, 0.0), (61.2, 28.8, 550.8, 763.2)));
    }

    #[test]
    fn hidden_means_off_the_crop_box_but_on_the_medium() {
        let media = (0.0, 0.0, 612.0, 792.0);
        let crop = (61.2, 28.8, 550.8, 763.2);
        assert!(hidden((20.0, 770.0, 5.0, 8.0), media, crop));
        assert!(!hidden((100.0, 400.0, 5.0, 8.0), media, crop));
        // straddling the crop edge: shown, so the body has it
        assert!(!hidden((58.0, 400.0, 5.0, 8.0), media, crop));
        // off the medium altogether: not this page's text
        assert!(!hidden((20.0, 900.0, 5.0, 8.0), media, crop));
        assert!(!hidden((f32::NAN, 900.0, 5.0, 8.0), media, crop));
    }
}
