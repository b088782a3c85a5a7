//! Small nom parsers over the text of one line: footnote markers, list
//! bullets and numbers, contents entries, footnote body openings, URLs.
//! Each is a named function with tests on its value and leftover input.
//! Also [`collapse`], the white-space folding every stage applies to text.

use crate::layout::{MARK_CLOSE, MARK_OPEN};
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{is_not, tag, tag_no_case, take_while, take_while1},
    character::complete::{char, digit1, one_of, satisfy, space0, space1},
    combinator::{map_res, opt, recognize, verify},
    multi::{many0, separated_list1},
    sequence::{delimited, preceded, terminated},
};

/// The text ends a sentence or clause: its last character (white space
/// aside) is closing punctuation. A text that does not may be carried on
/// over a page turn.
pub fn closes(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '?', '!', ':', ';', '"', '”', '’', ')', ']'])
}

/// Collapse runs of white space to one space and trim.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bullet glyphs that stand for a list item's mark, never for a word: the
/// non-ASCII bullets and the private-use glyphs symbol fonts map them to.
/// [`bullet`] takes these and more (dashes, asterisks, a middle dot, a
/// tick), which in a table cell may be a value ("none", "yes").
const BULLET_GLYPHS: &[char] = &[
    '•', '▪', '○', '◦', '●', '■', '□', '➢', '►', '◼', '◾', '\u{f0a7}', '\u{f0b7}', '\u{f06e}', '\u{f0fc}',
];

/// The text, whitespace collapsed, without the bullet glyphs that stand
/// as words of their own (a list set inside a table cell: its items'
/// words are the cell's text, as a tag tree gives them).
pub fn without_bullets(text: &str) -> String {
    if !text.contains(BULLET_GLYPHS) {
        return collapse(text);
    }
    text.split_whitespace()
        .filter(|w| !(w.chars().count() == 1 && w.starts_with(BULLET_GLYPHS)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A footnote number: one to three digits.
pub fn footnote_number(input: &str) -> IResult<&str, u32> {
    map_res(verify(digit1, |d: &str| d.len() <= 3), str::parse).parse(input)
}

/// A marker: the layout's sentinels around one or more comma-separated
/// numbers. Returns the numbers.
pub fn marker(input: &str) -> IResult<&str, Vec<u32>> {
    delimited(
        char(MARK_OPEN),
        separated_list1((char(','), space0), footnote_number),
        char(MARK_CLOSE),
    )
    .parse(input)
}

/// Split text into plain text and the footnote numbers its markers cite.
/// Markers that hold anything but numbers are dropped with their text kept.
pub fn lift_markers(input: &str) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(input.len());
    let mut refs = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        if let Ok((after, numbers)) = marker(rest) {
            refs.extend(numbers);
            rest = after;
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next()
            && c != MARK_OPEN
            && c != MARK_CLOSE
        {
            text.push(c);
        }
        rest = chars.as_str();
    }
    (text, refs)
}

/// A bullet glyph followed by space: [`BULLET_GLYPHS`], "–", "-", "*",
/// "·", "✓", or
/// any glyph of a symbol font (Wingdings, Symbol), which text extraction
/// maps to the private-use range U+F020–U+F0FF.
pub fn bullet(input: &str) -> IResult<&str, char> {
    terminated(bullet_glyph, space1).parse(input)
}

fn bullet_glyph(input: &str) -> IResult<&str, char> {
    alt((
        satisfy(|c| BULLET_GLYPHS.contains(&c)),
        one_of("–-*·✓"),
        satisfy(|c| ('\u{f020}'..='\u{f0ff}').contains(&c)),
    ))
    .parse(input)
}

/// An item number followed by space: "1.", "2)", "(a)", "iv.", "a."
pub fn item_number(input: &str) -> IResult<&str, &str> {
    terminated(item_label, space1).parse(input)
}

fn item_label(input: &str) -> IResult<&str, &str> {
    alt((
        recognize((digit1, one_of(".)"))),
        recognize((char('('), alt((digit1, roman, letter)), char(')'))),
        recognize((alt((roman, letter)), one_of(".)"))),
    ))
    .parse(input)
}

/// A list label standing alone (in a cell of its own): an item number or a
/// bullet and nothing else.
pub fn list_label(input: &str) -> IResult<&str, &str> {
    let (rest, label) =
        delimited(space0, alt((item_label, recognize(bullet_glyph))), space0).parse(input)?;
    if rest.is_empty() {
        Ok((rest, label))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Eof,
        )))
    }
}

fn roman(input: &str) -> IResult<&str, &str> {
    verify(take_while1(|c| "ivxlc".contains(c)), |s: &str| s.len() <= 5).parse(input)
}

fn letter(input: &str) -> IResult<&str, &str> {
    verify(take_while1(|c: char| c.is_ascii_lowercase()), |s: &str| {
        s.len() == 1
    })
    .parse(input)
}

/// Heading numbering: "1", "1.2", "2.3.1" followed by space. Returns the
/// depth (number of parts).
pub fn heading_number(input: &str) -> IResult<&str, usize> {
    let part = verify(digit1, |d: &str| d.len() <= 2);
    terminated(separated_list1(char('.'), part), (opt(char('.')), space1))
        .map(|v| v.len())
        .parse(input)
}

/// A caption label: "Figure 2:", "Table 1 –", "Chart 3." at the start of a
/// line. Returns the label word.
pub fn caption_label(input: &str) -> IResult<&str, &str> {
    terminated(
        alt((
            tag_no_case("figure"),
            tag_no_case("table"),
            tag_no_case("chart"),
            tag_no_case("graph"),
        )),
        (space1, digit1, opt(one_of(":.–-")), space0),
    )
    .parse(input)
}

/// A field label opening a line: one to three words, a colon, and a value
/// after it on the same line ("Inspection dates: 4 June to 15 June 2018",
/// "Lead inspector: A Name"). Returns the label; the value is left over.
/// A label whose value is on the next line ("…protection:") is no field.
pub fn field_label(input: &str) -> IResult<&str, &str> {
    let word = || take_while1(|c: char| c.is_alphabetic() || c == '\'' || c == '’' || c == '-');
    let label = recognize((word(), opt((char(' '), word())), opt((char(' '), word()))));
    terminated(
        label,
        (
            char(':'),
            space1,
            verify(take_while(|_| true), |v: &str| {
                v.chars().any(char::is_alphanumeric)
            }),
        ),
    )
    .parse(input)
}

/// A contents entry: title, a leader of dots (or a wide gap, which the
/// layout turns into one space), and a page number at the end.
/// Returns (title, page).
pub fn contents_entry(input: &str) -> IResult<&str, (&str, u32)> {
    let (rest, title) = is_not(".\u{2026}")(input)?;
    let (rest, _) = many0(alt((tag("."), tag("\u{2026}"), tag(" ")))).parse(rest)?;
    let (rest, page) = preceded(space0, map_res(digit1, str::parse)).parse(rest)?;
    let (rest, _) = space0(rest)?;
    if rest.is_empty() && input.len() - title.len() >= 4 && input[title.len()..].starts_with("...")
    {
        Ok((rest, (title.trim_end(), page)))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )))
    }
}

/// A page number standing alone in its own cell, as a contents page sets
/// it at the right margin without a leader: one to four digits, nothing else.
pub fn page_number(input: &str) -> IResult<&str, u32> {
    let (rest, n) = delimited(
        space0,
        map_res(verify(digit1, |d: &str| d.len() <= 4), str::parse),
        space0,
    )
    .parse(input)?;
    if rest.is_empty() {
        Ok((rest, n))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Eof,
        )))
    }
}

/// The title of a contents page: "Contents" or "Table of contents", alone
/// on its line.
pub fn contents_title(input: &str) -> IResult<&str, &str> {
    let (rest, found) = delimited(
        space0,
        recognize((
            opt((tag_no_case("table"), space1, tag_no_case("of"), space1)),
            tag_no_case("contents"),
        )),
        space0,
    )
    .parse(input)?;
    if rest.is_empty() {
        Ok((rest, found))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Eof,
        )))
    }
}

/// The opening of a footnote body: its number (plain or as a marker)
/// followed by text. Returns the number.
pub fn footnote_opening(input: &str) -> IResult<&str, u32> {
    let plain = terminated(footnote_number, alt((space1, tag(". "))));
    let marked = terminated(
        map_res(
            delimited(char(MARK_OPEN), digit1, char(MARK_CLOSE)),
            str::parse,
        ),
        space0,
    );
    alt((marked, plain)).parse(input)
}

/// A URL (http, https or www.) up to white space; trailing punctuation is
/// not part of it.
pub fn url(input: &str) -> IResult<&str, &str> {
    let (_, found) = recognize((
        alt((tag("https://"), tag("http://"), tag("www."))),
        take_while(|c: char| !c.is_whitespace() && c != '>' && c != '"'),
    ))
    .parse(input)?;
    let trimmed = found.trim_end_matches(['.', ',', ';', ':', ')', ']']);
    Ok((&input[trimmed.len()..], trimmed))
}

/// Every URL in a text.
pub fn urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find(['h', 'w']) {
        let candidate = &rest[pos..];
        let boundary = pos == 0 || !rest[..pos].ends_with(|c: char| c.is_alphanumeric());
        match url(candidate) {
            Ok((after, u)) if boundary => {
                out.push(u.to_string());
                rest = after;
            }
            _ => rest = &candidate[1..],
        }
    }
    out
}

/// A short line of capitalised words ("London Borough of Barking and
/// Dagenham"): a name, not a sentence or a title. Both paths take such a
/// line set above the title in the largest type as a name, not the title.
pub fn is_name_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && !text.trim_end().ends_with(['.', ':', '?', '!'])
        && words.iter().enumerate().all(|(i, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (i > 0 && matches!(*w, "of" | "and" | "the" | "for" | "&" | "upon" | "on"))
        })
}

#[cfg(test)]
mod tests {

    #[test]
    fn square_bullets_open_list_items() {
        // Ofsted's 2020s reports set their lists with U+25FC.
        assert!(bullet("\u{25fc} Timeliness of early help support.").is_ok());
        assert!(bullet("\u{25fe} Item").is_ok());
        assert!(bullet("\u{25fc}Timeliness").is_err(), "a glyph needs its space");
    }

    #[test]
    fn bullet_glyphs_standing_as_words_are_left_out() {
        assert_eq!(
            without_bullets("they need, particularly: \u{25fc} vulnerable children; and \u{f0b7} others"),
            "they need, particularly: vulnerable children; and others"
        );
        // Dashes may stand for "none"; a glyph inside a word stays.
        assert_eq!(without_bullets("-  \u{25fc}x"), "- \u{25fc}x");
        assert_eq!(without_bullets("  plain   text "), "plain text");
    }


    #[test]
    fn a_name_line_is_short_capitalised_words() {
        assert!(is_name_line("Hartlepool Borough Council"));
        assert!(is_name_line("London Borough of Barking and Dagenham"));
        assert!(!is_name_line("Inspection of children’s social care services"));
        assert!(!is_name_line("The overall judgement is good."));
        assert!(!is_name_line(""));
    }

    use super::*;

    fn m(n: &str) -> String {
        format!("{MARK_OPEN}{n}{MARK_CLOSE}")
    }

    #[test]
    fn marker_parses_numbers() {
        assert_eq!(
            marker(&format!("{} rest", m("12"))),
            Ok((" rest", vec![12]))
        );
        assert_eq!(marker(&m("3, 4")), Ok(("", vec![3, 4])));
        assert!(marker("12").is_err());
    }

    #[test]
    fn lift_markers_after_quote_and_heading() {
        let (t, r) = lift_markers(&format!("'procedural justice'.{} Then{}", m("1"), m("2")));
        assert_eq!(t, "'procedural justice'. Then");
        assert_eq!(r, vec![1, 2]);
        assert_eq!(
            lift_markers(&format!("Overall judgment{}", m("3"))),
            ("Overall judgment".into(), vec![3])
        );
    }

    #[test]
    fn bullets_and_numbers() {
        assert_eq!(bullet("• item"), Ok(("item", '•')));
        assert!(bullet("•item").is_err());
        assert_eq!(bullet("\u{f06e} Social"), Ok(("Social", '\u{f06e}')));
        assert!(bullet("\u{e000} x").is_err());
        assert_eq!(item_number("1. The force"), Ok(("The force", "1.")));
        assert_eq!(item_number("(a) the"), Ok(("the", "(a)")));
        assert_eq!(item_number("iv) the"), Ok(("the", "iv)")));
        assert!(item_number("2016 was").is_err());
        assert!(item_number("In 2016").is_err());
    }

    #[test]
    fn heading_numbers() {
        assert_eq!(heading_number("1.2 Scope"), Ok(("Scope", 2)));
        assert_eq!(heading_number("3. Findings"), Ok(("Findings", 1)));
        assert!(heading_number("2016 Findings").is_err());
    }

    #[test]
    fn contents_entries() {
        assert_eq!(
            contents_entry("Introduction..........3"),
            Ok(("", ("Introduction", 3)))
        );
        assert_eq!(
            contents_entry("Summary of findings....... 12 "),
            Ok(("", ("Summary of findings", 12)))
        );
        assert!(contents_entry("Introduction 3").is_err());
        assert!(contents_entry("The force... is good").is_err());
    }

    #[test]
    fn list_labels_alone() {
        assert_eq!(list_label("12."), Ok(("", "12.")));
        assert_eq!(list_label("(b)"), Ok(("", "(b)")));
        assert_eq!(list_label("\u{f06e}"), Ok(("", "\u{f06e}")));
        assert!(list_label("12. Children").is_err());
        assert!(list_label("2.1").is_err());
        assert!(list_label("Good").is_err());
    }

    #[test]
    fn page_numbers_alone() {
        assert_eq!(page_number("27"), Ok(("", 27)));
        assert_eq!(page_number(" 3 "), Ok(("", 3)));
        assert!(page_number("3 a").is_err());
        assert!(page_number("12345").is_err());
        assert!(page_number("Good").is_err());
    }

    #[test]
    fn contents_titles() {
        assert!(contents_title("Contents").is_ok());
        assert!(contents_title("Table of Contents").is_ok());
        assert!(contents_title("Contents of the report").is_err());
        assert!(contents_title("The contents").is_err());
    }

    #[test]
    fn footnote_openings() {
        assert_eq!(
            footnote_opening("1 It's a fair cop"),
            Ok(("It's a fair cop", 1))
        );
        assert_eq!(
            footnote_opening(&format!("{}Ibid.", m("5"))),
            Ok(("Ibid.", 5))
        );
        assert!(footnote_opening("2016 was a year").is_err());
        assert!(footnote_opening("Ibid.").is_err());
    }

    #[test]
    fn urls_found_and_trimmed() {
        assert_eq!(
            url("http://a.org/x.pdf. Next"),
            Ok((". Next", "http://a.org/x.pdf"))
        );
        assert_eq!(
            urls("Available at: http://a.org/x.pdf and www.b.gov.uk/hmic/."),
            vec![
                "http://a.org/x.pdf".to_string(),
                "www.b.gov.uk/hmic/".to_string()
            ]
        );
        assert!(urls("show the way").is_empty());
    }

    #[test]
    fn caption_labels() {
        assert_eq!(
            caption_label("Figure 2: Victim satisfaction").map(|r| r.0),
            Ok("Victim satisfaction")
        );
        assert!(caption_label("Table 1 – Workforce").is_ok());
        assert!(caption_label("Figures show").is_err());
        assert!(caption_label("Tablet 1").is_err());
    }

    #[test]
    fn field_label_needs_a_short_label_and_a_value() {
        assert_eq!(
            field_label("Inspection dates: 4 June to 15 June 2018"),
            Ok(("", "Inspection dates"))
        );
        assert_eq!(
            field_label("Lead inspector: Neil Penswick HMI"),
            Ok(("", "Lead inspector"))
        );
        // The value on the next line, or a long label: not a field.
        assert!(field_label("What needs to improve:").is_err());
        assert!(
            field_label("The experiences and progress of children: good").is_err()
        );
        assert!(field_label("Section 1: the local authority").is_err());
    }
}
