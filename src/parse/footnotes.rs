//! Footnote bodies at the page bottom.
//!
//! The footnote area of a page starts at the first line, counting up from
//! the bottom, of a run of lines set smaller than the body text in the lower
//! half of the page where at least one line opens with a footnote number
//! (plain or superscript). A short horizontal rule just above the run
//! confirms it but is not required. Inside the area, a line that opens with
//! a number starts a footnote; any other line continues the footnote before
//! it — on the same page, or the last one of the previous page when the area
//! opens with a continuation. Numbers that go down start a new numbering run
//! (numbering restarted per chapter).

use super::text::{footnote_opening, lift_markers, urls};
use crate::layout::hyphen::{Lexicon, join};
use crate::layout::{Line, PageLines};
use crate::record::Footnote;
use nom::Parser;

/// A page cut in two: its body lines and its footnote-area lines.
#[derive(Debug, Default)]
pub struct Cut<'a> {
    /// Lines above the footnote area, in reading order.
    pub body: Vec<&'a Line>,
    /// Lines of the footnote area, in reading order.
    pub notes: Vec<&'a Line>,
}

/// Cut the footnote area off the bottom of `page` — off each column when the
/// page is set in two. `open_note`: a footnote has opened on an earlier
/// page, so small lines under a separator with no number of their own may
/// continue it; before any has, such lines are body text (a form's small
/// print under a rule), not an area whose text would belong to no note.
pub fn split(page: &PageLines, body_size: f32, open_note: bool) -> Cut<'_> {
    let mut cut = Cut::default();
    let columns: &[u8] = if page.gutter.is_some() { &[0, 1] } else { &[0] };
    let mut in_area: Vec<bool> = vec![false; page.lines.len()];
    for &c in columns {
        let idx: Vec<usize> = (0..page.lines.len())
            .filter(|&i| page.gutter.is_none() || page.lines[i].column == c)
            .collect();
        let lines: Vec<&Line> = idx.iter().map(|&i| &page.lines[i]).collect();
        let n = area_len(&lines, page, body_size, open_note);
        for &i in &idx[idx.len() - n..] {
            in_area[i] = true;
        }
    }
    for (line, note) in page.lines.iter().zip(in_area) {
        if note {
            cut.notes.push(line)
        } else {
            cut.body.push(line)
        }
    }
    cut
}

/// How many of `lines` (one column of `page`, in order) at the bottom form
/// its footnote area (`open_note`: see [`split`]).
pub fn area_len(lines: &[&Line], page: &PageLines, body_size: f32, open_note: bool) -> usize {
    let small_low = |l: &Line| l.size < body_size * 0.92 && l.y > page.height * 0.45;
    let mut top = lines.len();
    while top > 0 && small_low(lines[top - 1]) {
        top -= 1;
    }
    if top == lines.len() {
        return 0;
    }
    let first_open = (top..lines.len()).find(|&k| opens(lines[k]));
    let start = match first_open {
        // Small lines above the first opening belong to the area only when a
        // separator rule marks its top (a footnote continued from the page
        // before); otherwise they are small body text (captions, tables).
        Some(k) if k > top && open_note && has_rule_above(page, lines[top]) => top,
        Some(k) => k,
        None if open_note && has_rule_above(page, lines[top]) => top,
        None => return 0,
    };
    lines.len() - start
}

/// A short horizontal rule between the previous text and this line.
fn has_rule_above(page: &PageLines, line: &Line) -> bool {
    page.rules.iter().any(|r| {
        r.is_horizontal()
            && r.y0 < line.y - line.size * 0.5
            && r.y0 > line.y - line.size * 4.0
            && (r.x1 - r.x0) < page.width * 0.5
    })
}

/// The line opens a footnote body.
pub fn opens(line: &Line) -> bool {
    footnote_opening(line.text.trim_start()).is_ok()
}

/// Footnote bodies from every page's footnote area, in order.
pub fn collect(areas: &[(u32, Vec<&Line>)], lex: &Lexicon) -> Vec<Footnote> {
    let mut notes: Vec<(Footnote, Vec<String>)> = Vec::new();
    for (page, lines) in areas {
        for line in lines {
            let raw = line.text.trim_start();
            match footnote_opening.parse(raw) {
                Ok((rest, number)) => {
                    let run = match notes.last() {
                        Some((prev, _)) if number <= prev.number => prev.run + 1,
                        Some((prev, _)) => prev.run,
                        None => 0,
                    };
                    let fresh = Footnote {
                        number,
                        text: String::new(),
                        page: *page,
                        urls: vec![],
                        run, bbox: None, boxes: Vec::new(), marks: Vec::new(),
                    };
                    notes.push((fresh, vec![lift_markers(rest).0]));
                }
                Err(_) => {
                    if let Some((_, parts)) = notes.last_mut() {
                        parts.push(lift_markers(raw).0);
                    }
                }
            }
        }
    }
    notes
        .into_iter()
        .map(|(mut note, parts)| {
            note.text = join(&parts, lex).trim().to_string();
            note.urls = urls(&note.text);
            note
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Cell, MARK_CLOSE, MARK_OPEN};

    fn line(text: &str, y: f32, size: f32) -> Line {
        Line {
            page: 1,
            text: text.into(),
            x0: 72.0,
            x1: 500.0,
            y,
            size,
            bold: false,
            italic: false,
            cells: vec![Cell {
                x0: 72.0,
                x1: 500.0,
                text: text.into(),
            }],
            pieces: vec![],
            panel: false,
            column: 0,
        }
    }

    fn page(lines: Vec<Line>) -> PageLines {
        PageLines {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines,
            rules: vec![],
            gutter: None,
        }
    }

    #[test]
    fn area_is_the_small_numbered_lines_at_the_bottom() {
        let p = page(vec![
            line("Body text that cites a note.", 400.0, 11.0),
            line("1 It's a fair cop? Police legitimacy,", 760.0, 9.0),
            line(
                "September 2011. Available at: http://a.org/x.pdf",
                771.0,
                9.0,
            ),
            line(&format!("{MARK_OPEN}2{MARK_CLOSE}Ibid."), 782.0, 9.0),
        ]);
        assert_eq!(split(&p, 11.0, false).notes.len(), 3);
    }

    #[test]
    fn small_print_under_a_rule_continues_a_note_only_once_one_has_opened() {
        // A form's foot: small print under a short rule, no number. Before
        // any footnote has opened it is body text (else it would belong to
        // no note and be lost); after one has, it continues that note.
        let mut p = page(vec![
            line("Body text.", 700.0, 11.0),
            line("Cat. No. 11320B Form 1040 (2010)", 780.0, 9.0),
        ]);
        p.rules.push(crate::extract::Rule {
            x0: 72.0,
            y0: 770.0,
            x1: 200.0,
            y1: 770.5,
        });
        let before = split(&p, 11.0, false);
        assert_eq!((before.body.len(), before.notes.len()), (2, 0));
        assert_eq!(split(&p, 11.0, true).notes.len(), 1);
    }

    #[test]
    fn no_area_without_a_numbered_small_line() {
        let p = page(vec![
            line("Body", 400.0, 11.0),
            line("Small print", 780.0, 9.0),
        ]);
        assert_eq!(split(&p, 11.0, false).notes.len(), 0);
    }

    #[test]
    fn bodies_continue_and_restart_runs() {
        let a = line("1 First note, con-", 760.0, 9.0);
        let b = line("tinued here http://a.org/x.pdf", 771.0, 9.0);
        let c = line("1 Restarted", 760.0, 9.0);
        let areas = vec![(3, vec![&a, &b]), (9, vec![&c])];
        let notes = collect(&areas, &Lexicon::default());
        assert_eq!(notes.len(), 2);
        assert_eq!(
            notes[0].text,
            "First note, continued here http://a.org/x.pdf"
        );
        assert_eq!(notes[0].urls, vec!["http://a.org/x.pdf".to_string()]);
        assert_eq!((notes[1].number, notes[1].run, notes[1].page), (1, 1, 9));
    }
}
