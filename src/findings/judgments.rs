//! Graded judgments.
//!
//! In: the parsed structure, its running texts, the report metadata and the
//! [`Vocabulary`] (its grades and scales, and how reports refer to the
//! inspected body: "the force"). Out: [`Judgment`]s, and the scale they are
//! on ([`scale_of`]).
//!
//! Three shapes, each recognised by the language inspectorates use:
//! - **Sentences** naming the inspected body (or "the force") and a grade
//!   followed by what it was graded on: "Leicestershire Police is adequate
//!   at responding to the public.", "…has been assessed as good in respect
//!   of …", "In 2017, we judged the force to be good at treating the public
//!   fairly." (the year it was made is kept), "… judged as 'good' at …".
//!   A grade word not followed by "at", "in" or "in respect of" is not a
//!   judgment ("good progress", "outstanding suspects").
//! - **Grade banners**: a section whose first block is a bare grade ("Good"
//!   under "Overall judgment" or "Summary of findings"); the area is the
//!   question heading the section belongs to.
//! - **Judgment tables**: a table whose header cells are grades (areas
//!   listed under each), or a two-column table whose second column holds
//!   grades.
//! - **Outcome statements**: on a scale whose grades are phrases stated
//!   inside a sentence ([`Scale::stated_under`]), the paragraph under a
//!   heading or box label of that scale ("Inspection outcome"), or opening
//!   with it, that holds one of its grades: the area is the label.
//!
//! The same (area, grade) stated twice is one judgment; a sentence that
//! restates a banner's grade inside its section is the banner's evidence.

use super::text::Text;
use crate::inspectorates::{Grade, Scale, Vocabulary};
use crate::parse::Parsed;
use crate::record::{Block, Judgment, Section};
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case},
    combinator::opt,
    sequence::{delimited, terminated},
};

/// A grade word of the vocabulary at the start of `input`, optionally in
/// quotes.
pub fn grade<'a, 'v>(input: &'a str, vocab: &'v Vocabulary) -> IResult<&'a str, &'v str> {
    let quote = || {
        opt(alt((
            tag("'"),
            tag("‘"),
            tag("’"),
            tag("\""),
            tag("“"),
            tag("”"),
        )))
    };
    let (rest, _) = quote().parse(input)?;
    for g in vocab.grades() {
        let g = g.as_str();
        if let Ok((after, _)) = tag_no_case::<_, _, nom::error::Error<&str>>(g).parse(rest) {
            let (after, _) = quote().parse(after)?;
            return Ok((after, g));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Tag,
    )))
}

/// What a graded judgment is about: " at …", " in respect of …", " in …".
fn area_intro(input: &str) -> IResult<&str, &str> {
    delimited(
        tag(" "),
        alt((tag("in respect of"), tag("at"), tag("in"))),
        tag(" "),
    )
    .parse(input)
}

/// The verb phrase that introduces a grade: "is ", "to be ", "as ".
fn verb(input: &str) -> IResult<&str, &str> {
    terminated(
        alt((
            tag("has been assessed as"),
            tag("judged as"),
            tag("to be"),
            tag("is"),
        )),
        tag(" "),
    )
    .parse(input)
}

/// A judgment stated in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated<'v> {
    /// The grade.
    pub grade: &'v str,
    /// What was graded.
    pub area: String,
    /// The year it was made, when the sentence says ("In 2017, we judged…").
    pub year: Option<String>,
    /// Grading language ("assessed as", "judged … to be") rather than a
    /// plain "is".
    pub explicit: bool,
}

/// A judgment in one sentence, when it has one. `subjects` are the
/// inspected body's names.
pub fn in_sentence<'v>(
    sentence: &str,
    subjects: &[&str],
    vocab: &'v Vocabulary,
) -> Option<Stated<'v>> {
    let s = sentence.trim();
    for (at, _) in s.match_indices(' ') {
        let before = &s[..at];
        let Ok((rest, verb)) = verb(&s[at + 1..]) else {
            continue;
        };
        // The subject: the inspected body, what the vocabulary calls such a
        // body ("the force"), or "it" right after "judged", ending just
        // before the verb.
        let subject_ok = subjects.iter().any(|sub| before.ends_with(sub))
            || vocab
                .bodies()
                .flat_map(|b| &b.called)
                .any(|c| before.ends_with(c.as_str()))
            || (before.ends_with("judged") && s[at + 1..].starts_with("as"));
        if !subject_ok {
            continue;
        }
        let Ok((rest, g)) = grade(rest, vocab) else {
            continue;
        };
        let Ok((area, _)) = area_intro(rest) else {
            continue;
        };
        let area = without_attribution(area.trim())
            .trim_end_matches(['.', ';', ','])
            .trim();
        if area.is_empty() || area.split_whitespace().count() > 25 {
            continue;
        }
        let year = before
            .split([' ', ','])
            .filter_map(|w| {
                super::metadata::year(w)
                    .ok()
                    .filter(|(r, _)| r.is_empty())
                    .map(|(_, y)| y.to_string())
            })
            .next()
            .filter(|_| before.to_lowercase().contains("we judged") || before.starts_with("In "));
        return Some(Stated {
            grade: g,
            area: area.to_string(),
            year,
            explicit: verb != "is",
        });
    }
    None
}

/// Drop a headline's source attribution: "… reduces crime - HMIC".
fn without_attribution(text: &str) -> &str {
    for dash in [" - ", " – ", " — "] {
        if let Some((head, tail)) = text.rsplit_once(dash)
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_uppercase() || c == '&')
        {
            return head;
        }
    }
    text
}

/// Split running text into sentences.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(". ").map(str::trim)
}

/// Find every judgment in the report.
pub fn find(
    parsed: &Parsed,
    texts: &[Text<'_>],
    report: &crate::record::Report,
    vocab: &Vocabulary,
) -> Vec<Judgment> {
    let mut out: Vec<Judgment> = Vec::new();
    let report_title = report.title.clone();
    let subjects: Vec<String> = report
        .force
        .iter()
        .chain(&report.inspected_body)
        .cloned()
        .collect();
    let subject_refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
    let mut sentence_hits: Vec<(Judgment, Vec<String>)> = Vec::new();
    let title_text = Text {
        text: &report_title,
        page: 1,
        path: vec![],
    };
    for t in std::iter::once(&title_text).chain(texts.iter()) {
        // A grade stated with a plain "is" counts when the sentence stands
        // alone (a banner, a one-sentence paragraph, a title); inside
        // running prose it describes rather than grades ("… is good at
        // identifying and tackling corruption. It has assessed …").
        let alone = sentences(t.text).count() == 1;
        for s in sentences(t.text) {
            if let Some(Stated {
                grade: g,
                area,
                year,
                explicit,
            }) = in_sentence(s, &subject_refs, vocab)
                && (alone || explicit)
            {
                let j = Judgment {
                    area,
                    grade: Grade(g.to_string()),
                    scale: String::new(),
                    page: t.page,
                    year,
                    evidence: s.to_string(), bbox: None,
                };
                sentence_hits.push((j, t.path.iter().map(|p| p.to_string()).collect()));
            }
        }
    }
    // Banners.
    let mut banners: Vec<(Judgment, Vec<String>)> = Vec::new();
    for s in &parsed.sections {
        banners_in(s, &mut vec![], &mut banners, vocab);
    }
    // Tables.
    for t in &parsed.tables {
        out.extend(from_table(t, vocab));
    }
    let mut outcomes = Vec::new();
    stated_in(&parsed.preamble, None, vocab, &mut outcomes);
    for s in &parsed.sections {
        stated_in_section(s, vocab, &mut outcomes);
    }
    for j in outcomes {
        push(&mut out, j);
    }
    for (b, _) in &banners {
        push(&mut out, b.clone());
    }
    for (j, path) in sentence_hits {
        let restates = banners.iter().any(|(b, bpath)| {
            b.grade == j.grade && !path.is_empty() && bpath.starts_with(&path[..1])
        });
        if !restates {
            push(&mut out, j);
        }
    }
    out
}

fn push(out: &mut Vec<Judgment>, j: Judgment) {
    let key = |j: &Judgment| (j.area.to_lowercase(), j.grade.clone());
    if !out.iter().any(|o| key(o) == key(&j)) {
        out.push(j);
    }
}

fn banners_in(
    s: &Section,
    path: &mut Vec<String>,
    out: &mut Vec<(Judgment, Vec<String>)>,
    vocab: &Vocabulary,
) {
    path.push(s.heading.clone());
    if let Some(Block::Paragraph { text, page, .. }) = s.blocks.first()
        && vocab.is_grade(text)
        && let Ok((_, g)) = grade(text.trim(), vocab)
    {
        let question = path.first().cloned().unwrap_or_default();
        let area = match question.split_once(" – ") {
            Some((_, q)) if q.ends_with('?') => q.to_string(),
            _ => question,
        };
        let j = Judgment {
            area,
            grade: Grade(g.to_string()),
            scale: String::new(),
            page: *page,
            year: None,
            evidence: format!("{}: {}", s.heading, text.trim()), bbox: None,
        };
        out.push((j, path.clone()));
    }
    for c in &s.sections {
        banners_in(c, path, out, vocab);
    }
    path.pop();
}

/// Outcome statements in a section and its sub-sections.
fn stated_in_section(s: &Section, vocab: &Vocabulary, out: &mut Vec<Judgment>) {
    stated_in(&s.blocks, Some(&s.heading), vocab, out);
    for c in &s.sections {
        stated_in_section(c, vocab, out);
    }
}

/// The label of a stated-outcome scale `text` is, or opens with: (the
/// label as printed, the rest of the text, the scale).
fn outcome_label<'t, 'v>(text: &'t str, vocab: &'v Vocabulary) -> Option<(&'t str, &'t str, &'v Scale)> {
    let text = text.trim();
    vocab.scales().iter().find_map(|scale| {
        scale.stated_under.iter().find_map(|label| {
            let head = text.get(..label.len())?;
            let rest = &text[label.len()..];
            let bounded = rest.is_empty() || rest.starts_with([' ', ':', '.']);
            (head.eq_ignore_ascii_case(label) && bounded)
                .then(|| (head, rest.trim_start_matches([':', '.']).trim(), scale))
        })
    })
}

/// Outcome statements among `blocks`, `heading` the section's heading: a
/// paragraph under a label (the heading, or a label paragraph just
/// before), or opening with one, that holds a grade of the label's scale.
fn stated_in(blocks: &[Block], heading: Option<&str>, vocab: &Vocabulary, out: &mut Vec<Judgment>) {
    let mut under = heading
        .and_then(|h| outcome_label(h, vocab))
        .filter(|(_, rest, _)| rest.is_empty())
        .map(|(label, _, scale)| (label.to_string(), scale));
    for b in blocks {
        let Block::Paragraph { text, page, .. } = b else {
            under = None;
            continue;
        };
        let (label, body, scale) = match (outcome_label(text, vocab), &under) {
            (Some((label, "", scale)), _) => {
                under = Some((label.to_string(), scale));
                continue;
            }
            (Some((label, rest, scale)), _) => (label.to_string(), rest, scale),
            (None, Some((label, scale))) => (label.clone(), text.as_str(), *scale),
            (None, None) => continue,
        };
        under = None;
        let lower = body.to_lowercase();
        if let Some(g) = scale.grades.iter().find(|g| lower.contains(g.as_str())) {
            out.push(Judgment {
                area: label,
                grade: Grade(g.clone()),
                scale: String::new(),
                page: *page,
                year: None,
                evidence: sentences(body)
                    .find(|s| s.to_lowercase().contains(g.as_str()))
                    .unwrap_or(body)
                    .to_string(), bbox: None,
            });
        }
    }
}

/// A table cell's area without its item number: "1. Children who need
/// help and protection" → "Children who need help and protection".
fn unnumbered(cell: &str) -> &str {
    let cell = cell.trim();
    // "2.1 Adoption performance": a section number of digits and dots.
    if let Some((number, rest)) = cell.split_once(' ')
        && number.contains('.')
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.starts_with(|c: char| c.is_ascii_digit())
        && !rest.trim().is_empty()
    {
        return rest.trim();
    }
    match crate::parse::text::item_number(cell) {
        Ok((rest, _)) if !rest.trim().is_empty() => rest.trim(),
        _ => cell,
    }
}

/// Judgments from a table: grades as column headers with areas under them,
/// or areas in the first filled column and grades in the next (a sub-area
/// indented by an empty first cell: "| | 2.1 Adoption performance | Good |").
fn from_table(t: &crate::record::Table, vocab: &Vocabulary) -> Vec<Judgment> {
    let mut out = Vec::new();
    let header_grades: Vec<Option<&str>> = t
        .header
        .iter()
        .map(|h| {
            grade(h.trim(), vocab)
                .ok()
                .filter(|(r, _)| r.trim().is_empty())
                .map(|(_, g)| g)
        })
        .collect();
    if header_grades.iter().filter(|g| g.is_some()).count() >= 2 {
        for row in &t.rows {
            for (k, cell) in row.iter().enumerate() {
                if let (Some(Some(g)), false) = (header_grades.get(k), cell.trim().is_empty()) {
                    out.push(Judgment {
                        area: unnumbered(cell).to_string(),
                        grade: Grade(g.to_string()),
                        scale: String::new(),
                        page: t.page,
                        year: None,
                        evidence: format!("{} | {}", t.header[k], cell), bbox: None,
                    });
                }
            }
        }
        return out;
    }
    for row in &t.rows {
        let filled = row.iter().position(|c| !c.trim().is_empty()).unwrap_or(0);
        if let [area, g, ..] = &row[filled..]
            && vocab.is_grade(g)
            && !area.trim().is_empty()
            && let Ok((_, g)) = grade(g.trim(), vocab)
        {
            out.push(Judgment {
                area: unnumbered(area).to_string(),
                grade: Grade(g.to_string()),
                scale: String::new(),
                page: t.page,
                year: None,
                evidence: row.join(" | "), bbox: None,
            });
        }
    }
    out
}

/// The scale the grades belong to. Candidates are the scales of the
/// report's inspectorate when it names one and one of them holds every
/// grade used, else all scales holding every grade. Among them: one that
/// holds a grade only it has, else one in use in the report's year, else
/// the first in the vocabulary's order.
pub fn scale_of<'v>(
    judgments: &[Judgment],
    inspectorate: Option<&str>,
    year: Option<&str>,
    vocab: &'v Vocabulary,
) -> Option<&'v str> {
    if judgments.is_empty() {
        return None;
    }
    let holds_all = |s: &&Scale| {
        judgments
            .iter()
            .all(|j| s.grades.iter().any(|g| g == j.grade.as_str()))
    };
    let fits: Vec<&Scale> = vocab.scales().iter().filter(holds_all).collect();
    let own: Vec<&Scale> = fits
        .iter()
        .copied()
        .filter(|s| inspectorate.is_some_and(|i| s.inspectorates.iter().any(|x| x == i)))
        .collect();
    let fits = if own.is_empty() { fits } else { own };
    let only_here = |grade: &str| {
        vocab
            .scales()
            .iter()
            .filter(|o| o.grades.iter().any(|g| g == grade))
            .count()
            == 1
    };
    let distinctive = fits.iter().find(|s| {
        judgments
            .iter()
            .any(|j| only_here(j.grade.as_str()) && s.grades.iter().any(|g| g == j.grade.as_str()))
    });
    let current = fits.iter().find(|s| year.is_some_and(|y| s.in_use(y)));
    distinctive
        .or(current)
        .or(fits.first())
        .map(|s| s.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    /// [`super::in_sentence`] with the embedded vocabulary.
    fn in_sentence(sentence: &str, subjects: &[&str]) -> Option<Stated<'static>> {
        super::in_sentence(sentence, subjects, embedded())
    }

    /// [`super::scale_of`] with the embedded vocabulary.
    fn scale_of(
        j: &[Judgment],
        inspectorate: Option<&str>,
        year: Option<&str>,
    ) -> Option<&'static str> {
        super::scale_of(j, inspectorate, year, embedded())
    }

    const SUBJ: &[&str] = &["Leicestershire Police"];

    #[test]
    fn sentence_shapes() {
        let j = in_sentence(
            "Leicestershire Police is adequate at responding to the public.",
            SUBJ,
        )
        .expect("judgment");
        assert_eq!(
            (j.grade, j.area.as_str()),
            ("adequate", "responding to the public")
        );
        let j = in_sentence(
            "In 2017, we judged the force to be good at treating the public fairly.",
            SUBJ,
        )
        .expect("judgment");
        assert_eq!(
            (j.grade, j.area.as_str(), j.year.as_deref()),
            ("good", "treating the public fairly", Some("2017"))
        );
        let j = in_sentence(
            "Leicestershire Police is good in the way it treats the public and its workforce.",
            SUBJ,
        )
        .expect("j");
        assert_eq!(j.area, "the way it treats the public and its workforce");
        let j = in_sentence("Leicestershire Police judged as 'good' at how legitimately it keeps people safe and reduces crime - HMIC", SUBJ)
            .expect("j");
        assert_eq!(j.grade, "good");
        assert_eq!(
            j.area,
            "how legitimately it keeps people safe and reduces crime"
        );
        let j = in_sentence("Leicestershire Police has been assessed as good in respect of the legitimacy with which it keeps people safe.", SUBJ)
            .expect("j");
        assert_eq!(j.area, "the legitimacy with which it keeps people safe");
    }

    #[test]
    fn no_false_judgments() {
        assert!(
            in_sentence(
                "The force has made good progress in improving its vetting procedures.",
                SUBJ
            )
            .is_none()
        );
        assert!(in_sentence("It is good at tackling corruption.", SUBJ).is_none());
        assert!(in_sentence("Officers arrested outstanding suspects in the area.", SUBJ).is_none());
        assert!(in_sentence("Leicestershire Police is good.", SUBJ).is_none());
    }

    fn para(text: &str) -> Block {
        Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page: 1,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    #[test]
    fn outcome_statements_under_their_label() {
        let mut out = Vec::new();
        let blocks = vec![
            para("Inspection dates: 1 to 5 May 2023"),
            para("Inspection outcome"),
            para("The local area partnership’s arrangements typically lead to positive experiences and outcomes for children. It is taking action."),
            para("Later text lead to inconsistent experiences and outcomes for some."),
        ];
        stated_in(&blocks, None, embedded(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].area, "Inspection outcome");
        assert_eq!(
            out[0].grade.as_str(),
            "typically lead to positive experiences and outcomes"
        );
        let mut out = Vec::new();
        let blocks = vec![para(
            "Inspection outcome There are widespread and/or systemic failings leading to concerns.",
        )];
        stated_in(&blocks, None, embedded(), &mut out);
        assert_eq!(out[0].grade.as_str(), "widespread and/or systemic failings");
        let mut out = Vec::new();
        let blocks = vec![para(
            "The arrangements lead to inconsistent experiences and outcomes for children.",
        )];
        stated_in(&blocks, Some("Inspection outcome"), embedded(), &mut out);
        assert_eq!(out[0].grade.as_str(), "inconsistent experiences and outcomes");
        let mut out = Vec::new();
        stated_in(&blocks, Some("Inspection outcomes elsewhere"), embedded(), &mut out);
        assert!(out.is_empty());
        assert_eq!(
            scale_of(&[Judgment { grade: Grade("widespread and/or systemic failings".into()), ..out_one() }], Some("Ofsted"), Some("2023")),
            Some("ofsted-send-2023")
        );
    }

    fn out_one() -> Judgment {
        Judgment {
            area: "Inspection outcome".into(),
            grade: Grade("good".into()),
            scale: String::new(),
            page: 1,
            year: None,
            evidence: String::new(), bbox: None,
        }
    }

    #[test]
    fn a_sub_area_indented_by_an_empty_cell_is_read() {
        let t = crate::record::Table { footnote_run: 0,
            caption: None,
            page: 2,
            pages: vec![],
            header: vec![],
            rows: vec![
                vec!["2. Children looked after".into(), "Good".into()],
                vec!["".into(), "2.1 Adoption performance".into(), "Good".into()],
            ],
            footnote_refs: vec![], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
        };
        let found = from_table(&t, crate::inspectorates::embedded());
        let areas: Vec<&str> = found.iter().map(|j| j.area.as_str()).collect();
        assert_eq!(areas, ["Children looked after", "Adoption performance"]);
    }

    #[test]
    fn table_areas_lose_their_item_numbers() {
        assert_eq!(
            unnumbered(" 1. Children who need help and protection"),
            "Children who need help and protection"
        );
        assert_eq!(unnumbered("Overall effectiveness"), "Overall effectiveness");
        assert_eq!(unnumbered("2."), "2.");
    }

    #[test]
    fn scale_detection() {
        let j = |g: &str| Judgment {
            area: "x".into(),
            grade: Grade(g.into()),
            scale: String::new(),
            page: 1,
            year: None,
            evidence: String::new(), bbox: None,
        };
        assert_eq!(
            scale_of(&[j("good"), j("adequate")], None, None),
            Some("peel-2021")
        );
        assert_eq!(
            scale_of(&[j("good"), j("requires improvement")], None, None),
            Some("peel-2014")
        );
        assert_eq!(
            scale_of(
                &[j("good"), j("requires improvement")],
                Some("HMICFRS"),
                None
            ),
            Some("peel-2014")
        );
        assert_eq!(
            scale_of(&[j("requires improvement to be good")], None, None),
            Some("ofsted")
        );
        // Ofsted's older framework shares PEEL's words, not its scale.
        assert_eq!(
            scale_of(
                &[j("good"), j("requires improvement")],
                Some("Ofsted"),
                None
            ),
            Some("ofsted-2013")
        );
        assert_eq!(
            scale_of(&[j("good"), j("adequate")], Some("Ofsted"), None),
            Some("peel-2021")
        );
        // Only "good": the year decides between an inspectorate's scales.
        assert_eq!(
            scale_of(&[j("good")], Some("Ofsted"), Some("2014")),
            Some("ofsted-2013")
        );
        assert_eq!(
            scale_of(&[j("good")], Some("Ofsted"), Some("2023")),
            Some("ofsted")
        );
        assert_eq!(
            scale_of(&[j("good")], Some("HMICFRS"), Some("2021/22")),
            Some("peel-2021")
        );
    }
}
