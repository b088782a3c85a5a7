//! The grade scale types. In: the `scales` of each inspectorate in
//! `inspectorates.json`. Out: [`Scale`] and the [`Grade`] type, which the
//! schema publishes as an enum of every grade of the embedded vocabulary, so
//! a new inspectorate's scale is a data change.

use serde::{Deserialize, Serialize};

/// One grade scale.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Stable identifier ("peel-2014").
    pub id: String,
    /// Human name.
    pub name: String,
    /// Grades, best first, lower case.
    pub grades: Vec<String>,
    /// Inspectorates that grade on it ("HMIC", "HMICFRS", "Ofsted"), as
    /// `report.inspectorate` names them: the names of the inspectorate the
    /// scale sits under in the data. When a report names its inspectorate,
    /// only that inspectorate's scales are candidates.
    #[serde(default)]
    pub inspectorates: Vec<String>,
    /// First year of reports graded on it.
    #[serde(default)]
    pub from: Option<u16>,
    /// Last year of reports graded on it, if it is no longer used.
    #[serde(default)]
    pub until: Option<u16>,
    /// Labels (lower case) of the box or heading under which a report
    /// states its grade inside a sentence rather than as a bare word ("The
    /// local area partnership's arrangements typically lead to positive
    /// experiences and outcomes…" under "Inspection outcome"). The
    /// judgment's area is the label as printed. Empty for scales whose
    /// grades stand alone.
    #[serde(default)]
    pub stated_under: Vec<String>,
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

/// Every grade of these scales, longest first, deduplicated.
pub(super) fn longest_first(scales: &[Scale]) -> Vec<String> {
    let mut grades: Vec<String> = scales.iter().flat_map(|s| s.grades.clone()).collect();
    grades.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    grades.dedup();
    grades
}

/// A grade word, lower case, from one of the scales in the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Grade(pub String);

impl Grade {
    /// The grade as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
