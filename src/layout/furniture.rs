//! Page furniture: running headers and footers, page numbers.
//!
//! A line is furniture when it sits in the top or bottom margin of its page
//! and either is a page number ("7", "Page 2 of 28", "– 7 –") or its text,
//! with each run of digits masked, recurs in the margins of at least two pages and at
//! least a third of them — and is set no larger than the body text.
//! Furniture is dropped from the layout.

use super::lines::{PageLines, body_size};
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

/// Remove furniture lines from every page.
pub fn remove(pages: &mut [PageLines]) {
    let counts = margin_counts(pages);
    let needed = (pages.len() / 3).max(2);
    let body = body_size(pages);
    for page in pages.iter_mut() {
        let h = page.height;
        page.lines.retain(|l| {
            if !in_margin(l.y, l.size, h) {
                return true;
            }
            let text = l.plain();
            if is_page_number(text.trim()) {
                return false;
            }
            // Running heads are set no larger than the text; a title in
            // display type that repeats the running head is not furniture.
            if l.size > body * 1.15 {
                return true;
            }
            counts.get(&mask(&text)).is_none_or(|&n| n < needed)
        });
    }
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
