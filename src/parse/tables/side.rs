//! Lists set side by side in a borderless grid.
//!
//! In: a table the layout path found ([`Found`]), the body lines, the
//! pages (for their drawn rules) and the style of the heading the table
//! stands under. Out: whether the table is really lists side by side, and
//! then its text as events.
//!
//! Word authors set two lists next to each other with a table drawn with
//! no rule at all: "Inspection team", then "Ofsted" over its inspectors
//! and "Care Quality Commission" over its own. The grid's first row is set
//! exactly like the heading of its section, because each cell of that row
//! *is* a heading; the cells under it are a column's items, and a row of
//! the grid joins two unrelated people. Such a grid is not a table of data
//! and is read column by column: each header cell a heading in the style
//! it is printed in, each cell below it a paragraph.
//!
//! A grid stays a table when any rule is drawn in or around it (a ruled or
//! underlined table is data, whatever its type), when its first row is not
//! bold in the section heading's own size, or when any cell holds a figure
//! ("26%", "1,204"): a grid of figures is data even when borderless.

use super::found::Found;
use crate::extract::region::{ASCENT, DESCENT, round, union};
use crate::layout::{Line, PageLines};
use crate::parse::event::{Event, Heading, Style};
use crate::parse::text::{collapse, lift_markers};
use crate::record::{BBox, Block};

/// A header cell longer than this is a sentence, not a heading.
const HEAD_CHARS: usize = 80;

/// Whether `found` is lists set side by side under headings of `heading`'s
/// style (the heading of the section the table stands in).
pub fn side_by_side(
    found: &Found,
    body: &[&Line],
    pages: &[PageLines],
    heading: Option<Style>,
) -> bool {
    let Some(first) = body.get(found.start) else {
        return false;
    };
    let table = &found.table;
    let heads_styled = first.bold && heading == Some(Style::of(first));
    let heads_short = table.header.len() >= 2
        && first.cells.len() == table.header.len()
        && table.header.iter().all(|h| {
            let h = h.trim();
            !h.is_empty() && h.chars().count() <= HEAD_CHARS && !h.ends_with('.')
        });
    let no_figures = !table
        .header
        .iter()
        .chain(table.rows.iter().flatten())
        .any(|c| is_figure(c));
    heads_styled && heads_short && no_figures && !ruled(found, body, pages)
}

/// The grid's text as events, column by column, and the index of the
/// body line just past it: each header cell a heading in `style`, each
/// item below it a paragraph, with the box its cell is printed in.
///
/// The grid as found may stop short of a column that runs on alone
/// ("Ofsted" has five inspectors, "Care Quality Commission" two): lines
/// right after it that start at a column's left edge, at the grid's
/// pitch, are that column's next items. A cell wrapped over two lines is
/// one item, as the grid's row joined it. The table's footnote
/// references go with the first item.
pub fn as_text(found: &Found, body: &[&Line], style: Style) -> (Vec<Event>, usize) {
    let table = &found.table;
    let head = body[found.start];
    let lefts: Vec<f32> = head.cells.iter().map(|c| c.x0).collect();
    let column_of = |x: f32| lefts.iter().rposition(|&l| x >= l - EDGE);
    let end = run_on(found, body, &lefts);
    // Each column's pieces: one per line, in order.
    let mut pieces: Vec<Vec<Piece>> = vec![Vec::new(); lefts.len()];
    for line in &body[found.start + 1..end] {
        for cell in &line.cells {
            if let Some(k) = column_of(cell.x0) {
                let (text, refs) = lift_markers(&cell.text);
                pieces[k].push(Piece {
                    text: collapse(&text),
                    refs,
                    page: line.page,
                    rect: rect(line, cell.x0, cell.x1),
                });
            }
        }
    }
    let mut refs = table.footnote_refs.clone();
    let mut out = Vec::new();
    for (k, cell) in head.cells.iter().enumerate() {
        let text = table.header.get(k).cloned().unwrap_or_default();
        out.push(Event::Heading(Heading {
            text: text.trim().to_string(),
            page: head.page,
            style,
            level: 0,
            refs: Vec::new(),
            from_contents: None,
            numbered: None,
            caption: false,
            bbox: Some(rect(head, cell.x0, cell.x1)),
            boxes: Vec::new(),
        }));
        let expected: Vec<String> = table
            .rows
            .iter()
            .filter_map(|r| r.get(k))
            .map(|c| collapse(c))
            .filter(|c| !c.is_empty())
            .collect();
        for item in items(std::mem::take(&mut pieces[k]), &expected) {
            refs.extend(item.refs);
            out.push(Event::Block(Block::Paragraph {
                footnote_run: 0,
                text: item.text,
                page: item.page,
                pages: Vec::new(),
                footnote_refs: std::mem::take(&mut refs),
                bbox: Some(item.rect),
                boxes: Vec::new(),
            }));
        }
    }
    (out, end)
}

/// A cell this far left of a column's edge still starts in it.
const EDGE: f32 = 4.0;

/// One line's part of a column: its text, the notes it cites, its box.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    refs: Vec<u32>,
    page: u32,
    rect: BBox,
}

/// The pieces of one column grouped into items: as many pieces as make
/// up each expected cell (the grid's rows, wrapped text joined), then one
/// item per piece for the lines the column runs on with.
fn items(pieces: Vec<Piece>, expected: &[String]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut want = expected.iter();
    let mut target = want.next();
    let mut open: Option<Piece> = None;
    for p in pieces {
        let mut item = match open.take() {
            Some(mut o) if p.page == o.page => {
                o.text = format!("{} {}", o.text, p.text);
                o.refs.extend(p.refs);
                o.rect = union(o.rect, p.rect);
                o
            }
            Some(o) => {
                out.push(o);
                p
            }
            None => p,
        };
        match target {
            // Still short of the cell the grid read: its next line follows.
            Some(t) if t.starts_with(item.text.as_str()) && t.len() > item.text.len() => {
                open = Some(item);
                continue;
            }
            Some(_) => target = want.next(),
            None => {}
        }
        item.text = item.text.trim().to_string();
        out.push(item);
    }
    out.extend(open);
    out
}

/// Just past the grid's last line, counting the lines after it that run
/// one column on: each starts at a column's left edge, is not bold, and
/// follows on the same page within the grid's widest line step.
fn run_on(found: &Found, body: &[&Line], lefts: &[f32]) -> usize {
    let steps = (found.start + 1..found.end).filter_map(|i| {
        let (a, b) = (body[i - 1], body[i]);
        (a.page == b.page).then_some(b.y - a.y)
    });
    let Some(step) = steps.reduce(f32::max) else {
        return found.end;
    };
    let mut end = found.end;
    while let Some(line) = body.get(end) {
        let prev = body[end - 1];
        let at_edge = line.cells.iter().all(|c| lefts.iter().any(|&l| (c.x0 - l).abs() <= EDGE));
        let close = line.page == prev.page && line.y > prev.y && line.y - prev.y <= step * 1.15;
        if !at_edge || !close || line.bold || line.panel {
            break;
        }
        end += 1;
    }
    end
}

/// The box of the part of `line` from `x0` to `x1`, rounded as the record
/// rounds boxes.
fn rect(line: &Line, x0: f32, x1: f32) -> BBox {
    round([
        x0,
        line.y - ASCENT * line.size,
        x1,
        line.y + DESCENT * line.size,
    ])
}

/// Whether any drawn rule lies in or around the table's lines, on any of
/// its pages.
fn ruled(found: &Found, body: &[&Line], pages: &[PageLines]) -> bool {
    let lines = (found.start..found.end)
        .chain(found.extra.iter().copied())
        .filter_map(|i| body.get(i));
    // (page, left, top, right, bottom) of the lines on each page.
    let mut areas: Vec<(u32, f32, f32, f32, f32)> = Vec::new();
    for l in lines {
        let top = l.y - l.size * 1.2;
        let bottom = l.y + l.size * 0.5;
        match areas.iter_mut().find(|a| a.0 == l.page) {
            Some(a) => {
                a.1 = a.1.min(l.x0);
                a.2 = a.2.min(top);
                a.3 = a.3.max(l.x1);
                a.4 = a.4.max(bottom);
            }
            None => areas.push((l.page, l.x0, top, l.x1, bottom)),
        }
    }
    const PAD: f32 = 6.0;
    areas.iter().any(|&(page, x0, y0, x1, y1)| {
        pages
            .iter()
            .filter(|p| p.number == page)
            .flat_map(|p| &p.rules)
            .any(|r| {
                r.x1 >= x0 - PAD && r.x0 <= x1 + PAD && r.y1 >= y0 - PAD && r.y0 <= y1 + PAD
            })
    })
}

/// A cell that is a figure: digits, with only signs, separators, a
/// currency or a percent sign around them ("26%", "£1,204", "(3.5)").
fn is_figure(cell: &str) -> bool {
    let t = cell.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || c.is_whitespace() || "%£$€,.+-–−()".contains(c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Rule;
    use crate::record::Table;

    fn line(text: &str, y: f32, bold: bool, cells: &[(&str, f32)]) -> Line {
        Line {
            page: 1,
            text: text.into(),
            x0: cells[0].1,
            x1: cells.last().map_or(0.0, |c| c.1 + 120.0),
            y,
            size: 12.0,
            bold,
            cells: cells
                .iter()
                .map(|&(t, x)| crate::layout::Cell {
                    x0: x,
                    x1: x + 120.0,
                    text: t.into(),
                })
                .collect(),
            ..Line::default()
        }
    }

    fn team() -> (Vec<Line>, Found) {
        let lines = vec![
            line("Inspection team", 440.0, true, &[("Inspection team", 56.0)]),
            line(
                "Ofsted Care Quality Commission",
                470.0,
                true,
                &[("Ofsted", 56.0), ("Care Quality Commission", 297.0)],
            ),
            line(
                "A Lead, HMI lead B Lead, CQC",
                490.0,
                false,
                &[("A Lead, HMI lead", 56.0), ("B Lead, CQC", 297.0)],
            ),
            line("inspector", 505.0, false, &[("inspector", 56.0)]),
            line("C Name, HMI D Name, CQC", 525.0, false, &[("C Name, HMI", 56.0), ("D Name, CQC", 297.0)]),
            // The grid as found ends above; the first column runs on.
            line("E Name, HMI", 545.0, false, &[("E Name, HMI", 56.0)]),
            line("F Name, HMI", 565.0, false, &[("F Name, HMI", 56.0)]),
            // Body text after a wider gap is not the column's.
            line("If you are not happy with the inspection", 620.0, false, &[("If you are not happy with the inspection", 56.0)]),
        ];
        let table = Table {
            footnote_run: 0,
            caption: None,
            page: 1,
            pages: vec![],
            header: vec!["Ofsted".into(), "Care Quality Commission".into()],
            rows: vec![
                vec!["A Lead, HMI lead inspector".into(), "B Lead, CQC".into()],
                vec!["C Name, HMI".into(), "D Name, CQC".into()],
            ],
            footnote_refs: vec![],
            bbox: None,
            boxes: vec![],
            header_boxes: vec![],
            cell_boxes: vec![],
        };
        let found = Found {
            start: 1,
            end: 5,
            table,
            columns: 2,
            extra: vec![],
        };
        (lines, found)
    }

    fn page(rules: Vec<Rule>) -> PageLines {
        PageLines {
            number: 1,
            width: 595.0,
            height: 842.0,
            rules,
            ..PageLines::default()
        }
    }

    #[test]
    fn a_borderless_grid_headed_like_its_section_is_two_lists() {
        let (lines, found) = team();
        let body: Vec<&Line> = lines.iter().collect();
        let heading = Some(Style::of(&lines[0]));
        assert!(side_by_side(&found, &body, &[page(vec![])], heading));
        let (events, end) = as_text(&found, &body, Style::of(&lines[1]));
        assert_eq!(end, 7, "the two lines the first column runs on with are its");
        let shown: Vec<String> = events
            .iter()
            .map(|e| match e {
                Event::Heading(h) => format!("# {}", h.text),
                Event::Block(Block::Paragraph { text, .. }) => text.clone(),
                Event::Block(_) => "?".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "# Ofsted",
                "A Lead, HMI lead inspector",
                "C Name, HMI",
                "E Name, HMI",
                "F Name, HMI",
                "# Care Quality Commission",
                "B Lead, CQC",
                "D Name, CQC",
            ]
        );
        // Each item is boxed in its own column; a wrapped one over both lines.
        let boxes: Vec<BBox> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(h) => h.bbox,
                Event::Block(Block::Paragraph { bbox, .. }) => *bbox,
                Event::Block(_) => None,
            })
            .collect();
        assert!(boxes[1][1] < 490.0 && boxes[1][3] > 505.0, "{:?}", boxes[1]);
        assert!(boxes[5][0] >= 297.0 && boxes[6][0] >= 297.0 && boxes[2][2] < 297.0);
    }

    #[test]
    fn a_rule_a_figure_or_another_style_keeps_the_table() {
        let (lines, found) = team();
        let body: Vec<&Line> = lines.iter().collect();
        let heading = Some(Style::of(&lines[0]));
        // One rule under the header row: a table.
        let under = Rule { x0: 56.0, y0: 474.0, x1: 500.0, y1: 474.5 };
        assert!(!side_by_side(&found, &body, &[page(vec![under])], heading));
        // A rule elsewhere on the page changes nothing.
        let far = Rule { x0: 56.0, y0: 780.0, x1: 500.0, y1: 780.5 };
        assert!(side_by_side(&found, &body, &[page(vec![far])], heading));
        // The section's heading set larger: the grid's header is a header.
        let larger = Style { half_points: 28, ..Style::of(&lines[0]) };
        assert!(!side_by_side(&found, &body, &[page(vec![])], Some(larger)));
        assert!(!side_by_side(&found, &body, &[page(vec![])], None));
        // A cell of figures: data.
        let mut figures = found.clone();
        figures.table.rows[1][1] = "26%".into();
        assert!(!side_by_side(&figures, &body, &[page(vec![])], heading));
    }

    #[test]
    fn figures_are_digits_with_signs_only() {
        for f in ["26%", "£1,204", "(3.5)", "12", "-4.0"] {
            assert!(is_figure(f), "{f}");
        }
        for t in ["Ofsted HMI", "", "%", "Year 7", "Phase 2 lead"] {
            assert!(!is_figure(t), "{t}");
        }
    }
}
