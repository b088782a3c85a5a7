//! Page furniture: running headers and footers, page numbers.
//!
//! A line is furniture when it sits in the top or bottom margin of its page
//! and either is a page number ("7", "Page 2 of 28", "– 7 –") or its text,
//! with each run of digits masked, recurs in the margins of at least two pages and at
//! least a third of them — and is set no larger than the body text.
//! Furniture leaves the body but is not thrown away: [`take`] returns it,
//! line by line, for the record's `furniture`, and names the pages most of
//! whose text it was. A document whose every line would be furniture has
//! none: what it prints is its content. Text the crop box hides is
//! furniture too ([`add_cropped`]): never shown, but kept.

use super::lines::{PageLines, body_size};
use crate::record::Furniture;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::tag_no_case,
    character::complete::{char, digit1, space0, space1},
    combinator::{all_consuming, opt},
    sequence::delimited,
};
use std::collections::HashMap;

/// Share of the page height, from the top and from the bottom, that counts
/// as margin.
const MARGIN: f32 = 0.1;

/// What [`take`] moved out of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taken {
    /// The furniture lines, in page order and, within a page, in reading
    /// order.
    pub lines: Vec<Furniture>,
    /// Pages more than half of whose characters were furniture, not
    /// counting a page whose only furniture is its page number.
    pub heavy_pages: Vec<u32>,
}

/// The lines each page's crop box hides join `furniture`, after the
/// page's own, keeping page order.
pub fn add_cropped(furniture: &mut Vec<Furniture>, pages: &[crate::extract::Page]) {
    if pages.iter().all(|p| p.cropped.is_empty()) {
        return;
    }
    for page in pages {
        furniture.extend(page.cropped.iter().map(|text| Furniture {
            page: page.number,
            text: text.clone(),
        }));
    }
    furniture.sort_by_key(|f| f.page);
}

/// Move furniture lines out of every page; see the module comment.
pub fn take(pages: &mut [PageLines]) -> Taken {
    let counts = margin_counts(pages);
    let needed = (pages.len() / 3).max(2);
    let body = body_size(pages);
    let verdicts: Vec<Vec<bool>> = pages
        .iter()
        .map(|page| {
            page.lines
                .iter()
                .map(|l| is_furniture(l, page.height, body, &counts, needed))
                .collect()
        })
        .collect();
    let every_line = verdicts.iter().flatten().all(|&f| f);
    if every_line {
        return Taken::default();
    }
    let mut taken = Taken::default();
    for (page, verdict) in pages.iter_mut().zip(verdicts) {
        let (mut all, mut moved, mut numbers_only) = (0usize, 0usize, true);
        let lines = std::mem::take(&mut page.lines);
        for (line, furniture) in lines.into_iter().zip(verdict) {
            let text = line.plain();
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            all += chars;
            if furniture {
                moved += chars;
                numbers_only &= is_page_number(text.trim());
                taken.lines.push(Furniture {
                    page: page.number,
                    text: text.trim().to_string(),
                });
            } else {
                page.lines.push(line);
            }
        }
        if moved * 2 > all && !numbers_only {
            taken.heavy_pages.push(page.number);
        }
    }
    taken
}

/// Whether `l`, on a page `height` high, is furniture.
fn is_furniture(
    l: &super::lines::Line,
    height: f32,
    body: f32,
    counts: &HashMap<String, usize>,
    needed: usize,
) -> bool {
    if !in_margin(l.y, l.size, height) {
        return false;
    }
    let text = l.plain();
    if is_page_number(text.trim()) {
        return true;
    }
    // Running heads are set no larger than the text; a title in display
    // type that repeats the running head is not furniture.
    if l.size > body * 1.15 {
        return false;
    }
    counts.get(&mask(&text)).is_some_and(|&n| n >= needed)
}

/// How many pages each masked margin text appears on.
fn margin_counts(pages: &[PageLines]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut seen: Vec<String> = page
            .lines
            .iter()
            .filter(|l| in_margin(l.y, l.size, page.height))
            .map(|l| mask(&l.plain()))
            .filter(|m| !m.is_empty())
            .collect();
        seen.sort();
        seen.dedup();
        for m in seen {
            *counts.entry(m).or_default() += 1;
        }
    }
    counts
}

fn in_margin(y: f32, size: f32, height: f32) -> bool {
    height > 0.0 && (y - size < height * MARGIN || y > height * (1.0 - MARGIN))
}

/// Lower case, digits masked, white space folded.
fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // A run of digits is one mark: page 9 and page 10 carry the same
        // running footer.
        let mut in_number = false;
        for c in w.chars() {
            if c.is_ascii_digit() {
                if !in_number {
                    out.push('#');
                }
                in_number = true;
            } else {
                out.push(c.to_ascii_lowercase());
                in_number = false;
            }
        }
    }
    out
}

/// "7", "Page 7", "Page 2 of 28", "- 7 -", "7 of 28".
pub fn is_page_number(text: &str) -> bool {
    all_consuming(page_number).parse(text).is_ok()
}

/// nom: a page-number line.
fn page_number(input: &str) -> IResult<&str, &str> {
    alt((
        delimited((dash, space0), digit1, (space0, dash)),
        delimited(
            opt((tag_no_case("page"), space1)),
            digit1,
            opt((space1, tag_no_case("of"), space1, digit1)),
        ),
    ))
    .parse(input)
}

fn dash(input: &str) -> IResult<&str, char> {
    alt((char('-'), char('–'), char('—'))).parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Line;

    fn line(page: u32, text: &str, y: f32) -> Line {
        Line {
            page,
            text: text.into(),
            y,
            size: 10.0,
            ..Line::default()
        }
    }

    fn page(number: u32, lines: Vec<Line>) -> PageLines {
        PageLines {
            number,
            width: 600.0,
            height: 800.0,
            lines,
            ..PageLines::default()
        }
    }

    #[test]
    fn running_footer_and_page_number_are_kept_apart_not_lost() {
        let mut pages: Vec<PageLines> = (1..=3)
            .map(|n| {
                page(
                    n,
                    vec![
                        line(n, "A body line long enough to be the text of the page.", 300.0),
                        line(n, &format!("Inspection report {n}"), 780.0),
                        line(n, &n.to_string(), 790.0),
                    ],
                )
            })
            .collect();
        let taken = take(&mut pages);
        assert!(pages.iter().all(|p| p.lines.len() == 1));
        assert_eq!(taken.lines.len(), 6);
        assert_eq!(
            taken.lines[..2],
            [
                Furniture {
                    page: 1,
                    text: "Inspection report 1".into()
                },
                Furniture {
                    page: 1,
                    text: "1".into()
                }
            ]
        );
        assert!(taken.heavy_pages.is_empty());
    }

    #[test]
    fn a_page_that_is_mostly_furniture_is_named() {
        let mut pages: Vec<PageLines> = (1..=3)
            .map(|n| page(n, vec![line(n, "A report footer that repeats", 790.0)]))
            .collect();
        pages[0]
            .lines
            .push(line(1, "Body text of the first page, long enough to count.", 300.0));
        let taken = take(&mut pages);
        assert_eq!(taken.lines.len(), 3);
        assert_eq!(taken.heavy_pages, vec![2, 3]);
    }

    #[test]
    fn a_document_that_is_all_furniture_keeps_it_as_content() {
        let mut pages: Vec<PageLines> = (0..30)
            .map(|n| page(n + 1, vec![line(n + 1, &format!("Potato {n}"), 40.0)]))
            .collect();
        let taken = take(&mut pages);
        assert_eq!(taken, Taken::default());
        assert!(pages.iter().all(|p| p.lines.len() == 1));
    }

    #[test]
    fn page_numbers() {
        for t in [
            "7",
            "Page 7",
            "Page 2 of 28",
            "page 12 of 120",
            "- 7 -",
            "– 12 –",
            "3 of 9",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["", "Page", "7 pages", "2016 review", "Figure 2"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn page_number_leaves_nothing() {
        assert_eq!(page_number("Page 2 of 28 x"), Ok((" x", "2")));
    }

    #[test]
    fn mask_folds_digits_and_case() {
        assert_eq!(
            mask("PEEL:  Police legitimacy 2016"),
            "peel: police legitimacy #"
        );
        assert_eq!(mask("10 to 14 June 2024 9"), mask("10 to 14 June 2024 10"));
    }
}
