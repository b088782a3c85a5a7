//! Grade scales as data. `scales.json` beside this file lists each scale and
//! its grades; the code reads it, and the schema publishes the grades as an
//! enum, so a new inspectorate's scale is a data change.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;

/// One grade scale.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Scale {
    /// Stable identifier ("peel-2014").
    pub id: String,
    /// Human name.
    pub name: String,
    /// Grades, best first, lower case.
    pub grades: Vec<String>,
    /// Inspectorates that grade on it ("HMICFRS", "Ofsted"), as
    /// `report.inspectorate` names them. When a report names its
    /// inspectorate, only that inspectorate's scales are candidates.
    #[serde(default)]
    pub inspectorates: Vec<String>,
    /// First year of reports graded on it.
    #[serde(default)]
    pub from: Option<u16>,
    /// Last year of reports graded on it, if it is no longer used.
    #[serde(default)]
    pub until: Option<u16>,
}

impl Scale {
    /// Reports of this year ("2016", "2021/22": its first year) were graded
    /// on this scale.
    pub fn in_use(&self, year: &str) -> bool {
        let Some(y) = year.get(..4).and_then(|y| y.parse::<u16>().ok()) else {
            return false;
        };
        self.from.is_none_or(|f| y >= f) && self.until.is_none_or(|u| y <= u)
    }
}

#[derive(Deserialize)]
struct ScaleFile {
    scales: Vec<Scale>,
}

/// Every known scale, read once from the embedded `scales.json`.
pub fn all() -> &'static [Scale] {
    static SCALES: OnceLock<Vec<Scale>> = OnceLock::new();
    SCALES.get_or_init(|| {
        // The file is part of the binary and checked by a unit test, so a
        // parse failure here is a build defect, not bad input.
        serde_json::from_str::<ScaleFile>(include_str!("scales.json"))
            .map(|f| f.scales)
            .unwrap_or_default()
    })
}

/// The scale with this id.
pub fn by_id(id: &str) -> Option<&'static Scale> {
    all().iter().find(|s| s.id == id)
}

/// Every grade of every scale, longest first (so "requires improvement to
/// be good" matches before "requires improvement"), deduplicated.
pub fn all_grades() -> Vec<&'static str> {
    let mut grades: Vec<&'static str> = all()
        .iter()
        .flat_map(|s| s.grades.iter().map(String::as_str))
        .collect();
    grades.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    grades.dedup();
    grades
}

/// The text is a bare grade ("Good", "Requires improvement.").
pub fn is_grade(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '!'])
        .trim()
        .to_lowercase();
    all_grades().iter().any(|g| *g == t)
}

/// A grade word, lower case, from one of the scales in `scales.json`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Grade(pub String);

impl Grade {
    /// The grade as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for Grade {
    fn schema_name() -> Cow<'static, str> {
        "Grade".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut grades: Vec<&str> = all()
            .iter()
            .flat_map(|s| s.grades.iter().map(String::as_str))
            .collect();
        let mut seen = std::collections::HashSet::new();
        grades.retain(|g| seen.insert(*g));
        let scales: Vec<String> = all()
            .iter()
            .map(|s| format!("{} ({}): {}", s.id, s.name, s.grades.join(", ")))
            .collect();
        json_schema!({
            "type": "string",
            "description": format!("A grade, lower case, from one of the scales: {}.", scales.join("; ")),
            "enum": grades,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_file_parses_and_names_every_scale_and_inspectorate() {
        let ids: Vec<&str> = all().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["peel-2014", "peel-2021", "ofsted", "ofsted-2013"]);
        assert!(all().iter().all(|s| !s.inspectorates.is_empty()));
        assert!(by_id("peel-2021").is_some_and(|s| s.grades.contains(&"adequate".to_string())));
    }

    #[test]
    fn longest_grade_first() {
        let g = all_grades();
        let long = g
            .iter()
            .position(|x| *x == "requires improvement to be good");
        let short = g.iter().position(|x| *x == "requires improvement");
        assert!(long < short);
    }
}
