//! The grade scales of the embedded vocabulary: its [`Scale`]s ([`all`],
//! [`by_id`]) and grade words ([`all_grades`], [`is_grade`]), for the stages
//! that read grades.

pub use super::scale::{Grade, Scale};
use super::vocabulary::embedded;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// Every scale of the embedded vocabulary.
pub fn all() -> &'static [Scale] {
    embedded().scales()
}

/// The embedded scale with this id.
pub fn by_id(id: &str) -> Option<&'static Scale> {
    embedded().scale(id)
}

/// Every grade of every embedded scale, longest first (so "requires
/// improvement to be good" matches before "requires improvement"),
/// deduplicated.
pub fn all_grades() -> &'static [String] {
    embedded().grades()
}

/// The text is a bare grade of an embedded scale ("Good", "Requires
/// improvement.").
pub fn is_grade(text: &str) -> bool {
    embedded().is_grade(text)
}

/// The schema of a grade: an enum of every grade of the embedded scales.
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
        assert_eq!(
            ids,
            [
                "peel-2014",
                "peel-2021",
                "ofsted",
                "ofsted-2013",
                "ofsted-send-2023"
            ]
        );
        assert!(all().iter().all(|s| !s.inspectorates.is_empty()));
        assert!(by_id("peel-2021").is_some_and(|s| s.grades.contains(&"adequate".to_string())));
        let peel = by_id("peel-2014").map(|s| s.inspectorates.clone());
        assert_eq!(peel, Some(vec!["HMICFRS".to_string(), "HMIC".to_string()]));
        assert_eq!(
            by_id("ofsted").map(|s| s.inspectorates.clone()),
            Some(vec!["Ofsted".to_string()])
        );
    }

    #[test]
    fn longest_grade_first() {
        let g = all_grades();
        let long = g
            .iter()
            .position(|x| *x == "requires improvement to be good");
        let short = g.iter().position(|x| *x == "requires improvement");
        assert!(long < short);
        assert!(is_grade("Requires improvement."));
        assert!(!is_grade("Requires"));
    }

    #[test]
    fn years_of_use() {
        let s = by_id("peel-2014").expect("peel-2014");
        assert!(s.in_use("2016") && s.in_use("2020") && !s.in_use("2021/22"));
        assert!(!s.in_use("n/a"));
    }

    #[test]
    fn the_grade_enum_is_the_data_s_grades() {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<Grade>();
        let published: Vec<String> = schema
            .get("enum")
            .and_then(|e| serde_json::from_value(e.clone()).ok())
            .unwrap_or_default();
        let mut expected: Vec<String> = Vec::new();
        for g in all().iter().flat_map(|s| &s.grades) {
            if !expected.contains(g) {
                expected.push(g.clone());
            }
        }
        assert_eq!(published, expected);
        assert_eq!(published.len(), all_grades().len());
    }
}
