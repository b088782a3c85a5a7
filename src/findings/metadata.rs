//! Report metadata: title, inspected body, year, programme, inspectorate.
//!
//! In: the parsed structure, its running texts, the PDF's info dictionary
//! and the [`Vocabulary`]. Out: the record's [`Report`] (its grade scale is
//! left to the judgments).
//!
//! - **Title**: the cover title, a subtitle joined with " – "; without a
//!   cover, the first heading.
//! - **Inspected body**: the capitalised name after the title's
//!   "inspection of …"; it goes in the field of the body whose words it
//!   ends in (`force` for "Police", "Constabulary" or "Police Service"),
//!   else in `inspected_body` (a local authority). Without one, the body
//!   named most often in the text, among the bodies with name words that
//!   the report's inspectorate inspects (every such body when it names
//!   none; none for Ofsted, whose reports name police forces as partners).
//! - **Year**: as the title states it ("2016", "2021/22"); otherwise the
//!   year of a dated line near the start ("Last updated 01/05/2019" is the
//!   publication date, not the year), otherwise the year most often named.
//! - **Programme** the first of the vocabulary's programmes ("PEEL") the
//!   title or text names; **theme** the first of its themes (pillars) the
//!   title names; **inspectorate** the first of the vocabulary's names whose
//!   phrases (names, abbreviations) the text uses. **Published**: a "Report published: …"
//!   line, or a date standing alone on the cover.

use super::text::Text;
use crate::inspectorates::{Body, BodyField, Vocabulary};
use crate::parse::Parsed;
use crate::record::Report;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while_m_n},
    character::complete::{char, space1},
    combinator::{all_consuming, opt, recognize},
    sequence::preceded,
};
use std::collections::BTreeMap;

/// What the PDF's own info dictionary says, used where the pages do not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    /// `/Title`.
    pub title: Option<String>,
    /// `/Subject`.
    pub subject: Option<String>,
}

/// Read the report metadata.
pub fn report(parsed: &Parsed, texts: &[Text<'_>], info: &DocInfo, vocab: &Vocabulary) -> Report {
    let mut title = title(parsed);
    if parsed.title_lines.is_empty()
        && let Some(t) = &info.title
    {
        title.clone_from(t);
    }
    let all: Vec<&str> = std::iter::once(title.as_str())
        .chain(texts.iter().map(|t| t.text))
        .collect();
    let lower = all.join(" ").to_lowercase();
    let found = vocab.inspectorate_in(&lower);
    let (force, inspected_body) = inspected(&title, &all, found.map(|(i, _)| &i.inspects), vocab);
    let year = year_in(&title)
        .or_else(|| inspection_dates_year(texts))
        .or_else(|| info.subject.as_deref().and_then(year_in))
        .or_else(|| info.title.as_deref().and_then(year_in))
        .or_else(|| most_named_year(&all));
    let programme = vocab
        .programmes()
        .find(|p| p.phrases.iter().any(|ph| lower.contains(ph.as_str())));
    let title_lower = title.to_lowercase();
    let theme = programme
        .map_or_else(
            || {
                vocab
                    .programmes()
                    .flat_map(|p| &p.themes)
                    .collect::<Vec<_>>()
            },
            |p| p.themes.iter().collect(),
        )
        .into_iter()
        .find(|t| title_lower.contains(t.as_str()))
        .cloned();
    let published = publication_date(texts);
    Report {
        title,
        force,
        inspected_body,
        year,
        programme: programme.map(|p| p.name.clone()),
        theme,
        inspectorate: found.map(|(_, name)| name.to_string()),
        published,
        ..Default::default()
    }
}

/// The inspected body's name, as (`force`, `inspected_body`): the title's
/// "inspection of …" name, in the field of the body whose words it ends in;
/// else the body named most often in the texts, among those `inspects`
/// (the found inspectorate's body; without one, every body).
fn inspected(
    title: &str,
    texts: &[&str],
    inspects: Option<&Body>,
    vocab: &Vocabulary,
) -> (Option<String>, Option<String>) {
    let named = inspected_in_title(title)
        .or_else(|| named_beside_title(title))
        .map(|n| {
            let body = vocab
                .bodies()
                .find(|b| b.words.iter().any(|w| n.ends_with(w.as_str())))
                .or(inspects)
                .or_else(|| vocab.bodies().find(|b| b.bare_name(&n) != n.trim()));
            let field = body.map_or(BodyField::InspectedBody, |b| b.field);
            // A name that ends its title line is set as a name, with the
            // words of its kind ("… Council", "… Local Area Partnership");
            // one that runs on into the title ("Sunderland City Council
            // local authority children's services") is kept as printed.
            let stands_alone = title
                .split(" – ")
                .any(|l| l.trim_end_matches(['.', ':']).trim().ends_with(n.as_str()));
            let n = match body {
                Some(b) if stands_alone => b.bare_name(&n).to_string(),
                _ => n,
            };
            (n, field)
        })
        .or_else(|| {
            let candidates: Vec<&Body> =
                inspects.map_or_else(|| vocab.bodies().collect(), |b| vec![b]);
            candidates
                .into_iter()
                .filter(|b| !b.words.is_empty())
                .find_map(|b| most_named_body(texts, b).map(|n| (n, b.field)))
        });
    match named {
        Some((n, BodyField::Force)) => (Some(n), None),
        Some((n, BodyField::InspectedBody)) => (None, Some(n)),
        None => (None, None),
    }
}

fn title(parsed: &Parsed) -> String {
    if !parsed.title_lines.is_empty() {
        return parsed.title_lines.join(" – ");
    }
    parsed
        .sections
        .first()
        .map(|s| s.heading.clone())
        .unwrap_or_default()
}

/// What a title says was inspected: the capitalised name after
/// "inspection of" ("An inspection of Leicestershire Police", "Inspection
/// of Bournemouth, Christchurch and Poole local authority children's
/// services"). "Inspection of services for children" names nothing.
fn inspected_in_title(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let at = lower.find("inspection of ")? + "inspection of ".len();
    let mut words: Vec<&str> = Vec::new();
    for w in title[at..].split_whitespace() {
        let clean = w.trim_end_matches([',', '.', ';', ':']);
        let capital = clean.chars().next().is_some_and(char::is_uppercase);
        let joiner = !words.is_empty() && matches!(clean, "and" | "of" | "&" | "upon" | "on");
        if !(capital || joiner) {
            break;
        }
        words.push(w);
        if clean.len() != w.len() && !w.ends_with(',') {
            break;
        }
    }
    while words
        .last()
        .is_some_and(|w| matches!(*w, "and" | "of" | "&" | "upon" | "on"))
    {
        words.pop();
    }
    let name = words.join(" ");
    let name = name.trim_end_matches([',', '.', ';', ':']).to_string();
    (!name.is_empty()).then_some(name)
}

/// A title line that is only a name, set beside a line saying what was
/// inspected without naming it ("Cheshire East Council – Inspection of
/// children's social care services").
fn named_beside_title(title: &str) -> Option<String> {
    let lines: Vec<&str> = title.split(" – ").map(str::trim).collect();
    let says_inspection = lines
        .iter()
        .any(|l| l.to_lowercase().starts_with("inspection of "));
    if lines.len() < 2 || !says_inspection {
        return None;
    }
    lines
        .iter()
        .find(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            !words.is_empty()
                && words.len() <= 8
                && !l.to_lowercase().contains("inspection")
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        || matches!(*w, "and" | "of" | "&" | "upon" | "on")
                })
        })
        .map(|l| l.to_string())
}

/// A body's name at the start of `input`: capitalised words (and "of",
/// "and", "&") ending in one of `endings` ("Leicestershire Police").
fn body_name<'a>(input: &'a str, endings: &[String]) -> IResult<&'a str, &'a str> {
    let words: Vec<&str> = input.split(' ').collect();
    let mut used = 0usize;
    let mut end_bytes = 0usize;
    let mut offset = 0usize;
    let mut found: Option<usize> = None;
    for (k, w) in words.iter().enumerate() {
        let clean = w.trim_end_matches([',', '.', ';', ':', '’', '\'', ')']);
        let cap = clean.chars().next().is_some_and(char::is_uppercase);
        let joiner = k > 0 && matches!(clean, "of" | "and" | "&");
        if !(cap || joiner) {
            break;
        }
        offset += w.len() + usize::from(k > 0);
        used = k + 1;
        let so_far = &input[..offset - (w.len() - clean.len())];
        if endings.iter().any(|f| so_far.ends_with(f.as_str())) && k > 0 {
            found = Some(offset - (w.len() - clean.len()));
        }
        if clean.len() != w.len() {
            break;
        }
    }
    let _ = used;
    if let Some(end) = found {
        end_bytes = end;
    }
    if end_bytes == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    Ok((&input[end_bytes..], &input[..end_bytes]))
}

/// The body named most often in the text: names ending in one of the
/// body's words, not starting with one of its `not_names`.
fn most_named_body(texts: &[&str], body: &Body) -> Option<String> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut order = 0;
    for text in texts {
        let mut rest = *text;
        while !rest.is_empty() {
            let at_word = rest.chars().next().is_some_and(char::is_uppercase);
            if at_word && let Ok((after, name)) = body_name(rest, &body.words) {
                let name = name.trim_start_matches("The ").to_string();
                let first = name.split(' ').next().unwrap_or_default();
                let generic = body.not_names.iter().any(|n| n == first);
                if !generic && name.contains(' ') {
                    order += 1;
                    let e = counts.entry(name).or_insert((0, order));
                    e.0 += 1;
                }
                rest = after;
                continue;
            }
            let skip = rest.find(' ').map_or(rest.len(), |i| i + 1);
            rest = &rest[skip..];
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(name, _)| name)
}

/// A year as reports write it: "2016" or "2021/22".
pub fn year(input: &str) -> IResult<&str, &str> {
    recognize((
        preceded(
            tag("20"),
            take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        ),
        opt((tag("/"), take_while_m_n(2, 2, |c: char| c.is_ascii_digit()))),
    ))
    .parse(input)
}

/// The first year written in `text` as a word of its own.
fn year_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .find_map(|w| {
            year(w)
                .ok()
                .filter(|(rest, _)| rest.is_empty() || rest.starts_with([':', '.']))
                .map(|(_, y)| y)
        })
        .map(str::to_string)
}

/// The year of a report's "Inspection date(s): 19 November 2013 – 11
/// December 2013" line near the start: the year the inspection was made,
/// which is the year such reports are known by (not the year of
/// publication). The line may have been set like a heading (a bold title
/// block), so the headings over the first texts are read too.
fn inspection_dates_year(texts: &[Text<'_>]) -> Option<String> {
    texts.iter().take(40).find_map(|t| {
        t.path
            .iter()
            .copied()
            .chain(std::iter::once(t.text))
            .find_map(|line| {
                let lower = line.trim_start().to_lowercase();
                (lower.starts_with("inspection date") || lower.starts_with("dates of inspection"))
                    .then(|| year_in(line))
                    .flatten()
            })
    })
}

/// How many texts from the start a cover date may be found in.
const COVER_TEXTS: usize = 15;

/// The publication date as the report states it: a "Report published: 7
/// July 2014" (or "Published", "Publication date", "Date of publication")
/// line near the start, or a date standing alone on the first two pages,
/// as covers set it ("December 2016"). Other dated lines ("Inspection date:
/// …", "Last updated 01/05/2019") are not publication dates.
fn publication_date(texts: &[Text<'_>]) -> Option<String> {
    let labelled = texts.iter().take(40).find_map(|t| {
        let (rest, _) = publication_label(t.text.trim()).ok()?;
        let (_, date) = all_consuming(date).parse(rest.trim()).ok()?;
        Some(date.to_string())
    });
    labelled.or_else(|| {
        texts
            .iter()
            .take(COVER_TEXTS)
            .filter(|t| t.page <= 2)
            .find_map(|t| {
                all_consuming(date)
                    .parse(t.text.trim())
                    .ok()
                    .map(|(_, d)| d.to_string())
            })
    })
}

/// "Report published:", "Published:", "Publication date:", "Date of
/// publication:" (any case, the colon optional).
fn publication_label(input: &str) -> IResult<&str, &str> {
    recognize((
        opt(tag_no_case("report ")),
        alt((
            tag_no_case("published"),
            tag_no_case("publication date"),
            tag_no_case("date of publication"),
        )),
        opt(char(':')),
    ))
    .parse(input)
}

/// "7 July 2014", "December 2016", "1st March 2022".
fn date(input: &str) -> IResult<&str, &str> {
    recognize((
        opt((
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
            opt(alt((
                tag_no_case("st"),
                tag_no_case("nd"),
                tag_no_case("rd"),
                tag_no_case("th"),
            ))),
            space1,
        )),
        month,
        space1,
        tag("20"),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
    ))
    .parse(input)
}

fn month(input: &str) -> IResult<&str, &str> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let word = input
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    if MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word)) && !word.is_empty() {
        Ok((&input[word.len()..], &input[..word.len()]))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )))
    }
}

fn most_named_year(texts: &[&str]) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in texts.iter().take(40) {
        for w in t.split_whitespace() {
            if let Some(y) = year_in(w) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, y.clone()))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The police force body of the embedded vocabulary.
    fn police() -> &'static Body {
        crate::inspectorates::embedded()
            .bodies()
            .find(|b| b.field == BodyField::Force)
            .expect("a police body")
    }

    #[test]
    fn body_names() {
        assert_eq!(
            body_name("Leicestershire Police is good", &police().words).map(|r| r.1),
            Ok("Leicestershire Police")
        );
        assert_eq!(
            body_name("Avon and Somerset Constabulary, which", &police().words).map(|r| r.1),
            Ok("Avon and Somerset Constabulary")
        );
        assert_eq!(
            body_name("City of London Police.", &police().words).map(|r| r.1),
            Ok("City of London Police")
        );
        assert!(body_name("the police", &police().words).is_err());
    }

    #[test]
    fn force_from_title_and_text() {
        assert_eq!(
            inspected_in_title("PEEL 2021/22 – An inspection of Leicestershire Police").as_deref(),
            Some("Leicestershire Police")
        );
        assert_eq!(
            inspected_in_title(
                "Inspection of Bournemouth, Christchurch and Poole local authority children’s services"
            )
            .as_deref(),
            Some("Bournemouth, Christchurch and Poole")
        );
        assert_eq!(
            inspected_in_title("Inspection of services for children in need"),
            None
        );
        let texts = [
            "Leicestershire Police is good.",
            "HMIC found that Leicestershire Police:",
            "The Police are",
        ];
        assert_eq!(
            most_named_body(&texts, police()).as_deref(),
            Some("Leicestershire Police")
        );
    }

    #[test]
    fn years() {
        assert_eq!(
            year_in("PEEL 2021/22 – An inspection").as_deref(),
            Some("2021/22")
        );
        assert_eq!(
            year_in("PEEL: Police legitimacy 2016").as_deref(),
            Some("2016")
        );
        assert_eq!(year_in("Page 20160"), None);
    }

    #[test]
    fn publication_dates() {
        let t = |text, page| Text {
            text,
            page,
            path: Vec::new(),
        };
        let cover = [
            t(
                "Promoting improvements in policing to make everyone safer",
                1,
            ),
            t("December 2016", 1),
            t("© HMIC 2016", 2),
        ];
        assert_eq!(publication_date(&cover).as_deref(), Some("December 2016"));
        let labelled = [
            t("Inspection date: 19 November 2013 – 11 December 2013", 1),
            t("Report published: 7 July 2014", 1),
        ];
        assert_eq!(publication_date(&labelled).as_deref(), Some("7 July 2014"));
        let none = [
            t("Inspection dates: 10 to 14 June 2024", 1),
            t("Last updated 01/05/2019", 1),
            t("In March 2016 the force changed its model.", 1),
        ];
        assert_eq!(publication_date(&none), None);
        // A date deep in the body is not the cover's.
        assert_eq!(publication_date(&[t("June 2016", 9)]), None);
        assert!(date("1st March 2022").is_ok());
        assert!(date("Mayday 2022").is_err());
    }

    #[test]
    fn inspection_dates_give_the_year() {
        let t = |text| Text {
            text,
            page: 1,
            path: Vec::new(),
        };
        let texts = [
            t("Hartlepool Borough Council"),
            t("Inspection date: 19 November 2013 – 11 December 2013"),
            t("Report published: 11 February 2014"),
        ];
        assert_eq!(inspection_dates_year(&texts).as_deref(), Some("2013"));
        assert_eq!(inspection_dates_year(&texts[2..]), None);
        // Set in bold in the title block, the dates line became a heading.
        let under = [Text {
            text: "Lead inspector: Neil Penswick HMI",
            page: 1,
            path: vec!["Inspection dates: 4 June to 15 June 2018"],
        }];
        assert_eq!(inspection_dates_year(&under).as_deref(), Some("2018"));
    }

    #[test]
    fn a_body_named_beside_the_title_loses_the_words_of_its_kind() {
        let vocab = crate::inspectorates::embedded();
        let ofsted = vocab
            .bodies()
            .find(|b| b.field == BodyField::InspectedBody)
            .expect("a local authority body");
        for (title, want) in [
            (
                "Cheshire East Council – Inspection of children’s social care services",
                "Cheshire East",
            ),
            (
                "London Borough of Enfield – Inspection of children’s social care services",
                "Enfield",
            ),
            (
                "Area SEND inspection of Plymouth Local Area Partnership",
                "Plymouth",
            ),
        ] {
            let (_, body) = inspected(title, &[], Some(ofsted), vocab);
            assert_eq!(body.as_deref(), Some(want), "{title}");
            // Also when the report did not say which inspectorate wrote it.
            let (_, body) = inspected(title, &[], None, vocab);
            assert_eq!(body.as_deref(), Some(want), "{title}");
        }
        let (_, body) = inspected(
            "Inspection of Sunderland City Council local authority children’s services",
            &[],
            Some(ofsted),
            vocab,
        );
        assert_eq!(body.as_deref(), Some("Sunderland City Council"));
        assert_eq!(named_beside_title("PEEL: Police legitimacy 2016"), None);
        assert_eq!(
            named_beside_title("Inspection of services – for children and families"),
            None
        );
    }

    #[test]
    fn local_authority_named_in_title_is_the_inspected_body() {
        assert_eq!(
            inspected_in_title("Inspection of Barnsley local authority children’s services")
                .as_deref(),
            Some("Barnsley")
        );
        assert_eq!(
            inspected_in_title(
                "Inspection of Bournemouth, Christchurch and Poole local authority children’s services"
            )
            .as_deref(),
            Some("Bournemouth, Christchurch and Poole")
        );
        assert_eq!(
            inspected_in_title("Inspection of children’s social care services"),
            None
        );
        assert_eq!(inspected_in_title("PEEL 2016: Leicestershire Police"), None);
    }
}
