//! The vocabulary itself: [`Vocabulary`] read from `inspectorates.json`
//! (embedded, parsed once: [`embedded`]) or from any text of that shape.

use super::scale::Scale;
use serde::Deserialize;
use std::sync::OnceLock;

/// The embedded vocabulary's text, `src/inspectorates/inspectorates.json`.
pub const EMBEDDED_JSON: &str = include_str!("inspectorates.json");

/// The vocabulary built into the binary, parsed once.
pub fn embedded() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        // The file is part of the binary and checked by a unit test, so a
        // parse failure here is a build defect, not bad input.
        Vocabulary::from_json(EMBEDDED_JSON).unwrap_or_default()
    })
}

/// Everything the stages know about inspectorates and their reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vocabulary {
    inspectorates: Vec<Inspectorate>,
    labels: Vec<(FindingKind, String)>,
    label_prefixes: Vec<(FindingKind, String)>,
    continued_by: Vec<String>,
    responsible_body: Vec<String>,
    no_findings: NoFindings,
    scales: Vec<Scale>,
    grades: Vec<String>,
    /// Template section titles by [`match_key`], with their depth.
    sections: Vec<(String, u8)>,
}

/// A text reduced to its lower-case letters and digits: the key every
/// stage compares titles, headings and labels by, whatever their spacing,
/// punctuation or case.
pub fn match_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One inspectorate: its names, what it inspects, its programmes and scales.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspectorate {
    /// Stable identifier ("hmicfrs").
    pub id: String,
    /// The names it has gone by, each with the phrases that identify it.
    /// Reports are matched against the names in order (over every
    /// inspectorate in order), so a name whose phrase contains another's
    /// ("hmicfrs" holds "hmic") comes first.
    pub names: Vec<Name>,
    /// What its reports are about.
    pub inspects: Body,
    /// Its inspection programmes.
    #[serde(default)]
    pub programmes: Vec<Programme>,
    /// The scales it grades on.
    #[serde(default)]
    pub scales: Vec<Scale>,
    /// Finding labels its reports use besides the shared ones.
    #[serde(default)]
    pub finding_labels: Labels,
    /// Section titles its report templates always set at the same depth.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// A section title of a report template and the depth it always has there.
///
/// Where a report has no contents page, the level of a heading style comes
/// from its rank among the styles; a template may set its last pages'
/// sections in a smaller type than its first ones, so rank alone puts them
/// one level too deep. A heading whose text is one of these titles votes
/// for its style's depth, as a contents entry does.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The title as printed ("Information about this inspection"); matched
    /// on its letters and digits only, in any case.
    pub title: String,
    /// 1 for a section of the report itself (under its title, when the
    /// title heads the report), 2 for a section within one of those.
    pub depth: u8,
}

/// A name an inspectorate goes by.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Name {
    /// The name as `report.inspectorate` gives it ("HMICFRS").
    pub name: String,
    /// The name written out.
    #[serde(default)]
    pub full_name: String,
    /// Lower-case phrases whose presence in a report's text names it.
    pub phrases: Vec<String>,
}

/// The kind of body an inspectorate inspects, and how reports name one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// What it is ("police force", "local authority").
    pub what: String,
    /// The record field its name goes in.
    pub field: BodyField,
    /// Words a name of such a body ends in ("Constabulary"); none when such
    /// names have no telling ending.
    #[serde(default)]
    pub words: Vec<String>,
    /// First words of a name ending in one of `words` that make it generic,
    /// not a body's name ("The", "Each").
    #[serde(default)]
    pub not_names: Vec<String>,
    /// How reports refer to the body without its name ("the force").
    #[serde(default)]
    pub called: Vec<String>,
    /// Words around a body's name that say what kind of body it is, not
    /// which ("London Borough of " Enfield, Cheshire East " Council"): the
    /// record keeps the name without them.
    #[serde(default)]
    pub kind_words: KindWords,
}

/// Words before and after a body's name that name its kind.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindWords {
    /// Words before the name, longest first ("London Borough of").
    #[serde(default)]
    pub before: Vec<String>,
    /// Words after the name, longest first ("County Council").
    #[serde(default)]
    pub after: Vec<String>,
}

impl Body {
    /// `name` without the words of [`Body::kind_words`] around it (each
    /// side once, the first that matches); the name itself when nothing
    /// would be left.
    pub fn bare_name<'a>(&self, name: &'a str) -> &'a str {
        let mut n = name.trim();
        if let Some(rest) = self
            .kind_words
            .before
            .iter()
            .find_map(|w| n.strip_prefix(w.as_str()))
        {
            n = rest.trim_start();
        }
        if let Some(rest) = self
            .kind_words
            .after
            .iter()
            .find_map(|w| n.strip_suffix(w.as_str()))
        {
            n = rest.trim_end();
        }
        if n.is_empty() { name.trim() } else { n }
    }
}

/// The `report` field a body's name goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyField {
    /// `report.force`.
    Force,
    /// `report.inspected_body`.
    InspectedBody,
}

/// An inspection programme ("PEEL").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Its name as `report.programme` gives it.
    pub name: String,
    /// Lower-case phrases whose presence in a report's text names it.
    pub phrases: Vec<String>,
    /// Its themes or pillars, lower case, as `report.theme` gives them.
    #[serde(default)]
    pub themes: Vec<String>,
}

/// A kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// Areas for improvement.
    AreaForImprovement,
    /// Causes of concern.
    CauseOfConcern,
    /// Recommendations.
    Recommendation,
    /// Innovative or promising practice.
    InnovativePractice,
}

/// The labels that announce each kind of finding, lower case.
///
/// A label of the four lists is matched against the whole of a heading or
/// short paragraph ("Areas for improvement", a trailing colon, full stop or
/// question mark allowed). A phrase of `starts_with` is matched at its
/// start: the heading is the phrase alone or the phrase followed by a short
/// tail opening with one of `continued_by` ("What needs to improve",
/// "What needs to improve in this area?"), so a sentence that merely
/// begins with the words is not a label.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Labels of areas for improvement.
    #[serde(default)]
    pub areas_for_improvement: Vec<String>,
    /// Labels of causes of concern.
    #[serde(default)]
    pub causes_of_concern: Vec<String>,
    /// Labels of recommendations.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// Labels of innovative practice.
    #[serde(default)]
    pub innovative_practice: Vec<String>,
    /// Label phrases matched at the start of a heading, by kind.
    #[serde(default)]
    pub starts_with: LabelPhrases,
    /// First words of the tail a `starts_with` phrase may have ("in").
    #[serde(default)]
    pub continued_by: Vec<String>,
    /// Column headings of a findings table that name the body responsible
    /// for the finding on the same row ("responsible body").
    #[serde(default)]
    pub responsible_body: Vec<String>,
}

/// Label phrases by kind of finding, lower case.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelPhrases {
    /// Of areas for improvement.
    #[serde(default)]
    pub areas_for_improvement: Vec<String>,
    /// Of causes of concern.
    #[serde(default)]
    pub causes_of_concern: Vec<String>,
    /// Of recommendations.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// Of innovative practice.
    #[serde(default)]
    pub innovative_practice: Vec<String>,
}

/// Every phrase of four lists with its kind, kind by kind.
fn pairs(lists: [&[String]; 4]) -> impl Iterator<Item = (FindingKind, &String)> {
    const KINDS: [FindingKind; 4] = [
        FindingKind::AreaForImprovement,
        FindingKind::CauseOfConcern,
        FindingKind::Recommendation,
        FindingKind::InnovativePractice,
    ];
    KINDS
        .into_iter()
        .zip(lists)
        .flat_map(|(kind, list)| list.iter().map(move |l| (kind, l)))
}

impl Labels {
    /// Every whole label with its kind, kind by kind.
    fn pairs(&self) -> impl Iterator<Item = (FindingKind, &String)> {
        pairs([
            &self.areas_for_improvement,
            &self.causes_of_concern,
            &self.recommendations,
            &self.innovative_practice,
        ])
    }
}

impl LabelPhrases {
    /// Every phrase with its kind, kind by kind.
    fn pairs(&self) -> impl Iterator<Item = (FindingKind, &String)> {
        pairs([
            &self.areas_for_improvement,
            &self.causes_of_concern,
            &self.recommendations,
            &self.innovative_practice,
        ])
    }
}

/// How a report says it has no findings of a kind.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoFindings {
    /// Lower-case phrases that say so anywhere in a text.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Lower-case phrases that say so at the start of a text.
    #[serde(default)]
    pub starts_with: Vec<String>,
}

/// The data file's shape.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    inspectorates: Vec<Inspectorate>,
    #[serde(default)]
    finding_labels: Labels,
    #[serde(default)]
    no_findings: NoFindings,
}

impl Vocabulary {
    /// Read a vocabulary from text shaped like `inspectorates.json`.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let file: File = serde_json::from_str(text)?;
        let every = || {
            std::iter::once(&file.finding_labels)
                .chain(file.inspectorates.iter().map(|i| &i.finding_labels))
        };
        let labels = every()
            .flat_map(Labels::pairs)
            .map(|(k, l)| (k, l.clone()))
            .collect();
        let label_prefixes = every()
            .flat_map(|l| l.starts_with.pairs())
            .map(|(k, l)| (k, l.clone()))
            .collect();
        let continued_by = every()
            .flat_map(|l| l.continued_by.iter().cloned())
            .collect();
        let responsible_body = every()
            .flat_map(|l| l.responsible_body.iter().cloned())
            .collect();
        let scales: Vec<Scale> = file
            .inspectorates
            .iter()
            .flat_map(|i| {
                i.scales.iter().map(|s| {
                    let mut s = s.clone();
                    for n in &i.names {
                        if !s.inspectorates.contains(&n.name) {
                            s.inspectorates.push(n.name.clone());
                        }
                    }
                    s
                })
            })
            .collect();
        let grades = super::scale::longest_first(&scales);
        let sections = file
            .inspectorates
            .iter()
            .flat_map(|i| &i.sections)
            .map(|s| (match_key(&s.title), s.depth))
            .collect();
        Ok(Self {
            inspectorates: file.inspectorates,
            labels,
            label_prefixes,
            continued_by,
            responsible_body,
            no_findings: file.no_findings,
            scales,
            grades,
            sections,
        })
    }

    /// The depth a template always gives a heading of this text (see
    /// [`Section`]), over every inspectorate's templates: the titles are
    /// particular to their templates, and the parse stage reads headings
    /// before the report's inspectorate is known.
    pub fn section_depth(&self, heading: &str) -> Option<u8> {
        let key = match_key(heading);
        self.sections
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, depth)| depth)
    }

    /// Every inspectorate, in the data's order.
    pub fn inspectorates(&self) -> &[Inspectorate] {
        &self.inspectorates
    }

    /// The inspectorate a report's lower-case text names, and the name it
    /// goes by there: the first name (in the data's order) one of whose
    /// phrases occurs in the text.
    pub fn inspectorate_in(&self, lower: &str) -> Option<(&Inspectorate, &str)> {
        self.inspectorates.iter().find_map(|i| {
            i.names
                .iter()
                .find(|n| n.phrases.iter().any(|p| lower.contains(p.as_str())))
                .map(|n| (i, n.name.as_str()))
        })
    }

    /// What every inspectorate inspects, in the data's order.
    pub fn bodies(&self) -> impl Iterator<Item = &Body> {
        self.inspectorates.iter().map(|i| &i.inspects)
    }

    /// Every programme of every inspectorate, in the data's order.
    pub fn programmes(&self) -> impl Iterator<Item = &Programme> {
        self.inspectorates.iter().flat_map(|i| &i.programmes)
    }

    /// Every finding label with its kind: the shared labels, then each
    /// inspectorate's own. Each is matched against a whole heading.
    pub fn finding_labels(&self) -> &[(FindingKind, String)] {
        &self.labels
    }

    /// Every label phrase matched at the start of a heading, with its kind:
    /// the shared ones, then each inspectorate's own.
    pub fn finding_label_prefixes(&self) -> &[(FindingKind, String)] {
        &self.label_prefixes
    }

    /// The words that may open the tail after a label phrase of
    /// [`finding_label_prefixes`](Self::finding_label_prefixes) ("in").
    pub fn label_continuations(&self) -> &[String] {
        &self.continued_by
    }

    /// The text heads a table column naming the body responsible for each
    /// finding ("Responsible body").
    pub fn is_responsible_body(&self, text: &str) -> bool {
        let t = text.trim().trim_end_matches(':').trim().to_lowercase();
        self.responsible_body.contains(&t)
    }

    /// The text says there are no findings of a kind ("We have … made no
    /// recommendations").
    pub fn says_no_findings(&self, text: &str) -> bool {
        let t = text.to_lowercase();
        self.no_findings
            .contains
            .iter()
            .any(|p| t.contains(p.as_str()))
            || self
                .no_findings
                .starts_with
                .iter()
                .any(|p| t.starts_with(p.as_str()))
    }

    /// Every grade scale, each inspectorate's in the data's order. A scale
    /// lists the names of the inspectorate it sits under.
    pub fn scales(&self) -> &[Scale] {
        &self.scales
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// Every grade of every scale, longest first (so "requires improvement
    /// to be good" matches before "requires improvement"), deduplicated.
    pub fn grades(&self) -> &[String] {
        &self.grades
    }

    /// The text is a bare grade ("Good", "Requires improvement.").
    pub fn is_grade(&self, text: &str) -> bool {
        let t = text
            .trim()
            .trim_end_matches(['.', ':', '!'])
            .trim()
            .to_lowercase();
        self.grades.contains(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let v = Vocabulary::from_json(EMBEDDED_JSON).expect("inspectorates.json parses");
        let ids: Vec<&str> = v.inspectorates().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["hmicfrs", "ofsted"]);
        assert_eq!(&v, embedded());
        assert_eq!(v.finding_labels().len(), 12);
        assert_eq!(v.finding_label_prefixes().len(), 2);
        assert!(v.label_continuations().iter().any(|w| w == "in"));
    }

    #[test]
    fn inspectorate_names_in_precedence_order() {
        let v = embedded();
        let name = |t: &str| v.inspectorate_in(t).map(|(_, n)| n);
        assert_eq!(name("© hmicfrs 2022; hmic found"), Some("HMICFRS"));
        assert_eq!(name("fire and rescue services"), Some("HMICFRS"));
        assert_eq!(
            name("her majesty's inspectorate of constabulary"),
            Some("HMIC")
        );
        assert_eq!(name("ofsted inspected"), Some("Ofsted"));
        assert_eq!(name("a report"), None);
    }

    #[test]
    fn bodies_programmes_and_none_statements() {
        let v = embedded();
        let police = v.bodies().next().expect("a body");
        assert_eq!(police.field, BodyField::Force);
        assert!(police.words.iter().any(|w| w == "Constabulary"));
        let peel = v.programmes().next().expect("PEEL");
        assert_eq!(peel.name, "PEEL");
        assert!(peel.themes.iter().any(|t| t == "legitimacy"));
        assert!(v.says_no_findings("None."));
        assert!(v.is_responsible_body("Responsible body"));
        assert!(!v.is_responsible_body("Areas for priority action"));
        assert!(!v.says_no_findings("The force should improve."));
    }

    #[test]
    fn template_sections_match_on_letters_and_digits_in_any_case() {
        let v = embedded();
        assert_eq!(
            v.section_depth("Information about this inspection"),
            Some(1)
        );
        assert_eq!(
            v.section_depth("INFORMATION ABOUT THIS INSPECTION:"),
            Some(1)
        );
        assert_eq!(
            v.section_depth("What is it like to be a child or young person with SEND in this area"),
            Some(1)
        );
        assert_eq!(
            v.section_depth("Information about this inspection team"),
            None
        );
        assert_eq!(v.section_depth("Inspection team"), None);
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(Vocabulary::from_json(r#"{"inspectorates": [], "labels": {}}"#).is_err());
        assert!(Vocabulary::from_json(r#"{"inspectorates": []}"#).is_ok());
    }
}
