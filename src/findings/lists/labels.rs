//! Finding labels: is this heading (or short paragraph) one of the
//! vocabulary's labels, and of which kind; does this paragraph stand as a
//! heading.
//!
//! In: a heading's or paragraph's text and the [`Vocabulary`]. Out: the
//! [`Kind`] it announces, or an error; or whether a paragraph reads as a
//! heading (which ends a run of findings).

use crate::inspectorates::{FindingKind as Kind, Vocabulary};
use nom::{
    IResult, Parser,
    bytes::complete::tag_no_case,
    character::complete::{multispace1, one_of},
    combinator::{eof, opt},
    sequence::terminated,
};

/// Most words a label phrase's tail may have ("in this local authority").
const MAX_TAIL_WORDS: usize = 8;

/// Most words of a paragraph that reads as a heading.
const MAX_HEADING_WORDS: usize = 10;

/// Words a heading does not end in: a line ending in one is a sentence cut
/// short (at a page turn, say).
const NOT_LAST: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "that", "the", "to", "with",
];

/// Most words of a paragraph that reads as a graded heading ("The impact
/// of leaders on social work practice with children and families: good").
const MAX_GRADED_HEADING_WORDS: usize = 25;

/// A finding label of the vocabulary (case-insensitive, a trailing colon,
/// full stop or question mark allowed): a whole label ("Areas for
/// improvement"), or a label phrase alone or with a short tail opening with
/// one of the vocabulary's continuation words ("What needs to improve in
/// this area?"). Consumes all of `input`.
pub fn label<'a>(input: &'a str, vocab: &Vocabulary) -> IResult<&'a str, Kind> {
    let input = input.trim();
    for (kind, text) in vocab.finding_labels() {
        if let Ok((rest, _)) = whole(text).parse(input) {
            return Ok((rest, *kind));
        }
    }
    for (kind, text) in vocab.finding_label_prefixes() {
        if let Ok((rest, _)) = prefixed(input, text, vocab.label_continuations()) {
            return Ok((rest, *kind));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Tag,
    )))
}

/// The end of a label: an optional ":", "." or "?", then nothing.
fn end(input: &str) -> IResult<&str, ()> {
    (opt(one_of(":.?")), eof).map(|_| ()).parse(input)
}

/// `phrase`, then the end.
fn whole<'a>(phrase: &str) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    terminated(tag_no_case(phrase), end)
}

/// `phrase`, then the end or a short tail opening with one of `words`.
fn prefixed<'a>(input: &'a str, phrase: &str, words: &[String]) -> IResult<&'a str, &'a str> {
    let (after, head) = tag_no_case(phrase).parse(input)?;
    if let Ok((left, _)) = end(after) {
        return Ok((left, head));
    }
    let (tail, _) = multispace1(after)?;
    if label_tail(tail, words) {
        Ok(("", head))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            tail,
            nom::error::ErrorKind::Verify,
        )))
    }
}

/// A label phrase's tail: opens with one of `words`, a few words long, one
/// clause (no full stop but an optional last one).
fn label_tail(tail: &str, words: &[String]) -> bool {
    let body = tail.trim_end().trim_end_matches([':', '.', '?']);
    let first = body.split_whitespace().next().unwrap_or_default().to_lowercase();
    words.contains(&first)
        && body.split_whitespace().count() <= MAX_TAIL_WORDS
        && !body.contains(['.', '?', '!', ';'])
}

/// A label run into the end of the text before it ("… for children in
/// Enfield. What needs to improve", a weak tag tree's cell holding a
/// paragraph and a heading): the label's kind and where it starts.
pub fn trailing_label(text: &str, vocab: &Vocabulary) -> Option<(usize, Kind)> {
    let t = text.trim_end();
    let start = t
        .char_indices()
        .rev()
        .filter(|&(i, c)| {
            ".?!:".contains(c) && t[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .next()
        .unwrap_or(0);
    let tail = &t[start..];
    let skip = tail.len() - tail.trim_start().len();
    label(tail, vocab).ok().map(|(_, k)| (start + skip, k))
}

/// A paragraph that stands as a heading: a label; a short line without a
/// closing full stop, comma or colon ("Local area partnership details"); or
/// a graded heading, a line ending in ": " and a grade.
pub fn reads_as_heading(text: &str, vocab: &Vocabulary) -> bool {
    let t = text.trim();
    if t.is_empty() || label(t, vocab).is_ok() {
        return !t.is_empty();
    }
    let words = t.split_whitespace().count();
    let last = t.split_whitespace().last().unwrap_or_default().to_lowercase();
    let short = words <= MAX_HEADING_WORDS
        && !t.ends_with(['.', ',', ';', ':'])
        && !NOT_LAST.contains(&last.as_str())
        && t.chars().next().is_some_and(char::is_uppercase);
    short || (words <= MAX_GRADED_HEADING_WORDS && graded(t, vocab))
}

/// The text ends in a colon and a grade ("…: requires improvement to be
/// good.").
fn graded(text: &str, vocab: &Vocabulary) -> bool {
    let lower = text.trim_end_matches(['.', ' ']).to_lowercase();
    vocab.grades().iter().any(|g| {
        lower
            .strip_suffix(g.as_str())
            .is_some_and(|before| before.trim_end().ends_with(':'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    fn kind(text: &str) -> Option<Kind> {
        label(text, embedded()).ok().map(|(rest, k)| {
            assert_eq!(rest, "", "a label consumes all of {text:?}");
            k
        })
    }

    #[test]
    fn whole_labels() {
        assert_eq!(kind("Areas for improvement"), Some(Kind::AreaForImprovement));
        assert_eq!(kind("Area for improvement:"), Some(Kind::AreaForImprovement));
        assert_eq!(kind("  Cause of concern. "), Some(Kind::CauseOfConcern));
        assert_eq!(kind("Recommendations"), Some(Kind::Recommendation));
        assert_eq!(kind("Innovative practice"), Some(Kind::InnovativePractice));
        assert_eq!(kind("Areas for priority action"), Some(Kind::CauseOfConcern));
    }

    #[test]
    fn label_phrases_with_their_tails() {
        for text in [
            "What needs to improve?",
            "What needs to improve",
            "What needs to improve:",
            "What needs to improve in this area",
            "What needs to be better in this local authority?",
            "WHAT NEEDS TO BE BETTER",
        ] {
            assert_eq!(kind(text), Some(Kind::AreaForImprovement), "{text:?}");
        }
    }

    #[test]
    fn sentences_are_not_labels() {
        for text in [
            "Areas for improvement in the force",
            "Leaders are aware of discrete areas for improvement and are acting on them.",
            "What needs to improve is the quality of supervision.",
            "What needs to improvement",
            "What needs to improve in this area. Leaders know it.",
            "What needs to improve in the way that leaders oversee the quality of practice across all teams",
            "What does the area partnership need to do better?",
            "In 2020, Ofsted conducted a focused visit that resulted in two areas for priority action.",
            "",
        ] {
            assert_eq!(kind(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_tail_is_checked_on_its_own() {
        let words = ["in".to_string()];
        assert!(!label_tail("this area?", &[]));
        assert!(label_tail("in this area?", &words));
        assert!(!label_tail("is the quality", &words));
        assert_eq!(end("?"), Ok(("", ())));
        assert!(end("? And").is_err());
    }

    #[test]
    fn labels_at_the_end_of_a_text() {
        let v = embedded();
        let text = "Leaders are aware of it. What needs to improve";
        assert_eq!(
            trailing_label(text, v),
            Some((25, Kind::AreaForImprovement))
        );
        assert_eq!(&text[25..], "What needs to improve");
        assert_eq!(
            trailing_label("Areas for improvement", v),
            Some((0, Kind::AreaForImprovement))
        );
        assert_eq!(trailing_label("Leaders know what needs to improve", v), None);
        assert_eq!(trailing_label("", v), None);
    }

    #[test]
    fn paragraphs_standing_as_headings() {
        let v = embedded();
        assert!(reads_as_heading("Local area partnership details", v));
        assert!(reads_as_heading("What needs to improve?", v));
        assert!(reads_as_heading(
            "The experiences and progress of children who need help and protection: requires improvement to be good.",
            v
        ));
        assert!(!reads_as_heading("Leaders should improve their strategy.", v));
        assert!(!reads_as_heading("the quality of supervision", v));
        assert!(!reads_as_heading(
            "Leaders across the partnership should continue to address long waiting times for",
            v
        ));
        assert!(!reads_as_heading("", v));
    }
}
